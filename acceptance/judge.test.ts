// The judge folds the background load's verdict into every clause verdict of the scenario.
import { describe, expect, it } from 'vitest';
import type { EventKind, HistoryEvent } from '../sim/history';
import { judge } from './judge';
import { loadProfile } from '../profile/profile';

const ev = (i: number, kind: EventKind, more: Record<string, unknown> = {}): HistoryEvent =>
  ({ i, wall: 0, mono: i, virt: 0, kind, ...more }) as HistoryEvent;

describe('judge with a load', () => {
  it('a failed load threshold makes each clause of the scenario FAIL, with the threshold message', () => {
    const { profile } = loadProfile('ci');
    const message = "write_latency{role:camera}: threshold 'p(99)<1' failed: observed p(99)=87.2ms";
    const events = [
      ev(0, 'run.start', { clauses: ['T8', 'T3'], scenario: 'scaleout', variant: 'reference' }),
      ev(1, 'load.start', { name: 'steady' }),
      ev(2, 'load.summary', {
        name: 'steady',
        passed: false,
        aborted: null,
        failures: [message],
        thresholds: [
          {
            metric: 'write_latency{role:camera}',
            expression: 'p(99)<1',
            ok: false,
            observed: 87.2,
            abortOnFail: false,
            detail: 'p(99)=87.2ms',
            message,
          },
        ],
      }),
    ];
    const verdicts = judge(events, profile);
    expect(verdicts.map((v) => [v.clause, v.status])).toEqual([
      ['T8', 'FAIL'],
      ['T3', 'FAIL'],
    ]);
    for (const v of verdicts) expect(v.reasons).toContain(`负载阈值未通过 / load threshold failed: ${message}`);
  });
});
