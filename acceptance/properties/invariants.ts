// The invariants of the model-based runs, checked after every command and after the
// final settle. Each judgement is a pure function of what the command observed, so the
// unit suite shows every one of them failing on a broken observation and passing on a
// good one; only the durability read-back touches the real mount. A crash or hang is
// performed by the nemesis and judged by T6's own reading of the sequence's history
// (recoveries in sim/checkers/selfheal.ts), not by a second definition here.
import type { CommandHooks, Observation } from '../../sim/model/commands';
import type { HistoryEvent } from '../../sim/history';
import { recoveries, type RateWindows } from '../../sim/checkers/selfheal';
import { judgeDurability } from '../../sim/checkers/durability';
import { judgeLinkConnection, judgePoolSteps, type Tally } from '../../sim/checkers/lifecycle';
import { judgePull } from '../../sim/checkers/hotplug';
import { COMMAND_KINDS, type CommandSpec, type ModelState, type NodeName } from '../../sim/model/model';
import { clausesOfKinds, type FaultKindName } from '../../sim/plan/faults';
import type { ModelSystem } from '../../sim/model/system';

export type InvariantName = 'durability' | 'availability' | 'self-heal' | 'scale-out' | 'drain' | 'link' | 'hot-plug';

export interface InvariantBounds {
  /** every write acknowledged within this while within the tolerated failures */
  writeMs: number;
  /** the same while a node's switch port is down: the link-loss scenario's write-stall bound
   *  (T9; a write to a chunk on the cut node waits out MooseFS's connection timeout); writeMs if absent */
  linkWriteMs?: number;
  /** a crashed or hung node (or master) healed within this (the profile's thresholds.T6.maxSelfHealSeconds) */
  selfHealSeconds: number;
  /** new chunks on an added node within this (T8: 60 s) */
  scaleOutSeconds: number;
  /** a node being decommissioned is ready for removal within this (T9; the profile's bound) */
  drainSeconds: number;
  /** a node whose switch port comes back is connected to the master again within this (T9) */
  reconnectSeconds: number;
}

/** A crash or hang as T6 measured it in the history. */
export interface HealOutcome {
  /** fault -> healed by the one definition (sim/heal/healed.ts), as T6 reads it (null: not within the watch) */
  backSeconds: number | null;
  mechanism: string;
  /** what was not yet so at the last observation (empty when healed) */
  pending: string[];
}

/** A drain or an add as T9's checker judges it in the history (judgePoolSteps): its seconds, and why it failed (null: it did not). */
export interface PoolStepOutcome {
  seconds: number | null;
  problem: string | null;
}

/** A link-down as T9's link rules judge it in the history (judgeLinkConnection), at the port's return. */
export interface LinkStepOutcome {
  /** port up -> the master lists the node connected again, after having listed it disconnected (null: it never did, or not within the bound) */
  reconnectedSeconds: number | null;
  /** why it failed (null: it did not) */
  problem: string | null;
}

type CrashCommand = 'CrashNode' | 'HangNode' | 'CrashMaster' | 'HangMaster';

/** What the invariants judge: a command's observation; a fault, a drain, an add or a link as read from the history. */
export type Judged =
  | Exclude<Observation, { faultId: string } | { cmd: 'AddNode' }>
  /** a crash or hang, and a power loss at the power's return, judged by T6's reading of the history */
  | { cmd: CrashCommand | 'RestartNode'; heal: HealOutcome }
  | { cmd: 'DrainNode'; drain: PoolStepOutcome }
  | { cmd: 'AddNode'; scaleOut: PoolStepOutcome }
  /** a port's loss is judged when it comes back, a bay's pull when a disk goes back in */
  | { cmd: 'PortDown' | 'PullBay' | 'PowerLoss' }
  | { cmd: 'PortUp'; link: LinkStepOutcome }
  | { cmd: 'InsertBay'; pull: StepProblem; settledSeconds: number | null };

/** A step of the sequence judged by a checker's rules: why it failed (null: it did not). */
export interface StepProblem {
  problem: string | null;
}

/**
 * The sequence's disk pull (by its id), by T3's rules on the node and the bay (judgePull in
 * sim/checkers/hotplug.ts): the core let go of the pulled disk and took the inserted one back.
 * A node of a sequence may crash or lose power while its bay is out, so its process may
 * restart; that rule and the blank disk's use by the end of a run are the scenarios'.
 */
export function pullOf(events: readonly HistoryEvent[], id: string): StepProblem {
  const start = events.find((e) => e.kind === 'fault.start' && e.id === id && e.fault === 'disk-pull');
  if (!start) return { problem: `the pull ${id} is not in the sequence's history` };
  const t: Tally = { figures: [], reasons: [], fail: false, unsure: false, parts: 0 };
  judgePull(events, start, t, { restartRule: false, blankUsedRule: false });
  return { problem: t.fail || t.unsure ? t.reasons.join('; ') : null };
}

/**
 * The sequence's link-down (by its id), by T9's link rules over its events (sim/checkers/lifecycle.ts):
 * the node's processes not restarted, the node connected to the master again within the bound the
 * replug watched. A loss the master never noticed is no failure here (the rules call the step
 * INCONCLUSIVE in a scenario; a model sequence's port may be down for a few seconds only).
 */
export function linkOf(events: readonly HistoryEvent[], id: string): LinkStepOutcome {
  const start = events.find((e) => e.kind === 'link.start' && e.id === id);
  if (!start) return { reconnectedSeconds: null, problem: `the link ${id} is not in the sequence's history` };
  const t: Tally = { figures: [], reasons: [], fail: false, unsure: false, parts: 0 };
  const end = judgeLinkConnection(events, start, t);
  if (!end) return { reconnectedSeconds: null, problem: t.reasons.join('; ') };
  const back = end.reconnectedAfterSeconds;
  return { reconnectedSeconds: typeof back === 'number' ? back : null, problem: t.fail ? t.reasons.join('; ') : null };
}

/**
 * The sequence's drain (by its id) or its add, judged by T9's own judgement of pool steps
 * (sim/checkers/lifecycle.ts) over the history's events of that step alone.
 */
export function poolStepOf(events: readonly HistoryEvent[], step: { drain: string } | 'add', b: InvariantBounds): PoolStepOutcome {
  const only = events.filter((e) =>
    step === 'add'
      ? e.kind === 'scaleout.add' || e.kind === 'scaleout.powered' || e.kind === 'core.nodes'
      : (e.kind === 'lifecycle.drain.start' || e.kind === 'lifecycle.drain.end') && e.id === step.drain,
  );
  const tally: Tally = { figures: [], reasons: [], fail: false, unsure: false, parts: 0 };
  const L = {
    maxSecondsToFirstChunk: b.scaleOutSeconds,
    maxDrainSeconds: b.drainSeconds,
    maxFailoverSeconds: b.selfHealSeconds,
    maxWriteStallSeconds: b.writeMs / 1000,
  };
  judgePoolSteps(only, L, tally);
  if (tally.parts === 0)
    return { seconds: null, problem: `the ${step === 'add' ? 'add' : `drain ${step.drain}`} is not in the sequence's history` };
  // the step's own figure: add -> first chunk on the node, or marked -> ready for removal
  const figure = tally.figures.find((f) => f.threshold !== undefined && /first chunk|ready for removal/.test(f.name));
  const seconds = typeof figure?.value === 'number' ? figure.value : null;
  return { seconds, problem: tally.fail || tally.unsure ? tally.reasons.join('; ') : null };
}

// the rate windows T6's write-rate part needs; the invariant reads only the heal part (c): a model
// sequence's writes are a few segments per command, no camera load to come back to
const NO_LOAD: RateWindows = { fullRateFraction: 0.9, baselineSeconds: 10, rateWindowSeconds: 10 };

/** The heal of one fault of the sequence, by T6's checker over the sequence's history. */
export function healOf(events: readonly HistoryEvent[], faultId: string): HealOutcome {
  const r = recoveries(events, NO_LOAD).find((x) => x.id === faultId);
  if (!r) return { backSeconds: null, mechanism: 'none', pending: [`fault ${faultId} is not in the sequence's history`] };
  const mechanism = r.healedBy ?? (r.harnessStepped ? `none (the harness stepped in: ${r.harnessStepped})` : 'none');
  if (r.healedS === null) return { backSeconds: null, mechanism, pending: r.pending };
  return { backSeconds: Math.round((r.healedS + r.simulatedBootS) * 1000) / 1000, mechanism, pending: [] };
}

/** An invariant broken on the real core: the property fails with this. */
export class InvariantViolation extends Error {
  constructor(
    readonly invariant: InvariantName,
    readonly detail: string,
  ) {
    super(`${invariant}: ${detail}`);
    this.name = 'InvariantViolation';
  }
}

/** The invariants a command's own observation must meet (durability is read separately). */
export function judgeObservation(
  spec: CommandSpec,
  seen: Judged,
  b: InvariantBounds,
  during: { linkDown?: boolean } = {},
): InvariantViolation | null {
  switch (seen.cmd) {
    case 'WriteSegments': {
      const { errors, latenciesMs } = seen.write;
      if (errors.length)
        return new InvariantViolation(
          'availability',
          `${errors.length} of ${latenciesMs.length} writes failed within the tolerated failures: ${errors.slice(0, 2).join('; ')}`,
        );
      const bound = during.linkDown ? (b.linkWriteMs ?? b.writeMs) : b.writeMs;
      const slow = latenciesMs.filter((ms) => ms > bound);
      if (slow.length)
        return new InvariantViolation(
          'availability',
          `${slow.length} writes took longer than ${bound} ms${during.linkDown ? " (a node's switch port down: the link-loss bound)" : ''} (max ${Math.max(...slow)} ms); a camera's gap would exceed its bound`,
        );
      return null;
    }
    case 'CrashNode':
    case 'HangNode':
    case 'CrashMaster':
    case 'HangMaster':
    case 'RestartNode': {
      const who = spec.cmd === 'CrashMaster' || spec.cmd === 'HangMaster' ? 'master' : (spec as { node: string }).node;
      // backSeconds is measured by the one definition of 'healed' (sim/heal/healed.ts), as T6 and the nemesis judge it
      const s = seen.heal.backSeconds;
      if (s === null)
        return new InvariantViolation(
          'self-heal',
          `${who} not healed within ${b.selfHealSeconds} s after ${spec.cmd === 'RestartNode' ? 'its power came back' : spec.cmd} (self-heal by ${seen.heal.mechanism}): ${seen.heal.pending.join('; ') || 'not observed'}`,
        );
      if (s > b.selfHealSeconds)
        return new InvariantViolation(
          'self-heal',
          `${who} healed only ${s} s after ${spec.cmd === 'RestartNode' ? 'its power came back' : spec.cmd}, more than ${b.selfHealSeconds} s (self-heal by ${seen.heal.mechanism})`,
        );
      return null;
    }
    case 'AddNode':
      return seen.scaleOut.problem ? new InvariantViolation('scale-out', seen.scaleOut.problem) : null;
    case 'DrainNode':
      return seen.drain.problem ? new InvariantViolation('drain', seen.drain.problem) : null;
    case 'InsertBay':
      return seen.pull.problem ? new InvariantViolation('hot-plug', seen.pull.problem) : null;
    case 'PortUp':
      return seen.link.problem
        ? new InvariantViolation('link', `${seen.link.problem} (watched ${b.reconnectSeconds} s after its switch port came back)`)
        : null;
    default:
      return null;
  }
}

/** Durability: every acknowledged segment read back byte-identical, judged by the durability checker on this read-back. */
export async function checkDurability(model: Readonly<ModelState>, system: ModelSystem, when: string, onlyCamera?: string): Promise<void> {
  const segs = onlyCamera ? model.acked.filter((s) => s.camera === onlyCamera) : model.acked;
  const verifies = await system.readBack(segs);
  const v = judgeReadBack(system.sequenceEvents, verifies);
  if (v) throw new InvariantViolation('durability', `${when}: ${v}`);
}

/**
 * The durability checker (sim/checkers/durability.ts) on one read-back: the segments it read,
 * their acknowledgements in the sequence's history, the sequence's faults; null when intact.
 */
export function judgeReadBack(sequence: readonly HistoryEvent[], verifies: readonly HistoryEvent[]): string | null {
  const read = new Set(verifies.map((v) => (v as { path?: string }).path));
  const events = [
    ...sequence.filter((e) => e.kind !== 'segment.verify' && (e.kind !== 'segment.write' || read.has(e.path))),
    ...verifies,
  ].sort((a, b) => a.i - b.i);
  if (!verifies.length) return null;
  const j = judgeDurability(events);
  return j.outcome === 'intact' ? null : j.reasons.filter((r) => !r.startsWith('note:')).join('; ');
}

/** After the sequence: everything restored, every chunk at goal again, then every segment read back. */
export async function settleAndCheck(
  model: Readonly<ModelState>,
  system: ModelSystem,
  b: InvariantBounds,
): Promise<{ settledSeconds: number | null }> {
  const ended = new Set(await system.restoreAll());
  // a port, a bay or a node's power the sequence left out came back with the restore: judged as its own return would be
  const events = system.sequenceEvents;
  for (const e of events) {
    const id = String(e.id);
    if (!ended.has(id)) continue;
    const left =
      e.kind === 'link.start'
        ? { invariant: 'link' as const, problem: linkOf(events, id).problem }
        : e.kind === 'fault.start' && e.fault === 'disk-pull'
          ? { invariant: 'hot-plug' as const, problem: pullOf(events, id).problem }
          : e.kind === 'fault.start' && e.fault === 'crash:power-loss'
            ? {
                invariant: 'self-heal' as const,
                problem:
                  judgeObservation(
                    { cmd: 'RestartNode', node: String(e.target) as NodeName },
                    judged({ cmd: 'RestartNode', faultId: id, settledSeconds: null, seconds: 0 }, events, b),
                    b,
                  )?.detail ?? null,
              }
            : null;
    if (left?.problem) throw new InvariantViolation(left.invariant, `after the sequence, put back by the restore: ${left.problem}`);
  }
  const settledSeconds = await system.settle();
  await checkDurability(model, system, 'after settle');
  return { settledSeconds };
}

export interface CommandStats {
  commands: number;
  byCommand: Record<string, { count: number; seconds: number }>;
  heals: number[];
  scaleOuts: number[];
  drains: number[];
  /** port up -> connected again, for the losses the master noticed (one it never noticed has no reconnection) */
  reconnects: number[];
  writeMaxMs: number;
}

export const emptyStats = (): CommandStats => ({
  commands: 0,
  byCommand: {},
  heals: [],
  scaleOuts: [],
  drains: [],
  reconnects: [],
  writeMaxMs: 0,
});

/** A command's observation with what its fault, drain or add came to, read from the sequence's history by the checkers. */
export function judged(
  observed: Observation & { seconds: number },
  events: readonly HistoryEvent[],
  b: InvariantBounds,
): Judged & { seconds: number } {
  const { seconds } = observed;
  if (observed.cmd === 'AddNode') return { cmd: 'AddNode', scaleOut: poolStepOf(events, 'add', b), seconds };
  if (!('faultId' in observed)) return observed;
  if (observed.cmd === 'DrainNode') return { cmd: 'DrainNode', drain: poolStepOf(events, { drain: observed.faultId }, b), seconds };
  if (observed.cmd === 'PortDown' || observed.cmd === 'PullBay' || observed.cmd === 'PowerLoss') return { cmd: observed.cmd, seconds };
  if (observed.cmd === 'InsertBay')
    return { cmd: 'InsertBay', pull: pullOf(events, observed.faultId), settledSeconds: observed.settledSeconds, seconds };
  if (observed.cmd === 'PortUp') return { cmd: 'PortUp', link: linkOf(events, observed.faultId), seconds };
  return { cmd: observed.cmd, heal: healOf(events, observed.faultId), seconds };
}

/** The hooks every model command calls: the invariants after it, and the log of what ran. */
export function invariantHooks(b: InvariantBounds, stats: CommandStats, ran: CommandSpec[], log: (m: string) => void): CommandHooks {
  return {
    ran(spec) {
      ran.push(spec);
      stats.commands++;
    },
    async after(spec, model, system, observed) {
      const seen = judged(observed, system.sequenceEvents, b);
      const k = (stats.byCommand[spec.cmd] ??= { count: 0, seconds: 0 });
      k.count++;
      k.seconds += seen.seconds;
      if ('heal' in seen && seen.heal.backSeconds !== null) stats.heals.push(seen.heal.backSeconds);
      if ('scaleOut' in seen && seen.scaleOut.seconds !== null) stats.scaleOuts.push(seen.scaleOut.seconds);
      if ('drain' in seen && seen.drain.seconds !== null) stats.drains.push(seen.drain.seconds);
      if ('link' in seen && seen.link.reconnectedSeconds !== null) stats.reconnects.push(seen.link.reconnectedSeconds);
      if ('write' in seen) stats.writeMaxMs = Math.max(stats.writeMaxMs, ...seen.write.latenciesMs);
      log(`  ${describe(spec)} ${seen.seconds.toFixed(1)} s`);
      const v = judgeObservation(spec, seen, b, { linkDown: [...model.nodes.values()].some((n) => n.link === 'down') });
      if (v) throw v;
      await checkDurability(model, system, `after ${describe(spec)}`, spec.cmd === 'ReadBack' ? spec.camera : undefined);
    },
  };
}

const describe = (c: CommandSpec) => {
  const { cmd, ...args } = c;
  return `${cmd}(${Object.values(args).join(', ')})`;
};

/** Which contract clauses a failed sequence speaks to: the invariant and the faults it contains. */
export function clausesOf(invariant: InvariantName | 'harness', commands: readonly CommandSpec[]): string[] {
  // an invariant about one kind of outcome speaks to the clauses that bound it
  const own = INVARIANT_CLAUSES[invariant as keyof typeof INVARIANT_CLAUSES];
  if (own) return [...own];
  // the others (durability, availability) to the clauses of the faults the sequence held
  const kinds = commands.map((c) => COMMAND_KINDS[c.cmd]).filter((k): k is FaultKindName => k !== null);
  return kinds.length ? clausesOfKinds(kinds) : ['T3'];
}

/** What each invariant checks is a clause's bound: T6's heal, T8's first chunk, T9's (and T10's pool) drain, T9's link. */
const INVARIANT_CLAUSES: Partial<Record<InvariantName, readonly string[]>> = {
  'self-heal': ['T6'],
  'scale-out': ['T8'],
  drain: ['T9', 'T10'],
  link: ['T9'],
  'hot-plug': ['T3'],
};
