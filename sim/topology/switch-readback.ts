// Reality read back in the switch twin's terms, and the twin-vs-reality comparison. Pure:
// the binding collects `ip -j link`, `tc -j qdisc`, `tc -j filter` and the node side's
// carrier; this module parses them and says where the twin and the kernel disagree.
// The nemesis asserts the list is empty after every fault it injects through the twin.
import type { MirrorDirection, MirrorSession } from '../../devices/switch/mirroring';
import { linkUp, type Port } from '../../devices/switch/ports';
import { tbfMatches } from './tbf';
import type { PortAssignment } from './switch-ports';

export interface LinkInfo {
  ifindex: number;
  ifname: string;
  adminUp: boolean;
  /** LOWER_UP: the kernel's carrier on this side */
  carrier: boolean;
}

type IpLinkJson = { ifindex: number; ifname: string; flags?: string[] };

export function parseIpLinks(json: string): Map<string, LinkInfo> {
  const links = new Map<string, LinkInfo>();
  for (const l of JSON.parse(json || '[]') as IpLinkJson[]) {
    const flags = l.flags ?? [];
    links.set(l.ifname, { ifindex: l.ifindex, ifname: l.ifname, adminUp: flags.includes('UP'), carrier: flags.includes('LOWER_UP') });
  }
  return links;
}

export interface TbfReading {
  rateBytesPerSecond: number;
  burstBytes: number;
}

export interface QdiscInfo {
  /** kind of the root qdisc ('noqueue' when nothing was configured) */
  rootKind: string;
  tbf: TbfReading | null;
  clsact: boolean;
}

type TcQdiscJson = { kind: string; dev: string; root?: boolean; parent?: string; options?: { rate?: number; burst?: number } };

/** Parses `tc -j qdisc show` (all devices; every entry names its dev). */
export function parseQdiscs(json: string): Map<string, QdiscInfo> {
  const byDev = new Map<string, QdiscInfo>();
  for (const q of JSON.parse(json || '[]') as TcQdiscJson[]) {
    const info = byDev.get(q.dev) ?? { rootKind: 'none', tbf: null, clsact: false };
    if (q.kind === 'clsact') info.clsact = true;
    else if (q.root) {
      info.rootKind = q.kind;
      if (q.kind === 'tbf' && q.options?.rate !== undefined && q.options.burst !== undefined) {
        info.tbf = { rateBytesPerSecond: q.options.rate, burstBytes: q.options.burst };
      }
    }
    byDev.set(q.dev, info);
  }
  return byDev;
}

export interface MirredFilter {
  pref: number;
  classifier: string;
  action: 'mirror' | 'redirect';
  toDev: string;
}

type TcFilterJson = {
  pref: number;
  kind: string;
  options?: { actions?: { kind: string; mirred_action?: string; to_dev?: string }[] };
};

/** Parses `tc -j filter show dev X ingress|egress` into its mirred actions. */
export function parseMirredFilters(json: string): MirredFilter[] {
  const out: MirredFilter[] = [];
  for (const f of JSON.parse(json || '[]') as TcFilterJson[]) {
    for (const a of f.options?.actions ?? []) {
      if (a.kind !== 'mirred') continue;
      if (a.mirred_action !== 'mirror' && a.mirred_action !== 'redirect') continue;
      // a mirred whose target interface was deleted has no to_dev any more
      out.push({ pref: f.pref, classifier: f.kind, action: a.mirred_action, toDev: a.to_dev ?? '(gone)' });
    }
  }
  return out;
}

/** Every filter priority present in `tc -j filter show` output. */
export function filterPrefs(json: string): number[] {
  return [...new Set((JSON.parse(json || '[]') as { pref: number }[]).map((f) => f.pref))].sort((a, b) => a - b);
}

/** Filter priority of the always-present redirect of a port's received frames into its ifb. */
export const REDIRECT_PREF = 100;
/** Mirror session n is realised by filters of priority n (sessions are 1..4, below the redirect). */
export const mirrorPref = (sessionId: number) => sessionId;

/** What the binding collects for one bound port. */
export interface RawPortReading {
  port: number;
  member: string;
  /** host-side interface the port is bound to; null when it could not be resolved */
  iface: string | null;
  ifb: string;
  /** carrier of the member's own interface (container eth0, or the capture peer); null if unreadable */
  peerCarrier: boolean | null;
  ingress: MirredFilter[];
  egress: MirredFilter[];
}

export interface RealPortView {
  port: number;
  member: string;
  iface: string | null;
  present: boolean;
  /** host side enabled with carrier AND the member side has carrier */
  up: boolean;
  /** tbf on the host side's egress: frames the switch sends to the member */
  towardMember: TbfReading | null;
  /** tbf on the port's ifb: frames the member sends into the switch */
  fromMember: TbfReading | null;
  /** received frames go through the ifb shaper */
  redirected: boolean;
}

export interface RealSwitchView {
  ports: RealPortView[];
  /** mirror sessions rebuilt from the mirred filters (id = filter priority) */
  mirrors: MirrorSession[];
  /** anything the kernel holds that no twin state explains */
  strays: string[];
}

export function viewOfReality(
  raw: readonly RawPortReading[],
  links: Map<string, LinkInfo>,
  qdiscs: Map<string, QdiscInfo>,
): RealSwitchView {
  const portOfIface = new Map(raw.filter((r) => r.iface).map((r) => [r.iface!, r.port]));
  const strays: string[] = [];
  const ports: RealPortView[] = raw.map((r) => {
    const link = r.iface ? links.get(r.iface) : undefined;
    const q = r.iface ? qdiscs.get(r.iface) : undefined;
    const ifbQ = qdiscs.get(r.ifb);
    const redirects = r.ingress.filter((f) => f.action === 'redirect');
    const redirected =
      redirects.length === 1 && redirects[0]!.pref === REDIRECT_PREF && redirects[0]!.toDev === r.ifb && !!links.get(r.ifb)?.adminUp;
    for (const f of redirects)
      if (f.pref !== REDIRECT_PREF || f.toDev !== r.ifb) strays.push(`port ${r.port}: redirect to ${f.toDev} at priority ${f.pref}`);
    for (const f of r.egress.filter((x) => x.action === 'redirect')) strays.push(`port ${r.port}: egress redirect to ${f.toDev}`);
    return {
      port: r.port,
      member: r.member,
      iface: r.iface,
      present: !!link,
      up: !!link && link.adminUp && link.carrier && r.peerCarrier === true,
      towardMember: q?.tbf ?? null,
      fromMember: ifbQ?.tbf ?? null,
      redirected,
    };
  });

  const sessions = new Map<number, { sources: Map<number, MirrorDirection>; destinations: Set<string> }>();
  for (const r of raw) {
    for (const [dir, filters] of [
      ['rx', r.ingress],
      ['tx', r.egress],
    ] as const) {
      for (const f of filters.filter((x) => x.action === 'mirror')) {
        const s = sessions.get(f.pref) ?? { sources: new Map(), destinations: new Set() };
        const had = s.sources.get(r.port);
        s.sources.set(r.port, had && had !== dir ? 'both' : dir);
        s.destinations.add(f.toDev);
        sessions.set(f.pref, s);
      }
    }
  }
  const mirrors: MirrorSession[] = [];
  for (const [id, s] of [...sessions].sort((a, b) => a[0] - b[0])) {
    const dests = [...s.destinations];
    const destination = dests.length === 1 ? portOfIface.get(dests[0]!) : undefined;
    if (destination === undefined) {
      strays.push(`mirror filters of priority ${id} go to ${dests.join(', ')}, not to one bound port`);
      continue;
    }
    mirrors.push({
      id,
      destination,
      sources: [...s.sources].sort((a, b) => a[0] - b[0]).map(([port, direction]) => ({ port, direction })),
    });
  }
  return { ports, mirrors, strays };
}

export interface Disagreement {
  port?: number;
  aspect: 'present' | 'link' | 'speed' | 'redirect' | 'mirror' | 'stray';
  twin: string;
  reality: string;
}

const fmtTbf = (t: TbfReading | null) => (t ? `tbf ${(t.rateBytesPerSecond * 8) / 1e6} Mb/s burst ${t.burstBytes} B` : 'no tbf');
const fmtSession = (m: MirrorSession) => `${m.sources.map((s) => `${s.port}/${s.direction}`).join('+')} -> ${m.destination}`;

/**
 * The twin as the kernel should realise it: only ports with a member are bound; a mirror
 * session exists in the kernel only for its bound sources and only if its destination is
 * bound (mirroring to an empty port sends frames nowhere, so there is nothing to install).
 */
export function expectedMirrors(mirrors: readonly MirrorSession[], boundPorts: ReadonlySet<number>): MirrorSession[] {
  return mirrors
    .filter((m) => boundPorts.has(m.destination))
    .map((m) => ({ ...m, sources: m.sources.filter((s) => boundPorts.has(s.port)).sort((a, b) => a.port - b.port) }))
    .filter((m) => m.sources.length > 0);
}

export function compareTwinReality(
  twin: { ports: readonly Port[]; mirrors: readonly MirrorSession[] },
  assignments: readonly PortAssignment[],
  reality: RealSwitchView,
): Disagreement[] {
  const out: Disagreement[] = [];
  for (const a of assignments) {
    const p = twin.ports.find((x) => x.id === a.port);
    const r = reality.ports.find((x) => x.port === a.port);
    if (!p) {
      out.push({ port: a.port, aspect: 'present', twin: 'no such port', reality: `${a.member.name} bound` });
      continue;
    }
    if (!r || !r.present) {
      out.push({
        port: a.port,
        aspect: 'present',
        twin: `${p.name} cabled to ${a.member.name}`,
        reality: `no interface ${r?.iface ?? '(unresolved)'}`,
      });
      continue;
    }
    const twinUp = linkUp(p);
    if (twinUp !== r.up) out.push({ port: a.port, aspect: 'link', twin: twinUp ? 'up' : 'down', reality: r.up ? 'up' : 'down' });
    for (const [dir, t] of [
      ['to member', r.towardMember],
      ['from member', r.fromMember],
    ] as const) {
      if (!t || !tbfMatches(t, p.speedMbps))
        out.push({ port: a.port, aspect: 'speed', twin: `${p.speedMbps} Mb/s ${dir}`, reality: fmtTbf(t) });
    }
    if (!r.redirected)
      out.push({ port: a.port, aspect: 'redirect', twin: 'received frames shaped by the port ifb', reality: 'no redirect to the ifb' });
  }
  const bound = new Set(assignments.map((a) => a.port));
  const want = expectedMirrors(twin.mirrors, bound);
  for (const m of want) {
    const got = reality.mirrors.find((x) => x.id === m.id);
    if (!got || fmtSession(got) !== fmtSession(m)) {
      out.push({
        aspect: 'mirror',
        twin: `session ${m.id}: ${fmtSession(m)}`,
        reality: got ? `session ${got.id}: ${fmtSession(got)}` : 'absent',
      });
    }
  }
  for (const got of reality.mirrors) {
    if (!want.some((m) => m.id === got.id))
      out.push({ aspect: 'mirror', twin: 'absent', reality: `session ${got.id}: ${fmtSession(got)}` });
  }
  for (const s of reality.strays) out.push({ aspect: 'stray', twin: 'nothing', reality: s });
  return out;
}
