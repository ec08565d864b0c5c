// A suite's verdicts.json gives each scenario the seconds of its runs, for junit.xml's suite times.
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../sim/verdict';
import { onceEach, secondsByScenario } from './run-suite';

describe('seconds by scenario', () => {
  it('adds a scenario reference and controls; a part that recorded none counts 0', () => {
    expect(
      secondsByScenario([
        { scenario: 'hotplug', variant: 'reference', folder: 'a', overall: 'PASS', asRequired: true, seconds: 70.25 },
        { scenario: 'hotplug', variant: 'control:goal-1', folder: 'b', overall: 'FAIL', asRequired: true, seconds: 110.5 },
        { scenario: 'selfheal', variant: 'reference', folder: '', overall: 'ERROR', asRequired: false, error: 'x', seconds: 3 },
        { scenario: 'mixed', variant: 'reference', folder: 'c', overall: 'PASS', asRequired: true },
      ]),
    ).toEqual({ hotplug: 180.75, selfheal: 3, mixed: 0 });
  });
});

describe('a suite’s verdicts', () => {
  const v = (clause: string, scenario: string, status: Verdict['status'] = 'PASS'): Verdict => ({
    clause,
    scenario,
    status,
    figures: [],
    method: { zh: '', en: '' },
    nature: clause === 'T8' || clause === 'T3' ? 'measured' : 'simulated',
    reasons: [],
    evidence: [],
  });
  it('keep each part’s own clauses, and the twins’ hardware every part reads once, unless a part says otherwise', () => {
    const got = onceEach([
      { scenario: 'scaleout', verdicts: [v('T8', 'scaleout'), v('T1', 'scaleout'), v('S1', 'scaleout')] },
      { scenario: 'hotplug', verdicts: [v('T3', 'hotplug'), v('T1', 'hotplug'), v('S1', 'hotplug', 'FAIL')] },
      { scenario: 'elastic-capacity', verdicts: [v('T10', 'elastic-capacity'), v('T1', 'elastic-capacity')] },
    ]);
    expect(got.map((x) => `${x.clause} ${x.scenario} ${x.status}`)).toEqual([
      'T8 scaleout PASS',
      'T1 scaleout PASS',
      'S1 scaleout PASS',
      'T3 hotplug PASS',
      'S1 hotplug FAIL',
      'T10 elastic-capacity PASS',
    ]);
  });
});
