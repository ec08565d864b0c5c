import { describe, expect, it } from 'vitest';
import { LoadOptionsError, parseLoadOptions } from './scenario-schema';

describe('load options schema', () => {
  it('parses the four executors, with k6 defaults, durations in ms', () => {
    const o = parseLoadOptions({
      scenarios: {
        car: { executor: 'constant-arrival-rate', rate: 50, duration: '30s', preAllocatedVUs: 10, maxVUs: 20 },
        rar: {
          executor: 'ramping-arrival-rate',
          startRate: 5,
          timeUnit: '1m',
          stages: [{ duration: '1m', target: 60 }],
          preAllocatedVUs: 4,
        },
        cv: { executor: 'constant-vus', vus: 3, duration: '2m', startTime: '10s', gracefulStop: '5s', tags: { kind: 'read' } },
        pvi: { executor: 'per-vu-iterations', vus: 2, iterations: 7 },
      },
      thresholds: { iteration_duration: ['p(99)<2000'], checks: 'rate>0.99' },
    });
    expect(o.scenarios.car).toMatchObject({
      rate: 50,
      timeUnit: 1000,
      duration: 30_000,
      maxVUs: 20,
      startTime: 0,
      gracefulStop: 30_000,
      tags: {},
    });
    expect(o.scenarios.rar).toMatchObject({ timeUnit: 60_000, stages: [{ duration: 60_000, target: 60 }], maxVUs: 4 });
    expect(o.scenarios.cv).toMatchObject({ vus: 3, duration: 120_000, startTime: 10_000, gracefulStop: 5000, tags: { kind: 'read' } });
    expect(o.scenarios.pvi).toMatchObject({ vus: 2, iterations: 7, maxDuration: 600_000 });
    expect(o.summaryTrendStats).toContain('p(99)');
  });

  it('names the path and the reason of every problem', () => {
    const attempt = () =>
      parseLoadOptions({
        scenarios: {
          a: { executor: 'constant-arrival-rate', rate: 10, duration: '30', preAllocatedVUs: 5, maxVUs: 2 },
          b: { executor: 'shared-iterations', vus: 1 },
        },
      });
    expect(attempt).toThrow(LoadOptionsError);
    try {
      attempt();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toMatch(/scenarios\.a\.duration/);
      expect(msg).toMatch(/no unit; write '30s'/);
      expect(msg).toMatch(/scenarios\.b\.executor/);
    }
  });

  it('rejects maxVUs below preAllocatedVUs, unknown keys, and no scenarios', () => {
    expect(() =>
      parseLoadOptions({ scenarios: { a: { executor: 'constant-arrival-rate', rate: 1, duration: '1s', preAllocatedVUs: 5, maxVUs: 2 } } }),
    ).toThrow(/maxVUs \(2\) is below preAllocatedVUs \(5\)/);
    expect(() => parseLoadOptions({ scenarios: { a: { executor: 'constant-vus', duration: '1s', vu: 3 } } })).toThrow(/vu/);
    expect(() => parseLoadOptions({ scenarios: {} })).toThrow(/at least one scenario/);
    expect(() => parseLoadOptions({ scenarios: { a: { executor: 'constant-vus', duration: '0s' } } })).toThrow(/longer than 0/);
    expect(() =>
      parseLoadOptions({ scenarios: { a: { executor: 'constant-vus', duration: '1s' } }, summaryTrendStats: ['avg', 'p(200)'] }),
    ).toThrow(/'p\(200\)' is not a trend stat/);
  });

  it('startGrace (not k6): arrival-rate only, a duration in ms, absent by default', () => {
    const o = parseLoadOptions({
      scenarios: {
        car: { executor: 'constant-arrival-rate', rate: 1, duration: '1s', preAllocatedVUs: 1, startGrace: '2s' },
        rar: { executor: 'ramping-arrival-rate', stages: [{ duration: '1s', target: 1 }], preAllocatedVUs: 1 },
      },
    });
    expect(o.scenarios.car).toMatchObject({ startGrace: 2000 });
    expect(o.scenarios.rar).not.toHaveProperty('startGrace');
    expect(() => parseLoadOptions({ scenarios: { a: { executor: 'constant-vus', duration: '1s', startGrace: '1s' } } })).toThrow(
      /startGrace/,
    );
  });
});
