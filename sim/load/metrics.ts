// k6's four metric types with tags on every sample, and sub-metrics selected by tags.
// Raw samples are not kept (a long run would not fit in memory); each metric keeps an
// aggregate, and each declared sub-metric ('write_latency{phase:during}') its own.
// Every sample can also go to a sink (e.g. the history journal), like k6's --out json.
import { build, type Histogram } from 'hdr-histogram-js';

export type Tags = Record<string, string>;
export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
/** 'time' values are milliseconds (rendered as durations); 'data' bytes; 'default' plain numbers */
export type ValueKind = 'default' | 'time' | 'data';

export interface Sample {
  metric: string;
  type: MetricType;
  value: number;
  tags: Tags;
  /** ms on the engine's monotonic clock */
  time: number;
}

/** An aggregation a threshold or a summary reads: 'avg', 'count', ... or a percentile. */
export type Stat = { kind: 'count' | 'rate' | 'value' | 'avg' | 'min' | 'max' | 'med' | 'passes' | 'fails' } | { kind: 'p'; p: number };

/** Which stats each type offers: k6's set (counter count/rate, gauge value, rate rate, trend avg/min/max/med/p(N)) plus a few harmless extras. */
export const STATS_BY_TYPE: Record<MetricType, readonly Stat['kind'][]> = {
  counter: ['count', 'rate'],
  gauge: ['value', 'min', 'max'],
  rate: ['rate', 'passes', 'fails'],
  trend: ['avg', 'min', 'max', 'med', 'p', 'count'],
};

export const statLabel = (s: Stat): string => (s.kind === 'p' ? `p(${s.p})` : s.kind);

/** Parses 'avg', 'p(99.9)', ... as used in summaryTrendStats. */
export function parseStat(text: string): Stat | undefined {
  const t = text.trim();
  const m = /^p\(\s*(.*?)\s*\)$/.exec(t);
  if (m) {
    // any plain decimal, with exponent too, so that String(p) always reads back
    if (!/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(m[1] as string)) return undefined;
    const p = Number(m[1]);
    return p >= 0 && p <= 100 ? { kind: 'p', p } : undefined;
  }
  const kinds = ['count', 'rate', 'value', 'avg', 'min', 'max', 'med', 'passes', 'fails'] as const;
  return (kinds as readonly string[]).includes(t) ? { kind: t as (typeof kinds)[number] } : undefined;
}

// ---------------------------------------------------------------- aggregates

interface Aggregate {
  add(value: number, time: number): void;
  /** undefined when the stat has no meaning yet (no samples) */
  stat(s: Stat, elapsedMs: number): number | undefined;
  readonly samples: number;
}

class CounterAgg implements Aggregate {
  samples = 0;
  private sum = 0;
  add(v: number) {
    this.samples++;
    this.sum += v;
  }
  stat(s: Stat, elapsedMs: number) {
    // A counter with no samples is a real zero: 'count==0' on dropped_iterations must pass.
    if (s.kind === 'count') return this.sum;
    if (s.kind === 'rate') return elapsedMs > 0 ? this.sum / (elapsedMs / 1000) : 0;
    return undefined;
  }
}

class GaugeAgg implements Aggregate {
  samples = 0;
  private last = 0;
  private lo = Infinity;
  private hi = -Infinity;
  add(v: number) {
    this.samples++;
    this.last = v;
    this.lo = Math.min(this.lo, v);
    this.hi = Math.max(this.hi, v);
  }
  stat(s: Stat) {
    if (this.samples === 0) return undefined;
    if (s.kind === 'value') return this.last;
    if (s.kind === 'min') return this.lo;
    if (s.kind === 'max') return this.hi;
    return undefined;
  }
}

class RateAgg implements Aggregate {
  samples = 0;
  private pass = 0;
  add(v: number) {
    this.samples++;
    if (v !== 0) this.pass++;
  }
  stat(s: Stat) {
    if (s.kind === 'passes') return this.pass;
    if (s.kind === 'fails') return this.samples - this.pass;
    if (s.kind === 'rate') return this.samples === 0 ? undefined : this.pass / this.samples;
    return undefined;
  }
}

/**
 * Trend: exact count/sum/min/max, percentiles from an HDR histogram that stores integer
 * MICROSECONDS (value in ms x 1000) with 3 significant digits: 0.1 % relative error, and
 * sub-millisecond latencies (local loopback writes) are still resolved. Packed buckets
 * keep a sub-metric's histogram at a few KB.
 */
class TrendAgg implements Aggregate {
  samples = 0;
  private sum = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private readonly hist: Histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000, // 1 h in µs; autoResize grows it if needed
    numberOfSignificantValueDigits: 3,
    autoResize: true,
    bitBucketSize: 'packed',
  });
  add(v: number) {
    this.samples++;
    this.sum += v;
    this.lo = Math.min(this.lo, v);
    this.hi = Math.max(this.hi, v);
    this.hist.recordValue(Math.round(v * 1000));
  }
  stat(s: Stat) {
    if (s.kind === 'count') return this.samples;
    if (this.samples === 0) return undefined;
    switch (s.kind) {
      case 'avg':
        return this.sum / this.samples;
      case 'min':
        return this.lo;
      case 'max':
        return this.hi;
      case 'med':
        return this.percentile(50);
      case 'p':
        return this.percentile(s.p);
      default:
        return undefined;
    }
  }
  private percentile(p: number): number {
    // HDR returns the bucket's highest equivalent value; clamp into the exact [min, max].
    const v = this.hist.getValueAtPercentile(p) / 1000;
    return Math.min(this.hi, Math.max(this.lo, v));
  }
}

function newAggregate(type: MetricType): Aggregate {
  switch (type) {
    case 'counter':
      return new CounterAgg();
    case 'gauge':
      return new GaugeAgg();
    case 'rate':
      return new RateAgg();
    case 'trend':
      return new TrendAgg();
  }
}

// ---------------------------------------------------------------- selectors

export interface MetricSelector {
  name: string;
  tags: Tags;
}

const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

export class MetricSelectorError extends Error {
  override name = 'MetricSelectorError';
}

/** 'write_latency{phase:during,camera:"c 1"}' -> { name, tags }. Tag values may be quoted. */
export function parseMetricSelector(text: string): MetricSelector {
  const m = /^\s*([^{}\s]+)\s*(?:\{(.*)\})?\s*$/.exec(text);
  if (!m) throw new MetricSelectorError(`metric '${text}': expected 'name' or 'name{tag:value,...}'`);
  const name = m[1] as string;
  if (!METRIC_NAME.test(name))
    throw new MetricSelectorError(`metric '${text}': name '${name}' may hold only letters, digits, _ . - and must not start with a digit`);
  const tags: Tags = {};
  const body = m[2];
  if (body !== undefined) {
    if (body.trim() === '') throw new MetricSelectorError(`metric '${text}': empty tag filter '{}'`);
    for (const part of body.split(',')) {
      const i = part.indexOf(':');
      if (i < 0) throw new MetricSelectorError(`metric '${text}': tag filter '${part.trim()}' needs the form key:value`);
      const key = part.slice(0, i).trim();
      let value = part.slice(i + 1).trim();
      if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
      if (key === '' || value === '')
        throw new MetricSelectorError(`metric '${text}': tag filter '${part.trim()}' has an empty key or value`);
      if (key in tags) throw new MetricSelectorError(`metric '${text}': tag '${key}' given twice`);
      tags[key] = value;
    }
  }
  return { name, tags };
}

/** Canonical key, tags sorted: 'write_latency{camera:c1,phase:during}'. */
export function selectorKey(sel: MetricSelector): string {
  const keys = Object.keys(sel.tags).sort();
  return keys.length === 0 ? sel.name : `${sel.name}{${keys.map((k) => `${k}:${sel.tags[k]}`).join(',')}}`;
}

const tagsMatch = (sample: Tags, filter: Tags) => Object.entries(filter).every(([k, v]) => sample[k] === v);

// ---------------------------------------------------------------- metrics

export class SubMetric {
  readonly key: string;
  readonly agg: Aggregate;
  constructor(
    readonly parent: Metric,
    readonly tags: Tags,
  ) {
    this.key = selectorKey({ name: parent.name, tags });
    this.agg = newAggregate(parent.type);
  }
  get samples(): number {
    return this.agg.samples;
  }
  stat(s: Stat, elapsedMs: number): number | undefined {
    return this.agg.stat(s, elapsedMs);
  }
}

export class Metric {
  private readonly agg: Aggregate;
  private readonly subs = new Map<string, SubMetric>();
  constructor(
    readonly name: string,
    readonly type: MetricType,
    readonly contains: ValueKind,
  ) {
    this.agg = newAggregate(type);
  }
  get samples(): number {
    return this.agg.samples;
  }
  /** internal: the registry validates, tags and forwards samples here */
  record(value: number, tags: Tags, time: number): void {
    this.agg.add(value, time);
    for (const sub of this.subs.values()) if (tagsMatch(tags, sub.tags)) sub.agg.add(value, time);
  }
  stat(s: Stat, elapsedMs: number): number | undefined {
    return this.agg.stat(s, elapsedMs);
  }
  /** Declares (or returns) the sub-metric for a tag filter; it sees samples from now on. */
  sub(tags: Tags): SubMetric {
    const key = selectorKey({ name: this.name, tags });
    let s = this.subs.get(key);
    if (!s) {
      s = new SubMetric(this, { ...tags });
      this.subs.set(key, s);
    }
    return s;
  }
  subMetrics(): SubMetric[] {
    return [...this.subs.values()];
  }
}

export interface MetricHandle {
  readonly name: string;
  readonly type: MetricType;
  /** Rate: true/non-zero = pass. Trend 'time': milliseconds. */
  add(value: number | boolean, tags?: Tags): void;
}

export type CheckFns<T> = Record<string, (value: T) => boolean>;

/** What an iteration function uses to record: created metrics carry the iteration's tags. */
export interface MetricsRecorder {
  counter(name: string, contains?: ValueKind): MetricHandle;
  gauge(name: string, contains?: ValueKind): MetricHandle;
  rate(name: string): MetricHandle;
  trend(name: string, contains?: ValueKind): MetricHandle;
  /** k6 check(): each named predicate adds a pass/fail to the 'checks' Rate (tag check=name). */
  check<T>(value: T, checks: CheckFns<T>, tags?: Tags): boolean;
}

export interface CheckResult {
  name: string;
  passes: number;
  fails: number;
}

export interface RegistryOptions {
  /** monotonic ms for sample times; default performance.now() */
  now?: () => number;
  sink?: (sample: Sample) => void;
  /** tags added to every sample (run-wide options.tags) */
  tags?: Tags;
}

export class MetricsRegistry implements MetricsRecorder {
  private readonly metrics = new Map<string, Metric>();
  /** sub-metrics asked for before their metric exists (thresholds on custom metrics) */
  private readonly pendingSubs = new Map<string, Tags[]>();
  private readonly checkResults = new Map<string, CheckResult>();
  private frozen = false;
  /** samples that arrived after freeze(): from iterations that ignored their abort signal */
  lateSamples = 0;
  private readonly now: () => number;

  constructor(private readonly opts: RegistryOptions = {}) {
    this.now = opts.now ?? (() => performance.now());
  }

  define(name: string, type: MetricType, contains: ValueKind = 'default'): Metric {
    if (!METRIC_NAME.test(name))
      throw new MetricSelectorError(`metric name '${name}' may hold only letters, digits, _ . - and must not start with a digit`);
    const existing = this.metrics.get(name);
    if (existing) {
      if (existing.type !== type) throw new TypeError(`metric '${name}' is a ${existing.type}, cannot use it as a ${type}`);
      return existing;
    }
    const m = new Metric(name, type, contains);
    this.metrics.set(name, m);
    for (const tags of this.pendingSubs.get(name) ?? []) m.sub(tags);
    this.pendingSubs.delete(name);
    return m;
  }

  /** Records one sample; the single entry point, so every sample gets base tags and goes to the sink. */
  add(metric: Metric, value: number | boolean, tags: Tags = {}): void {
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (!Number.isFinite(v)) throw new RangeError(`metric '${metric.name}': sample ${value} is not a finite number`);
    if (metric.type === 'trend' && v < 0)
      throw new RangeError(`metric '${metric.name}': trend sample ${v} is negative (trends hold durations and sizes)`);
    if (this.frozen) {
      this.lateSamples++;
      return;
    }
    const allTags = { ...this.opts.tags, ...tags };
    const time = this.now();
    metric.record(v, allTags, time);
    this.opts.sink?.({ metric: metric.name, type: metric.type, value: v, tags: allTags, time });
  }

  private handle(m: Metric, baseTags: Tags): MetricHandle {
    return { name: m.name, type: m.type, add: (value, tags) => this.add(m, value, { ...baseTags, ...tags }) };
  }

  counter(name: string, contains: ValueKind = 'default') {
    return this.handle(this.define(name, 'counter', contains), {});
  }
  gauge(name: string, contains: ValueKind = 'default') {
    return this.handle(this.define(name, 'gauge', contains), {});
  }
  rate(name: string) {
    return this.handle(this.define(name, 'rate'), {});
  }
  trend(name: string, contains: ValueKind = 'time') {
    return this.handle(this.define(name, 'trend', contains), {});
  }
  check<T>(value: T, checks: CheckFns<T>, tags: Tags = {}): boolean {
    return this.runChecks(value, checks, tags);
  }

  /** A recorder whose samples all carry `tags` (the iteration's scenario tags, phase, ...). */
  withTags(tags: Tags): MetricsRecorder {
    const reg = this;
    return {
      counter: (n, c = 'default') => reg.handle(reg.define(n, 'counter', c), tags),
      gauge: (n, c = 'default') => reg.handle(reg.define(n, 'gauge', c), tags),
      rate: (n) => reg.handle(reg.define(n, 'rate'), tags),
      trend: (n, c = 'time') => reg.handle(reg.define(n, 'trend', c), tags),
      check: (value, checks, more = {}) => reg.runChecks(value, checks, { ...tags, ...more }),
    };
  }

  private runChecks<T>(value: T, checks: CheckFns<T>, tags: Tags): boolean {
    const checksMetric = this.define('checks', 'rate');
    let all = true;
    for (const [name, predicate] of Object.entries(checks)) {
      let ok: boolean;
      try {
        ok = predicate(value) === true;
      } catch {
        ok = false; // a predicate that throws is a failed check, as in k6
      }
      all &&= ok;
      if (this.frozen) {
        this.lateSamples++;
        continue;
      }
      const r = this.checkResults.get(name) ?? { name, passes: 0, fails: 0 };
      if (ok) r.passes++;
      else r.fails++;
      this.checkResults.set(name, r);
      this.add(checksMetric, ok, { ...tags, check: name });
    }
    return all;
  }

  /** Tracks a sub-metric, e.g. from a threshold key; works before the metric exists. */
  declareSubMetric(sel: MetricSelector): void {
    if (Object.keys(sel.tags).length === 0) return;
    const m = this.metrics.get(sel.name);
    if (m) m.sub(sel.tags);
    else this.pendingSubs.set(sel.name, [...(this.pendingSubs.get(sel.name) ?? []), sel.tags]);
  }

  get(name: string): Metric | undefined {
    return this.metrics.get(name);
  }

  /** The metric or sub-metric a selector names, if it exists. */
  find(sel: MetricSelector): Metric | SubMetric | undefined {
    const m = this.metrics.get(sel.name);
    if (!m || Object.keys(sel.tags).length === 0) return m;
    return m.subMetrics().find((s) => s.key === selectorKey(sel));
  }

  list(): Metric[] {
    return [...this.metrics.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  checks(): CheckResult[] {
    return [...this.checkResults.values()].map((c) => ({ ...c }));
  }

  /** After the run: late samples are counted, not aggregated, so the summary stays fixed. */
  freeze(): void {
    this.frozen = true;
  }
}
