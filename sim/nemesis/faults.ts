// The nemesis: performs each planned fault through the twins and the real core, and
// records the fault, its effects and the node's own healing in the history. It never
// judges; sim/checkers/ does, from the history alone.
//
// Self-heal is the node's own mechanism, never the harness quietly fixing things:
//  - a crashed process (kill -9) is restarted by the node's restart policy (Docker's
//    on-failure policy, as systemd's Restart=on-failure on a real server);
//  - a hung node is reset by its BMC watchdog: the twin's BMC (a simulated agent) is petted
//    by the node's OS (the adapter's petWatchdog: can it still run a process) and, after
//    `watchdogSeconds` without a pet, issues a Redfish ForceRestart that the binding
//    performs on the real node;
//  - after a power loss the power comes back after `powerOffSeconds` (a model sequence's at
//    its RestartNode), and the twin's PowerRestorePolicy (AlwaysOn) boots the node.
// With self-heal disabled (the T6 control) none of these act; when the wait is over a hung
// node is thawed, and a stopped one started (its supplies put back), recorded as the
// harness's clean-up, not as a heal.
import { performance } from 'node:perf_hooks';
import { faultSpecSchema, type CrashMode, type FaultSpec, type PlannedFault } from '../plan/faults';
import { z } from 'zod';
import { MASTER, type StorageCore } from '../core/adapter';
import { sleep } from '../clock';
import { presentBaysNotServed } from '../topology/bays';
import type { CoreDiskView } from '../topology/node-host';
import type { InsertResult, NodeBinding, PullResult } from '../topology/node-binding';
import { ioErrors } from './io-errors';
import { spinUpTelemetry } from './spin-up';
import type { NemesisContext } from './context';
import { errorLine } from '../../lib/error-line';
import {
  atGoalNow,
  belowGoal,
  healedNow,
  holdsNoChunk,
  newlyMissing,
  sameProcess,
  type CoreState,
  type HealAnswer,
  type HealQuestion,
  type ProcessSeen,
} from '../heal/healed';

/** A crash fault's end, by the one definition of 'healed' (sim/heal/healed.ts); null for other faults. */
export type FaultOutcome = (HealAnswer & { waitedSeconds: number }) | null;

export async function runFault(p: PlannedFault, ctx: NemesisContext): Promise<FaultOutcome> {
  // a plan is code, a journal or a replay file: checked against the kind's declared parameters before any harm is done
  const checked = faultSpecSchema.safeParse(p.fault);
  if (!checked.success)
    throw new Error(
      `fault ${p.id}: not a valid ${String((p.fault as { fault?: unknown }).fault)} fault: ${z.prettifyError(checked.error)}`,
    );
  const f = checked.data;
  return (PERFORMERS[f.fault] as Performer<FaultSpec['fault']>)(p.id, f, ctx);
}

type Performer<K extends FaultSpec['fault']> = (
  id: string,
  f: Extract<FaultSpec, { fault: K }>,
  ctx: NemesisContext,
) => Promise<FaultOutcome>;

/** Each fault kind's performer, one per kind of the registry's parameters (a kind without one does not compile). */
const PERFORMERS: { [K in FaultSpec['fault']]: Performer<K> } = {
  'disk-pull': (id, f, ctx) => diskPull(id, f, ctx).then(() => null),
  'io-errors': (id, f, ctx) => ioErrors(id, f, ctx).then(() => null),
  'spin-up-telemetry': (id, f, ctx) => spinUpTelemetry(id, f, ctx).then(() => null),
  crash: (id, f, ctx) => crash(id, f, ctx),
};

// ---- T3: hot-plug -------------------------------------------------------------------------

async function diskPull(id: string, f: Extract<FaultSpec, { fault: 'disk-pull' }>, ctx: NemesisContext) {
  const target = await resolvePullTarget(f, ctx);
  ctx.log(
    `${id}: pulling ${target.node} slot ${target.slot} (${target.rule}); back in ${f.outSeconds} s (${f.reinsert === 'same' ? 'same disk' : 'blank disk'})`,
  );
  const out = await pullBayOut(id, target, ctx, { reinsert: f.reinsert, outSeconds: f.outSeconds });
  await sleep(f.outSeconds * 1000, ctx.signal);
  await insertBayBack(out, f.reinsert, ctx);
}

/** A bay out of its node by pullBayOut, until insertBayBack: what the insert needs to record the pull whole. */
export interface BayOut {
  id: string;
  node: string;
  slot: number;
  pulled: PullResult;
}

type BayContext = Pick<NemesisContext, 'cluster' | 'rack' | 'history' | 'log'>;

/**
 * A disk pull's first half: the node's process identity, fault.start (disk-pull), the bay
 * pulled through the node's binding. A scenario's pull inserts after its outSeconds; the
 * model-based runs keep the bay out while other commands run (`planned` then absent).
 */
export async function pullBayOut(
  id: string,
  target: { node: string; slot: number; rule: string },
  ctx: BayContext,
  planned?: { reinsert: 'same' | 'blank'; outSeconds: number },
): Promise<BayOut> {
  const { cluster, rack, history } = ctx;
  history.append({
    kind: 'core.process',
    faultId: id,
    target: target.node,
    when: 'before',
    ...(await cluster.processIdentity(target.node)),
  });
  history.append({ kind: 'fault.start', id, fault: 'disk-pull', node: target.node, slot: target.slot, rule: target.rule, ...planned });
  history.sync();
  const pulled = await rack.node(target.node).binding.pull(target.slot);
  if (!pulled.ok) {
    // nothing was pulled: the fault ends here, a harness error and not the core's
    history.append({
      kind: 'core.process',
      faultId: id,
      target: target.node,
      when: 'after',
      ...(await cluster.processIdentity(target.node)),
    });
    history.append({ kind: 'fault.end', id, pulled });
    throw new Error(`${id}: the twin refused to pull ${target.node} slot ${target.slot}: ${pulled.reason ?? 'no reason given'}`);
  }
  return { id, node: target.node, slot: target.slot, pulled };
}

/** A disk pull's second half: the same or a blank disk inserted, the node's process identity, fault.end with both outcomes. */
export async function insertBayBack(out: BayOut, reinsert: 'same' | 'blank', ctx: BayContext): Promise<InsertResult> {
  const { cluster, rack, history } = ctx;
  const inserted = await rack.node(out.node).binding.insert(out.slot, reinsert);
  history.append({ kind: 'core.process', faultId: out.id, target: out.node, when: 'after', ...(await cluster.processIdentity(out.node)) });
  history.append({ kind: 'fault.end', id: out.id, pulled: out.pulled, inserted });
  history.sync();
  ctx.log(
    `${out.id}: core noticed the pull after ${out.pulled.coreNoticedSeconds ?? 'never'} s, took the disk back after ${inserted.coreAcceptedSeconds ?? 'never'} s`,
  );
  return inserted;
}

async function resolvePullTarget(
  f: Extract<FaultSpec, { fault: 'disk-pull' }>,
  ctx: NemesisContext,
): Promise<{ node: string; slot: number; rule: string }> {
  if (f.node !== 'newest-chunk-holder' && typeof f.slot === 'number') return { node: f.node, slot: f.slot, rule: 'seeded' };
  const newest = ctx.newestSegment();
  if (!newest) throw new Error('no acknowledged segment yet: cannot find the bay holding the newest chunks');
  const [placement] = await ctx.cluster.placement([newest]);
  const chunk = placement?.chunks[0];
  if (!chunk || !chunk.copies.length) throw new Error(`the core reports no valid copy of ${newest}`);
  const byAddress = new Map(ctx.cluster.nodes.map((n) => [n.address, n.name]));
  // rule: the first copy as the core lists it, on the requested node if it holds one
  const holders = chunk.copies.map((a) => byAddress.get(a)).filter((n): n is string => !!n);
  const node = f.node !== 'newest-chunk-holder' && holders.includes(f.node) ? f.node : holders[0];
  if (!node) throw new Error(`no storage node of this run holds ${newest} (copies on ${chunk.copies.join(', ')})`);
  const slot = typeof f.slot === 'number' ? f.slot : await ctx.cluster.bayOfChunk(node, chunk.id);
  if (slot === null) throw new Error(`chunk ${chunk.id} of ${newest} is on ${node} by the core's account, but in none of its bays`);
  return { node, slot, rule: `holds chunk ${chunk.id} of the newest segment ${newest}` };
}

// ---- T6: crash, hang, power loss ------------------------------------------------------------

async function crash(id: string, f: Extract<FaultSpec, { fault: 'crash' }>, ctx: NemesisContext): Promise<FaultOutcome> {
  const started = await crashStarts(id, f.target, f.mode, ctx);
  if (f.mode === 'kill9') {
    const pid = await ctx.cluster.crashProcess(f.target);
    ctx.history.append({ kind: 'fault.effect', id, killedPid: pid });
    if (ctx.selfHeal.enabled) ctx.history.append({ kind: 'heal.by', id, mechanism: 'restart-policy', simulatedBootSeconds: 0 });
  } else if (f.mode === 'hang') {
    await ctx.cluster.freezeNode(f.target);
    if (ctx.selfHeal.enabled) await watchdog(id, f.target, ctx);
  } else {
    await powerOff(id, f.target, ctx);
    await sleep(ctx.selfHeal.powerOffSeconds * 1000, ctx.signal);
    await powerBack(id, f.target, ctx);
  }
  return crashEnds(started, ctx);
}

/** A crash under way: what its end needs to watch for the heal and to record it. */
export interface CrashStarted {
  id: string;
  target: string;
  mode: CrashMode;
  question: HealQuestion;
  damaged: DamagedCopies;
  /** performance.now() the watch's budget counts from */
  watchFrom: number;
}

/** The node's process and the chunks' health before, fault.start (crash:<mode>). */
async function crashStarts(id: string, t: string, mode: CrashMode, ctx: NemesisContext): Promise<CrashStarted> {
  const { cluster, history, selfHeal } = ctx;
  const address = t === MASTER ? cluster.masterAddress : cluster.nodes.find((n) => n.name === t)?.address;
  if (!address) throw new Error(`no node '${t}' to crash`);
  const before = await cluster.processIdentity(t);
  // chunks already missing are not this fault's to heal; the checker reads the same observation
  const healthBefore = await cluster.chunkHealth().catch(() => null);
  const question: HealQuestion = {
    target: t,
    expected: cluster.nodes.map((n) => n.address),
    processBefore: before,
    missingBefore: healthBefore?.missing ?? 0,
  };
  // a storage node powered on again during the wait: copies the cut emptied are read again until gone
  const binding = t === MASTER ? null : ctx.rack.node(t).binding;
  const powerOnsBefore = binding?.powerOns ?? 0;
  const damaged = binding ? () => binding.damagedCopiesSince(powerOnsBefore) : null;
  history.append({ kind: 'core.process', faultId: id, target: t, when: 'before', ...before });
  if (healthBefore) history.append({ kind: 'core.health', by: 'nemesis', faultId: id, when: 'before', ...healthBefore });
  history.append({ kind: 'fault.start', id, fault: `crash:${mode}`, target: t, address, mode, selfHeal: selfHeal.enabled });
  history.sync();
  ctx.log(`${id}: ${mode} of ${t}${selfHeal.enabled ? '' : ' (self-heal disabled: control)'}`);
  return { id, target: t, mode, question, damaged, watchFrom: performance.now() };
}

/** Watches for the heal (and the chunks at goal), cleans up what no heal did, records the process after and fault.end. */
async function crashEnds(c: CrashStarted, ctx: NemesisContext): Promise<FaultOutcome> {
  const { cluster, history, selfHeal } = ctx;
  const { id, target: t, question } = c;
  const since = () => Math.round(performance.now() - c.watchFrom) / 1000;
  const end = await awaitHealed(id, question, ctx, selfHeal.observeMaxSeconds - since(), c.damaged);
  const healed = end.healed;
  // the master's heal does not wait for redundancy; the next fault does (it must not hit one-copy chunks)
  const atGoal = healed && !end.atGoal ? await awaitAtGoal(question, ctx, selfHeal.observeMaxSeconds - since()) : end.atGoal;
  // a node still frozen after the wait (no watchdog, or one that never fired) is thawed
  // for what follows; a paused container counts as running, so ask about the pause itself
  if (c.mode === 'hang' && (await cluster.processIdentity(t)).paused) {
    await cluster.thawNode(t).catch(() => undefined);
    history.append({ kind: 'fault.cleanup', id, action: 'thawed by the harness after the wait' });
  }
  if (!healed && !(await cluster.processIdentity(t)).running) {
    // leave the cluster whole for what follows; recorded as the harness's hand (before it acts), not a heal
    history.append({ kind: 'fault.cleanup', id, action: 'started by the harness after the wait' });
    if (c.mode === 'power-loss' && t !== MASTER) await replaceFailedPsus(ctx.rack.node(t).binding).catch(() => undefined);
    await cluster.bootNode(t).catch(() => undefined);
  }
  history.append({ kind: 'core.process', faultId: id, target: t, when: 'after', ...(await cluster.processIdentity(t)) });
  const waitedSeconds = since();
  history.append({ kind: 'fault.end', id, recovered: healed, atGoal, pending: end.pending, waitedSeconds });
  const redundancy =
    healed && holdsNoChunk(t)
      ? atGoal
        ? ', every chunk at goal'
        : ", some chunk still below goal (the master's heal needs every chunk readable)"
      : '';
  ctx.log(
    `${id}: ${healed ? `healed${redundancy} after ${waitedSeconds} s` : `not healed after ${waitedSeconds} s: ${end.pending.join('; ')}`}`,
  );
  return { ...end, atGoal, waitedSeconds };
}

/** A storage node's power loss in two steps (the model-based runs keep it off while other commands run): cut now. */
export async function cutPower(id: string, node: string, ctx: NemesisContext): Promise<CrashStarted> {
  if (node === MASTER) throw new Error('the master is cut in one go (runFault), not in two steps');
  const started = await crashStarts(id, node, 'power-loss', ctx);
  await powerOff(id, node, ctx);
  return started;
}

/** The power back for a cutPower: the node's power-restore policy boots it, its heal watched from the power's return. */
export async function restorePower(cut: CrashStarted, ctx: NemesisContext): Promise<FaultOutcome> {
  await powerBack(cut.id, cut.target, ctx);
  return crashEnds({ ...cut, watchFrom: performance.now() }, ctx);
}

/** The BMC watchdog: resets a node whose OS has not petted it for watchdogSeconds (a hung node cannot run a process). */
async function watchdog(id: string, target: string, ctx: NemesisContext) {
  const { cluster, selfHeal, history } = ctx;
  const t0 = performance.now();
  let silentSince: number | null = null;
  while ((performance.now() - t0) / 1000 < selfHeal.observeMaxSeconds) {
    const answers = await cluster.petWatchdog(target);
    const now = performance.now();
    silentSince = answers ? null : (silentSince ?? now);
    if (silentSince !== null && (now - silentSince) / 1000 >= selfHeal.watchdogSeconds) {
      const healBy = {
        kind: 'heal.by',
        id,
        mechanism: 'bmc-watchdog',
        action: 'ForceRestart',
        silentSeconds: Math.round(now - silentSince) / 1000,
        simulatedBootSeconds: selfHeal.simulatedBootSeconds,
      } as const;
      if (target === MASTER) {
        await cluster.killNode(MASTER);
        history.append({ ...healBy, playedBootSeconds: await bootMasterAfterItsBoot(ctx) });
      } else {
        history.append(healBy);
        await ctx.rack.node(target).binding.reset('ForceRestart');
      }
      return;
    }
    await sleep(1000, ctx.signal);
  }
}

/**
 * The master is kept down for its simulated boot, in real time, before its process starts: the
 * whole service waits on it, and clocks it set before the fault (MooseFS's 120 s lock on a chunk
 * being written) run on through a real boot, so a boot added afterwards would count twice time
 * the cluster waits anyway. A storage node's boot is added: the service runs on without it.
 */
async function bootMasterAfterItsBoot(ctx: NemesisContext): Promise<number> {
  const t0 = performance.now();
  await sleep(ctx.selfHeal.simulatedBootSeconds * 1000, ctx.signal);
  const played = Math.round(performance.now() - t0) / 1000;
  await ctx.cluster.bootNode(MASTER);
  // the seconds kept down (less than the boot when the run was cut short)
  return Math.min(played, ctx.selfHeal.simulatedBootSeconds);
}

/** The power cut: the master's container killed, a storage node's two supplies failed (the twin powers it off). */
async function powerOff(id: string, target: string, ctx: NemesisContext) {
  if (target === MASTER) {
    await ctx.cluster.killNode(MASTER);
    ctx.history.append({ kind: 'fault.effect', id, power: 'off' });
    return;
  }
  const { binding } = ctx.rack.node(target);
  await binding.failPsu(0);
  await binding.failPsu(1);
}

/**
 * The power back: with self-heal, the node's PowerRestorePolicy (AlwaysOn) boots it (the
 * twin computes the staggered spin-up, added to the heal as simulated unless the run
 * measures the real core only); without, it stays off.
 */
async function powerBack(id: string, target: string, ctx: NemesisContext) {
  const { selfHeal, history } = ctx;
  history.append({ kind: 'heal.power-restored', id });
  if (!selfHeal.enabled) return;
  if (target === MASTER) {
    const playedBootSeconds = await bootMasterAfterItsBoot(ctx);
    history.append({
      kind: 'heal.by',
      id,
      mechanism: 'power-restore-policy AlwaysOn',
      simulatedBootSeconds: selfHeal.simulatedBootSeconds,
      playedBootSeconds,
    });
    return;
  }
  const back = await replaceFailedPsus(ctx.rack.node(target).binding);
  const spinUpMs = selfHeal.simulatedSpinUp !== false && back?.ok && 'spinUp' in back && back.spinUp ? back.spinUp.readyAtMs : 0;
  history.append({
    kind: 'heal.by',
    id,
    mechanism: 'power-restore-policy AlwaysOn',
    simulatedBootSeconds: selfHeal.simulatedBootSeconds + spinUpMs / 1000,
  });
}

/** Puts the node's failed supplies back (the first one powers it on); what the first said, null when none had failed. */
export async function replaceFailedPsus(binding: NodeBinding): Promise<Awaited<ReturnType<NodeBinding['replacePsu']>> | null> {
  let first: Awaited<ReturnType<NodeBinding['replacePsu']>> | null = null;
  for (const p of binding.twin.psus) {
    if (p.state !== 'failed') continue;
    const r = await binding.replacePsu(p.index);
    first ??= r;
  }
  return first;
}

/** The core as the definition of 'healed' reads it: node list, chunk counts, the faulted process. */
async function observe(
  ctx: NemesisContext,
  target: string,
  damaged: DamagedCopies,
): Promise<{ state: CoreState; nodes: Awaited<ReturnType<StorageCore['nodeStates']>> | null; disks: CoreDiskView[] | null }> {
  const bays = ctx.selfHeal.bays;
  const [nodes, health, process, left, views] = await Promise.allSettled([
    ctx.cluster.nodeStates(),
    ctx.cluster.chunkHealth(),
    ctx.cluster.processIdentity(target),
    damaged ? damaged() : Promise.resolve(null),
    bays ? ctx.cluster.diskViews() : Promise.resolve(null),
  ]);
  const damagedCopies = left.status === 'fulfilled' ? left.value : null;
  const registered = nodes.status === 'fulfilled' ? nodes.value.map((n) => n.address) : null;
  const disks = views.status === 'fulfilled' ? views.value : null;
  // the twin's present bays of each registered node that the core does not list as serving
  // asked for bays but the core did not list its disks: not known to be served, so not healed yet
  const unservedBays =
    bays && !disks && registered
      ? ['(the core did not list its disks)']
      : bays && disks && registered
        ? ctx.cluster.nodes
            .filter((n) => registered.includes(n.address) && ctx.rack.nodes.has(n.name))
            .flatMap((n) =>
              presentBaysNotServed(n.name, ctx.rack.node(n.name).twin.bays, disks, (view) => bays.served(n.name, view)).map(
                (bay) => `${n.name} ${bay}`,
              ),
            )
        : undefined;
  return {
    nodes: nodes.status === 'fulfilled' ? nodes.value : null,
    disks,
    state: {
      registered,
      chunks: health.status === 'fulfilled' ? health.value : null,
      ...(process.status === 'fulfilled' ? { process: process.value } : {}),
      ...(damagedCopies !== null ? { damagedCopies } : {}),
      ...(unservedBays ? { unservedBays } : {}),
    },
  };
}

/** Copies a power cut emptied still on the faulted node's disks (null: it was not powered on again). */
type DamagedCopies = (() => Promise<number | null>) | null;

/**
 * Waits until the fault has healed (sim/heal/healed.ts) or maxSeconds pass. The last
 * observation is recorded, tagged with the fault: the T6 checker ends its watch there and
 * judges that same state, so the checker and this wait cannot disagree.
 */
async function awaitHealed(
  id: string,
  q: HealQuestion,
  ctx: NemesisContext,
  maxSeconds: number,
  damaged: DamagedCopies,
): Promise<HealAnswer> {
  const t0 = performance.now();
  const { history } = ctx;
  let damagedSeen: number | undefined;
  let processSeen: ProcessSeen | undefined;
  // let the fault be seen before asking whether it has healed
  await sleep(2000, ctx.signal);
  for (;;) {
    const seen = await observe(ctx, q.target, damaged);
    const p = seen.state.process;
    if (p && !sameProcess(p, processSeen)) {
      // the checker judges each observation with the process as it was then, as this wait does
      history.append({ kind: 'core.process', faultId: id, target: q.target, when: 'seen', ...p });
      processSeen = p;
    }
    const left = seen.state.damagedCopies;
    if (left !== undefined && left !== damagedSeen) {
      // the checker reads the count as it changes: its heal time then matches this wait's
      history.append({ kind: 'core.damaged-copies', by: 'nemesis', faultId: id, node: q.target, count: left });
      damagedSeen = left;
    }
    const answer = healedNow(q, seen.state);
    if (answer.healed || (performance.now() - t0) / 1000 >= maxSeconds) {
      // first, so that the node list and chunk counts recorded after it are judged with it
      if (seen.state.unservedBays)
        history.append({ kind: 'core.disks', by: 'nemesis', faultId: id, disks: seen.disks ?? [], unserved: seen.state.unservedBays });
      if (seen.nodes)
        history.append({
          kind: 'core.nodes',
          by: 'nemesis',
          faultId: id,
          nodes: seen.nodes.map((n) => ({ address: n.address, chunks: n.chunks, usedBytes: n.usedBytes, totalBytes: n.totalBytes })),
        });
      else history.append({ kind: 'core.nodes.error', by: 'nemesis', faultId: id, error: 'the master did not answer' });
      if (seen.state.chunks) history.append({ kind: 'core.health', by: 'nemesis', faultId: id, ...seen.state.chunks });
      else history.append({ kind: 'core.health.error', by: 'nemesis', faultId: id, error: 'the master did not answer' });
      if (!answer.healed && seen.state.chunks && newlyMissing(q, seen.state.chunks) > 0) await nameFilesWithoutCopy(id, ctx);
      return answer;
    }
    await sleep(1000, ctx.signal);
  }
}

/**
 * Which files hold the chunks still missing at the end of a watch, as the core names them: the
 * T6 checker tells acknowledged recordings from writes that never were (the nemesis does not know which).
 */
async function nameFilesWithoutCopy(id: string, ctx: NemesisContext): Promise<void> {
  const t0 = performance.now();
  const seconds = () => Math.round(performance.now() - t0) / 1000;
  try {
    const files = await ctx.cluster.filesWithoutCopy();
    ctx.history.append({ kind: 'core.files-without-copy', by: 'nemesis', faultId: id, files, seconds: seconds() });
  } catch (e) {
    ctx.history.append({
      kind: 'core.files-without-copy',
      by: 'nemesis',
      faultId: id,
      files: [],
      seconds: seconds(),
      error: errorLine(e),
    });
  }
}

/** After a healed master: waits for every chunk at goal again (redundancy), within maxSeconds. */
async function awaitAtGoal(q: HealQuestion, ctx: NemesisContext, maxSeconds: number): Promise<boolean> {
  const t0 = performance.now();
  let last = '';
  while ((performance.now() - t0) / 1000 < maxSeconds) {
    try {
      const h = await ctx.cluster.chunkHealth();
      if (atGoalNow(q, h)) return true;
      last = belowGoal(h);
    } catch {
      // the master is not answering just now
    }
    await sleep(1000, ctx.signal);
  }
  if (last) ctx.log(`redundancy not back: ${last}`);
  return false;
}
