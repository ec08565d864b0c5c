// The four executors. Arrival-rate ones are open-model: iterations are due at fixed times
// whatever the target does; when no VU is free (all maxVUs busy) a due iteration is
// DROPPED and counted, never queued, so a slow target cannot slow the offered load.
// With a startGrace, an iteration that cannot START its real work by due + grace is dropped
// too: one the engine itself reaches too late (event loop behind), and one whose function
// waited too long for a resource of its own (a writer thread) and gives up by throwing
// IterationDropped. The start delay of every iteration that did start is measured to the
// moment its work began (ctx.started), not to the moment a VU picked it up.
// constant-vus and per-vu-iterations are closed-model loops (a VU waits for its iteration).
import { MAX_TIMER_MS, sleep, waitAtMost } from '../clock';
import { constantArrivals, rampingArrivals } from './arrivals';
import type { MetricHandle, MetricsRecorder, MetricsRegistry, Tags } from './metrics';
import type { Scenario } from './scenario-schema';

export interface IterationContext {
  /** VU number within the scenario, from 1 (a camera index, say) */
  vu: number;
  /** iteration index within the scenario, from 0; for arrival-rate scenarios the index in the
   *  schedule, so dropped iterations leave holes and iteration i is always due at the same time */
  iteration: number;
  /** iterations this VU has started, from 0 */
  vuIteration: number;
  scenario: string;
  /** engine-monotonic ms at which this iteration was due (closed model: when it started) */
  scheduledAt: number;
  /** aborted when the scenario's gracefulStop runs out or the run is aborted */
  signal: AbortSignal;
  /** tags on this iteration's samples: run tags + scenario tags + { scenario } */
  tags: Readonly<Tags>;
  /** records samples carrying `tags`; check() goes to the 'checks' rate */
  metrics: MetricsRecorder;
  /** engine-monotonic ms now (same clock as scheduledAt) */
  now(): number;
  /** engine-monotonic ms by which the real work must have started: scheduledAt + the
   *  scenario's startGrace (Infinity without one, and in the closed model). Past it, throw
   *  IterationDropped instead of starting late. */
  startBy: number;
  /** the moment (engine-monotonic ms, default now) the iteration's real work began, when the
   *  function first waits for something of its own (a free writer thread, say):
   *  iteration_start_delay is measured to here. The first call counts. */
  started(at?: number): void;
}

/** Thrown by an iteration that could not start its work by ctx.startBy: counted as a
 *  dropped iteration (with this message as the reason), not as an error. */
export class IterationDropped extends Error {
  override name = 'IterationDropped';
}

/** What an iteration does; return = success, throw = error (counted with result:error). */
export type IterationFn = (ctx: IterationContext) => unknown;

export interface ScenarioStats {
  scenario: string;
  state: 'waiting' | 'running' | 'stopping' | 'done';
  /** completed iterations, ok + error */
  iterations: number;
  errors: number;
  dropped: number;
  /** cut off by gracefulStop or a run abort; not in `iterations` */
  interrupted: number;
  activeVUs: number;
  allocatedVUs: number;
  maxVUs: number;
  /** first few distinct error messages with counts */
  errorSamples: { message: string; count: number }[];
}

/** An arrival-rate iteration that was due but found no free VU. */
export interface DroppedIteration {
  scenario: string;
  /** index in the schedule (the hole it leaves) */
  iteration: number;
  /** engine-monotonic ms at which it was due */
  scheduledAt: number;
  tags: Readonly<Tags>;
  /** why: no free VU, started too late by the engine, or the iteration's own IterationDropped */
  reason: 'no-vu' | 'late' | 'iteration';
  message: string;
}

export interface BuiltinMetrics {
  iterations: MetricHandle;
  iteration_duration: MetricHandle;
  dropped_iterations: MetricHandle;
  interrupted_iterations: MetricHandle;
  iteration_start_delay: MetricHandle;
}

export interface ScenarioRuntime {
  name: string;
  scenario: Scenario;
  fn: IterationFn;
  registry: MetricsRegistry;
  builtins: BuiltinMetrics;
  /** run-wide tags (options.tags) */
  runTags: Tags;
  now: () => number;
  /** ms on `now` at which the run started; startTime counts from here */
  runStart: number;
  /** aborts the whole run (abortOnFail, external signal) */
  runSignal: AbortSignal;
  /** ends every scenario early as if its duration had run out (graceful: not an abort) */
  endSignal?: AbortSignal | undefined;
  /** told about every dropped arrival-rate iteration (e.g. to journal a missed segment) */
  onDropped?: ((d: DroppedIteration, metrics: MetricsRecorder) => void) | undefined;
  /** how long to wait for iterations that ignore their abort signal before abandoning them */
  abandonAfterMs: number;
  /** extra tags for the built-in samples taken at engine time t (the fault phase, say) */
  sampleTags?: ((t: number) => Tags) | undefined;
  stats: ScenarioStats;
}

const MAX_ERROR_SAMPLES = 10;

export function newScenarioStats(name: string, s: Scenario): ScenarioStats {
  const maxVUs = s.executor === 'constant-arrival-rate' || s.executor === 'ramping-arrival-rate' ? s.maxVUs : s.vus;
  return {
    scenario: name,
    state: 'waiting',
    iterations: 0,
    errors: 0,
    dropped: 0,
    interrupted: 0,
    activeVUs: 0,
    allocatedVUs: 0,
    maxVUs,
    errorSamples: [],
  };
}

/** Runs one scenario from its startTime to the end of its gracefulStop. */
export async function runLoadScenario(rt: ScenarioRuntime): Promise<void> {
  const s = rt.scenario;
  const hardStop = new AbortController();
  const onRunAbort = () => hardStop.abort(rt.runSignal.reason);
  rt.runSignal.addEventListener('abort', onRunAbort, { once: true });
  const inflight = new Set<Promise<void>>();
  const tags: Tags = { ...rt.runTags, ...s.tags, scenario: rt.name };
  const recorder = rt.registry.withTags(tags);
  const start = rt.runStart + s.startTime;
  const stopped = () => rt.runSignal.aborted;
  // a graceful end stops new iterations like the end of the duration does; in-flight ones
  // still get their gracefulStop, and the run is not aborted
  const ended = () => rt.endSignal?.aborted === true;
  const wake = rt.endSignal ? AbortSignal.any([rt.runSignal, rt.endSignal]) : rt.runSignal;
  const iterationsStarted = { n: 0 };
  const perVu = new Map<number, number>();

  const grace = s.executor === 'constant-arrival-rate' || s.executor === 'ramping-arrival-rate' ? (s.startGrace ?? Infinity) : Infinity;
  const at = (t: number, extra?: Tags): Tags => ({ ...tags, ...rt.sampleTags?.(t), ...extra });
  const drop = (iteration: number, scheduledAt: number, reason: DroppedIteration['reason'], message: string) => {
    rt.stats.dropped++;
    rt.builtins.dropped_iterations.add(1, at(scheduledAt));
    rt.onDropped?.({ scenario: rt.name, iteration, scheduledAt, tags, reason, message }, recorder);
  };

  const runIteration = (vu: number, iteration: number, scheduledAt: number, openModel: boolean): Promise<void> => {
    const startedAt = rt.now();
    const vuIteration = perVu.get(vu) ?? 0;
    perVu.set(vu, vuIteration + 1);
    rt.stats.activeVUs++;
    // open model: how late the work began after it was due; taken when the iteration says its
    // work began (a job it queued was taken up), else when its function returns
    let startNoted = false;
    const noteStart = (t: number) => {
      if (startNoted || !openModel) return;
      startNoted = true;
      rt.builtins.iteration_start_delay.add(Math.max(0, t - scheduledAt), at(t));
    };
    const ctx: IterationContext = {
      vu,
      iteration,
      vuIteration,
      scenario: rt.name,
      scheduledAt,
      signal: hardStop.signal,
      tags,
      metrics: recorder,
      now: rt.now,
      startBy: openModel ? scheduledAt + grace : Infinity,
      started: (t = rt.now()) => noteStart(t),
    };
    const p = (async () => {
      let error: unknown;
      let failed = false;
      try {
        await rt.fn(ctx);
      } catch (e) {
        failed = true;
        error = e;
      }
      rt.stats.activeVUs--;
      // After the hard stop this iteration was already counted as interrupted.
      if (hardStop.signal.aborted) return;
      if (error instanceof IterationDropped) {
        drop(iteration, scheduledAt, 'iteration', error.message);
        return;
      }
      noteStart(startedAt);
      const end = rt.now();
      // Coordinated omission: arrival-rate durations are measured from the time the
      // iteration was DUE, not from when it started, so any lag of the harness itself
      // shows in the latency. Because late iterations are dropped (not queued), no
      // synthetic values are needed, and recordValueWithExpectedInterval would double-count.
      // (A timer may fire a fraction of a ms before the due time: take the earlier of the two.)
      const duration = end - (openModel ? Math.min(scheduledAt, startedAt) : startedAt);
      const resultTags = at(end, { result: failed ? 'error' : 'ok' });
      rt.builtins.iterations.add(1, resultTags);
      rt.builtins.iteration_duration.add(Math.max(0, duration), resultTags);
      rt.stats.iterations++;
      if (failed) {
        rt.stats.errors++;
        noteError(rt.stats, error);
      }
    })();
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    return p;
  };

  try {
    rt.stats.state = 'waiting';
    await sleepUntil(rt, start, wake);
    if (stopped() || ended()) return;
    rt.stats.state = 'running';
    let endAt: number;
    switch (s.executor) {
      case 'constant-arrival-rate':
      case 'ramping-arrival-rate': {
        const arrivals =
          s.executor === 'constant-arrival-rate'
            ? constantArrivals(s.rate, s.timeUnit, s.duration)
            : rampingArrivals(
                s.startRate,
                s.timeUnit,
                s.stages.map((st) => ({ durationMs: st.duration, target: st.target })),
              );
        const total = s.executor === 'constant-arrival-rate' ? s.duration : s.stages.reduce((a, st) => a + st.duration, 0);
        endAt = start + total;
        // VUs here cost nothing to create, so preAllocatedVUs only sets the initial pool;
        // one more is added (up to maxVUs) at the moment a due iteration finds none free.
        const idle: number[] = [];
        for (let v = s.preAllocatedVUs; v >= 1; v--) idle.push(v);
        rt.stats.allocatedVUs = s.preAllocatedVUs;
        let i = 0;
        let sinceYield = 0;
        for (const offset of arrivals) {
          const due = start + offset;
          const wait = due - rt.now();
          if (wait > 0) {
            await sleep(wait, wake);
            sinceYield = 0;
          } else if (++sinceYield >= 100) {
            await new Promise<void>((r) => setImmediate(r)); // behind schedule: still let I/O run
            sinceYield = 0;
          }
          if (stopped() || ended()) break;
          const index = i++;
          const lateBy = rt.now() - due;
          if (lateBy > grace) {
            drop(index, due, 'late', `the engine reached it ${lateBy.toFixed(0)} ms after it was due (grace ${grace} ms)`);
            continue;
          }
          let vu = idle.pop();
          if (vu === undefined && rt.stats.allocatedVUs < s.maxVUs) vu = ++rt.stats.allocatedVUs;
          if (vu === undefined) {
            drop(index, due, 'no-vu', `no free VU: all ${s.maxVUs} busy when it fell due`);
            continue;
          }
          const v = vu;
          iterationsStarted.n++;
          void runIteration(v, index, due, true).then(() => idle.push(v));
        }
        break;
      }
      case 'constant-vus':
      case 'per-vu-iterations': {
        const limit = s.executor === 'constant-vus' ? s.duration : s.maxDuration;
        const perVuLimit = s.executor === 'per-vu-iterations' ? s.iterations : Infinity;
        endAt = start + limit;
        rt.stats.allocatedVUs = s.vus;
        const loops: Promise<void>[] = [];
        for (let vu = 1; vu <= s.vus; vu++) {
          loops.push(
            (async () => {
              for (let n = 0; n < perVuLimit && rt.now() < endAt && !stopped() && !ended(); n++) {
                await runIteration(vu, iterationsStarted.n++, rt.now(), false);
                // a macrotask turn between iterations: an iteration that resolves at once
                // must not starve timers (progress, thresholds, other scenarios)
                await new Promise<void>((r) => setImmediate(r));
              }
            })(),
          );
        }
        // the loops end on their own (iterations done) or at endAt; then the graceful stop
        await waitAtMost(Promise.all(loops), endAt - rt.now(), wake);
        break;
      }
    }
    if (ended()) endAt = Math.min(endAt, rt.now());
    await sleepUntil(rt, endAt, wake, () => inflight.size === 0 && s.executor !== 'constant-vus');
    rt.stats.state = 'stopping';
    if (inflight.size > 0 && !stopped()) {
      await waitAtMost(Promise.allSettled([...inflight]), s.gracefulStop, rt.runSignal);
    }
  } finally {
    // Hard stop: whatever still runs is interrupted (counted now, its late result ignored).
    if (inflight.size > 0) {
      rt.stats.interrupted += inflight.size;
      rt.builtins.interrupted_iterations.add(inflight.size, at(rt.now()));
    }
    hardStop.abort(new Error(`scenario '${rt.name}' stopped`));
    if (inflight.size > 0) await waitAtMost(Promise.allSettled([...inflight]), rt.abandonAfterMs);
    rt.runSignal.removeEventListener('abort', onRunAbort);
    rt.stats.state = 'done';
  }
}

/** Sleeps until `at` on the engine clock, waking early when `signal` aborts or `earlyExit` turns true. */
async function sleepUntil(rt: ScenarioRuntime, at: number, signal: AbortSignal, earlyExit?: () => boolean): Promise<void> {
  for (;;) {
    const wait = at - rt.now();
    if (wait <= 0 || signal.aborted || earlyExit?.()) return;
    await sleep(earlyExit ? Math.min(wait, 20) : Math.min(wait, MAX_TIMER_MS), signal);
  }
}

function noteError(stats: ScenarioStats, error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const known = stats.errorSamples.find((e) => e.message === message);
  if (known) known.count++;
  else if (stats.errorSamples.length < MAX_ERROR_SAMPLES) stats.errorSamples.push({ message, count: 1 });
}
