// k6 threshold syntax: '<stat> <op> <number>', e.g. 'p(99)<2000', 'rate<0.001', 'count==0',
// on a metric or a sub-metric ('write_latency{phase:during}'), short or long form.
import { DurationError, parseDuration } from './duration';
import {
  type MetricSelector,
  MetricSelectorError,
  type MetricsRegistry,
  type Stat,
  STATS_BY_TYPE,
  parseMetricSelector,
  parseStat,
  selectorKey,
  statLabel,
} from './metrics';
import type { ThresholdEntryInput } from './scenario-schema';

export type Op = '<' | '<=' | '>' | '>=' | '==' | '!=';
export const OPS: readonly Op[] = ['<', '<=', '>', '>=', '==', '!='];

/** What evaluation needs from a registry (a saved one would do too). */
export type MetricRegistryView = Pick<MetricsRegistry, 'get' | 'find'>;

export interface ThresholdExpression {
  stat: Stat;
  op: Op;
  value: number;
}

export interface Threshold {
  metric: MetricSelector;
  /** canonical 'name{tag:value}' */
  metricKey: string;
  /** as the user wrote it (k6 reports it verbatim) */
  source: string;
  expression: ThresholdExpression;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

export class ThresholdParseError extends Error {
  override name = 'ThresholdParseError';
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses one expression; `where` names the metric for the error message. */
export function parseThresholdExpression(text: string, where = '?'): ThresholdExpression {
  const fail = (why: string): never => {
    throw new ThresholdParseError(`threshold '${text}' on '${where}': ${why}`);
  };
  const t = text.trim();
  if (t === '') fail('empty expression; expected e.g. p(99)<2000, rate<0.01, count==0');
  const m = /^(.*?)\s*(<=|>=|==|!=|=>|=<|<|>|=)\s*(.*)$/.exec(t);
  if (!m) return fail('no comparison operator; use one of < <= > >= == !=');
  const [, left = '', op = '', right = ''] = m;
  if (op === '=') fail(`'=' is not an operator; did you mean '=='?`);
  if (op === '=>' || op === '=<') fail(`'${op}' is not an operator; did you mean '${op[1]}='?`);
  if (left === '') fail(`missing aggregation before '${op}' (avg, min, med, max, p(N), count, rate, value)`);
  const stat = parseStat(left);
  if (!stat) {
    if (/^p\d/.test(left)) fail(`'${left}' is not an aggregation; write p(${left.slice(1)})`);
    if (/^p\s*\(/.test(left)) fail(`percentile in '${left}' must be a number from 0 to 100, as in p(99.9)`);
    fail(`unknown aggregation '${left}'; use avg, min, med, max, p(N), count, rate, value, passes or fails`);
  }
  if (right === '') fail(`missing number after '${op}'`);
  if (/^[<>=!]/.test(right)) fail(`two operators in a row ('${op}${right[0]}')`);
  if (!NUMBER.test(right)) {
    const asDuration = durationOrUndefined(right);
    if (asDuration !== undefined)
      fail(`'${right}' has a unit; threshold values are plain numbers (time metrics are in ms: write ${asDuration})`);
    fail(`'${right}' is not a number`);
  }
  const value = Number(right) + 0; // + 0 folds -0 into 0
  if (!Number.isFinite(value)) fail(`'${right}' is out of range`);
  return { stat: stat as Stat, op: op as Op, value };
}

function durationOrUndefined(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch (e) {
    if (e instanceof DurationError) return undefined;
    throw e;
  }
}

/** Canonical k6 form, no spaces: parse(format(e)) deep-equals e. */
export function formatThresholdExpression(e: ThresholdExpression): string {
  return `${statLabel(e.stat)}${e.op}${String(e.value)}`;
}

export function compare(observed: number, op: Op, value: number): boolean {
  switch (op) {
    case '<':
      return observed < value;
    case '<=':
      return observed <= value;
    case '>':
      return observed > value;
    case '>=':
      return observed >= value;
    case '==':
      return observed === value;
    case '!=':
      return observed !== value;
  }
}

/** Parses the whole `thresholds` option; collects every error, so the user fixes them in one go. */
export function parseThresholds(input: Record<string, ThresholdEntryInput | ThresholdEntryInput[]>): Threshold[] {
  const out: Threshold[] = [];
  const errors: string[] = [];
  for (const [metricText, entries] of Object.entries(input)) {
    let metric: MetricSelector;
    try {
      metric = parseMetricSelector(metricText);
    } catch (e) {
      errors.push(e instanceof MetricSelectorError ? `thresholds: ${e.message}` : String(e));
      continue;
    }
    for (const entry of Array.isArray(entries) ? entries : [entries]) {
      const long = typeof entry === 'string' ? { threshold: entry } : entry;
      try {
        const delay =
          long.delayAbortEval === undefined
            ? 0
            : parseDuration(long.delayAbortEval, `delayAbortEval of '${long.threshold}' on '${metricText}'`);
        out.push({
          metric,
          metricKey: selectorKey(metric),
          source: long.threshold,
          expression: parseThresholdExpression(long.threshold, metricText),
          abortOnFail: long.abortOnFail ?? false,
          delayAbortEvalMs: delay,
        });
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
  }
  if (errors.length > 0) throw new ThresholdParseError(errors.join('\n'));
  return out;
}

/** For metrics whose type is known: does the aggregation apply? ('avg' on a Rate does not.) */
export function thresholdTypeError(t: Threshold, registry: MetricRegistryView): string | undefined {
  const m = registry.get(t.metric.name);
  if (!m) return undefined;
  const allowed = STATS_BY_TYPE[m.type];
  if (allowed.includes(t.expression.stat.kind)) return undefined;
  const list = allowed.map((k) => (k === 'p' ? 'p(N)' : k)).join(', ');
  return `threshold '${t.source}' on '${t.metricKey}': '${statLabel(t.expression.stat)}' does not apply to ${m.type} metric '${m.name}' (use: ${list})`;
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  /** undefined when there was nothing to measure */
  observed: number | undefined;
  abortOnFail: boolean;
  /** 'p(99)=50.12ms', or why there is no value */
  detail: string;
  message: string;
}

/**
 * Evaluates one threshold. `final: false` (during the run) returns undefined while the
 * metric has no value yet, so an empty trend cannot abort a run in its first second;
 * at the end a missing value FAILS (no PASS by default).
 */
export function evaluateThreshold(
  t: Threshold,
  registry: MetricRegistryView,
  elapsedMs: number,
  final: boolean,
): ThresholdResult | undefined {
  const base = { metric: t.metricKey, expression: t.source, abortOnFail: t.abortOnFail };
  const typeError = thresholdTypeError(t, registry);
  if (typeError) return { ...base, ok: false, observed: undefined, detail: 'not applicable', message: typeError };
  const target = registry.find(t.metric);
  const observed = target?.stat(t.expression.stat, elapsedMs);
  if (observed === undefined) {
    if (!final) return undefined;
    const why = registry.get(t.metric.name)
      ? `no samples for '${t.metricKey}', so '${statLabel(t.expression.stat)}' has no value`
      : `metric '${t.metric.name}' was never recorded (declare it in the run's metrics if zero samples is a valid outcome)`;
    return { ...base, ok: false, observed: undefined, detail: why, message: `${t.metricKey}: threshold '${t.source}' failed: ${why}` };
  }
  const ok = compare(observed, t.expression.op, t.expression.value);
  const unit = registry.get(t.metric.name)?.contains === 'time' && t.expression.stat.kind !== 'count' ? 'ms' : '';
  const shown = `${statLabel(t.expression.stat)}=${formatNumber(observed)}${unit}`;
  return {
    ...base,
    ok,
    observed,
    detail: shown,
    message: ok
      ? `${t.metricKey}: threshold '${t.source}' ok: observed ${shown}`
      : `${t.metricKey}: threshold '${t.source}' failed: observed ${shown}`,
  };
}

export const formatNumber = (x: number): string =>
  Number.isInteger(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3);
