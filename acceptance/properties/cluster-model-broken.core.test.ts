// The model-based property must FAIL on deliberately broken configurations of the real
// core, shrink the counterexample to a handful of commands, write it as a replay file,
// and the replay must reproduce the failure. One cluster serves every kind: the goal is
// set on each sequence's directory, the restart policy on the running containers, the
// defect on the node AddNode brings in.
//   goal-1                 the data has one copy: a power loss of the node holding it loses
//                          (or makes unavailable) acknowledged segments -> durability (T3/T6)
//   no-self-heal           storage nodes without a restart policy or BMC watchdog -> a crashed
//                          node stays down -> self-heal (T6)
//   cannot-receive-chunks  the added node registers but never gets a chunk -> scale-out (T8)
import { existsSync } from 'node:fs';
import * as allure from 'allure-js-commons';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SystemConfig } from '../../sim/model/system';
import type { DraftName } from '../../sim/model/commands';
import { BAYS_PER_NODE, CONTRACT_BOUNDS, TOLERATED_DOMAINS, WEIGHTS, startModelCluster, type ModelCluster } from './harness';
import type { InvariantBounds, InvariantName } from './invariants';
import { readReplayFile } from './replay-file';
import { replayScenario, runModelProperty } from './runner';

const FC_SEED = Number(process.env.ACCEPT_FC_SEED ?? 20261125);
const log = (m: string) => process.stderr.write(`[model-broken] ${m}\n`);
/** CI bound for the no-self-heal control: the reference heals a crash in seconds (see the reference run's heal figures); 180 s per shrink step would take an hour */
const CI_SELF_HEAL_SECONDS = 30;

interface BrokenKind {
  kind: string;
  config: SystemConfig;
  bounds: InvariantBounds;
  expect: InvariantName;
  clause: string;
  /** more of the commands that can expose this defect, so CI finds it in few sequences */
  weights: Partial<Record<DraftName, number>>;
}

const KINDS: BrokenKind[] = [
  { kind: 'goal-1', config: { goal: 1, selfHeal: true }, bounds: CONTRACT_BOUNDS, expect: 'durability', clause: 'T6', weights: { ...WEIGHTS, AddNode: 0, CrashMaster: 0, HangMaster: 0, HangNode: 0, DrainNode: 0 } },
  { kind: 'no-self-heal', config: { goal: 2, selfHeal: false }, bounds: { ...CONTRACT_BOUNDS, selfHealSeconds: CI_SELF_HEAL_SECONDS }, expect: 'self-heal', clause: 'T6', weights: { ...WEIGHTS, AddNode: 0, CrashMaster: 0, HangMaster: 0, HangNode: 0, DrainNode: 0, CrashNode: 6 } },
  { kind: 'cannot-receive-chunks', config: { goal: 2, selfHeal: true, addedNodeDefect: 'cannot-receive-chunks' }, bounds: CONTRACT_BOUNDS, expect: 'scale-out', clause: 'T8', weights: { ...WEIGHTS, CrashMaster: 0, HangMaster: 0, HangNode: 0, DrainNode: 0, AddNode: 8 } },
];
const only = process.env.ACCEPT_FC_BROKEN?.split(',');

let mc: ModelCluster;
const figures: Record<string, unknown> = {};

describe('model-based property on deliberately broken core configurations', () => {
  beforeAll(async () => {
    mc = await startModelCluster(inject('coreImage'), 'model-broken', { seed: 'model-broken', selfHealSeconds: CONTRACT_BOUNDS.selfHealSeconds, log });
  });
  afterAll(async () => {
    await mc?.stop();
    process.stderr.write(`model-broken figures: ${JSON.stringify(figures)}\n`);
  });

  for (const k of KINDS.filter((x) => !only || only.includes(x.kind))) {
    it(`${k.kind}: a counterexample breaking ${k.expect} is found, shrunk to <= 5 commands, and its replay file reproduces it`, async () => {
      const r = await runModelProperty(mc.system, {
        kind: k.kind,
        config: k.config,
        bounds: k.bounds,
        toleratedDomains: TOLERATED_DOMAINS,
        baysPerNode: BAYS_PER_NODE,
        fcSeed: FC_SEED,
        numRuns: 30,
        maxCommands: 6,
        weights: k.weights,
        outDir: mc.outDir,
        log,
      });
      await allure.epic('存储节点');
      await allure.feature(k.clause);
      await allure.tag(`broken:${k.kind}`);
      expect(r.failure, `no counterexample in ${r.sequences} sequences on the broken configuration '${k.kind}'`).not.toBeNull();
      const f = r.failure!;
      for (const c of f.clauses) await allure.label('clause', c);
      await allure.attachmentPath('counterexample.json', f.replayFile, { contentType: 'application/json' });
      await allure.attachmentPath('failure.json', f.failureFile, { contentType: 'application/json' });
      log(`${k.kind}: ${f.invariant} found at sequence ${f.foundAtSequence} (${r.sequences} runs with shrinking); shrunk ${f.original.length} -> ${f.shrunk.length} commands in ${f.shrinkSeconds} s: ${JSON.stringify(f.shrunk)}`);
      log(`${k.kind}: seed ${f.seed} path ${f.path}; replay: ${f.replayCommand}`);
      expect(f.invariant, f.detail).toBe(k.expect);
      expect(f.clauses).toContain(k.clause);
      expect(f.shrunk.length).toBeGreaterThan(0);
      expect(f.shrunk.length, JSON.stringify(f.shrunk)).toBeLessThanOrEqual(5);
      expect(existsSync(f.replayFile)).toBe(true);
      // the file validates (zod) and carries the shrunk list
      expect(readReplayFile(f.replayFile).commands).toEqual(f.shrunk);

      const replay = await replayScenario(mc.system, f.replayFile, log);
      figures[k.kind] = { foundAtSequence: f.foundAtSequence, sequences: r.sequences, commands: r.commands, seconds: r.seconds, original: f.original.length, shrunk: f.shrunk.length, shrinkSeconds: f.shrinkSeconds, shrunkCommands: f.shrunk, replay: replay, seed: f.seed, path: f.path, replayCommand: f.replayCommand };
      await allure.attachment('figures.json', JSON.stringify(figures[k.kind], null, 2), 'application/json');
      expect(replay.reproduced, `replay gave ${replay.invariant}: ${replay.detail}`).toBe(true);
    });
  }
});
