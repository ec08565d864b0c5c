// M3 capacity-trend warning, a pure function of the history: while the cluster is filled
// to exhaustion, the predict_linear warning must fire, and fire at least minLeadSeconds
// before the cluster is exhausted (first ENOSPC or free below the profile's share). A
// warning before the fill began is a false alarm and fails too.
import { eventsOf, firstOf, type HistoryEvent } from '../history';
import { parseAlarmLines } from '../outside/alarm-format';
import type { Figure, Verdict } from '../verdict';
import { r2 } from './numbers';

export interface CapacityTrendThresholds {
  minLeadSeconds: number;
  horizonSeconds: number;
}

export const CAPACITY_ALERT = 'CapacityExhaustionPredicted';

export function checkCapacityTrend(events: readonly HistoryEvent[], t: CapacityTrendThresholds, scenario = 'alarms'): Verdict {
  const figures: Figure[] = [];
  const reasons: string[] = [];
  const base = {
    clause: 'M3',
    scenario,
    method: {
      zh: `以最快速度向真实存储核心集群写入直至容量耗尽（首次 ENOSPC 或剩余低于阈值）；Prometheus 以 predict_linear 预测 ${t.horizonSeconds} s 内耗尽即预警（测试集群数分钟写满，预测窗口按比例缩短；实际部署按天计）；测量预警早于耗尽的提前量（挂钟）。`,
      en: `The real core's cluster is filled at full speed until exhausted (first ENOSPC or free below the threshold); Prometheus warns when predict_linear predicts exhaustion within ${t.horizonSeconds} s (the test cluster fills in minutes, so the look-ahead is scaled; a deployment uses days); the lead of the warning over exhaustion is measured (wall clock).`,
    },
    nature: 'measured' as const,
    evidence: [
      'history.jsonl#capacity.fill.start',
      'history.jsonl#capacity.sample',
      'history.jsonl#capacity.exhausted',
      'history.jsonl#ops.alert',
      'ops/rules.json',
    ],
  };
  const done = (status: Verdict['status']): Verdict => ({ ...base, status, figures, reasons });
  const start = firstOf(events, 'capacity.fill.start');
  if (!start) return done(note(reasons, 'INCONCLUSIVE', 'the cluster was not filled in this history (capacity.fill.start)'));
  const warnings = events.filter((e) => e.kind === 'ops.alert' && e.alertname === CAPACITY_ALERT && e.state === 'firing');
  const early = warnings.find((w) => w.wall < start.wall);
  if (early)
    return done(
      note(
        reasons,
        'FAIL',
        `误报 / the capacity warning fired ${r2((start.wall - early.wall) / 1000)} s before any fill began: it does not follow the trend`,
      ),
    );
  const found = firstOf(events, 'capacity.exhausted');
  // a stall is detected some seconds after the last accepted write: exhaustion is that write
  const exhausted: HistoryEvent | undefined = found && { ...found, wall: typeof found.atWall === 'number' ? found.atWall : found.wall };
  const warning = warnings.find((w) => !exhausted || w.wall <= exhausted.wall);
  if (exhausted)
    figures.push({
      name: 'fill to exhaustion',
      label: { zh: '写满至容量耗尽用时', en: 'fill to exhaustion' },
      value: r2((exhausted.wall - start.wall) / 1000),
      unit: 's',
      nature: 'measured',
      note: String(exhausted.reason),
    });
  if (!exhausted) {
    if (warning)
      figures.push({
        name: 'warning after fill start',
        label: { zh: '开始写入后发出预警用时', en: 'warning after fill start' },
        value: r2((warning.wall - start.wall) / 1000),
        unit: 's',
        nature: 'measured',
      });
    return done(note(reasons, 'INCONCLUSIVE', 'the cluster was never exhausted: the lead of the warning cannot be measured'));
  }
  const lead = warning ? (exhausted.wall - warning.wall) / 1000 : null;
  const ok = lead !== null && lead >= t.minLeadSeconds;
  figures.push({
    name: 'warning lead before exhaustion',
    label: { zh: '容量耗尽前预警提前量', en: 'warning lead before exhaustion' },
    value: lead === null ? null : r2(lead),
    unit: 's',
    threshold: `>= ${t.minLeadSeconds}`,
    ok,
    nature: 'measured',
    note: `predict_linear look-ahead ${t.horizonSeconds} s`,
  });
  // a message naming the warning as firing, timed when the channel received it
  const arrivals = eventsOf(events, 'outside.arrival')
    .filter((e) => e.accepted && parseAlarmLines(e.text).some((l) => l.alertname === CAPACITY_ALERT && l.status === 'firing'))
    .filter((e) => !warning || e.arrivedWall >= warning.wall);
  for (const ch of [...new Set(arrivals.map((a) => String(a.channel)))].sort()) {
    const a = arrivals.find((x) => x.channel === ch)!;
    figures.push({
      name: `warning arrived ${ch}`,
      label: { zh: `预警送达（${ch}）`, en: `warning arrived ${ch}` },
      value: r2((exhausted.wall - a.arrivedWall) / 1000),
      unit: 's before exhaustion',
      nature: 'measured',
    });
  }
  // M3 asks for a reminder to expand: a warning no person received reminds nobody
  const first = arrivals.reduce<(typeof arrivals)[number] | undefined>((m, a) => (!m || a.arrivedWall < m.arrivedWall ? a : m), undefined);
  const reached = first ? (exhausted.wall - first.arrivedWall) / 1000 : null;
  const reachedOk = reached !== null && reached >= t.minLeadSeconds;
  figures.push({
    name: 'warning received before exhaustion',
    label: { zh: '容量耗尽前预警送达提前量', en: 'warning received before exhaustion' },
    value: reached === null ? null : r2(reached),
    unit: 's',
    threshold: `>= ${t.minLeadSeconds}`,
    ok: reachedOk,
    nature: 'measured',
    note: first ? `first accepted by ${String(first.channel)}` : 'no channel accepted it',
  });
  if (lead === null)
    return done(note(reasons, 'FAIL', `无容量预警 / no capacity warning before the cluster was exhausted (${exhausted.reason})`));
  if (!ok) return done(note(reasons, 'FAIL', `the warning came only ${r2(lead)} s before exhaustion, < ${t.minLeadSeconds} s`));
  if (!reachedOk)
    return done(
      note(
        reasons,
        'FAIL',
        reached === null
          ? `预警未送达 / the capacity warning fired ${r2(lead)} s before exhaustion but no channel accepted it`
          : `the capacity warning reached its first channel only ${r2(reached)} s before exhaustion, < ${t.minLeadSeconds} s`,
      ),
    );
  return done(note(reasons, 'PASS', `warned ${r2(lead)} s and received ${r2(reached!)} s before exhaustion (${exhausted.reason})`));
}

function note(reasons: string[], status: Verdict['status'], why: string) {
  reasons.push(why);
  return status;
}
