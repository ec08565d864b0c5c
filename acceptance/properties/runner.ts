// Runs the model-based property on the real system: fast-check draws sequences of
// workload steps and faults, each sequence runs on the reused cluster after a cheap
// reset, the invariants are checked after every command and after the final settle.
// On a failure: the seed and path, the shrunk command list as a replay file in the run
// folder, and the command line that replays it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { ModelCommand, draftArbitraries, type DraftOptions } from '../../sim/model/commands';
import { initialModel, precondition, type CommandSpec } from '../../sim/model/model';
import type { ModelSystem, SystemConfig } from '../../sim/model/system';
import {
  InvariantViolation,
  clausesOf,
  emptyStats,
  invariantHooks,
  settleAndCheck,
  type CommandStats,
  type InvariantBounds,
} from './invariants';
import { performRecorded } from '../../sim/model/commands';
import { REPLAY_FORMAT, readReplayFile, replayCommandLine, writeReplayFile, type ReplayFile } from './replay-file';

/** DraftOptions: what the commands are drawn from (bays per node, weights, power-loss target) */
export interface PropertyRunOptions extends DraftOptions {
  kind: string;
  config: SystemConfig;
  bounds: InvariantBounds;
  toleratedDomains: number;
  fcSeed: number;
  numRuns: number;
  maxCommands: number;
  /** fast-check's replay path, to rerun one case of a seed */
  path?: string;
  /** stop at the first failing sequence, unshrunk (fast-check's endOnFailure): every shrink step is a run on the real core */
  endOnFailure?: boolean;
  /** the run folder: replay files and failure records go here */
  outDir: string;
  log: (m: string) => void;
}

export interface PropertyFailure {
  seed: number;
  path: string;
  invariant: string;
  detail: string;
  clauses: string[];
  original: CommandSpec[];
  shrunk: CommandSpec[];
  shrinkSeconds: number;
  /** the sequence (1-based) that first failed; the runs after it were shrinking */
  foundAtSequence: number;
  replayFile: string;
  replayCommand: string;
  failureFile: string;
}

export interface PropertyRunResult {
  kind: string;
  sequences: number;
  commands: number;
  seconds: number;
  sequencesPerHour: number;
  stats: CommandStats;
  resetSeconds: number[];
  failure: PropertyFailure | null;
}

export async function runModelProperty(system: ModelSystem, o: PropertyRunOptions): Promise<PropertyRunResult> {
  system.useBounds(o.bounds);
  const stats = emptyStats();
  const resetSeconds: number[] = [];
  let sequences = 0;
  let ran: CommandSpec[] = [];
  let firstFailing: CommandSpec[] | null = null;
  let firstFailAt = 0;
  let foundAtSequence = 0;
  let lastFailing: { commands: CommandSpec[]; error: unknown; dir: string } | null = null;
  let firstFailingDir = '';
  const hooks = invariantHooks(o.bounds, stats, [], o.log);
  const commandArbs = draftArbitraries(o).map((a) =>
    a.map((d) => new ModelCommand(d, { ...hooks, ran: (s) => (ran.push(s), hooks.ran(s)) })),
  );
  const t0 = performance.now();
  const prop = fc.asyncProperty(fc.commands(commandArbs, { maxCommands: o.maxCommands, size: 'max' }), async (cmds) => {
    sequences++;
    ran = [];
    const reset = await system.beginSequence(o.config);
    resetSeconds.push(reset.resetSeconds);
    o.log(`sequence ${sequences} (${system.dir}, reset ${reset.resetSeconds} s)`);
    const model = initialModel({ toleratedDomains: o.toleratedDomains, baysPerNode: o.baysPerNode });
    try {
      await fc.asyncModelRun(() => ({ model, real: system }), cmds);
      await settleAndCheck(model, system, o.bounds);
    } catch (e) {
      // the last failing run is fast-check's final (shrunk) counterexample
      lastFailing = { commands: ran.slice(), error: e, dir: system.dir };
      if (!firstFailing) {
        firstFailing = ran.slice();
        firstFailingDir = system.dir;
        firstFailAt = performance.now();
        foundAtSequence = sequences;
      }
      o.log(`  FAILED: ${(e as Error).message}`);
      throw e;
    }
  });
  const details = await fc.check(prop, {
    seed: o.fcSeed,
    numRuns: o.numRuns,
    ...(o.path ? { path: o.path } : {}),
    ...(o.endOnFailure ? { endOnFailure: true } : {}),
  });
  const seconds = (performance.now() - t0) / 1000;
  const base = {
    kind: o.kind,
    sequences,
    commands: stats.commands,
    seconds: round(seconds),
    sequencesPerHour: round((sequences / seconds) * 3600),
    stats,
    resetSeconds,
  };
  if (!details.failed) return { ...base, failure: null };
  const lf = lastFailing as { commands: CommandSpec[]; error: unknown; dir: string } | null;
  const err = lf?.error ?? details.errorInstance;
  const invariant = err instanceof InvariantViolation ? err.invariant : 'harness';
  const detail = err instanceof Error ? err.message : String(err);
  const shrunk = lf?.commands ?? [];
  const original = firstFailing ?? shrunk;
  mkdirSync(o.outDir, { recursive: true });
  const replayFile = join(o.outDir, `counterexample-${o.kind}.json`);
  const failureFile = join(o.outDir, `failure-${o.kind}.json`);
  const file: ReplayFile = {
    format: REPLAY_FORMAT,
    kind: o.kind,
    config: o.config,
    bounds: o.bounds,
    toleratedDomains: o.toleratedDomains,
    fastCheck: { seed: details.seed, path: details.counterexamplePath ?? '', numRuns: o.numRuns, maxCommands: o.maxCommands },
    failure: { invariant, detail, clauses: clausesOf(invariant as never, shrunk) },
    original,
    commands: shrunk.length ? shrunk : original,
    shrink: {
      foundAtSequence,
      shrinkRuns: sequences - foundAtSequence,
      fromCommands: original.length,
      toCommands: shrunk.length,
      seconds: round((performance.now() - firstFailAt) / 1000),
    },
    replay: replayCommandLine(replayFile),
    // where the failing sequences ran, in the run's history (their model.sequence events)
    history: { file: system.history.path, firstFailing: firstFailingDir, shrunk: lf?.dir ?? firstFailingDir },
  };
  writeReplayFile(replayFile, file);
  const failure: PropertyFailure = {
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    invariant,
    detail,
    clauses: file.failure.clauses,
    original,
    shrunk,
    shrinkSeconds: file.shrink.seconds,
    foundAtSequence,
    replayFile,
    replayCommand: file.replay,
    failureFile,
  };
  writeFileSync(failureFile, JSON.stringify({ ...failure, fastCheckReport: fc.defaultReportMessage(details) ?? null }, null, 2) + '\n');
  return { ...base, failure };
}

export interface ReplayResult {
  reproduced: boolean;
  invariant: string | null;
  detail: string | null;
  commands: number;
  seconds: number;
}

/** Runs a replay file's commands in order on the system (no generation, no shrinking). */
export async function replayScenario(system: ModelSystem, path: string, log: (m: string) => void): Promise<ReplayResult> {
  const f = readReplayFile(path);
  const t0 = performance.now();
  const stats = emptyStats();
  const hooks = invariantHooks(f.bounds, stats, [], log);
  system.useBounds(f.bounds);
  await system.beginSequence(f.config);
  const model = initialModel({ toleratedDomains: f.toleratedDomains, baysPerNode: system.rack.node('n1').twin.bays.length });
  try {
    for (const spec of f.commands) {
      if (!precondition(model, spec))
        throw new Error(`replay diverged: ${spec.cmd} is not allowed in the model state reached (file edited by hand?)`);
      hooks.ran(spec);
      await hooks.after(spec, model, system, await performRecorded(spec, model, system));
    }
    await settleAndCheck(model, system, f.bounds);
  } catch (e) {
    const inv = e instanceof InvariantViolation ? e.invariant : null;
    log(`replay: ${(e as Error).message}`);
    return {
      reproduced: inv === f.failure.invariant,
      invariant: inv ?? 'harness',
      detail: (e as Error).message,
      commands: stats.commands,
      seconds: round((performance.now() - t0) / 1000),
    };
  }
  return { reproduced: false, invariant: null, detail: null, commands: stats.commands, seconds: round((performance.now() - t0) / 1000) };
}

const round = (s: number) => Math.round(s * 1000) / 1000;
