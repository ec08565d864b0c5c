// The load engine: runs the scenarios of k6-style options with a caller's iteration
// function, evaluates thresholds (periodically for abortOnFail, and at the end), and
// returns the verdict with a k6-like summary. It knows nothing of what an iteration does.
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import {
  type BuiltinMetrics,
  type DroppedIteration,
  type IterationFn,
  type ScenarioRuntime,
  type ScenarioStats,
  newScenarioStats,
  runLoadScenario,
} from './executors';
import {
  MetricSelectorError,
  type MetricType,
  type MetricsRecorder,
  MetricsRegistry,
  type Sample,
  type Tags,
  type ValueKind,
  parseMetricSelector,
} from './metrics';
import { type LoadOptionsInput, parseLoadOptions } from './scenario-schema';
import { type AbortInfo, type SummaryData, buildSummary, renderTextSummary } from './summary';
import {
  type Threshold,
  ThresholdParseError,
  type ThresholdResult,
  evaluateThreshold,
  parseThresholds,
  thresholdTypeError,
} from './thresholds';

export interface Progress {
  /** ms since the run started */
  elapsedMs: number;
  scenario: string;
  state: ScenarioStats['state'];
  iterations: number;
  dropped: number;
  interrupted: number;
  errors: number;
  activeVUs: number;
  allocatedVUs: number;
  maxVUs: number;
}

export interface RunLoadInput {
  options: LoadOptionsInput;
  /** one function for every scenario, or a map chosen by each scenario's `exec` (else its name, else 'default') */
  iteration: IterationFn | Record<string, IterationFn>;
  /** custom metrics known up front: thresholds are type-checked at start, and a metric
   *  that then gets no sample is a real zero (a counter) rather than 'never recorded' */
  metrics?: Record<string, { type: MetricType; contains?: ValueKind }>;
  /** the run's monotonic clock (sim/clock RunClock fits), so samples share the fault windows' time base */
  clock?: { mono(): number };
  /** about once a second per started scenario, and once more when it is done */
  onProgress?: (p: Progress) => void;
  progressIntervalMs?: number;
  /** how often abortOnFail thresholds are evaluated during the run (k6: 2 s) */
  thresholdEvalIntervalMs?: number;
  /** external stop (Ctrl-C, the harness giving up); the run ends as aborted and not passed */
  signal?: AbortSignal;
  /** graceful end: every scenario stops starting iterations as if its duration had run out
   *  (a background load that lasts as long as a fault scenario); thresholds judge as usual */
  end?: AbortSignal;
  /** every arrival-rate iteration that is dropped (no free VU when it was due, or it could not start within its startGrace) */
  onDropped?: (d: DroppedIteration, metrics: MetricsRecorder) => void;
  /** after the scenarios are done, before thresholds are evaluated: add samples derived from
   *  the whole run (recording gaps, completeness), so that thresholds can judge them too */
  finalize?: (registry: MetricsRegistry, durationMs: number) => void | Promise<void>;
  /** every sample, with its tags, as it is recorded */
  onSample?: (sample: Sample) => void;
  /** how long to wait for iterations that ignore their abort signal (default 2 s) */
  abandonAfterMs?: number;
  /** extra tags for the built-in samples (iterations, dropped_iterations, ...) taken at engine
   *  time t: the fault phase, so that they can be read per phase like the caller's metrics */
  sampleTags?: (t: number) => Tags;
}

export interface LoadResult {
  passed: boolean;
  aborted: AbortInfo | null;
  durationMs: number;
  thresholds: ThresholdResult[];
  /** messages of the failed thresholds (metric, expression, observed value) */
  failures: string[];
  scenarios: Record<string, ScenarioStats>;
  registry: MetricsRegistry;
  summary: SummaryData;
  /** renderTextSummary(summary) */
  text: string;
}

export const BUILTIN_METRICS: Record<keyof BuiltinMetrics | 'vus' | 'vus_max' | 'checks', { type: MetricType; contains: ValueKind }> = {
  iterations: { type: 'counter', contains: 'default' },
  iteration_duration: { type: 'trend', contains: 'time' },
  dropped_iterations: { type: 'counter', contains: 'default' },
  interrupted_iterations: { type: 'counter', contains: 'default' },
  // open model only: how late an iteration's work began after it was due
  iteration_start_delay: { type: 'trend', contains: 'time' },
  vus: { type: 'gauge', contains: 'default' },
  vus_max: { type: 'gauge', contains: 'default' },
  checks: { type: 'rate', contains: 'default' },
};

export async function runLoad(input: RunLoadInput): Promise<LoadResult> {
  const options = parseLoadOptions(input.options);
  const thresholds = parseThresholds(options.thresholds);
  const clock = input.clock;
  const now = clock ? () => clock.mono() : () => performance.now();
  const registry = new MetricsRegistry({ now, tags: options.tags, ...(input.onSample ? { sink: input.onSample } : {}) });

  for (const [name, d] of Object.entries(BUILTIN_METRICS)) registry.define(name, d.type, d.contains);
  for (const [name, d] of Object.entries(input.metrics ?? {}))
    registry.define(name, d.type, d.contains ?? (d.type === 'trend' ? 'time' : 'default'));
  declareSubMetrics(registry, thresholds, options.subMetrics);
  const typeErrors = thresholds.map((t) => thresholdTypeError(t, registry)).filter((e): e is string => e !== undefined);
  if (typeErrors.length > 0) throw new ThresholdParseError(typeErrors.join('\n'));

  const h = (name: keyof BuiltinMetrics) => {
    const m = registry.get(name);
    if (!m) throw new Error(`built-in metric ${name} missing`);
    return { name, type: m.type, add: (v: number | boolean, tags?: Record<string, string>) => registry.add(m, v, tags) };
  };
  const builtins: BuiltinMetrics = {
    iterations: h('iterations'),
    iteration_duration: h('iteration_duration'),
    dropped_iterations: h('dropped_iterations'),
    interrupted_iterations: h('interrupted_iterations'),
    iteration_start_delay: h('iteration_start_delay'),
  };

  const runAbort = new AbortController();
  let aborted: AbortInfo | null = null;
  const runStart = now();
  const elapsed = () => now() - runStart;
  const abort = (reason: AbortInfo['reason'], message: string) => {
    if (aborted) return;
    aborted = { reason, atMs: elapsed(), message };
    runAbort.abort(new Error(message));
  };
  const onExternalAbort = () => abort('signal', `stopped by the caller${input.signal?.reason ? `: ${String(input.signal.reason)}` : ''}`);
  if (input.signal?.aborted) onExternalAbort();
  input.signal?.addEventListener('abort', onExternalAbort, { once: true });

  const runtimes: ScenarioRuntime[] = Object.entries(options.scenarios).map(([name, scenario]) => ({
    name,
    scenario,
    fn: pickIterationFn(input.iteration, name, scenario.exec),
    registry,
    builtins,
    runTags: options.tags,
    now,
    runStart,
    runSignal: runAbort.signal,
    endSignal: input.end,
    onDropped: input.onDropped,
    abandonAfterMs: input.abandonAfterMs ?? 2000,
    sampleTags: input.sampleTags,
    stats: newScenarioStats(name, scenario),
  }));

  // every scenario (a camera each: dozens) listens on these signals
  const listeners = Math.max(10, runtimes.length * 4 + 10);
  setMaxListeners(listeners, runAbort.signal);
  if (input.end) setMaxListeners(listeners, input.end);

  const vus = registry.get('vus');
  const vusMax = registry.get('vus_max');
  const sampleVus = () => {
    if (vus)
      registry.add(
        vus,
        runtimes.reduce((a, r) => a + r.stats.activeVUs, 0),
      );
    if (vusMax)
      registry.add(
        vusMax,
        runtimes.reduce((a, r) => a + r.stats.allocatedVUs, 0),
      );
  };
  const reportedDone = new Set<string>();
  const progress = () => {
    sampleVus();
    if (!input.onProgress) return;
    for (const r of runtimes) {
      if (r.stats.state === 'waiting' || reportedDone.has(r.name)) continue;
      if (r.stats.state === 'done') reportedDone.add(r.name);
      const s = r.stats;
      input.onProgress({
        elapsedMs: elapsed(),
        scenario: r.name,
        state: s.state,
        iterations: s.iterations,
        dropped: s.dropped,
        interrupted: s.interrupted,
        errors: s.errors,
        activeVUs: s.activeVUs,
        allocatedVUs: s.allocatedVUs,
        maxVUs: s.maxVUs,
      });
    }
  };
  const abortOnFail = thresholds.filter((t) => t.abortOnFail);
  const evaluateAbortOnFail = () => {
    const t = elapsed();
    for (const th of abortOnFail) {
      if (t < th.delayAbortEvalMs) continue;
      const r = evaluateThreshold(th, registry, t, false);
      if (r && !r.ok) return abort('threshold', r.message);
    }
  };
  const progressTimer = setInterval(progress, input.progressIntervalMs ?? 1000);
  const thresholdTimer = abortOnFail.length > 0 ? setInterval(evaluateAbortOnFail, input.thresholdEvalIntervalMs ?? 1000) : undefined;

  try {
    await Promise.all(runtimes.map((rt) => runLoadScenario(rt)));
  } finally {
    clearInterval(progressTimer);
    if (thresholdTimer) clearInterval(thresholdTimer);
    input.signal?.removeEventListener('abort', onExternalAbort);
  }
  progress(); // last vus sample, and the 'done' progress of every scenario
  const durationMs = elapsed();
  await input.finalize?.(registry, durationMs);
  registry.freeze(); // iterations that ignored their signal must not change the verdict after the fact

  const results = thresholds.map((t) => evaluateThreshold(t, registry, durationMs, true) as ThresholdResult);
  const failures = results.filter((r) => !r.ok).map((r) => r.message);
  const finalAbort = aborted as AbortInfo | null;
  const passed = failures.length === 0 && finalAbort === null;
  const scenarios = Object.fromEntries(
    runtimes.map((r) => [r.name, { ...r.stats, errorSamples: r.stats.errorSamples.map((e) => ({ ...e })) }]),
  );
  const summary = buildSummary({
    registry,
    thresholds: results,
    scenarios,
    summaryTrendStats: options.summaryTrendStats,
    testRunDurationMs: durationMs,
    aborted: finalAbort,
    passed,
  });
  return {
    passed,
    aborted: finalAbort,
    durationMs,
    thresholds: results,
    failures,
    scenarios,
    registry,
    summary,
    text: renderTextSummary(summary),
  };
}

function pickIterationFn(iteration: RunLoadInput['iteration'], scenario: string, exec: string | undefined): IterationFn {
  if (typeof iteration === 'function') return iteration;
  // k6: `exec` names the function; without it, a function named like the scenario, else 'default'
  const key = exec ?? (scenario in iteration ? scenario : 'default');
  const fn = iteration[key];
  if (!fn) throw new Error(`scenario '${scenario}': no iteration function '${key}' (have: ${Object.keys(iteration).join(', ') || 'none'})`);
  return fn;
}

function declareSubMetrics(registry: MetricsRegistry, thresholds: Threshold[], extra: string[]): void {
  for (const t of thresholds) registry.declareSubMetric(t.metric);
  const errors: string[] = [];
  for (const text of extra) {
    try {
      registry.declareSubMetric(parseMetricSelector(text));
    } catch (e) {
      errors.push(e instanceof MetricSelectorError ? `subMetrics: ${e.message}` : String(e));
    }
  }
  if (errors.length > 0) throw new MetricSelectorError(errors.join('\n'));
}
