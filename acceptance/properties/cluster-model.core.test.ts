// Model-based testing of fault and workload sequences on the REAL MooseFS core (T3, T6,
// T8, T9): fast-check draws sequences of writes, read-backs, bay pulls and inserts, node
// crashes, hangs, power losses, restarts, an added node, a drain, switch ports down and up,
// and master crashes and hangs; the invariants (durability, availability, self-heal,
// scale-out, drain, link) are checked after every command and after the final settle. The
// reference core must show no counterexample.
//
//   ACCEPT_FC_SEED=<n> ACCEPT_FC_RUNS=<n>   another seed / number of sequences
//   ACCEPT_FC_PATH=<path>                   fast-check's replay path of one case
//   ACCEPT_FC_HEAVY=1                       long runs (trial): more and longer sequences
//   ACCEPT_FC_REPLAY=<file>                 replays a counterexample file instead
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  CI_FC_SEED,
  CI_MAX_COMMANDS,
  CI_RUNS,
  CI_BOUNDS,
  HEAVY,
  TOLERATED_DOMAINS,
  BAYS_PER_NODE,
  WEIGHTS,
  startModelCluster,
  type ModelCluster,
} from './harness';
import { runModelProperty, replayScenario } from './runner';
import { readReplayFile } from './replay-file';

const REPLAY = process.env.ACCEPT_FC_REPLAY;
const FC_SEED = Number(process.env.ACCEPT_FC_SEED ?? CI_FC_SEED);
const FC_RUNS = Number(process.env.ACCEPT_FC_RUNS ?? (HEAVY ? 200 : CI_RUNS));
const MAX_COMMANDS = HEAVY ? 16 : CI_MAX_COMMANDS;
const log = (m: string) => process.stderr.write(`[model] ${m}\n`);

let mc: ModelCluster;

describe.runIf(!REPLAY)('model-based fault sequences on the reference core (T3, T6, T8, T9)', () => {
  beforeAll(async () => {
    mc = await startModelCluster(inject('coreImage'), 'model', { seed: 'model-ref', selfHealSeconds: CI_BOUNDS.selfHealSeconds, log });
    log(`cluster up in ${mc.startSeconds.toFixed(1)} s`);
  });
  afterAll(async () => {
    await mc?.stop();
  });

  it(
    `${FC_RUNS} sequences (<= ${MAX_COMMANDS} commands each): no counterexample to durability, availability, self-heal, scale-out, drain, link`,
    async () => {
      const r = await runModelProperty(mc.system, {
        kind: 'reference',
        config: { goal: 2, selfHeal: true },
        bounds: CI_BOUNDS,
        toleratedDomains: TOLERATED_DOMAINS,
        baysPerNode: BAYS_PER_NODE,
        fcSeed: FC_SEED,
        numRuns: FC_RUNS,
        maxCommands: MAX_COMMANDS,
        path: process.env.ACCEPT_FC_PATH,
        weights: WEIGHTS,
        outDir: mc.outDir,
        log,
      });
      const summary = {
        seed: FC_SEED,
        heavy: HEAVY,
        sequences: r.sequences,
        commands: r.commands,
        seconds: r.seconds,
        sequencesPerHour: r.sequencesPerHour,
        measured: 'wall clock, 2-core machine shared with other users',
        resetSecondsMax: Math.max(...r.resetSeconds),
        byCommand: r.stats.byCommand,
        healSeconds: r.stats.heals,
        scaleOutSeconds: r.stats.scaleOuts,
        drainSeconds: r.stats.drains,
        reconnectSeconds: r.stats.reconnects,
        writeMaxMs: r.stats.writeMaxMs,
        notes: mc.system.notes,
        replay: `ACCEPT_FC_SEED=${FC_SEED} ACCEPT_FC_RUNS=${FC_RUNS} npx vitest run --project core acceptance/properties/cluster-model.core.test.ts`,
      };
      mkdirSync(mc.outDir, { recursive: true });
      writeFileSync(join(mc.outDir, 'summary-reference.json'), JSON.stringify(summary, null, 2) + '\n');
      log(
        `reference: ${r.sequences} sequences, ${r.commands} commands executed in ${r.seconds.toFixed(0)} s (${r.sequencesPerHour.toFixed(0)} sequences/hour)`,
      );
      await allure.epic('存储节点');
      for (const c of ['T3', 'T6', 'T8', 'T9']) await allure.feature(c);
      await allure.attachment('model-summary.json', JSON.stringify(summary, null, 2), 'application/json');
      if (r.failure) {
        for (const c of r.failure.clauses) await allure.label('clause', c);
        await allure.attachmentPath('counterexample.json', r.failure.replayFile, { contentType: 'application/json' });
        await allure.attachmentPath('failure.json', r.failure.failureFile, { contentType: 'application/json' });
      }
      expect(
        r.failure,
        r.failure
          ? `${r.failure.detail}\nseed ${r.failure.seed} path ${r.failure.path}\nshrunk: ${JSON.stringify(r.failure.shrunk)}\nreplay: ${r.failure.replayCommand}`
          : '',
      ).toBeNull();
      expect(r.sequences).toBeGreaterThanOrEqual(FC_RUNS);
      // the sequences must have exercised the real faults, not only writes
      const kinds = Object.keys(r.stats.byCommand);
      expect(kinds, JSON.stringify(r.stats.byCommand)).toEqual(expect.arrayContaining(['WriteSegments', 'PullBay', 'PowerLoss']));
      // with the CI seed every command kind ran on the real core (draws.ts replays its draws)
      if (FC_SEED === CI_FC_SEED && FC_RUNS === CI_RUNS && MAX_COMMANDS === CI_MAX_COMMANDS) {
        expect(kinds.sort(), JSON.stringify(r.stats.byCommand)).toEqual([
          'AddNode',
          'CrashMaster',
          'CrashNode',
          'DrainNode',
          'HangMaster',
          'HangNode',
          'InsertBay',
          'PortDown',
          'PortUp',
          'PowerLoss',
          'PullBay',
          'ReadBack',
          'RestartNode',
          'WriteSegments',
        ]);
      }
      expect(r.commands).toBeGreaterThanOrEqual(FC_RUNS);
    },
    30 * 60_000,
  );
});

describe.runIf(!!REPLAY)('replay of a counterexample file', () => {
  beforeAll(async () => {
    mc = await startModelCluster(inject('coreImage'), 'replay', {
      seed: 'model-replay',
      selfHealSeconds: readReplayFile(REPLAY!).bounds.selfHealSeconds,
      log,
    });
  });
  afterAll(async () => {
    await mc?.stop();
  });

  it(`reproduces the failure recorded in ${REPLAY}`, async () => {
    const f = readReplayFile(REPLAY!);
    const r = await replayScenario(mc.system, REPLAY!, log);
    log(
      `replay of ${f.kind}: ${r.reproduced ? 'reproduced' : 'NOT reproduced'} (${r.invariant ?? 'no failure'}) after ${r.commands} commands, ${r.seconds} s`,
    );
    for (const c of f.failure.clauses) await allure.feature(c);
    await allure.attachmentPath('counterexample.json', REPLAY!, { contentType: 'application/json' });
    expect(r.reproduced, `expected ${f.failure.invariant}, got ${r.invariant}: ${r.detail}`).toBe(true);
  });
});
