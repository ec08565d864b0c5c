import { describe, expect, it } from 'vitest';
import { SCENARIOS, asRequired, scenarioById } from './index';
import { loadProfile } from '../profile/profile';
import { FAULT_KINDS, faultSpecSchema, type FaultKindName } from '../sim/plan/faults';

describe('what a run must show for its variant', () => {
  const v = (clause: string, status: string, clauseStatus?: string) => ({ clause, status, ...(clauseStatus ? { clauseStatus } : {}) });

  it('every control names the clause it must FAIL, and that clause is one of its scenario', () => {
    for (const s of SCENARIOS) {
      for (const variant of s.variants.filter((x) => x.startsWith('control:'))) {
        const target = s.controlTargets?.[variant.slice('control:'.length)];
        expect(target, `${s.id}/${variant}`).toBeDefined();
        expect(s.clauses, `${s.id}/${variant}`).toContain(target);
      }
    }
  });

  it('a reference is as required only when every clause it claims PASSes, and every other judged one', () => {
    const e = scenarioById('operations');
    const claimed = e.clauses.map((c) => v(c, 'PASS'));
    expect(asRequired(e, 'reference', claimed)).toBe(true);
    expect(asRequired(e, 'reference', [...claimed.slice(1), v('T11', 'INCONCLUSIVE')])).toBe(false);
    // a claimed clause with no verdict at all is not shown
    expect(asRequired(e, 'reference', claimed.slice(1))).toBe(false);
    expect(asRequired(e, 'reference', [])).toBe(false);
    // a clause the run can only partly show waits for a person: it neither fails the reference nor passes alone
    expect(asRequired(e, 'reference', [...claimed, v('S6', 'MANUAL')])).toBe(true);
    expect(asRequired(e, 'reference', [v('S6', 'MANUAL')])).toBe(false);
    // nor stands in for a claimed clause, however many twin inventories PASS beside it
    expect(asRequired(e, 'reference', [...claimed.slice(1), v('T11', 'MANUAL'), v('T1', 'PASS')])).toBe(false);
  });

  it("a control must FAIL its own clause by that clause's own checker: a failed background load alone does not count", () => {
    const e = scenarioById('hotplug');
    expect(asRequired(e, 'control:goal-1', [v('T3', 'FAIL', 'FAIL')])).toBe(true);
    // the load failed, the T3 rules passed: the control proved nothing about T3
    expect(asRequired(e, 'control:goal-1', [v('T3', 'FAIL', 'PASS')])).toBe(false);
    const ops = scenarioById('operations');
    // smart-missing must fail T11, not some other clause of the scenario
    expect(asRequired(ops, 'control:smart-missing', [v('T11', 'PASS'), v('M7', 'FAIL')])).toBe(false);
    expect(asRequired(ops, 'control:smart-missing', [v('T11', 'FAIL'), v('M7', 'PASS')])).toBe(true);
  });

  it("every run `accept run` builds, reference or control, reads its twins' hardware (T1, T2, M1, S1) before the load", () => {
    const { profile } = loadProfile('ci');
    for (const s of SCENARIOS)
      for (const variant of s.variants) {
        const built = s.build(profile, 'seed', variant);
        expect(built.hardwareInventory, `${s.id}/${variant}`).toEqual({
          storageNodeBays: 48,
          switchPorts: { geCopper: 24, tenGeOptical: 4 },
        });
      }
  });
});

describe("every run's core options", () => {
  it("every variant of every scenario starts its master with the profile's core.masterConfig (changelog written before the answer), controls too", () => {
    const { profile } = loadProfile('ci');
    expect(profile.core.masterConfig).toEqual({ CHANGELOG_SAVE_MODE: 1 });
    for (const s of SCENARIOS)
      for (const variant of s.variants)
        expect(s.build(profile, 'seed', variant).topology.masterConfig, `${s.id}/${variant}`).toMatchObject({ CHANGELOG_SAVE_MODE: 1 });
  });
});

describe('every fault a scenario plans is a declared kind with valid parameters (sim/plan/faults.ts)', () => {
  it.each(['ci', 'default'])('profile %s: every variant of every scenario, faults, lifecycle steps and added nodes', (id) => {
    const { profile } = loadProfile(id);
    const seen = new Set<string>();
    for (const s of SCENARIOS)
      for (const variant of s.variants) {
        const scenario = s.build(profile, 'plan-check', variant);
        for (const step of scenario.schedule) {
          const kind = step.action === 'fault' ? step.fault.fault : step.action;
          if (!(kind in FAULT_KINDS)) continue;
          seen.add(kind);
          const params = step.action === 'fault' ? step.fault : step;
          const parsed = FAULT_KINDS[kind as FaultKindName].params.safeParse(params);
          expect(parsed.success, `${s.id}/${variant} ${kind}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
          if (step.action === 'fault') expect(faultSpecSchema.safeParse(step.fault).success).toBe(true);
        }
      }
    // the scenarios plan every kind the registry declares
    expect([...seen].sort()).toEqual(Object.keys(FAULT_KINDS).sort());
  });
});
