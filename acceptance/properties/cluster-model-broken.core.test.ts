// The model-based property must FAIL on deliberately broken configurations of the real
// core with a counterexample of a handful of commands (shrunk on the real core for the kind
// whose shrink steps are cheap, broken-kinds.ts), write it as a replay file, and the replay
// must reproduce the failure. Each kind runs on a cluster of its own, the three at once: most of
// their time is waiting on the core (a 30 s self-heal bound, a 30 s watch of an added node, a
// boot after a power cut), and no kind inherits another's damage (goal-1 loses chunks for good).
//   goal-1                 the data has one copy: a power loss of the node holding the newest
//                          segment makes it unavailable -> durability (T6)
//   no-self-heal           storage nodes without a restart policy or BMC watchdog -> a crashed
//                          node stays down -> self-heal (T6)
//   cannot-receive-chunks  the added node registers but never gets a chunk -> scale-out (T8)
import { existsSync } from 'node:fs';
import * as allure from 'allure-js-commons';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BROKEN_FC_SEED, BROKEN_KINDS, BROKEN_MAX_COMMANDS, BROKEN_RUNS, SHRINK_ALL, type BrokenKind } from './broken-kinds';
import { BAYS_PER_NODE, CI_BOUNDS, TOLERATED_DOMAINS, startModelCluster, type ModelCluster } from './harness';
import { readReplayFile } from './replay-file';
import { readHistory } from '../../sim/history';
import { replayScenario, runModelProperty } from './runner';

const FC_SEED = Number(process.env.ACCEPT_FC_SEED ?? BROKEN_FC_SEED);

const only = process.env.ACCEPT_FC_BROKEN?.split(',');

const figures: Record<string, unknown> = {};

describe.concurrent('model-based property on deliberately broken core configurations', () => {
  afterAll(() => {
    process.stderr.write(`model-broken figures: ${JSON.stringify(figures)}\n`);
  });

  for (const k of BROKEN_KINDS.filter((x) => !only || only.includes(x.kind))) {
    const shrink = k.shrink || SHRINK_ALL;
    it(`${k.kind}: a counterexample breaking ${k.expect} is found${shrink ? ', shrunk' : ' (kept as drawn)'} with <= 5 commands, and its replay file reproduces it`, async () => {
      const log = (m: string) => process.stderr.write(`[model-broken ${k.kind}] ${m}\n`);
      const mc = await startModelCluster(inject('coreImage'), `model-broken-${k.kind}`, {
        seed: 'model-broken',
        selfHealSeconds: CI_BOUNDS.selfHealSeconds,
        log,
      });
      try {
        await judgeKind(k, shrink, mc, log);
      } finally {
        await mc.stop();
      }
    });
  }
});

/** The property on one broken kind's cluster: a counterexample found, written as a replay file, and reproduced. */
async function judgeKind(k: BrokenKind, shrink: boolean, mc: ModelCluster, log: (m: string) => void) {
  const r = await runModelProperty(mc.system, {
    kind: k.kind,
    config: k.config,
    bounds: k.bounds,
    toleratedDomains: TOLERATED_DOMAINS,
    baysPerNode: BAYS_PER_NODE,
    fcSeed: FC_SEED,
    numRuns: BROKEN_RUNS,
    maxCommands: BROKEN_MAX_COMMANDS,
    weights: k.weights,
    powerLossTarget: k.powerLossTarget,
    endOnFailure: !shrink,
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
  log(
    `${k.kind}: ${f.invariant} found at sequence ${f.foundAtSequence} (${r.sequences} runs${shrink ? ' with shrinking' : ', not shrunk'}); shrunk ${f.original.length} -> ${f.shrunk.length} commands in ${f.shrinkSeconds} s: ${JSON.stringify(f.shrunk)}`,
  );
  log(`${k.kind}: seed ${f.seed} path ${f.path}; replay: ${f.replayCommand}`);
  expect(f.invariant, f.detail).toBe(k.expect);
  expect(f.clauses).toContain(k.clause);
  expect(f.shrunk.length).toBeGreaterThan(0);
  // fast-check's shrinking ran (steps after the first failure) or, unshrunk, the drawn sequence is the counterexample
  if (shrink) expect(r.sequences, 'shrink steps after the first failure').toBeGreaterThan(f.foundAtSequence);
  else expect(f.shrunk).toEqual(f.original);
  expect(f.shrunk.length, JSON.stringify(f.shrunk)).toBeLessThanOrEqual(5);
  expect(existsSync(f.replayFile)).toBe(true);
  // the file validates (zod) and carries the shrunk list
  const file = readReplayFile(f.replayFile);
  expect(file.commands).toEqual(f.shrunk);
  // the shrunk sequence is in the run's history, command by command, as it ran
  const events = readHistory(file.history!.file).events;
  const seq = events.find((e) => e.kind === 'model.sequence' && e.dir === file.history!.shrunk);
  expect(seq, `sequence ${file.history!.shrunk} in ${file.history!.file}`).toBeDefined();
  const ranThere = events.filter((e) => e.kind === 'model.command' && e.seq === (seq as { index: number }).index);
  expect(ranThere.map((e) => (e as { command: string }).command)).toEqual(f.shrunk.map((c) => c.cmd).slice(0, ranThere.length));
  expect(ranThere.length).toBeGreaterThan(0);

  const replay = await replayScenario(mc.system, f.replayFile, log);
  figures[k.kind] = {
    foundAtSequence: f.foundAtSequence,
    sequences: r.sequences,
    commands: r.commands,
    seconds: r.seconds,
    original: f.original.length,
    shrunk: f.shrunk.length,
    shrinkSeconds: f.shrinkSeconds,
    shrunkCommands: f.shrunk,
    replay: replay,
    seed: f.seed,
    path: f.path,
    replayCommand: f.replayCommand,
  };
  await allure.attachment('figures.json', JSON.stringify(figures[k.kind], null, 2), 'application/json');
  expect(replay.reproduced, `replay gave ${replay.invariant}: ${replay.detail}`).toBe(true);
}
