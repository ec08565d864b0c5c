// The operations scenario's controls are built as documented, one at a time or several in
// one run: each names its own broken part in the drill, the reference names none.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../profile/profile';
import { operationsScenario } from './operations';
import type { OperationsDrillSpec } from '../sim/plan/scenario';

const { profile } = loadProfile('ci');
const drillOf = (v: Parameters<typeof operationsScenario>[1]) => {
  const step = operationsScenario(profile, v).schedule[0] as { action: string; drill: OperationsDrillSpec };
  expect(step.action).toBe('operations');
  return step.drill;
};

describe('operations scenario (T11, M7, M2, M4)', () => {
  it('the reference breaks nothing; a control breaks its part; several controls break each theirs', () => {
    expect(drillOf('reference')).not.toHaveProperty('controls');
    expect(drillOf('control:stale-page').controls).toEqual(['stale-page']);
    expect(drillOf(['control:smart-missing', 'control:recording-deleted']).controls).toEqual(['smart-missing', 'recording-deleted']);
    const both = operationsScenario(profile, ['control:led-ignored', 'control:stale-page']);
    expect(both.variant).toBe('control:led-ignored+control:stale-page');
    expect(both.clauses).toEqual(['T11', 'M7', 'M2', 'M4']);
  });

  it('refuses the reference among controls, and an empty list', () => {
    expect(() => operationsScenario(profile, ['reference', 'control:stale-page'])).toThrow(/several controls without the reference/);
    expect(() => operationsScenario(profile, [])).toThrow(/got none/);
  });

  it('refuses two vendor API defects in one run before anything starts (one API stands in front of the BMCs)', () => {
    expect(() => operationsScenario(profile, ['control:smart-missing', 'control:led-ignored'])).toThrow(
      /one vendor API defect per run, not smart-missing and led-ignored/,
    );
    expect(drillOf(['control:led-ignored', 'control:recording-deleted']).controls).toEqual(['led-ignored', 'recording-deleted']);
  });
});
