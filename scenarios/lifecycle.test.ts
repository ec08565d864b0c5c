// The T9 scenarios are pure functions of profile and seed: the same seed chooses the same
// nodes and times (replayable), another seed may choose others; the controls are built as
// documented (no room to drain; one copy and a long cut).
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../profile/profile';
import { lifecycleScenario } from './lifecycle';
import { CONTROL_HOLD_SECONDS, linkLossScenario } from './link-loss';
import { resolveScenario } from './index';
import { isLifecycleStep } from '../sim/plan/lifecycle-steps';
import type { Scenario } from '../sim/plan/scenario';

const { profile } = loadProfile('ci');
const targets = (s: Scenario) =>
  s.schedule.map((x) => (isLifecycleStep(x) ? `${x.action}:${x.node}@${x.atSeconds}` : `${x.action}@${x.atSeconds}`));

describe('lifecycle scenario (T9)', () => {
  it('same seed, same plan; the drained and the failed node differ; every seed leaves goal copies room', () => {
    const a = lifecycleScenario(profile, 'seed-a');
    expect(targets(lifecycleScenario(profile, 'seed-a'))).toEqual(targets(a));
    const steps = a.schedule.filter(isLifecycleStep);
    expect(a.schedule[0]).toMatchObject({ action: 'add-node', node: { name: 'node4' } });
    expect(steps.map((s) => s.action)).toEqual(['drain-node', 'remove-node', 'fail-node', 'remove-node']);
    expect(steps[0]!.node).toBe(steps[1]!.node);
    expect(steps[2]!.node).toBe(steps[3]!.node);
    expect(steps[0]!.node).not.toBe(steps[2]!.node);
    expect(a.topology.masterConfig).toMatchObject({ CHUNKS_LOOP_MIN_TIME: 60 });
    expect(a.clauses).toEqual(['T9', 'T10']);
    // over many seeds the choice varies (it is drawn, not fixed)
    const drained = new Set(
      Array.from({ length: 20 }, (_, i) => lifecycleScenario(profile, `s${i}`).schedule.filter(isLifecycleStep)[0]!.node),
    );
    expect(drained.size).toBeGreaterThan(1);
  });

  it('the waits run past their bounds, so a missing end is decidable', () => {
    const [drain, , fail] = lifecycleScenario(profile, 'x').schedule.filter(isLifecycleStep);
    expect(drain).toMatchObject({ maxSeconds: profile.faults.lifecycle.maxDrainSeconds + 5 });
    expect(fail).toMatchObject({ maxSeconds: profile.faults.lifecycle.maxFailoverSeconds + 5 });
  });

  it('control:cannot-drain: as many nodes as the goal, no node added, the removal only after a finished drain', () => {
    const c = lifecycleScenario(profile, 'seed-a', 'control:cannot-drain');
    expect(c.topology.nodes).toHaveLength(profile.core.goal);
    expect(c.schedule.some((s) => s.action === 'add-node' || s.action === 'fail-node')).toBe(false);
    expect(c.schedule.filter(isLifecycleStep).find((s) => s.action === 'remove-node')).toMatchObject({ onlyIfDrained: true });
    expect(resolveScenario({ control: 'cannot-drain' })).toMatchObject({ entry: { id: 'lifecycle' }, variant: 'control:cannot-drain' });
  });
});

describe('link-loss scenario (T9 failover by the T3 rules)', () => {
  it('seeded: a link-down until detected, then a short flap; same seed, same nodes', () => {
    const a = linkLossScenario(profile, 'seed-b');
    expect(targets(linkLossScenario(profile, 'seed-b'))).toEqual(targets(a));
    expect(a.schedule).toMatchObject([
      { action: 'mirror-probe', node: 'node1', seconds: profile.faults.linkLoss.mirrorProbeSeconds },
      { action: 'link-down', hold: 'until-detected' },
      { action: 'link-flap', hold: profile.faults.linkLoss.flapSeconds },
    ]);
    // the mirror probe (S6) ends before the first link step begins
    const [probe, down] = a.schedule as { atSeconds: number; seconds?: number }[];
    expect(probe!.atSeconds + 2 * probe!.seconds!).toBeLessThan(down!.atSeconds);
    const nodes = new Set(Array.from({ length: 20 }, (_, i) => (linkLossScenario(profile, `s${i}`).schedule[1] as { node: string }).node));
    expect(nodes.size).toBeGreaterThan(1);
  });
  it('control:link-goal-1: one copy of every chunk and the link held down far beyond the read bound', () => {
    const c = linkLossScenario(profile, 'seed-b', 'control:link-goal-1');
    expect(c.topology.goal).toBe(1);
    expect(c.schedule[1]).toMatchObject({ action: 'link-down', hold: CONTROL_HOLD_SECONDS });
    expect(CONTROL_HOLD_SECONDS).toBeGreaterThan(profile.faults.linkLoss.maxReadSeconds);
    expect(resolveScenario({ control: 'link-goal-1' })).toMatchObject({ entry: { id: 'linkloss' } });
  });
});
