// Real timers, short runs (about 1-2 s each): these measure what the engine really does.
import { describe, expect, it } from 'vitest';
import { RunClock, sleep } from '../clock';
import { type Progress, runLoad } from './engine';
import type { Sample } from './metrics';
import { phaseTags } from './phases';

const sleepy = (ms: number) => async (ctx: { signal: AbortSignal }) => sleep(ms, ctx.signal);

describe('load engine', () => {
  it('a threshold violated on purpose fails the run, naming metric, expression and observed value', async () => {
    const r = await runLoad({
      options: {
        scenarios: { writes: { executor: 'constant-arrival-rate', rate: 20, duration: '1s', preAllocatedVUs: 5, maxVUs: 20 } },
        thresholds: { iteration_duration: ['p(99)<10', 'avg<1000'] },
      },
      iteration: sleepy(50),
    });
    expect(r.passed).toBe(false);
    expect(r.aborted).toBeNull();
    expect(r.failures).toHaveLength(1);
    const m = /^iteration_duration: threshold 'p\(99\)<10' failed: observed p\(99\)=([\d.]+)ms$/.exec(r.failures[0] ?? '');
    expect(m, r.failures[0]).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(50);
    expect(Number(m![1])).toBeLessThan(500); // 50 ms sleeps, plus whatever a loaded box adds
    expect(r.thresholds.find((t) => t.expression === 'avg<1000')?.ok).toBe(true);
    expect(r.scenarios.writes).toMatchObject({ iterations: 20, dropped: 0, errors: 0, interrupted: 0 });
    expect(r.summary.metrics.iteration_duration?.thresholds).toEqual({ 'p(99)<10': { ok: false }, 'avg<1000': { ok: true } });
    expect(r.text).toMatch(/✗ 'p\(99\)<10' p\(99\)=\d+(\.\d+)?ms/);
    expect(r.text).toMatch(/RESULT: FAILED \(1 of 2 thresholds failed\)/);
  });

  it('counts dropped iterations when the target cannot keep up, never delaying them', async () => {
    // 50/s for 2 s = 100 due; 2 VUs x 200 ms each serve about 2 x 2 / 0.2 = 20; ~80 dropped
    const d = 2;
    const r = await runLoad({
      options: {
        scenarios: { writes: { executor: 'constant-arrival-rate', rate: 50, duration: `${d}s`, preAllocatedVUs: 2, maxVUs: 2 } },
        thresholds: { dropped_iterations: ['count==0'] },
      },
      iteration: sleepy(200),
    });
    const s = r.scenarios.writes!;
    expect(s.dropped).toBeGreaterThanOrEqual(50 * d - (2 * d) / 0.2 - 10);
    expect(s.dropped).toBeLessThanOrEqual(50 * d - (2 * d) / 0.2 + 8); // a loaded CI box serves a few less
    expect(s.iterations + s.interrupted + s.dropped).toBe(50 * d); // every due iteration accounted for
    expect(s.allocatedVUs).toBe(2);
    expect(r.passed).toBe(false);
    expect(r.failures[0]).toMatch(/^dropped_iterations: threshold 'count==0' failed: observed count=\d+$/);
    // measured from the due time: an iteration never waited for a VU, so ~200 ms, not more
    const p99 = r.registry.get('iteration_duration')!.stat({ kind: 'p', p: 99 }, 0)!;
    expect(p99).toBeGreaterThanOrEqual(199);
    expect(p99).toBeLessThan(400); // queued iterations would wait up to ~1.8 s
    expect(r.text).toMatch(/dropped_iterations\.+: \d+ /);
  });

  it('abortOnFail stops the run early, not before delayAbortEval', async () => {
    const started = performance.now();
    const r = await runLoad({
      options: {
        scenarios: { writes: { executor: 'constant-arrival-rate', rate: 20, duration: '10s', preAllocatedVUs: 3, gracefulStop: '5s' } },
        thresholds: { iteration_duration: [{ threshold: 'p(99)<10', abortOnFail: true, delayAbortEval: '500ms' }] },
      },
      iteration: sleepy(50),
      thresholdEvalIntervalMs: 250,
    });
    const wall = performance.now() - started;
    expect(wall).toBeLessThan(2500);
    expect(r.passed).toBe(false);
    expect(r.aborted?.reason).toBe('threshold');
    expect(r.aborted?.atMs).toBeGreaterThanOrEqual(500);
    expect(r.aborted?.message).toMatch(/iteration_duration: threshold 'p\(99\)<10' failed/);
    expect(r.scenarios.writes!.iterations).toBeLessThan(60);
    expect(r.text).toMatch(/aborted at .*p\(99\)<10/);
  });

  it('constant-vus: closed loop, each VU runs iterations back to back; checks and custom metrics land in the summary', async () => {
    const vusSeen = new Set<number>();
    const r = await runLoad({
      options: {
        scenarios: { readers: { executor: 'constant-vus', vus: 2, duration: '1s', tags: { kind: 'read' } } },
        thresholds: { checks: ['rate==1'], 'read_bytes{kind:read}': ['count>0'] },
      },
      iteration: async (ctx) => {
        vusSeen.add(ctx.vu);
        await sleep(100, ctx.signal);
        ctx.metrics.counter('read_bytes', 'data').add(1024);
        ctx.metrics.check(ctx.iteration, { 'index is a number': (i) => Number.isInteger(i) });
      },
    });
    expect(r.passed).toBe(true);
    expect([...vusSeen].sort()).toEqual([1, 2]);
    expect(r.scenarios.readers!.iterations).toBeGreaterThanOrEqual(14);
    expect(r.scenarios.readers!.iterations).toBeLessThanOrEqual(22);
    const checks = r.summary.root_group.checks[0]!;
    expect(checks).toMatchObject({ name: 'index is a number', path: '::index is a number', fails: 0 });
    expect(checks.passes).toBe(r.scenarios.readers!.iterations);
    expect(r.summary.metrics['read_bytes{kind:read}']?.values.count).toBe(1024 * r.scenarios.readers!.iterations);
    expect(r.summary.state.testRunDurationMs).toBeGreaterThanOrEqual(1000);
    expect(JSON.parse(JSON.stringify(r.summary)).metrics.iterations.values.count).toBe(r.scenarios.readers!.iterations);
  });

  it('per-vu-iterations: exactly vus x iterations; errors are counted with result:error and can fail a threshold', async () => {
    const seen: string[] = [];
    const r = await runLoad({
      options: {
        scenarios: { batch: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } },
        thresholds: { 'iterations{result:error}': ['count==0'] },
      },
      iteration: async (ctx) => {
        seen.push(`${ctx.vu}/${ctx.vuIteration}`);
        await sleep(5);
        if (ctx.vu === 2 && ctx.vuIteration === 3) throw new Error('segment write refused');
      },
    });
    expect(seen.sort()).toEqual(['1/0', '1/1', '1/2', '1/3', '2/0', '2/1', '2/2', '2/3', '3/0', '3/1', '3/2', '3/3']);
    expect(r.scenarios.batch).toMatchObject({
      iterations: 12,
      errors: 1,
      errorSamples: [{ message: 'Error: segment write refused', count: 1 }],
    });
    expect(r.durationMs).toBeLessThan(1000); // done when the iterations are, not at maxDuration
    expect(r.failures).toEqual(["iterations{result:error}: threshold 'count==0' failed: observed count=1"]);
  });

  it('gracefulStop: in-flight iterations get the grace period, then their signal aborts and they count as interrupted', async () => {
    const r = await runLoad({
      options: { scenarios: { slow: { executor: 'constant-vus', vus: 2, duration: '300ms', gracefulStop: '200ms' } } },
      iteration: sleepy(5000),
    });
    expect(r.scenarios.slow).toMatchObject({ iterations: 0, interrupted: 2 });
    expect(r.durationMs).toBeGreaterThanOrEqual(490);
    expect(r.durationMs).toBeLessThan(1200);
    expect(r.registry.get('interrupted_iterations')!.stat({ kind: 'count' }, 0)).toBe(2);
  });

  it('an iteration that ignores its abort signal is abandoned after abandonAfterMs, and its late samples are not counted', async () => {
    const started = performance.now();
    const r = await runLoad({
      options: {
        scenarios: { stuck: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '200ms', gracefulStop: '100ms' } },
      },
      abandonAfterMs: 100,
      iteration: async (ctx) => {
        await sleep(1500); // no signal: a hung core call
        ctx.metrics.counter('late').add(1);
      },
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.scenarios.stuck).toMatchObject({ iterations: 0, interrupted: 1 });
    await sleep(1400);
    expect(r.registry.get('late')?.stat({ kind: 'count' }, 0) ?? 0).toBe(0);
    expect(r.registry.lateSamples).toBe(1);
  });

  it('ramping-arrival-rate with startTime: the schedule starts late and follows the ramp', async () => {
    const due: number[] = [];
    const clock = new RunClock();
    const r = await runLoad({
      options: {
        scenarios: {
          ramp: {
            executor: 'ramping-arrival-rate',
            startRate: 0,
            stages: [{ duration: '1s', target: 20 }],
            preAllocatedVUs: 2,
            maxVUs: 5,
            startTime: '300ms',
          },
        },
      },
      clock,
      iteration: async (ctx) => {
        due.push(ctx.scheduledAt);
        await sleep(10);
      },
    });
    expect(r.scenarios.ramp).toMatchObject({ iterations: 10, dropped: 0 });
    expect(Math.min(...due)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...due)).toBeLessThan(1300 + 50);
  });

  it('reports progress about once a second, tags samples by fault phase, and stops on an external signal', async () => {
    const progress: Progress[] = [];
    const samples: Sample[] = [];
    const clock = new RunClock();
    const faults = [{ id: 'disk-pull', startMono: 400, endMono: 800 }];
    const stop = new AbortController();
    setTimeout(() => stop.abort('operator pressed Ctrl-C'), 2300);
    const r = await runLoad({
      options: {
        scenarios: { writes: { executor: 'constant-arrival-rate', rate: 10, duration: '10s', preAllocatedVUs: 1 } },
        subMetrics: ['write_latency{phase:during}'],
      },
      clock,
      signal: stop.signal,
      onProgress: (p) => progress.push(p),
      onSample: (s) => samples.push(s),
      iteration: async (ctx) => {
        await sleep(5, ctx.signal);
        ctx.metrics.trend('write_latency').add(ctx.now() - ctx.scheduledAt, phaseTags(ctx.scheduledAt, faults));
      },
    });
    expect(r.aborted).toMatchObject({ reason: 'signal', message: expect.stringMatching(/operator pressed Ctrl-C/) });
    expect(r.passed).toBe(false);
    const running = progress.filter((p) => p.state === 'running');
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(running[0]!.elapsedMs).toBeGreaterThan(900);
    expect(running[0]!.elapsedMs).toBeLessThan(1500);
    expect(running[0]!.iterations).toBeGreaterThanOrEqual(8);
    expect(progress.at(-1)).toMatchObject({ scenario: 'writes', state: 'done' });
    const during = samples.filter((s) => s.metric === 'write_latency' && s.tags.phase === 'during');
    expect(during.length).toBe(4); // due at 400, 500, 600, 700
    expect(during.every((s) => s.tags.fault === 'disk-pull' && s.tags.scenario === 'writes')).toBe(true);
    expect(r.summary.metrics['write_latency{phase:during}']?.values).toHaveProperty('p(99)');
  });

  it('refuses bad options before starting: threshold syntax, aggregation type, missing iteration function', async () => {
    const scenarios = { a: { executor: 'constant-vus' as const, duration: '1s' } };
    await expect(
      runLoad({ options: { scenarios, thresholds: { iteration_duration: ['p(99)<<5'] } }, iteration: () => {} }),
    ).rejects.toThrow(/threshold 'p\(99\)<<5' on 'iteration_duration': two operators/);
    await expect(runLoad({ options: { scenarios, thresholds: { checks: ['avg<5'] } }, iteration: () => {} })).rejects.toThrow(
      /'avg' does not apply to rate metric 'checks'/,
    );
    await expect(runLoad({ options: { scenarios }, iteration: { b: () => {} } })).rejects.toThrow(
      /scenario 'a': no iteration function 'default' \(have: b\)/,
    );
  });
});
