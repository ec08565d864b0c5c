// T9 node lifecycle and failover on the real MooseFS core: PASS on the reference (a node
// added and used, one drained and deleted, one dying under load and deleted, nothing lost),
// FAIL on the control (as many nodes as the goal: the drain never finishes, the node cannot
// be deleted). Short versions of `accept run --scenario lifecycle` (24 bays, 8 cameras).
// The T9 rules are asserted from the checker; the background load's own thresholds are
// printed with the verdict (on a shared machine its warm-up phase is not what T9 judges).
import { describe, expect, it } from 'vitest';
import { loadProfile, type Profile } from './profile';
import { figureOf, runJudged } from './core-run';
import { lifecycleScenario, type LifecycleVariant } from '../scenarios/lifecycle';

const SEED = process.env.ACCEPT_SEED ?? 'lifecycle-ci';

function shortProfile(): Profile {
  const { profile } = loadProfile('ci');
  profile.topology.baysPerNode = 24;
  profile.scaleout.newNodeBays = 24;
  profile.workload.cameras = 8;
  profile.faults.lifecycle.warmupSeconds = 15;
  profile.faults.lifecycle.gapSeconds = 3;
  profile.faults.lifecycle.observeSeconds = 5;
  // MooseFS 3.0.117 needs two chunk loops (>= 60 s each) to call a drained node ready; 240 s leaves a margin on a shared machine
  profile.faults.lifecycle.maxDrainSeconds = 240;
  return profile;
}

async function run(variant: LifecycleVariant) {
  const profile = shortProfile();
  const r = await runJudged(lifecycleScenario(profile, SEED, variant), profile, { clause: 'T9', seed: SEED, tag: 't9', epic: '存储节点' });
  return { t9: r.verdict, rules: r.rules, rec: r.rec, fig: (part: string) => figureOf(r.verdict, part), profile };
}

describe('T9 node lifecycle and failover on the real core', () => {
  it('reference: extend, drain, delete, failover: PASS with the figures in bounds', async () => {
    const { t9, rules, rec, fig, profile } = await run('reference');
    expect(rules, t9.reasons.join('\n')).toBe('PASS');
    expect(fig('add → first chunk')?.value).toBeGreaterThan(0);
    const drain = fig('ready for removal')!;
    expect(drain.value).toBeGreaterThan(0);
    expect(drain.value!).toBeLessThanOrEqual(profile.faults.lifecycle.maxDrainSeconds);
    expect(fig('copied elsewhere')?.value).toBeGreaterThan(0);
    expect(t9.figures.filter((f) => f.name.includes("removed from the master's list")).map((f) => f.value)).toEqual([1, 1]);
    expect(fig('every chunk at goal on the others')?.ok).toBe(true);
    expect(fig('longest write stall')?.value!).toBeLessThanOrEqual(profile.faults.lifecycle.maxWriteStallSeconds);
    expect(rec.segments.acked).toBeGreaterThan(100);
    expect(rec.segments.lost).toBe(0);
  });

  it('control:cannot-drain: the drain never finishes, the node cannot be deleted: FAIL', async () => {
    const { t9, rules, fig } = await run('control:cannot-drain');
    expect(rules, t9.reasons.join('\n')).toBe('FAIL');
    expect(t9.reasons.join('\n')).toMatch(/never became ready for removal/);
    expect(t9.reasons.join('\n')).toMatch(/could not be deleted/);
    expect(fig('ready for removal')).toMatchObject({ value: null, ok: false });
  });
});
