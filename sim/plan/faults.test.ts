// The fault registry: every kind a plan can hold and every lifecycle step declared once, with
// the clauses it speaks to.
import { describe, expect, it } from 'vitest';
import { clausesOfKinds, FAULT_KINDS, faultSpecSchema } from './faults';
import { LIFECYCLE_ACTIONS } from './lifecycle-steps';

describe('fault registry', () => {
  it('declares every fault a plan can hold, every lifecycle step and the added node', () => {
    const planned = faultSpecSchema.options.map((o) => o.shape.fault.value);
    for (const k of [...planned, ...LIFECYCLE_ACTIONS, 'add-node']) expect(FAULT_KINDS, k).toHaveProperty(k);
    for (const k of Object.values(FAULT_KINDS)) expect(k.clauses.length).toBeGreaterThan(0);
  });

  it('clauses of kinds: each once, in the catalog order (T9 before T10)', () => {
    expect(clausesOfKinds(['drain-node', 'disk-pull', 'link-down', 'crash'])).toEqual(['T3', 'T6', 'T9', 'T10']);
    expect(clausesOfKinds([])).toEqual([]);
  });
});
