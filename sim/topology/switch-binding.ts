// The switch twin bound to the run's real network (issue 3 item 6; clauses S1, S6).
//
// Each bound twin port is the HOST end of the veth pair of the container cabled to it
// (found from the container's eth0 iflink); the Docker bridge is the switch fabric.
//   link down/up  -> `ip link set <veth> down|up`: the container's eth0 loses carrier
//                    (NO-CARRIER), every frame either way is dropped, as with a pulled cable.
//   speed         -> tc tbf in both directions:
//                    toward the member: root tbf on the host veth (its egress);
//                    from the member:   the host veth's ingress is redirected (clsact +
//                    cls_bpf match-all + mirred) into a per-port ifb that has a root tbf.
//                    Why ifb and not a tbf on eth0 inside the container (nsenter): the port's
//                    whole state then lives on the switch side, as on a real switch; the
//                    node's own NIC and namespace stay untouched (a switch cannot configure
//                    a server); it works for a frozen container too; and the sweep finds every
//                    object by the run hash in the ifb names. Ingress policing (no queue, it
//                    only drops) is not in this kernel and would not behave like a port.
//   mirroring     -> cls_bpf match-all + `mirred egress mirror ... continue` at priority
//                    <session id> on the source veth's ingress (rx) and/or egress (tx),
//                    towards the destination port's host interface; 'continue' lets the
//                    priority-100 redirect into the ifb still see the frame.
//                    The analyzer port is a veth pair created for the run (captureNames),
//                    bound to the last 10GE port, so `tcpdump -i <peer>` works on it.
// This kernel has u32 and bpf classifiers but no matchall/flower: cls_bpf with the one
// classic-BPF instruction `ret #-1` is the match-all. No netem: no delay/loss on a port.
// Port map: switch-ports.ts. Readback and comparison: switch-readback.ts.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SwitchChange, SwitchResult, SwitchTwin } from '../../devices/switch/switch-model';
import type { MirrorDirection, MirrorSession } from '../../devices/switch/mirroring';
import { linkUp } from '../../devices/switch/ports';
import { run } from '../exec';
import { dockerEngine } from './docker-engine';
import { onCleanup } from './cleanup';
import { assignPorts, captureNames, ifbName, type PortAssignment, type SwitchMember } from './switch-ports';
import { deleteRecordedInterfaces, recordInterfaces, SWITCH_INTERFACES_FILE } from './switch-interfaces';
import { tbfArgs, tbfParams } from './tbf';
import {
  compareTwinReality,
  expectedMirrors,
  filterPrefs,
  mirrorPref,
  parseIpLinks,
  parseMirredFilters,
  parseQdiscs,
  REDIRECT_PREF,
  viewOfReality,
  type Disagreement,
  type RawPortReading,
  type RealSwitchView,
} from './switch-readback';

/** Classic BPF program of one instruction, `ret #0xffffffff`: every frame matches. */
const MATCH_ALL = ['bpf', 'bytecode', '1,6 0 0 4294967295'];

export interface SwitchBindingOptions {
  runId: string;
  /** the run folder (interfaces are recorded there for the reaper) */
  runDir: string;
  twin: SwitchTwin;
  /** the containers on the switch network: master and storage nodes */
  members: readonly SwitchMember[];
  log?: (msg: string) => void;
}

interface Bound {
  assignment: PortAssignment;
  /** host-side interface; null when the container has no network namespace (stopped) */
  iface: string | null;
  ifb: string;
  pid: number | null;
}

const tc = (args: string[]) => run('tc', args, { timeoutMs: 10_000 });
const tcMaybe = (args: string[]) => run('tc', args, { timeoutMs: 10_000, allowFailure: true });
const ipLink = (args: string[]) => run('ip', ['link', ...args], { timeoutMs: 10_000 });

function writeSysctl(path: string, value: string) {
  try {
    writeFileSync(path, value);
  } catch {
    // quietening only (no IPv6 chatter, no ARP replies on the analyzer side)
  }
}

async function containerPid(container: string): Promise<number | null> {
  const docker = await dockerEngine();
  const info = await docker
    .getContainer(container)
    .inspect()
    .catch(() => null);
  const pid = info?.State?.Pid ?? 0;
  return pid > 0 ? pid : null;
}

/** The host end of a container's eth0: the host interface whose ifindex is eth0's iflink. */
async function hostVethOf(pid: number): Promise<string | null> {
  let iflink: number;
  try {
    iflink = Number(readFileSync(`/proc/${pid}/root/sys/class/net/eth0/iflink`, 'utf8').trim());
  } catch {
    return null;
  }
  const links = parseIpLinks((await run('ip', ['-j', 'link', 'show'])).stdout);
  return [...links.values()].find((l) => l.ifindex === iflink)?.ifname ?? null;
}

/** Carrier of the container's eth0 as the container itself sees it. */
function containerCarrier(pid: number | null): boolean | null {
  if (pid === null) return null;
  try {
    return readFileSync(`/proc/${pid}/root/sys/class/net/eth0/carrier`, 'utf8').trim() === '1';
  } catch (e) {
    // reading carrier of an interface that is administratively down gives EINVAL
    return (e as NodeJS.ErrnoException).code === 'EINVAL' ? false : null;
  }
}

export class SwitchBinding {
  readonly twin: SwitchTwin;
  readonly capture: { port: number; host: string; peer: string };
  private bound = new Map<number, Bound>();
  private queue: Promise<unknown> = Promise.resolve();
  private releaseCleanup: () => void = () => undefined;
  private stopped: Promise<void> | null = null;

  private constructor(private readonly opts: SwitchBindingOptions) {
    this.twin = opts.twin;
    this.capture = { port: -1, ...captureNames(opts.runId) };
  }

  /** Binds every member to its port, creates the analyzer interface, applies the twin's state. */
  static async bind(opts: SwitchBindingOptions): Promise<SwitchBinding> {
    const b = new SwitchBinding(opts);
    b.releaseCleanup = onCleanup(`switch ${opts.runId}`, () => b.stop());
    try {
      await b.createCapture();
      const captureMember: SwitchMember = { name: 'capture', role: 'capture', container: '', address: '' };
      const assignments = assignPorts(opts.twin.ports, [...opts.members, captureMember]);
      b.capture.port = assignments.find((a) => a.member.role === 'capture')!.port;
      for (const a of assignments) await b.bindPort(a);
      await b.reapplyMirrors();
    } catch (e) {
      await b.stop();
      throw e;
    }
    return b;
  }

  get assignments(): PortAssignment[] {
    return [...this.bound.values()].map((b) => b.assignment).sort((a, b) => a.port - b.port);
  }
  portOf(memberName: string): number | undefined {
    return this.assignments.find((a) => a.member.name === memberName)?.port;
  }
  memberOn(port: number): SwitchMember | undefined {
    return this.bound.get(port)?.assignment.member;
  }
  hostInterface(port: number): string | null {
    return this.bound.get(port)?.iface ?? null;
  }

  // --- twin operations, applied to reality -------------------------------------------
  setAdmin(port: number, up: boolean) {
    return this.through(() => this.twin.setAdmin(port, up));
  }
  setCable(port: number, connected: boolean) {
    return this.through(() => this.twin.setCable(port, connected));
  }
  setSpeed(port: number, mbps: number) {
    return this.through(() => this.twin.setSpeed(port, mbps));
  }
  addMirror(sources: { port: number; direction: MirrorDirection }[], destination: number) {
    return this.through(() => this.twin.addMirror(sources, destination));
  }
  removeMirror(sessionId: number) {
    return this.through(() => this.twin.removeMirror(sessionId));
  }

  /** For callers that drive the twin themselves: realise the changes it returned. */
  apply(changes: readonly SwitchChange[]): Promise<void> {
    return this.serial(async () => {
      for (const c of changes) await this.applyOne(c);
    });
  }

  /** A member added after binding (scale-out): cabled to the next free port. */
  attach(member: SwitchMember): Promise<number> {
    return this.serial(async () => {
      const [added] = assignPorts(this.twin.ports, [member], this.assignments).filter((a) => a.member.name === member.name);
      await this.bindPort(added!);
      await this.reapplyMirrors();
      return added!.port;
    });
  }

  /**
   * After a container restart Docker gives it a new veth: re-resolve every port and
   * re-apply the twin's state where the interface changed. Returns the ports rebound.
   */
  refresh(): Promise<number[]> {
    return this.serial(async () => {
      const changed: number[] = [];
      for (const b of this.bound.values()) {
        if (b.assignment.member.role === 'capture') continue;
        const pid = await containerPid(b.assignment.member.container);
        const iface = pid === null ? null : await hostVethOf(pid);
        b.pid = pid;
        if (iface === b.iface) continue;
        b.iface = iface;
        if (iface) await this.configurePort(b);
        changed.push(b.assignment.port);
      }
      if (changed.length) await this.reapplyMirrors();
      return changed;
    });
  }

  // --- reality readback -----------------------------------------------------------------
  async readReality(): Promise<RealSwitchView> {
    const links = parseIpLinks((await run('ip', ['-j', 'link', 'show'])).stdout);
    const qdiscs = parseQdiscs((await run('tc', ['-j', 'qdisc', 'show'])).stdout);
    const raw: RawPortReading[] = [];
    for (const b of [...this.bound.values()].sort((x, y) => x.assignment.port - y.assignment.port)) {
      const present = !!b.iface && links.has(b.iface);
      const filters = async (dir: 'ingress' | 'egress') =>
        present ? parseMirredFilters((await tcMaybe(['-j', 'filter', 'show', 'dev', b.iface!, dir])).stdout) : [];
      const member = b.assignment.member;
      const peerCarrier =
        member.role === 'capture'
          ? (links.get(this.capture.peer)?.carrier ?? null)
          : containerCarrier(await containerPid(member.container));
      raw.push({
        port: b.assignment.port,
        member: member.name,
        iface: b.iface,
        ifb: b.ifb,
        peerCarrier,
        ingress: await filters('ingress'),
        egress: await filters('egress'),
      });
    }
    return viewOfReality(raw, links, qdiscs);
  }

  /** Where the twin and the kernel disagree; empty when they agree. */
  async disagreements(): Promise<Disagreement[]> {
    const view = await this.readReality();
    return compareTwinReality(this.twin, this.assignments, view);
  }

  /** Frames the analyzer has received (the capture peer's rx counters). */
  async captureCounters(): Promise<{ packets: number; bytes: number }> {
    const j = JSON.parse((await run('ip', ['-j', '-s', 'link', 'show', 'dev', this.capture.peer])).stdout) as {
      stats64: { rx: { packets: number; bytes: number } };
    }[];
    return { packets: j[0]!.stats64.rx.packets, bytes: j[0]!.stats64.rx.bytes };
  }

  /** Removes every qdisc, filter and interface of the binding; links are left up. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.releaseCleanup();
      await this.queue.catch(() => undefined);
      for (const b of this.bound.values()) {
        if (!b.iface || b.assignment.member.role === 'capture') continue;
        await tcMaybe(['qdisc', 'del', 'dev', b.iface, 'root']);
        await tcMaybe(['qdisc', 'del', 'dev', b.iface, 'clsact']);
        await run('ip', ['link', 'set', 'dev', b.iface, 'up'], { allowFailure: true });
      }
      const deleted = await deleteRecordedInterfaces(this.opts.runDir);
      rmSync(join(this.opts.runDir, SWITCH_INTERFACES_FILE), { force: true });
      this.opts.log?.(`switch ${this.twin.id}: removed ${deleted.length} interfaces`);
    })();
    return this.stopped;
  }

  // --- internals ----------------------------------------------------------------------
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async through(op: () => SwitchResult): Promise<SwitchResult> {
    return this.serial(async () => {
      if (this.stopped) throw new Error('switch binding stopped');
      const r = op();
      for (const c of r.changes) await this.applyOne(c);
      return r;
    });
  }

  private async createCapture() {
    const { host, peer } = this.capture;
    recordInterfaces(this.opts.runDir, [host, peer]);
    await ipLink(['add', host, 'type', 'veth', 'peer', 'name', peer]);
    for (const d of [host, peer]) await this.quieten(d);
    // the analyzer never answers ARP for the host's addresses
    writeSysctl(`/proc/sys/net/ipv4/conf/${peer}/arp_ignore`, '8');
    await ipLink(['set', 'dev', peer, 'up']);
  }

  private async quieten(dev: string) {
    await ipLink(['set', 'dev', dev, 'addrgenmode', 'none']);
    writeSysctl(`/proc/sys/net/ipv6/conf/${dev}/disable_ipv6`, '1');
  }

  private async bindPort(a: PortAssignment) {
    const ifb = ifbName(this.opts.runId, a.port);
    let iface: string | null;
    let pid: number | null = null;
    if (a.member.role === 'capture') iface = this.capture.host;
    else {
      pid = await containerPid(a.member.container);
      if (pid === null) throw new Error(`container ${a.member.container} is not running`);
      iface = await hostVethOf(pid);
      if (!iface) throw new Error(`no host veth found for ${a.member.container}`);
    }
    recordInterfaces(this.opts.runDir, [ifb]);
    await ipLink(['add', ifb, 'type', 'ifb']);
    await this.quieten(ifb);
    await ipLink(['set', 'dev', ifb, 'up']);
    const b: Bound = { assignment: a, iface, ifb, pid };
    this.bound.set(a.port, b);
    await this.configurePort(b);
    this.opts.log?.(`switch ${this.twin.id}: port ${a.port} -> ${a.member.name} (${iface}, ifb ${ifb})`);
  }

  /** Shaper, redirect and link state of one port from scratch, as the twin says. */
  private async configurePort(b: Bound) {
    const dev = b.iface!;
    const port = this.twin.port(b.assignment.port)!;
    await tcMaybe(['qdisc', 'del', 'dev', dev, 'root']);
    await tcMaybe(['qdisc', 'del', 'dev', dev, 'clsact']);
    await this.setRate(b, port.speedMbps * 1_000_000);
    await tc(['qdisc', 'add', 'dev', dev, 'clsact']);
    await tc([
      'filter',
      'add',
      'dev',
      dev,
      'ingress',
      'pref',
      String(REDIRECT_PREF),
      'protocol',
      'all',
      ...MATCH_ALL,
      'action',
      'mirred',
      'egress',
      'redirect',
      'dev',
      b.ifb,
    ]);
    await ipLink(['set', 'dev', dev, linkUp(port) ? 'up' : 'down']);
  }

  private async setRate(b: Bound, rateBitsPerSecond: number) {
    const args = tbfArgs(tbfParams(rateBitsPerSecond));
    await tc(['qdisc', 'replace', 'dev', b.iface!, 'root', ...args]);
    await tc(['qdisc', 'replace', 'dev', b.ifb, 'root', ...args]);
  }

  private async applyOne(c: SwitchChange) {
    switch (c.kind) {
      case 'link': {
        const b = this.bound.get(c.port);
        if (b?.iface) await ipLink(['set', 'dev', b.iface, c.up ? 'up' : 'down']);
        return;
      }
      case 'speed': {
        const b = this.bound.get(c.port);
        if (b?.iface) await this.setRate(b, c.rateBitsPerSecond);
        return;
      }
      case 'mirror-added':
        return this.installMirror(c.session);
      case 'mirror-removed':
        return this.uninstallMirror(c.session.id);
    }
  }

  private async installMirror(session: MirrorSession) {
    const [m] = expectedMirrors([session], new Set([...this.bound.values()].filter((b) => b.iface).map((b) => b.assignment.port)));
    if (!m) return; // destination or every source not cabled: nothing to realise
    const dest = this.bound.get(m.destination)!.iface!;
    for (const s of m.sources) {
      const src = this.bound.get(s.port)!.iface!;
      const dirs =
        s.direction === 'both' ? (['ingress', 'egress'] as const) : s.direction === 'rx' ? (['ingress'] as const) : (['egress'] as const);
      for (const dir of dirs) {
        await tc([
          'filter',
          'add',
          'dev',
          src,
          dir,
          'pref',
          String(mirrorPref(m.id)),
          'protocol',
          'all',
          ...MATCH_ALL,
          'action',
          'mirred',
          'egress',
          'mirror',
          'dev',
          dest,
          'continue',
        ]);
      }
    }
  }

  private async uninstallMirror(sessionId: number) {
    for (const b of this.bound.values()) {
      if (!b.iface) continue;
      for (const dir of ['ingress', 'egress']) await tcMaybe(['filter', 'del', 'dev', b.iface, dir, 'pref', String(mirrorPref(sessionId))]);
    }
  }

  /** Removes every mirror filter the kernel holds on bound ports, then installs the twin's sessions. */
  private async reapplyMirrors() {
    for (const b of this.bound.values()) {
      if (!b.iface) continue;
      for (const dir of ['ingress', 'egress']) {
        const prefs = filterPrefs((await tcMaybe(['-j', 'filter', 'show', 'dev', b.iface, dir])).stdout).filter((p) => p !== REDIRECT_PREF);
        for (const p of prefs) await tcMaybe(['filter', 'del', 'dev', b.iface, dir, 'pref', String(p)]);
      }
    }
    for (const m of this.twin.mirrors) await this.installMirror(m);
  }
}
