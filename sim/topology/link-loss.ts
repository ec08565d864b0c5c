// Link loss on a storage node's switch port, as the core sees it (for issue 4 item 6).
// The cable is pulled through the switch twin (its binding downs the real veth); the
// core is polled (MooseFS: the master, with `mfscli -SCS`, sim/core/moosefs/connections.ts)
// until it lists the node disconnected, then the cable is plugged back and the core polled
// until the node is connected again.
// Times are wall seconds, each the end of the first poll that saw the new state: an
// upper bound, too late by at most one poll interval plus one poll (~0.2 s with mfscli).
import type { SwitchBinding } from './switch-binding';

/** connected | disconnected | absent (not listed at all) */
export type Seen = 'connected' | 'disconnected' | 'absent';

export interface LinkLossOptions {
  binding: SwitchBinding;
  /** storage node name (as in the cluster) */
  node: string;
  /** how the core sees the node at this address now (MooseFS: masterSees(masterHost)) */
  coreSees: (address: string) => Promise<Seen>;
  /**
   * 'until-detected': keep the cable out until the master lists the node disconnected
   * (or `detectTimeoutSeconds` passes); a number: keep it out exactly that long (a flap).
   */
  hold: 'until-detected' | number;
  detectTimeoutSeconds?: number;
  reconnectTimeoutSeconds?: number;
  /** after the node is connected again, keep watching this long for a late disconnect */
  settleSeconds?: number;
  pollMs?: number;
  /** false: no polling while a fixed hold lasts (a short flap keeps its length); default true */
  pollWhileDown?: boolean;
}

export interface LinkLossResult {
  node: string;
  port: number;
  address: string;
  /** wall clock (ms since epoch) of the pull and of the re-plug */
  downAt: number;
  upAt: number;
  downSeconds: number;
  /** from the pull to the first poll listing the node disconnected; null = never seen */
  detectedAfterSeconds: number | null;
  /** from the re-plug to the first poll listing it connected (after having been seen down) */
  reconnectedAfterSeconds: number | null;
  /** still connected at the end, after `settleSeconds` of watching */
  connectedAtEnd: boolean;
  /** every observed change, seconds from the pull */
  timeline: { t: number; seen: Seen }[];
  pollSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A cable pulled by unplugLink, until replugLink puts it back: what the re-plug needs to go on watching. */
export interface UnpluggedLink {
  node: string;
  port: number;
  address: string;
  /** wall clock (ms since epoch) of the pull */
  downAt: number;
  /** the first poll that listed the node not connected (ms since epoch), null so far */
  detectedAt: number | null;
  /** one poll of the core, recorded in the timeline when what it sees changed */
  observe: () => Promise<{ seen: Seen; at: number }>;
  timeline: { t: number; seen: Seen }[];
  pollMs: number;
}

/**
 * Pulls the node's cable through the switch twin. The node must be listed connected before:
 * at once, or within `connectedWithinSeconds` (a node just back from another fault).
 */
export async function unplugLink(
  o: Pick<LinkLossOptions, 'binding' | 'node' | 'coreSees' | 'pollMs'> & { connectedWithinSeconds?: number },
): Promise<UnpluggedLink> {
  const port = o.binding.portOf(o.node);
  const address = port === undefined ? undefined : o.binding.memberOn(port)?.address;
  if (port === undefined || !address) throw new Error(`storage node ${o.node} is not cabled to the switch`);
  const timeline: { t: number; seen: Seen }[] = [];
  let last: Seen | null = null;
  const u: UnpluggedLink = {
    node: o.node,
    port,
    address,
    downAt: 0,
    detectedAt: null,
    timeline,
    pollMs: o.pollMs ?? 500,
    observe: async () => {
      const seen = await o.coreSees(address);
      const at = Date.now();
      if (seen !== last) timeline.push({ t: (at - u.downAt) / 1000, seen });
      last = seen;
      if (seen !== 'connected' && u.detectedAt === null && u.downAt > 0) u.detectedAt = at;
      return { seen, at };
    },
  };
  const connectedBy = Date.now() + (o.connectedWithinSeconds ?? 0) * 1000;
  let before = await u.observe();
  while (before.seen !== 'connected' && Date.now() < connectedBy) {
    await sleep(u.pollMs);
    before = await u.observe();
  }
  if (before.seen !== 'connected') throw new Error(`node ${o.node} (${address}) is ${before.seen} before the link loss`);
  timeline.length = 0;
  const pulled = await o.binding.setCable(port, false);
  if (!pulled.ok) throw new Error(pulled.reason);
  u.downAt = Date.now();
  return u;
}

/** Plugs the cable back and polls the core until the node is connected again (after having been seen down). */
export async function replugLink(
  u: UnpluggedLink,
  o: Pick<LinkLossOptions, 'binding' | 'reconnectTimeoutSeconds' | 'settleSeconds'>,
): Promise<LinkLossResult> {
  const plugged = await o.binding.setCable(u.port, true);
  if (!plugged.ok) throw new Error(plugged.reason);
  const upAt = Date.now();
  let reconnectedAt: number | null = null;
  const reconnectUntil = upAt + (o.reconnectTimeoutSeconds ?? 120) * 1000;
  const settleMs = (o.settleSeconds ?? 0) * 1000;
  let end: Seen = 'absent';
  while (Date.now() < reconnectUntil) {
    // a loss the core noticed only after the re-plug counts as detected then
    const { seen, at } = await u.observe();
    end = seen;
    if (seen === 'connected' && u.detectedAt !== null && reconnectedAt === null) reconnectedAt = at;
    const settled = at - upAt >= settleMs;
    if (seen === 'connected' && settled && (u.detectedAt === null || reconnectedAt !== null)) break;
    await sleep(u.pollMs);
  }
  return {
    node: u.node,
    port: u.port,
    address: u.address,
    downAt: u.downAt,
    upAt,
    downSeconds: (upAt - u.downAt) / 1000,
    detectedAfterSeconds: u.detectedAt === null ? null : (u.detectedAt - u.downAt) / 1000,
    reconnectedAfterSeconds: reconnectedAt === null ? null : (reconnectedAt - upAt) / 1000,
    connectedAtEnd: end === 'connected',
    timeline: u.timeline,
    pollSeconds: u.pollMs / 1000,
  };
}

/** A link loss in one go: unplugged, held (until the core notices, or for a fixed time), plugged back, watched. */
export async function linkLoss(o: LinkLossOptions): Promise<LinkLossResult> {
  const u = await unplugLink(o);
  const holdUntil = u.downAt + (o.hold === 'until-detected' ? (o.detectTimeoutSeconds ?? 120) : o.hold) * 1000;
  // a short flap is timed by the clock alone: one mfscli call can take seconds on a busy
  // machine, and polling through it would stretch a 2 s flap; it is watched after the re-plug
  if (o.hold !== 'until-detected' && o.pollWhileDown === false) await sleep(Math.max(0, holdUntil - Date.now()));
  while (Date.now() < holdUntil) {
    await u.observe();
    if (o.hold === 'until-detected' && u.detectedAt !== null) break;
    await sleep(Math.min(u.pollMs, Math.max(0, holdUntil - Date.now())));
  }
  return replugLink(u, o);
}
