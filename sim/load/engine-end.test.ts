// The hooks a long-running harness needs: a graceful end (a background load lasts as long
// as its fault scenario), a callback per dropped iteration, and derived metrics before the
// thresholds are judged. Real timers, short runs.
import { describe, expect, it } from 'vitest';
import { sleep } from '../clock';
import { runLoad } from './engine';
import { type DroppedIteration, IterationDropped } from './executors';

describe('load engine: end signal, dropped callback, finalize', () => {
  it('ends every scenario gracefully on the end signal: not aborted, in-flight iterations finish, thresholds judged', async () => {
    const end = new AbortController();
    setTimeout(() => end.abort(), 600);
    const started = performance.now();
    const r = await runLoad({
      options: {
        scenarios: {
          cams: { executor: 'constant-arrival-rate', rate: 10, duration: '1h', preAllocatedVUs: 2, maxVUs: 4 },
          players: { executor: 'constant-vus', vus: 2, duration: '1h' },
          later: { executor: 'per-vu-iterations', vus: 1, iterations: 1, startTime: '30s' },
        },
        thresholds: { iterations: ['count>3'] },
      },
      end: end.signal,
      iteration: async (ctx) => sleep(150, ctx.signal),
    });
    const wall = performance.now() - started;
    expect(wall).toBeGreaterThanOrEqual(600);
    expect(wall).toBeLessThan(1500); // not 1 h, not the 30 s gracefulStop
    expect(r.aborted).toBeNull();
    expect(r.passed).toBe(true);
    expect(r.scenarios.cams).toMatchObject({ state: 'done', interrupted: 0, dropped: 0 });
    // due at 0, 100, ..., 500 ms: 6 started, each finished its 150 ms after the end
    expect(r.scenarios.cams!.iterations).toBeGreaterThanOrEqual(5);
    expect(r.scenarios.cams!.iterations).toBeLessThanOrEqual(7);
    expect(r.scenarios.players!.interrupted).toBe(0);
    expect(r.scenarios.later).toMatchObject({ iterations: 0, state: 'done' }); // never started
  });

  it('tells the caller about each dropped iteration with its schedule index and due time', async () => {
    const dropped: DroppedIteration[] = [];
    const r = await runLoad({
      options: {
        scenarios: {
          cam: { executor: 'constant-arrival-rate', rate: 20, duration: '1s', preAllocatedVUs: 1, maxVUs: 1, tags: { camera: 'cam001' } },
        },
      },
      onDropped: (d) => void dropped.push(d),
      iteration: async (ctx) => sleep(120, ctx.signal),
    });
    const s = r.scenarios.cam!;
    expect(s.dropped).toBeGreaterThan(10);
    expect(dropped).toHaveLength(s.dropped);
    expect(s.iterations + s.dropped + s.interrupted).toBe(20);
    for (const d of dropped) {
      expect(d.scenario).toBe('cam');
      expect(d.tags.camera).toBe('cam001');
      expect(Number.isInteger(d.iteration)).toBe(true);
    }
    // indexes are distinct holes of the schedule 0..19, in due order
    const idx = dropped.map((d) => d.iteration);
    expect(new Set(idx).size).toBe(idx.length);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    expect(dropped[1]!.scheduledAt - dropped[0]!.scheduledAt).toBeGreaterThanOrEqual(49);
  });

  it('finalize adds derived samples before thresholds are judged; later samples are refused', async () => {
    let late: (() => void) | undefined;
    const r = await runLoad({
      options: {
        scenarios: { w: { executor: 'per-vu-iterations', vus: 1, iterations: 2 } },
        thresholds: { recording_gaps: ['count==0'], 'recording_completeness{phase:during}': ['min>=0.99'] },
      },
      metrics: { recording_gaps: { type: 'counter' }, recording_completeness: { type: 'trend', contains: 'default' } },
      iteration: () => undefined,
      finalize: (registry, durationMs) => {
        expect(durationMs).toBeGreaterThanOrEqual(0);
        const gaps = registry.get('recording_gaps')!;
        registry.add(gaps, 1, { camera: 'cam002' });
        const c = registry.get('recording_completeness')!;
        registry.add(c, 1, { phase: 'before' });
        registry.add(c, 0.95, { phase: 'during' });
        late = () => registry.add(gaps, 5);
      },
    });
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([
      "recording_gaps: threshold 'count==0' failed: observed count=1",
      "recording_completeness{phase:during}: threshold 'min>=0.99' failed: observed min=0.950",
    ]);
    late!();
    expect(r.registry.lateSamples).toBe(1);
  });

  it('open-ended scenarios (longer than setTimeout can wait, 24.8 days) sleep in steps: no timer overflow, no busy loop', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const end = new AbortController();
    setTimeout(() => end.abort(), 400);
    const cpu0 = process.cpuUsage();
    try {
      const r = await runLoad({
        options: {
          scenarios: {
            cam: {
              executor: 'constant-arrival-rate',
              rate: 1,
              timeUnit: '200ms',
              duration: '720h',
              preAllocatedVUs: 1,
              startTime: '100ms',
            },
            players: { executor: 'constant-vus', vus: 1, duration: '720h' },
            later: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '720h', startTime: '700h' },
          },
        },
        end: end.signal,
        iteration: async (ctx) => sleep(50, ctx.signal),
      });
      expect(r.aborted).toBeNull();
      expect(r.scenarios.cam!.iterations).toBeGreaterThanOrEqual(1);
      expect(r.durationMs).toBeLessThan(1500);
    } finally {
      process.off('warning', onWarning);
    }
    await sleep(10); // warnings are emitted on the next tick
    expect(warnings).not.toContain('TimeoutOverflowWarning');
    const cpu = process.cpuUsage(cpu0);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(400); // not spinning on 1 ms timers
  });

  it('startGrace: an iteration that cannot start its own work in time throws IterationDropped and is counted dropped; ctx.started sets the start delay; built-ins take sampleTags', async () => {
    const dropped: DroppedIteration[] = [];
    const r = await runLoad({
      options: {
        scenarios: {
          cam: { executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 10, maxVUs: 10, startGrace: '300ms' },
        },
        subMetrics: ['iterations{phase:odd}', 'dropped_iterations{phase:odd}', 'iteration_start_delay{phase:even}'],
        summaryTrendStats: ['min', 'max', 'count'],
      },
      onDropped: (d) => void dropped.push(d),
      sampleTags: (t) => ({ phase: Math.floor(t / 1e9) % 2 ? 'odd' : 'even' }), // constant within the run: 'even'
      iteration: async (ctx) => {
        // every other iteration "waits for a resource" 450 ms: past its 300 ms grace; the margins
        // (290 ms each way) hold on a loaded 2-core machine, where 100 ms of grace once did not
        const wait = ctx.iteration % 2 ? 450 : 10;
        await sleep(wait, ctx.signal);
        if (ctx.now() > ctx.startBy) throw new IterationDropped(`no resource for ${wait} ms`);
        ctx.started();
      },
    });
    const s = r.scenarios.cam!;
    expect(s.dropped).toBe(5);
    expect(s.iterations).toBe(5);
    expect(s.errors).toBe(0);
    expect(dropped.map((d) => [d.reason, d.message])).toEqual(Array(5).fill(['iteration', 'no resource for 450 ms']));
    const delay = r.summary.metrics['iteration_start_delay{phase:even}']!.values;
    expect(delay.count).toBe(5); // only the started ones, each measured to ctx.started(): ~10 ms, not ~0
    expect(delay.min).toBeGreaterThanOrEqual(8); // a timer may fire a little early
    expect(r.summary.metrics.dropped_iterations?.values.count).toBe(5);
    expect(r.summary.metrics['dropped_iterations{phase:odd}']?.values.count).toBe(0);
  });

  it('startGrace: the engine itself behind schedule drops what it reaches too late instead of starting it late', async () => {
    const dropped: DroppedIteration[] = [];
    const stall = setTimeout(() => {
      const until = performance.now() + 300; // the event loop blocked for 300 ms
      while (performance.now() < until);
    }, 100);
    const r = await runLoad({
      options: {
        scenarios: {
          cam: { executor: 'constant-arrival-rate', rate: 50, duration: '1s', preAllocatedVUs: 10, maxVUs: 10, startGrace: '50ms' },
        },
      },
      onDropped: (d) => void dropped.push(d),
      iteration: () => undefined,
    });
    clearTimeout(stall);
    const s = r.scenarios.cam!;
    expect(s.iterations + s.dropped + s.interrupted).toBe(50);
    expect(s.dropped).toBeGreaterThanOrEqual(8); // ~300 ms / 20 ms = 15 due during the stall, less the grace
    expect(dropped.every((d) => d.reason === 'late')).toBe(true);
    expect(r.registry.get('iteration_start_delay')!.stat({ kind: 'max' }, 0)!).toBeLessThanOrEqual(50 + 5);
  });
});
