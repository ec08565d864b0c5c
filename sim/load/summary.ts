// End-of-test summary like k6's: a JSON object shaped like k6's handleSummary data (the
// caller writes it to a file) and a text rendering for the console.
import { createHash } from 'node:crypto';
import { formatDuration } from './duration';
import type { ScenarioStats } from './executors';
import { type Metric, type MetricsRegistry, type Stat, type SubMetric, parseStat } from './metrics';
import { type ThresholdResult, formatNumber } from './thresholds';

export interface SummaryMetric {
  type: Metric['type'];
  contains: Metric['contains'];
  /** counter: count, rate (/s); gauge: value, min, max; rate: rate, passes, fails; trend: summaryTrendStats (ms for time) */
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface SummaryCheck {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

export interface AbortInfo {
  reason: 'threshold' | 'signal';
  atMs: number;
  message: string;
}

export interface SummaryData {
  root_group: { name: ''; path: ''; id: string; groups: []; checks: SummaryCheck[] };
  options: { summaryTrendStats: string[]; summaryTimeUnit: 'ms' };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number; aborted: AbortInfo | null };
  metrics: Record<string, SummaryMetric>;
  /** not in k6's data: every threshold with its observed value and message */
  thresholds: ThresholdResult[];
  scenarios: Record<string, ScenarioStats>;
  passed: boolean;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

const STATS: Record<Metric['type'], string[]> = {
  counter: ['count', 'rate'],
  gauge: ['value', 'min', 'max'],
  rate: ['rate', 'passes', 'fails'],
  trend: [], // from summaryTrendStats
};

function values(target: Metric | SubMetric, type: Metric['type'], trendStats: string[], elapsedMs: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const label of type === 'trend' ? trendStats : STATS[type]) {
    const stat = parseStat(label);
    const v = stat ? target.stat(stat as Stat, elapsedMs) : undefined;
    if (v !== undefined) out[label] = v;
  }
  return out;
}

export interface SummaryInput {
  registry: MetricsRegistry;
  thresholds: ThresholdResult[];
  scenarios: Record<string, ScenarioStats>;
  summaryTrendStats: string[];
  testRunDurationMs: number;
  aborted: AbortInfo | null;
  passed: boolean;
}

export function buildSummary(input: SummaryInput): SummaryData {
  const { registry, summaryTrendStats: trendStats, testRunDurationMs: elapsed } = input;
  const metrics: Record<string, SummaryMetric> = {};
  const thresholdsOf = (key: string) => {
    const own = input.thresholds.filter((t) => t.metric === key);
    return own.length === 0 ? undefined : Object.fromEntries(own.map((t) => [t.expression, { ok: t.ok }]));
  };
  for (const m of registry.list()) {
    metrics[m.name] = {
      type: m.type,
      contains: m.contains,
      values: values(m, m.type, trendStats, elapsed),
      ...withThresholds(thresholdsOf(m.name)),
    };
    for (const sub of m.subMetrics()) {
      metrics[sub.key] = {
        type: m.type,
        contains: m.contains,
        values: values(sub, m.type, trendStats, elapsed),
        ...withThresholds(thresholdsOf(sub.key)),
      };
    }
  }
  return {
    root_group: {
      name: '',
      path: '',
      id: md5(''),
      groups: [],
      checks: registry
        .checks()
        .map((c) => ({ name: c.name, path: `::${c.name}`, id: md5(`::${c.name}`), passes: c.passes, fails: c.fails })),
    },
    options: { summaryTrendStats: trendStats, summaryTimeUnit: 'ms' },
    state: {
      isStdOutTTY: Boolean(process.stdout.isTTY),
      isStdErrTTY: Boolean(process.stderr.isTTY),
      testRunDurationMs: elapsed,
      aborted: input.aborted,
    },
    metrics,
    thresholds: input.thresholds,
    scenarios: input.scenarios,
    passed: input.passed,
  };
}

const withThresholds = (t: Record<string, { ok: boolean }> | undefined) => (t ? { thresholds: t } : {});

// ---------------------------------------------------------------- text

function formatValue(v: number, contains: Metric['contains']): string {
  if (contains === 'time') return formatDuration(v);
  if (contains === 'data') return formatBytes(v);
  return formatNumber(v);
}

function formatBytes(b: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (Math.abs(b) >= 1000 && i < units.length - 1) {
    b /= 1000;
    i++;
  }
  return `${formatNumber(b)} ${units[i]}`;
}

const pct = (r: number) => `${(r * 100).toFixed(2)}%`;

function metricLine(m: SummaryMetric): string {
  const v = m.values;
  switch (m.type) {
    case 'counter':
      return `${formatValue(v.count ?? 0, m.contains).padEnd(8)} ${m.contains === 'data' ? formatBytes(v.rate ?? 0) : formatNumber(v.rate ?? 0)}/s`;
    case 'gauge':
      return v.value === undefined
        ? 'no samples'
        : `${formatValue(v.value, m.contains).padEnd(8)} min=${formatValue(v.min ?? 0, m.contains)} max=${formatValue(v.max ?? 0, m.contains)}`;
    case 'rate': {
      const total = (v.passes ?? 0) + (v.fails ?? 0);
      return v.rate === undefined ? 'no samples' : `${pct(v.rate).padEnd(8)} ${v.passes} out of ${total}`;
    }
    case 'trend': {
      if (v.count === 0) return 'no samples';
      const parts = Object.entries(v).map(([k, x]) => `${k}=${k === 'count' ? formatNumber(x) : formatValue(x, m.contains)}`);
      return parts.length === 0 ? 'no samples' : parts.join(' ');
    }
  }
}

const MAX_SCENARIO_LINES = 8;

const dots = (name: string, width: number) => `${name}${'.'.repeat(Math.max(3, width - name.length))}: `;

/** The console rendering: thresholds, checks, metrics, scenarios, verdict. Plain text, no colours. */
export function renderTextSummary(data: SummaryData): string {
  const out: string[] = [];
  const thresholds = data.thresholds;
  if (thresholds.length > 0) {
    out.push('  █ THRESHOLDS', '');
    const byMetric = new Map<string, ThresholdResult[]>();
    for (const t of thresholds) byMetric.set(t.metric, [...(byMetric.get(t.metric) ?? []), t]);
    for (const [metric, list] of byMetric) {
      out.push(`    ${metric}`);
      for (const t of list) {
        out.push(`    ${t.ok ? '✓' : '✗'} '${t.expression}' ${t.detail}${t.abortOnFail ? ' (abortOnFail)' : ''}`);
      }
      out.push('');
    }
  }

  out.push('  █ TOTAL RESULTS', '');
  const checks = data.root_group.checks;
  if (checks.length > 0) {
    const passes = checks.reduce((a, c) => a + c.passes, 0);
    const fails = checks.reduce((a, c) => a + c.fails, 0);
    const total = passes + fails;
    out.push(
      `    checks_total: ${total}   succeeded: ${pct(total ? passes / total : 0)} (${passes})   failed: ${pct(total ? fails / total : 0)} (${fails})`,
      '',
    );
    for (const c of checks) {
      out.push(`    ${c.fails === 0 ? '✓' : '✗'} ${c.name}`);
      if (c.fails > 0) out.push(`     ↳  ${pct(c.passes / (c.passes + c.fails))} — ✓ ${c.passes} / ✗ ${c.fails}`);
    }
    out.push('');
  }

  const names = Object.keys(data.metrics);
  const width = Math.max(30, ...names.map((n) => n.length + 4));
  for (const name of names.filter((n) => !n.includes('{')).sort()) {
    const m = data.metrics[name] as SummaryMetric;
    out.push(`    ${dots(name, width)}${metricLine(m)}`);
    for (const subName of names.filter((n) => n.startsWith(`${name}{`)).sort()) {
      const label = `  ${subName.slice(name.length)}`;
      out.push(`    ${dots(label, width)}${metricLine(data.metrics[subName] as SummaryMetric)}`);
    }
  }
  out.push('');

  // dozens of scenarios (a camera each): show the troubled ones, and the rest as one line
  const all = Object.values(data.scenarios);
  const troubled = (s: ScenarioStats) => s.errors + s.dropped + s.interrupted > 0;
  const shown = all.length <= MAX_SCENARIO_LINES ? all : all.filter(troubled).slice(0, MAX_SCENARIO_LINES);
  for (const s of shown) {
    out.push(
      `    scenario ${s.scenario}: ${s.iterations} iterations (${s.errors} errors), ${s.dropped} dropped, ${s.interrupted} interrupted, VUs ${s.allocatedVUs}/${s.maxVUs}`,
    );
    for (const e of s.errorSamples) out.push(`      error ×${e.count}: ${e.message}`);
  }
  const rest = all.filter((s) => !shown.includes(s));
  if (rest.length > 0) {
    const sum = (f: (s: ScenarioStats) => number) => rest.reduce((a, s) => a + f(s), 0);
    out.push(
      `    ${rest.length} more scenarios: ${sum((s) => s.iterations)} iterations (${sum((s) => s.errors)} errors), ${sum((s) => s.dropped)} dropped, ${sum((s) => s.interrupted)} interrupted`,
    );
  }
  out.push('');
  const failed = thresholds.filter((t) => !t.ok).length;
  const verdict = data.passed ? 'PASSED' : 'FAILED';
  const why = [
    failed > 0 ? `${failed} of ${thresholds.length} thresholds failed` : '',
    data.state.aborted ? `aborted at ${formatDuration(data.state.aborted.atMs)}: ${data.state.aborted.message}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  out.push(`  RESULT: ${verdict}${why ? ` (${why})` : ''} — test run duration ${formatDuration(data.state.testRunDurationMs)}`);
  return out.join('\n');
}
