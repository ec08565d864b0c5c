import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics';
import { buildSummary, renderTextSummary } from './summary';
import { evaluateThreshold, parseThresholds } from './thresholds';

describe('end-of-test summary', () => {
  it('builds k6-shaped JSON and a text rendering with thresholds, checks and dropped iterations', () => {
    const registry = new MetricsRegistry();
    registry.define('dropped_iterations', 'counter');
    registry.declareSubMetric({ name: 'write_latency', tags: { phase: 'during' } });
    const lat = registry.trend('write_latency');
    [10, 20, 30].forEach((v) => lat.add(v, { phase: 'before' }));
    [900, 1100].forEach((v) => lat.add(v, { phase: 'during' }));
    registry.counter('dropped_iterations').add(3);
    registry.check(1, { acked: (v) => v === 1 });
    registry.check(2, { acked: (v) => v === 1 });
    const thresholds = parseThresholds({ 'write_latency{phase:during}': ['p(99)<1000'], dropped_iterations: ['count<10'] }).map((t) =>
      evaluateThreshold(t, registry, 2000, true)!,
    );
    const data = buildSummary({
      registry,
      thresholds,
      scenarios: {},
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(99)'],
      testRunDurationMs: 2000,
      aborted: null,
      passed: false,
    });

    expect(data.metrics.dropped_iterations).toEqual({
      type: 'counter',
      contains: 'default',
      values: { count: 3, rate: 1.5 },
      thresholds: { 'count<10': { ok: true } },
    });
    expect(data.metrics['write_latency{phase:during}']?.values.max).toBe(1100);
    expect(data.metrics['write_latency{phase:during}']?.thresholds).toEqual({ 'p(99)<1000': { ok: false } });
    expect(data.metrics.write_latency?.values.avg).toBe(412);
    expect(data.metrics.checks?.values).toEqual({ rate: 0.5, passes: 1, fails: 1 });
    expect(data.root_group.checks).toEqual([
      { name: 'acked', path: '::acked', id: expect.stringMatching(/^[0-9a-f]{32}$/), passes: 1, fails: 1 },
    ]);
    expect(data.state.testRunDurationMs).toBe(2000);

    const text = renderTextSummary(data);
    expect(text).toMatch(/█ THRESHOLDS/);
    expect(text).toMatch(/✗ 'p\(99\)<1000' p\(99\)=1100ms/);
    expect(text).toMatch(/✓ 'count<10' count=3/);
    expect(text).toMatch(/✗ acked\n\s+↳ {2}50\.00% — ✓ 1 \/ ✗ 1/);
    expect(text).toMatch(/dropped_iterations\.+: 3 +1\.50\/s/);
    expect(text).toMatch(/write_latency\.+: avg=412ms min=10ms med=30(\.0\d)?ms max=1.1s p\(99\)=1.1s/);
    expect(text).toMatch(/\{phase:during\}\.+: avg=1s/);
    expect(text).toMatch(/RESULT: FAILED \(1 of 2 thresholds failed\)/);
  });
});

describe('text summary with many scenarios', () => {
  it('lists troubled scenarios one by one and the rest as one line', () => {
    const registry = new MetricsRegistry();
    const stats = (name: string, dropped = 0) => ({
      scenario: name,
      state: 'done' as const,
      iterations: 10,
      errors: 0,
      dropped,
      interrupted: 0,
      activeVUs: 0,
      allocatedVUs: 1,
      maxVUs: 2,
      errorSamples: [],
    });
    const scenarios = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`cam${i}`, stats(`cam${i}`, i === 7 ? 3 : 0)]));
    const data = buildSummary({
      registry,
      thresholds: [],
      scenarios,
      summaryTrendStats: ['avg'],
      testRunDurationMs: 1000,
      aborted: null,
      passed: true,
    });
    const text = renderTextSummary(data);
    expect(text).toMatch(/scenario cam7: 10 iterations \(0 errors\), 3 dropped/);
    expect(text).not.toMatch(/scenario cam3:/);
    expect(text).toMatch(/19 more scenarios: 190 iterations \(0 errors\), 0 dropped, 0 interrupted/);
  });
});
