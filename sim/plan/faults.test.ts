// The fault registry: every kind a plan can hold and every lifecycle step declared once, with
// the clauses it speaks to.
import { describe, expect, it } from 'vitest';
import { clausesOfKinds, FAULT_KINDS, faultSpecSchema, refuseMalformedSteps, type FaultKindName } from './faults';
import { LIFECYCLE_ACTIONS } from './lifecycle-steps';

describe('fault registry', () => {
  it('declares every fault a plan can hold, every lifecycle step and the added node', () => {
    const planned = faultSpecSchema.options.map((o) => o.shape.fault.value);
    for (const k of [...planned, ...LIFECYCLE_ACTIONS, 'add-node']) expect(FAULT_KINDS, k).toHaveProperty(k);
    for (const k of Object.values(FAULT_KINDS)) expect(k.clauses.length).toBeGreaterThan(0);
  });

  it('refuses a plan step that does not match its kind: the field named', () => {
    const bad = (kind: FaultKindName, params: unknown) => {
      const r = FAULT_KINDS[kind].params.safeParse(params);
      return r.success ? 'accepted' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    const drain = { atSeconds: 10, action: 'drain-node', id: 'd1', node: 'node2', maxSeconds: 300, pollMs: 1000 };
    expect(bad('drain-node', drain)).toBe('accepted');
    expect(bad('drain-node', { ...drain, maxSeconds: 0 })).toMatch(/^maxSeconds: /);
    expect(bad('drain-node', { ...drain, maxSecs: 300 })).toMatch(/maxSecs/);
    const flap = {
      atSeconds: 5,
      action: 'link-flap',
      id: 'l1',
      node: 'node1',
      hold: 3,
      detectTimeoutSeconds: 30,
      reconnectTimeoutSeconds: 60,
      watchSeconds: 10,
    };
    expect(bad('link-flap', flap)).toBe('accepted');
    expect(bad('link-flap', { ...flap, hold: 'until-detected' })).toMatch(/^hold: a flap holds the link down for seconds/);
    expect(bad('link-down', { ...flap, action: 'link-down', hold: 'until-detected' })).toBe('accepted');
    const add = { atSeconds: 30, action: 'add-node', node: { name: 'node4', bays: 48, baySizeMiB: 512 } };
    expect(bad('add-node', add)).toBe('accepted');
    expect(bad('add-node', { ...add, node: { ...add.node, bays: 0 } })).toMatch(/^node\.bays: /);
    expect(bad('crash', { fault: 'crash', target: 'master', mode: 'reboot' })).toMatch(/^mode: /);
  });

  it('a plan with one malformed step is refused before it runs, naming the step and the field', () => {
    const drain = { atSeconds: 10, action: 'drain-node', id: 'd1', node: 'node2', maxSeconds: 300, pollMs: 1000 };
    expect(() => refuseMalformedSteps([drain, { atSeconds: 0, action: 'operations' }])).not.toThrow();
    expect(() => refuseMalformedSteps([drain, { ...drain, id: 'd2', pollMs: -1 }])).toThrow(
      /plan step d2: not a valid drain-node: .*pollMs/s,
    );
    expect(() => refuseMalformedSteps([{ atSeconds: 1, action: 'fault', id: 'f1', fault: { fault: 'crash', target: 'master' } }])).toThrow(
      /plan step f1: not a valid crash: .*mode/s,
    );
  });

  it('clauses of kinds: each once, in the catalog order (T9 before T10)', () => {
    expect(clausesOfKinds(['drain-node', 'disk-pull', 'link-down', 'crash'])).toEqual(['T3', 'T6', 'T9', 'T10']);
    expect(clausesOfKinds([])).toEqual([]);
  });
});
