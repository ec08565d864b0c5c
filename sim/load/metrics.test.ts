import { describe, expect, it } from 'vitest';
import { MetricsRegistry, type Sample, parseMetricSelector, parseStat, selectorKey } from './metrics';

describe('metrics registry', () => {
  it('trend: exact avg/min/max, percentiles within HDR precision (µs, 3 digits)', () => {
    const r = new MetricsRegistry();
    const t = r.trend('lat');
    for (let i = 1; i <= 1000; i++) t.add(i / 10); // 0.1 .. 100 ms
    const m = r.get('lat')!;
    expect(m.stat({ kind: 'avg' }, 0)).toBeCloseTo(50.05, 9);
    expect(m.stat({ kind: 'min' }, 0)).toBe(0.1);
    expect(m.stat({ kind: 'max' }, 0)).toBe(100);
    expect(m.stat({ kind: 'med' }, 0)).toBeCloseTo(50, 1);
    expect(m.stat({ kind: 'p', p: 99 }, 0)).toBeCloseTo(99, 1);
    expect(m.stat({ kind: 'count' }, 0)).toBe(1000);
  });

  it('counter rate is per second of the elapsed time; gauge keeps last/min/max; rate counts non-zero as pass', () => {
    const r = new MetricsRegistry();
    r.counter('c').add(3);
    r.counter('c').add(7);
    expect(r.get('c')!.stat({ kind: 'count' }, 2000)).toBe(10);
    expect(r.get('c')!.stat({ kind: 'rate' }, 2000)).toBe(5);
    const g = r.gauge('g');
    [4, 9, 2].forEach((v) => g.add(v));
    expect([r.get('g')!.stat({ kind: 'value' }, 0), r.get('g')!.stat({ kind: 'min' }, 0), r.get('g')!.stat({ kind: 'max' }, 0)]).toEqual([
      2, 2, 9,
    ]);
    const rate = r.rate('ok');
    [true, false, 1, 0].forEach((v) => rate.add(v));
    expect(r.get('ok')!.stat({ kind: 'rate' }, 0)).toBe(0.5);
    expect(r.get('ok')!.stat({ kind: 'fails' }, 0)).toBe(2);
  });

  it('puts tags on every sample and fills sub-metrics by tag filter', () => {
    const samples: Sample[] = [];
    const r = new MetricsRegistry({ sink: (s) => samples.push(s), tags: { run: 'r1' }, now: () => 42 });
    r.declareSubMetric(parseMetricSelector('write_latency{phase:during}')); // before the metric exists
    const rec = r.withTags({ scenario: 'writes' });
    rec.trend('write_latency').add(100, { phase: 'during', camera: 'c1' });
    rec.trend('write_latency').add(5, { phase: 'before' });
    expect(samples[0]).toEqual({
      metric: 'write_latency',
      type: 'trend',
      value: 100,
      tags: { run: 'r1', scenario: 'writes', phase: 'during', camera: 'c1' },
      time: 42,
    });
    const sub = r.find({ name: 'write_latency', tags: { phase: 'during' } })!;
    expect(sub.stat({ kind: 'count' }, 0)).toBe(1);
    expect(r.get('write_latency')!.stat({ kind: 'count' }, 0)).toBe(2);
  });

  it('check() records to the checks rate with a check tag, and a throwing predicate fails', () => {
    const r = new MetricsRegistry();
    const all = r.check(200, {
      'is 200': (v) => v === 200,
      'is small': (v) => v < 100,
      throws: () => {
        throw new Error('x');
      },
    });
    expect(all).toBe(false);
    expect(r.checks()).toEqual([
      { name: 'is 200', passes: 1, fails: 0 },
      { name: 'is small', passes: 0, fails: 1 },
      { name: 'throws', passes: 0, fails: 1 },
    ]);
    expect(r.get('checks')!.stat({ kind: 'rate' }, 0)).toBeCloseTo(1 / 3, 9);
  });

  it('refuses type clashes, negative trend values and non-finite samples; ignores samples after freeze', () => {
    const r = new MetricsRegistry();
    r.counter('x');
    expect(() => r.trend('x')).toThrow(/'x' is a counter, cannot use it as a trend/);
    expect(() => r.trend('t').add(-1)).toThrow(/negative/);
    expect(() => r.gauge('g').add(Number.NaN)).toThrow(/not a finite number/);
    r.freeze();
    r.counter('x').add(1);
    expect(r.get('x')!.stat({ kind: 'count' }, 0)).toBe(0);
    expect(r.lateSamples).toBe(1);
  });

  it('parses metric selectors and stats', () => {
    expect(parseMetricSelector('write_latency{phase:during, camera:"c 1"}')).toEqual({
      name: 'write_latency',
      tags: { phase: 'during', camera: 'c 1' },
    });
    expect(selectorKey(parseMetricSelector('m{b:2,a:1}'))).toBe('m{a:1,b:2}');
    expect(() => parseMetricSelector('m{phase}')).toThrow(/'phase' needs the form key:value/);
    expect(() => parseMetricSelector('m{}')).toThrow(/empty tag filter/);
    expect(() => parseMetricSelector('9m')).toThrow(/must not start with a digit/);
    expect(() => parseMetricSelector('m{a:1,a:2}')).toThrow(/given twice/);
    expect(parseStat('p(99.9)')).toEqual({ kind: 'p', p: 99.9 });
    expect(parseStat('p(100.1)')).toBeUndefined();
    expect(parseStat('mean')).toBeUndefined();
  });
});
