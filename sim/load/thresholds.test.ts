import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricsRegistry, type Stat } from './metrics';
import {
  OPS,
  type Op,
  ThresholdParseError,
  compare,
  evaluateThreshold,
  formatThresholdExpression,
  parseThresholdExpression,
  parseThresholds,
} from './thresholds';

describe('threshold expressions', () => {
  it.each([
    ['p(99)<2000', { stat: { kind: 'p', p: 99 }, op: '<', value: 2000 }],
    ['p(99.9)<=500', { stat: { kind: 'p', p: 99.9 }, op: '<=', value: 500 }],
    ['avg<100', { stat: { kind: 'avg' }, op: '<', value: 100 }],
    ['med < 250.5', { stat: { kind: 'med' }, op: '<', value: 250.5 }],
    ['min>=0', { stat: { kind: 'min' }, op: '>=', value: 0 }],
    ['max<5', { stat: { kind: 'max' }, op: '<', value: 5 }],
    ['rate<0.001', { stat: { kind: 'rate' }, op: '<', value: 0.001 }],
    ['count==0', { stat: { kind: 'count' }, op: '==', value: 0 }],
    ['value>-3', { stat: { kind: 'value' }, op: '>', value: -3 }],
    ['value!=7', { stat: { kind: 'value' }, op: '!=', value: 7 }],
    ['  p( 95 ) >  1e3 ', { stat: { kind: 'p', p: 95 }, op: '>', value: 1000 }],
    ['p(0)>=.5', { stat: { kind: 'p', p: 0 }, op: '>=', value: 0.5 }],
  ])('parses %j', (text, expected) => {
    expect(parseThresholdExpression(text, 'm')).toEqual(expected);
  });

  it.each([
    ['', /empty expression/],
    ['p(99)', /no comparison operator/],
    ['avg', /no comparison operator/],
    ['avg<', /missing number after '<'/],
    ['<5', /missing aggregation before '<'/],
    ['avg<abc', /'abc' is not a number/],
    ['avg<5 6', /'5 6' is not a number/],
    ['mean<5', /unknown aggregation 'mean'/],
    ['avg=5', /'=' is not an operator; did you mean '=='/],
    ['avg=>5', /'=>' is not an operator; did you mean '>='/],
    ['avg=<5', /did you mean '<='/],
    ['avg<<5', /two operators in a row/],
    ['avg<>5', /two operators in a row/],
    ['p99<5', /write p\(99\)/],
    ['p(101)<5', /percentile in 'p\(101\)' must be a number from 0 to 100/],
    ['p(-1)<5', /percentile/],
    ['p()<5', /percentile/],
    ['avg<5ms', /has a unit; .* write 5\)/],
    ['avg<2s', /write 2000\)/],
    ['avg<1e999', /out of range/],
    ['avg<Infinity', /not a number/],
    ['rate<0.1.2', /not a number/],
  ])('rejects %j, naming the threshold, the metric and why', (text, why) => {
    const attempt = () => parseThresholdExpression(text, 'write_latency{phase:during}');
    expect(attempt).toThrow(ThresholdParseError);
    expect(attempt).toThrow(why);
    expect(attempt).toThrow(`threshold '${text}' on 'write_latency{phase:during}': `);
  });

  it('collects all errors of a thresholds option, long form included', () => {
    expect(() =>
      parseThresholds({
        iteration_duration: ['p(99)<2000', { threshold: 'avg<<1', abortOnFail: true }],
        checks: 'rate>0.99',
        'bad{phase}': ['count==0'],
        iterations: [{ threshold: 'count>1', delayAbortEval: '10' }],
      }),
    ).toThrow(
      /threshold 'avg<<1' on 'iteration_duration'[\s\S]*bad\{phase\}[\s\S]*delayAbortEval of 'count>1' on 'iterations': '10' has no unit/,
    );
    const ok = parseThresholds({ 'write_latency{phase:during}': [{ threshold: 'p(99)<2000', abortOnFail: true, delayAbortEval: '10s' }] });
    expect(ok[0]).toMatchObject({
      metricKey: 'write_latency{phase:during}',
      abortOnFail: true,
      delayAbortEvalMs: 10_000,
      source: 'p(99)<2000',
    });
  });

  const statArb: fc.Arbitrary<Stat> = fc.oneof(
    fc.constantFrom<Stat>(
      { kind: 'avg' },
      { kind: 'min' },
      { kind: 'max' },
      { kind: 'med' },
      { kind: 'count' },
      { kind: 'rate' },
      { kind: 'value' },
    ),
    fc.double({ min: 0, max: 100, noNaN: true }).map((p): Stat => ({ kind: 'p', p: p + 0 })),
  );
  const opArb = fc.constantFrom<Op>(...OPS);
  const numArb = fc.double({ noNaN: true, noDefaultInfinity: true });

  it('round-trips: parse(format(e)) equals e, for any finite number (property)', () => {
    fc.assert(
      fc.property(statArb, opArb, numArb, (stat, op, value) => {
        const e = { stat, op, value: value + 0 };
        expect(parseThresholdExpression(formatThresholdExpression(e))).toEqual(e);
        // spaces around the operator change nothing
        expect(parseThresholdExpression(formatThresholdExpression(e).replace(op, ` ${op} `))).toEqual(e);
      }),
      { numRuns: 500 },
    );
  });

  it('the evaluator agrees with a direct comparison of the observed value (property)', () => {
    const direct: Record<Op, (a: number, b: number) => boolean> = {
      '<': (a, b) => a < b,
      '<=': (a, b) => a <= b,
      '>': (a, b) => a > b,
      '>=': (a, b) => a >= b,
      '==': (a, b) => a === b,
      '!=': (a, b) => a !== b,
    };
    // Half the cases compare equal numbers, so that <= / == / != are exercised at the boundary.
    const pair = fc.oneof(
      fc.tuple(numArb, numArb),
      numArb.map((x) => [x, x] as [number, number]),
    );
    fc.assert(
      fc.property(opArb, pair, (op, [observed, limit]) => {
        const registry = new MetricsRegistry();
        registry.gauge('g').add(observed);
        const [t] = parseThresholds({ g: [`value${op}${limit}`] });
        const r = evaluateThreshold(t!, registry, 1000, true)!;
        expect(r.ok).toBe(direct[op](observed + 0, limit + 0));
        expect(compare(observed, op, limit)).toBe(direct[op](observed, limit));
        expect(r.observed).toBe(observed);
      }),
      { numRuns: 500 },
    );
  });
});

describe('threshold evaluation', () => {
  it('fails with metric, expression and observed value in the message', () => {
    const registry = new MetricsRegistry();
    const trend = registry.trend('write_latency');
    for (const v of [10, 20, 30, 40, 2500]) trend.add(v, { phase: 'during' });
    trend.add(5, { phase: 'before' });
    registry.declareSubMetric({ name: 'write_latency', tags: { phase: 'during' } });
    const [all, during] = parseThresholds({ write_latency: ['max<5000'], 'write_latency{phase:during}': ['p(99)<2000'] });
    expect(evaluateThreshold(all!, registry, 1000, true)).toMatchObject({ ok: true });
    // the sub-metric was declared after the samples: it has none, so it has no value
    expect(evaluateThreshold(during!, registry, 1000, true)?.message).toMatch(/no samples for 'write_latency\{phase:during\}'/);
    trend.add(2600, { phase: 'during' });
    const r = evaluateThreshold(during!, registry, 1000, true)!;
    expect(r.ok).toBe(false);
    expect(r.message).toBe("write_latency{phase:during}: threshold 'p(99)<2000' failed: observed p(99)=2600ms");
  });

  it('an unknown metric is not evaluable during the run, and fails at the end', () => {
    const registry = new MetricsRegistry();
    const [t] = parseThresholds({ errors: ['count==0'] });
    expect(evaluateThreshold(t!, registry, 1000, false)).toBeUndefined();
    expect(evaluateThreshold(t!, registry, 1000, true)?.message).toMatch(/metric 'errors' was never recorded/);
    registry.counter('errors');
    expect(evaluateThreshold(t!, registry, 1000, true)?.ok).toBe(true);
  });

  it('an aggregation that does not fit the metric type fails with the allowed list', () => {
    const registry = new MetricsRegistry();
    registry.rate('checks').add(true);
    const [t] = parseThresholds({ checks: ['avg<5'] });
    expect(evaluateThreshold(t!, registry, 1000, true)?.message).toMatch(
      /'avg' does not apply to rate metric 'checks' \(use: rate, passes, fails\)/,
    );
  });
});
