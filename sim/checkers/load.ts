// The background load's thresholds as a verdict, from the history alone (load.start,
// load.summary). A failed threshold fails the scenario, so it fails every clause verdict
// of that scenario: foldLoad() is applied to each of them by the judge.
import { firstOf, type HistoryEvent } from '../history';
import type { Figure, Verdict } from '../verdict';

export interface LoadCheck {
  /** ABSENT: the run had no load (nothing to fold) */
  status: 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'ABSENT';
  name: string | null;
  figures: Figure[];
  reasons: string[];
}

const METRIC_ZH: Record<string, string> = {
  write_failed: '写入失败率',
  write_latency: '写入延迟',
  segments_dropped: '丢弃的录像段',
  recording_gaps: '录像断点',
  read_failed: '回放读取失败率',
  read_latency: '读取延迟',
  download_failed: '下载失败率',
  download_latency: '下载延迟',
  iterations: '迭代次数',
};
const TAG_ZH: Record<string, string> = {
  'role:camera': '相机',
  'role:upload': '执法记录仪上传',
  'role:player': '回放',
  'phase:before': '故障前',
  'phase:during': '故障期间',
  'phase:after': '故障后',
  'op:play': '播放',
};

/** 'write_latency{role:camera}' -> '写入延迟（相机）'; an unknown metric or tag keeps its own name. */
export function metricZh(metric: string): string {
  const m = /^([^{}]+)(?:\{(.*)\})?$/.exec(metric.trim());
  if (!m) return metric;
  const tags = (m[2] ?? '')
    .split(',')
    .map((t) => t.replace(/\s+/g, ''))
    .filter(Boolean);
  const name = METRIC_ZH[m[1]!] ?? m[1]!;
  return tags.length ? `${name}（${tags.map((t) => TAG_ZH[t] ?? t).join('，')}）` : name;
}

/** every figure of the load check starts with it, so a verdict's own figures can be told from the load's */
const LOAD_FIGURE_PREFIX = 'load ';
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function checkLoad(events: readonly HistoryEvent[]): LoadCheck {
  const start = firstOf(events, 'load.start');
  if (!start) return { status: 'ABSENT', name: null, figures: [], reasons: [] };
  const name = String(start.name ?? 'load');
  const summary = firstOf(events, 'load.summary');
  if (!summary) {
    return {
      status: 'INCONCLUSIVE',
      name,
      figures: [],
      reasons: [
        `负载 '${name}' 没有结束记录 / the load '${name}' never recorded its summary (load.summary): its thresholds were not judged`,
      ],
    };
  }
  const figures: Figure[] = summary.thresholds.map((t) => ({
    name: `${LOAD_FIGURE_PREFIX}${t.metric}`,
    label: { zh: `负载：${metricZh(t.metric)}`, en: `load ${t.metric}` },
    value: t.observed === undefined ? null : r3(t.observed),
    unit: /ms$/.test(t.detail) ? 'ms' : '',
    threshold: t.expression,
    ok: t.ok,
    nature: 'measured',
    note: t.detail,
  }));
  if (summary.recording) {
    const rec = summary.recording;
    figures.push({
      name: `${LOAD_FIGURE_PREFIX}recording completeness (mean of cameras)`,
      label: { zh: '负载：录像完整率（各相机平均）', en: 'load recording completeness (mean of cameras)' },
      value: r3(rec.completeness * 100),
      unit: '%',
      nature: 'measured',
      note: `${rec.gapCount} gaps (录像断点), ${r3(rec.totalGapSeconds)} s${rec.worst ? `; worst ${rec.worst.camera} ${r3(rec.worst.completeness * 100)} %` : ''}`,
    });
  }
  const reasons: string[] = [];
  for (const t of summary.thresholds.filter((x) => !x.ok)) reasons.push(`负载阈值未通过 / load threshold failed: ${t.message}`);
  // failures the engine's thresholds did not see (writes stuck in a hung mount at the end)
  for (const f of summary.failures.filter((x) => !summary.thresholds.some((t) => !t.ok && t.message === x)))
    reasons.push(`负载未通过 / the load failed: ${f}`);
  if (summary.aborted) reasons.push(`负载中止 / the load was aborted at ${r3(summary.aborted.atMs / 1000)} s: ${summary.aborted.message}`);
  if (summary.thresholds.length === 0 && reasons.length === 0) {
    return { status: 'INCONCLUSIVE', name, figures, reasons: [`the load '${name}' had no thresholds: nothing was judged`] };
  }
  if (!summary.passed && reasons.length === 0) reasons.push(`the load '${name}' did not pass (no failed threshold recorded)`);
  const status = reasons.length > 0 ? 'FAIL' : 'PASS';
  return { status, name, figures, reasons };
}

/**
 * A load FAIL makes the clause verdict FAIL; an INCONCLUSIVE load makes a PASS
 * INCONCLUSIVE; a passing load adds its figures. MANUAL and NOT-APPLICABLE verdicts
 * keep their status (the load is noted).
 */
/** A figure foldLoad() added to a clause's verdict (the background load's), not one of the clause's own rules. */
export const isLoadFigure = (f: Pick<Figure, 'name'>): boolean => f.name.startsWith(LOAD_FIGURE_PREFIX);

export function foldLoad(v: Verdict, load: LoadCheck): Verdict {
  if (load.status === 'ABSENT') return v;
  const decided = v.status === 'PASS' || v.status === 'FAIL' || v.status === 'INCONCLUSIVE';
  let status = v.status;
  if (decided && load.status === 'FAIL') status = 'FAIL';
  else if (v.status === 'PASS' && load.status === 'INCONCLUSIVE') status = 'INCONCLUSIVE';
  return {
    ...v,
    status,
    clauseStatus: v.clauseStatus ?? v.status,
    figures: [...v.figures, ...load.figures],
    reasons: [...v.reasons, ...load.reasons],
    evidence: [...v.evidence, 'history.jsonl#load.summary', 'load-summary.json'],
  };
}
