// What every containerised core shares: a node is a container on the run's switch network,
// with the run's labels, a fixed address, its bays bound in, Docker's restart policy as its
// self-heal; power, crash and hang are done to the container. The cores (moosefs/,
// glusterfs/) differ in what runs inside and how they ask it; this module knows no core.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getPriority } from 'node:os';
import type { StartedTestContainer } from 'testcontainers';
import { CallTimeout, sleep, withinMs } from '../clock';
import { run } from '../exec';
import { abortFuseUnder, fuseClientsUnder } from '../topology/fuse';
import { dockerEngine, testcontainers } from '../topology/docker-engine';
import { isMounted, releaseBays, unmountUnder } from '../topology/bays';
import { runLabels } from '../topology/labels';
import type { NodeBays } from '../topology/bays';
import {
  MASTER,
  type NodeEvidence,
  type NodeUsage,
  type ProcessIdentity,
  type StartedNode,
  type StorageNodeSpec,
  type SwitchMember,
} from './adapter';
import { CGROUP_SCRIPT, parseCgroup } from './cgroup';

/** how long one call to the Docker engine may take (pause, kill, inspect...) before it is an error */
export const DOCKER_CALL_MS = 60_000;

/** Never pull: every image is built here (DESIGN.md); testcontainers must not try. */
export const neverPull = { shouldPull: () => false };

/** The longest container or network name a run makes (see dnsLabelOf). */
export const MAX_NAME = 50;

/**
 * A run's name of a container or its network, at most MAX_NAME characters. Docker's DNS names a
 * container `NAME.NETWORK` when asked for its address, and GlusterFS's peers connect back to a
 * prober by that name, which glusterd cuts at 108 characters (seen: a trial's run id made it
 * 122, and the peers never joined). A longer run id is cut and told apart by a hash of the whole.
 */
export function dnsLabelOf(runId: string, member: string): string {
  if (member.length > 24) throw new Error(`${member}: a member name of at most 24 characters (it ends every name of the run)`);
  const whole = `accept-${runId}-${member}`;
  if (whole.length <= MAX_NAME) return whole;
  const hash = createHash('sha256').update(runId).digest('hex').slice(0, 8);
  return `accept-${runId.slice(0, MAX_NAME - 'accept-'.length - hash.length - member.length - 2)}-${hash}-${member}`;
}

/** A run's container of the master or a node: the name every call finds it by (the reaper finds it by its labels). */
export const containerNameOf = (runId: string, member: string) => dnsLabelOf(runId, member);

/** Linux interface names have at most 15 characters. */
export const bridgeName = (runId: string) => `acc-${createHash('sha256').update(runId).digest('hex').slice(0, 10)}`;

/** The kernel's CPU weight for a niceness (1.25 per step: nice 19 is 15 against nice 0's 1024), null at 0 or below. */
export const cpuSharesOfNice = (nice: number): number | null => (nice > 0 ? Math.max(2, Math.round(1024 / 1.25 ** nice)) : null);

/**
 * testcontainers 11 has no restart-policy, init or fixed-address option; its HostConfig is
 * protected, so a small subclass sets them (Docker's own restart policy is the node's
 * self-heal, as systemd's Restart=on-failure would be on a real server).
 */
const coreContainerClass = ({ GenericContainer }: Awaited<ReturnType<typeof testcontainers>>) =>
  class CoreContainer extends GenericContainer {
    constructor(image: string) {
      super(image);
      // a run started at a lower priority (nice) keeps its cluster there too: Docker's containers
      // are not the run's children and would otherwise compete with every other run at full weight
      const shares = cpuSharesOfNice(getPriority());
      if (shares !== null) this.hostConfig.CpuShares = shares;
      this.withPullPolicy(neverPull);
    }
    withRestartOnFailure(enabled: boolean): this {
      if (enabled) this.hostConfig.RestartPolicy = { Name: 'on-failure', MaximumRetryCount: 0 };
      return this;
    }
    /** Docker's init as PID 1: it reaps what the core's daemons leave (glusterd as PID 1 leaves zombies). */
    withInit(): this {
      this.hostConfig.Init = true;
      return this;
    }
    /** The host's FUSE device, for a core that mounts its own file system inside the node (GlusterFS's quota does). */
    withFuse(): this {
      this.hostConfig.Devices = [
        ...(this.hostConfig.Devices ?? []),
        { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' },
      ];
      return this;
    }
    /** A fixed address on the switch network: a stopped node keeps its IP, as a real node does (testcontainers has no option for it). */
    withStaticIp(network: string, ip: string): this {
      this.withNetworkMode(network);
      this.createOpts.NetworkingConfig = { EndpointsConfig: { [network]: { IPAMConfig: { IPv4Address: ip } } } };
      return this;
    }
  };
export type CoreContainer = InstanceType<ReturnType<typeof coreContainerClass>>;
let coreContainer: ReturnType<typeof coreContainerClass> | null = null;

/** A node's container, to be configured and started (testcontainers loaded on the first). */
export async function newCoreContainer(image: string): Promise<CoreContainer> {
  coreContainer ??= coreContainerClass(await testcontainers());
  return new coreContainer(image);
}

type Dockerode = Awaited<ReturnType<typeof dockerEngine>>;

/** a call to the Docker engine, bounded: an engine that hangs is an error naming the call, not a wait for the run's deadline */
export function dockerCall<T>(fn: (d: Dockerode) => Promise<T>, what: string, timeoutMs = DOCKER_CALL_MS): Promise<T> {
  return withinMs(dockerEngine().then(fn), timeoutMs, what);
}

const ipToInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((b) => Math.floor(n / 2 ** b) % 256).join('.');

/** The run's switch: one Docker bridge network whose addresses are handed out once each. */
export class SwitchNetwork {
  private nextIp = 0;
  private lastIp = 0;
  private constructor(readonly name: string) {}

  static async create(runId: string): Promise<SwitchNetwork> {
    const net = new SwitchNetwork(dnsLabelOf(runId, 'switch0'));
    const create = (ipam?: { Subnet: string; Gateway: string }) =>
      dockerCall(
        (docker) =>
          docker.createNetwork({
            Name: net.name,
            Driver: 'bridge',
            CheckDuplicate: true,
            // a recognisable bridge name, so ./setup's iptables rule (acc-+) covers it
            Options: { 'com.docker.network.bridge.name': bridgeName(runId) },
            Labels: runLabels(runId, 'switch'),
            ...(ipam ? { IPAM: { Driver: 'default', Config: [ipam] } } : {}),
          }),
        `the switch network of run ${runId}`,
      );
    // Docker gives a container a fixed address only on a network whose subnet was given:
    // the subnet Docker picks as free is taken, and the network made again with it
    const probe = await create();
    const info = (await probe.inspect().finally(() => probe.remove())) as { IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] } };
    const cfg = info.IPAM?.Config?.[0];
    if (!cfg?.Subnet || !cfg.Gateway) throw new Error(`Docker gave the switch network no IPv4 subnet: ${JSON.stringify(info.IPAM)}`);
    await create({ Subnet: cfg.Subnet, Gateway: cfg.Gateway });
    const [base, bits] = cfg.Subnet.split('/');
    net.nextIp = ipToInt(cfg.Gateway) + 1;
    net.lastIp = ipToInt(base!) + 2 ** (32 - Number(bits)) - 2;
    return net;
  }

  /** the next free address (never reused within a run) */
  allocateIp(): string {
    if (this.nextIp > this.lastIp) throw new Error('the switch network has no address left for another node');
    return intToIp(this.nextIp++);
  }

  async remove(): Promise<void> {
    await dockerCall((d) => d.getNetwork(this.name).remove(), `removal of ${this.name}`).catch(() => undefined);
  }
}

/** A storage node as its core keeps it: the started node, its container, its disks and what it was asked to be. */
export interface ContainerNode extends StartedNode {
  container: StartedTestContainer;
  dir: string;
  disks: NodeBays;
  spec: StorageNodeSpec;
  image: string;
  archNote: string | null;
}

/**
 * Docker calls a container between its restarts running (with no process, pid 0): it runs
 * nothing a crash could kill or a heal could count.
 */
const runsAProcess = (s: { Running: boolean; Restarting: boolean; Pid: number }) => s.Running && !s.Restarting && s.Pid > 0;

/**
 * What is done to a node's container from outside, by its name: power, crash, hang, its
 * restart policy, its identity. `what` names the run in every error.
 */
export class NodeContainers {
  constructor(private readonly runId: string) {}

  private call<T>(fn: (d: Dockerode) => Promise<T>, what: string, timeoutMs = DOCKER_CALL_MS): Promise<T> {
    return dockerCall(fn, `${what} (run ${this.runId})`, timeoutMs);
  }

  private async inspect(name: string): Promise<{
    State: { Pid: number; StartedAt: string; Running: boolean; Restarting: boolean; Paused: boolean };
    RestartCount: number;
    HostConfig: { NanoCpus?: number; CpuQuota?: number; CpuPeriod?: number; Memory?: number };
  }> {
    return (await this.call((d) => d.getContainer(name).inspect(), `inspect of ${name}`)) as never;
  }

  /** The process a crash kills: the container's main process, seen from the host (0: not running). */
  async mainPid(name: string): Promise<number> {
    return (await this.inspect(name)).State.Pid;
  }

  async identity(name: string): Promise<ProcessIdentity> {
    const i = await this.inspect(name);
    return {
      pid: i.State.Pid,
      startedAt: i.State.StartedAt,
      restartCount: i.RestartCount,
      running: runsAProcess(i.State),
      paused: i.State.Paused,
    };
  }

  async isRunning(name: string): Promise<boolean> {
    return runsAProcess((await this.inspect(name)).State);
  }

  /** kill -9 of the container's main process from outside: a crash (Docker's restart policy may heal it) */
  async crash(name: string): Promise<number> {
    const pid = await this.mainPid(name);
    if (pid <= 0) throw new Error(`${name}: no process to crash (the container is stopped or between its restarts)`);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /** A hang: every process frozen (cgroup freezer); sockets stay open, nothing answers. */
  freeze(name: string): Promise<void> {
    return this.call((d) => d.getContainer(name).pause(), `freeze of ${name}`);
  }

  thaw(name: string): Promise<void> {
    return this.call((d) => d.getContainer(name).unpause(), `thaw of ${name}`);
  }

  /** Power gone: SIGKILL to every process, no shutdown of any kind (a frozen one is thawed first: Docker refuses to kill it). */
  async kill(name: string): Promise<void> {
    if ((await this.identity(name)).paused) await this.thaw(name).catch(() => undefined);
    await this.call((d) => d.getContainer(name).kill({ signal: 'SIGKILL' }), `power cut of ${name}`);
    await this.call((d) => d.getContainer(name).wait({ condition: 'not-running' }), `${name} stopping`);
  }

  /** A clean shutdown: SIGTERM, forced after the grace. */
  shutdown(name: string, graceSeconds: number): Promise<void> {
    return this.call((d) => d.getContainer(name).stop({ t: graceSeconds }), `shutdown of ${name}`, graceSeconds * 1000 + DOCKER_CALL_MS);
  }

  /** Powers a stopped container on again (same disks, same configuration). */
  boot(name: string): Promise<void> {
    return this.call((d) => d.getContainer(name).start(), `boot of ${name}`);
  }

  /**
   * Docker carries out a restart it already scheduled whatever the new policy says, so with
   * the policy off this returns once no restart is pending: the next crash is then final.
   */
  async setRestartOnFailure(name: string, enabled: boolean): Promise<void> {
    const RestartPolicy = enabled ? { Name: 'on-failure', MaximumRetryCount: 0 } : { Name: 'no', MaximumRetryCount: 0 };
    await this.call((d) => d.getContainer(name).update({ RestartPolicy }), `restart policy of ${name}`);
    if (enabled) return;
    const t0 = Date.now();
    while ((await this.inspect(name)).State.Restarting) {
      // Docker's restart backoff grows to a minute after a crash loop: a pending restart may wait that long
      if (Date.now() - t0 > 90_000)
        throw new Error(`${name}: a restart scheduled before the policy was turned off is still pending after 90 s`);
      await sleep(100);
    }
  }

  /** A watchdog pet: the node's OS can still run a process (a hung, frozen node cannot). */
  petWatchdog(name: string, timeoutMs: number): Promise<boolean> {
    const pet = this.call(async (d) => {
      const ex = await d.getContainer(name).exec({ Cmd: ['true'], AttachStdout: false, AttachStderr: false });
      await ex.start({ Detach: true });
      return true;
    }, `watchdog of ${name}`).catch(() => false);
    return Promise.race([pet, new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
  }

  /** CPU used so far and memory now, from the container's cgroup (null: the container is gone or its cgroup unreadable) */
  async usage(name: string): Promise<(ContainerUsage & { startedAt: string }) | null> {
    const info = (await this.call((d) => d.getContainer(name).inspect(), `inspect of ${name}`).catch(() => null)) as {
      Id?: string;
      State?: { StartedAt?: string; Running?: boolean };
    } | null;
    const u = info?.Id && info.State?.Running ? cgroupUsage(info.Id) : null;
    return u ? { ...u, startedAt: info!.State!.StartedAt ?? '' } : null;
  }

  /** Removes the container and its volumes; already gone is fine, an engine that does not answer is not. */
  async remove(name: string): Promise<void> {
    await this.call((d) => d.getContainer(name).remove({ force: true, v: true }), `removal of ${name}`).catch((e) => {
      if (e instanceof CallTimeout) throw e;
    });
  }

  /** Removes every one of these at once at the end of a run, whatever state they are in. */
  async removeAll(names: readonly string[]): Promise<void> {
    const docker = await dockerEngine();
    await Promise.all(
      names.map((n) =>
        docker
          .getContainer(n)
          .remove({ force: true, v: true })
          .catch(() => undefined),
      ),
    );
  }

  /** What the node really runs with, read back from Docker and from inside the node (T7), its bays mounted under `bayRoot`. */
  async evidence(name: string, node: ContainerNode, bayRoot: string): Promise<NodeEvidence> {
    const info = await this.inspect(name);
    const cg = await node.container.exec(['sh', '-c', CGROUP_SCRIPT]);
    const df = await node.container.exec(['sh', '-c', `df -P -B1 ${bayRoot}/* | tail -n +2 | grep ' ${bayRoot}/'`]);
    const bays = dfRows(df.output);
    const bench = await node.container.exec([
      'sh',
      '-c',
      't0=$(date +%s%N); head -c 33554432 /dev/zero | sha256sum >/dev/null; t1=$(date +%s%N); echo $((t1-t0))',
    ]);
    const ns = Number(bench.output.trim());
    return {
      name: node.name,
      address: node.address,
      bays: node.bays,
      baySizeMiB: node.spec.baySizeMiB,
      requested: { arch: node.spec.arch ?? 'amd64', cpus: node.spec.cpus ?? null, memoryMiB: node.spec.memoryMiB ?? null },
      image: node.image,
      arch: node.arch,
      archNote: node.archNote,
      docker: {
        nanoCpus: info.HostConfig.NanoCpus ?? 0,
        cpuQuota: info.HostConfig.CpuQuota ?? 0,
        cpuPeriod: info.HostConfig.CpuPeriod ?? 0,
        memoryBytes: info.HostConfig.Memory ?? 0,
      },
      cgroup: parseCgroup(cg.output),
      mountedBays: bays.length,
      bayBytes: { total: bays.reduce((s, b) => s + b.size, 0), free: bays.reduce((s, b) => s + b.avail, 0) },
      sha256MBps: bench.exitCode === 0 && ns > 0 ? Math.round(((32 * 1.048576 * 1e9) / ns) * 10) / 10 : null,
    };
  }
}

/**
 * What every containerised core does the same way: its nodes are containers, so power, crash,
 * hang, the restart policy, identity, evidence and resources are done to and read from them.
 * A core (MooseFS, GlusterFS) extends it with what runs inside and how it is asked.
 */
export abstract class ContainerCluster {
  protected handles: ContainerNode[] = [];
  protected readonly containers: NodeContainers;

  protected constructor(
    protected readonly runId: string,
    /** where the node's bays are mounted inside it */
    private readonly bayRoot: string,
  ) {
    this.containers = new NodeContainers(runId);
  }

  /** the address the nodes and the recording servers reach the master (or management server) at */
  abstract get masterAddress(): string;

  get nodes(): readonly StartedNode[] {
    return this.handles.map(({ name, address, bays, arch }) => ({ name, address, bays, arch }));
  }

  protected handle(node: string): ContainerNode {
    const h = this.handles.find((x) => x.name === node);
    if (!h) throw new Error(`no storage node '${node}' in this cluster (${this.handles.map((x) => x.name).join(', ')})`);
    return h;
  }

  /** MASTER or a storage node's name */
  protected containerName(target: string): string {
    return containerNameOf(this.runId, target === MASTER ? 'master' : this.handle(target).name);
  }

  /** Every container on the switch network, master first (the switch twin's binding cables each to a port). */
  switchMembers(): SwitchMember[] {
    return [
      { name: 'master', role: 'master', container: containerNameOf(this.runId, 'master'), address: this.masterAddress },
      ...this.handles.map((h) => ({
        name: h.name,
        role: 'storage' as const,
        container: containerNameOf(this.runId, h.name),
        address: h.address,
      })),
    ];
  }

  /** The node's disk backends (one loop-mounted image per bay). */
  disksOf(node: string): NodeBays {
    return this.handle(node).disks;
  }

  /** Power gone: SIGKILL to every process of the node, no shutdown of any kind. */
  killNode(node: string): Promise<void> {
    return this.containers.kill(this.containerName(node));
  }
  /** A clean shutdown: SIGTERM, forced after the grace. */
  shutdownNode(node: string, graceSeconds = 30): Promise<void> {
    return this.containers.shutdown(this.containerName(node), graceSeconds);
  }
  /** Powers a stopped node on again (same container, same disks, same configuration). */
  bootNode(node: string): Promise<void> {
    return this.containers.boot(this.containerName(node));
  }
  isRunning(node: string): Promise<boolean> {
    return this.containers.isRunning(this.containerName(node));
  }
  /** The process a crash kills: the container's main process, seen from the host. */
  mainPid(target: string): Promise<number> {
    return this.containers.mainPid(this.containerName(target));
  }
  /** Identity of the node's running process, to tell a restart from none (T3, T6). */
  processIdentity(target: string): Promise<ProcessIdentity> {
    return this.containers.identity(this.containerName(target));
  }
  /** kill -9 of the node's main process from outside: a crash (its restart policy may heal it). */
  crashProcess(target: string): Promise<number> {
    return this.containers.crash(this.containerName(target));
  }
  /** A hang: every process of the node frozen (cgroup freezer); sockets stay open, nothing answers. */
  freezeNode(target: string): Promise<void> {
    return this.containers.freeze(this.containerName(target));
  }
  thawNode(target: string): Promise<void> {
    return this.containers.thaw(this.containerName(target));
  }
  /** The node's own restart policy, changed on the running container (off = the T6 control). */
  setRestartOnFailure(target: string, enabled: boolean): Promise<void> {
    return this.containers.setRestartOnFailure(this.containerName(target), enabled);
  }
  /** A watchdog pet: the node's OS can still run a process (a hung, frozen node cannot). */
  petWatchdog(target: string, timeoutMs = 2_000): Promise<boolean> {
    return this.containers.petWatchdog(this.containerName(target), timeoutMs);
  }

  async resourceUsage(): Promise<NodeUsage[]> {
    return Promise.all(
      this.switchMembers().map(async (m) => {
        const u = await this.containers.usage(m.container);
        return {
          name: m.name,
          role: m.role,
          startedAt: u?.startedAt ?? null,
          cpuSeconds: u?.cpuSeconds ?? null,
          rssBytes: u?.rssBytes ?? null,
          cacheBytes: u?.cacheBytes ?? null,
        };
      }),
    );
  }

  /** Limits, architecture and disks of every node, read back from Docker and from inside the node. */
  nodeEvidence(): Promise<NodeEvidence[]> {
    return Promise.all(this.handles.map((h) => this.containers.evidence(this.containerName(h.name), h, this.bayRoot)));
  }

  /** the switch network, once made (a start that failed before it has none) */
  protected network: SwitchNetwork | null = null;
  /** undone at stop: the Ctrl-C hook of the run */
  protected releases: (() => void)[] = [];
  /** where the recording servers see the cluster */
  abstract readonly mountPoint: string;
  /** where read-backs read */
  protected abstract readonly directMountPoint: string;
  abstract get runDir(): string;
  protected abstract log(msg: string): void;
  /** mounts the recording servers' mount (mountPoint) with the core's client and options */
  protected abstract mountWrite(): Promise<void>;

  /** Ends every request stuck in the recording servers' mount (a hung client or core) and mounts it afresh, saying what it did. */
  async replaceWriteMount(): Promise<string[]> {
    const done = await abortFuseUnder(this.mountPoint);
    done.push(...(await unmountUnder(this.mountPoint)).map((m) => `unmounted ${m}`));
    try {
      await this.mountWrite();
      done.push(`mounted ${this.mountPoint} again`);
    } catch (e) {
      done.push(`not mounted again: ${(e as Error).message.slice(0, 200)}`);
    }
    return done;
  }

  private stopping: Promise<void> | null = null;
  /**
   * Everything of the run removed, once, in order: the client mounts, then the containers (they
   * hold the bays), then bays and network. A normal end unmounts cleanly first (a busy or hung
   * mount fails within the limit); whatever is still mounted is aborted and its FUSE client
   * killed, so nothing waits on a core about to go. `abort`: at once (an interrupt: requests
   * may be stuck in the client).
   */
  stop(o: { abort?: boolean } = {}): Promise<void> {
    this.stopping ??= this.removeAll(!!o.abort);
    return this.stopping;
  }

  private async removeAll(abort: boolean): Promise<void> {
    this.releases.forEach((r) => r());
    const mounts = [this.mountPoint, this.directMountPoint];
    if (!abort) {
      for (const m of mounts) {
        const r = await run('umount', [m], { allowFailure: true, timeoutMs: 5_000 });
        // not a stat of m: a hung FUSE mount blocks it, and the main thread with it, until the client gives up (minutes)
        if (r.code !== 0 && isMounted(m)) this.log(`umount ${m}: ${(r.stderr.trim() || `exit ${r.code}`).split('\n').pop()}`);
      }
      // a FUSE client whose mount went away ends by itself within moments (seconds on a loaded machine)
      for (let k = 0; k < 50 && fuseClientsUnder(this.runDir).length > 0; k++) await sleep(100);
    }
    for (const line of await abortFuseUnder(this.runDir)) this.log(line);
    for (const m of mounts) await unmountUnder(m).catch(() => undefined);
    await this.containers.removeAll(this.switchMembers().map((m) => m.container));
    // a node that failed half-way through start may have bays but no handle
    const nodesDir = join(this.runDir, 'nodes');
    if (existsSync(nodesDir)) await Promise.all(readdirSync(nodesDir).map((n) => releaseBays(join(nodesDir, n))));
    await this.network?.remove();
    this.log(`cluster ${this.runId} removed`);
  }
}

/** `df -P -B1` rows: size and available bytes of each mounted filesystem */
function dfRows(out: string): { size: number; avail: number }[] {
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 6 && /^\d+$/.test(f[1]!))
    .map((f) => ({ size: Number(f[1]), avail: Number(f[3]) }));
}

/** A container's resources as its cgroup counts them. */
export interface ContainerUsage {
  /** CPU seconds (user + system) since the container started */
  cpuSeconds: number;
  /** the processes' own memory (v1 rss, v2 anon) */
  rssBytes: number;
  /** page cache charged to it (the bays' dirty and cached pages, for a core that writes them) */
  cacheBytes: number;
}

/** cgroup v1 (cpuacct, memory) or v2 (the scope's cpu.stat and memory.stat) of a Docker container */
export function cgroupUsage(id: string, root = '/sys/fs/cgroup'): ContainerUsage | null {
  const stat = (text: string, key: string) => Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  // a key missing from the file reads NaN: the whole reading is then unknown, not a number
  const sane = (u: ContainerUsage) => (Object.values(u).every(Number.isFinite) ? u : null);
  const v1cpu = `${root}/cpuacct/docker/${id}/cpuacct.usage`;
  const v2 = `${root}/system.slice/docker-${id}.scope`;
  try {
    if (existsSync(v1cpu)) {
      const mem = readFileSync(`${root}/memory/docker/${id}/memory.stat`, 'utf8');
      return sane({
        cpuSeconds: Number(readFileSync(v1cpu, 'utf8')) / 1e9,
        rssBytes: stat(mem, 'total_rss'),
        cacheBytes: stat(mem, 'total_cache'),
      });
    }
    if (existsSync(v2)) {
      const mem = readFileSync(`${v2}/memory.stat`, 'utf8');
      return sane({
        cpuSeconds: stat(readFileSync(`${v2}/cpu.stat`, 'utf8'), 'usage_usec') / 1e6,
        rssBytes: stat(mem, 'anon'),
        cacheBytes: stat(mem, 'file'),
      });
    }
  } catch {
    // gone between the check and the read
  }
  return null;
}
