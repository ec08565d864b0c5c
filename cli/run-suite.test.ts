// A suite's verdicts.json gives each scenario the seconds of its runs, for junit.xml's suite times.
import { describe, expect, it } from 'vitest';
import { secondsByScenario } from './run-suite';

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
