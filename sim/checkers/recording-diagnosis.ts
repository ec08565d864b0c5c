// M4 business-data diagnosis from the history: per camera the 录像断点 (gaps) in what the
// core still holds at the end (acknowledged AND read back byte-identical), retention
// compliance (nothing inside the retention period may be gone), and per category (live
// camera recording, body-camera uploads) the count and bytes acknowledged vs kept.
import { eventsOf, firstOf, type HistoryEvent } from '../history';
import type { Figure, Verdict } from '../verdict';
import { foldDurability } from './durability';
import { readBacksOf, type WriteEvent } from './writes';
import { recordingReport, type CameraSchedule } from '../workload/recording';

export interface RecordingDiagnosisThresholds {
  /** the contract's recording retention period (录像周期) */
  retentionDays: number;
  /** longest gap allowed in one camera's kept recording */
  maxGapSeconds: number;
}

export function checkRecordingDiagnosis(
  events: readonly HistoryEvent[],
  t: RecordingDiagnosisThresholds,
  scenario = 'operations',
): Verdict {
  const base = {
    clause: 'M4',
    scenario,
    method: {
      zh: '由运行历史诊断：相机按计划写入的录像段中，被核心确认且运行结束时读回逐字节一致者为“留存”；按相机计算留存录像的断点（长于限值即不合格）；录像周期内的录像不得缺失；按业务类别（实时录像、执法记录仪上传）统计数量与容量（确认 vs 留存）。',
      en: 'Diagnosed from the run history: a scheduled segment the core acknowledged and that reads back byte-identical at the end is "kept"; per camera the gaps in the kept recording (longer than the limit fails); nothing inside the retention period may be missing; per category (live recording, body-camera uploads) counts and bytes, acknowledged vs kept.',
    },
    nature: 'measured' as const,
    evidence: ['history.jsonl#segment.write', 'history.jsonl#segment.drop', 'history.jsonl#segment.verify', 'history.jsonl#load.start'],
  };
  const start = firstOf(events, 'load.start');
  const verify = new Map(readBacksOf(events).map((e) => [e.path, e.outcome]));
  if (!start || verify.size === 0)
    return { ...base, status: 'INCONCLUSIVE', figures: [], reasons: ['no load or no read-back verification in this history'] };
  const segmentMs = start.segmentSeconds * 1000;
  const writes = eventsOf(events, 'segment.write');
  const drops = eventsOf(events, 'segment.drop').filter((e) => e.role === 'camera');
  const acked = writes.filter((w) => w.outcome === 'ok');
  const kept = acked.filter((w) => verify.get(w.path) === 'ok');

  const sched = new Map<string, CameraSchedule>();
  for (const w of [...writes.filter((x) => x.role === 'camera'), ...drops]) {
    const s = sched.get(w.camera) ?? { camera: w.camera, firstDueMono: w.dueMono, lastDueMono: w.dueMono };
    s.firstDueMono = Math.min(s.firstDueMono, w.dueMono);
    s.lastDueMono = Math.max(s.lastDueMono, w.dueMono);
    sched.set(w.camera, s);
  }
  const report = recordingReport({
    schedules: [...sched.values()],
    acked: kept.filter((w) => w.role === 'camera').map((w) => ({ camera: w.camera, dueMono: w.dueMono })),
    segmentMs,
    faults: [],
  });
  const longest = report.cameras.reduce((m, c) => Math.max(m, ...c.gaps.map((g) => g.durationMs)), 0) / 1000;
  const worst = report.cameras.find((c) => c.gaps.some((g) => g.durationMs / 1000 === longest));
  const reasons: string[] = [];
  let fail = false;
  const figures: Figure[] = [
    {
      name: 'cameras diagnosed',
      label: { zh: '已诊断相机数', en: 'cameras diagnosed' },
      value: report.cameras.length,
      unit: 'cameras',
      nature: 'measured',
    },
    {
      name: 'gaps (录像断点) in kept recordings, all cameras',
      label: { zh: '全部相机已保存录像中的录像断点', en: 'gaps (录像断点) in kept recordings, all cameras' },
      value: report.gapCount,
      unit: 'gaps',
      nature: 'measured',
      note: `${report.totalGapSeconds.toFixed(1)} s in total`,
    },
    {
      name: 'longest gap of one camera',
      label: { zh: '单路相机最长录像断点', en: 'longest gap of one camera' },
      value: longest,
      unit: 's',
      threshold: `<= ${t.maxGapSeconds}`,
      ok: longest <= t.maxGapSeconds,
      nature: 'measured',
      note: worst?.camera,
    },
    {
      name: 'worst camera completeness',
      label: { zh: '最差相机录像完整率', en: 'worst camera completeness' },
      value: report.worst ? Math.round(report.worst.completeness * 10000) / 100 : null,
      unit: '%',
      nature: 'measured',
      note: report.worst?.camera,
    },
  ];
  if (longest > t.maxGapSeconds) {
    fail = true;
    reasons.push(`camera ${worst?.camera} has a ${longest} s gap in its kept recording (limit ${t.maxGapSeconds} s)`);
  }
  // retention: every acknowledged segment younger than the retention period must still be there
  const endWall = events.reduce((m, e) => Math.max(m, e.wall), -Infinity);
  const inPeriod = acked.filter((w) => (w.endMs ?? w.wall) >= endWall - t.retentionDays * 86_400_000);
  const lost = inPeriod.filter((w) => verify.get(w.path) !== 'ok');
  figures.push({
    name: `segments inside the ${t.retentionDays}-day retention period still kept`,
    label: {
      zh: `${t.retentionDays} 天保存期内仍保留的录像段`,
      en: `segments inside the ${t.retentionDays}-day retention period still kept`,
    },
    value: inPeriod.length - lost.length,
    unit: 'segments',
    threshold: `= ${inPeriod.length}`,
    ok: lost.length === 0,
    nature: 'measured',
    note: 'the run is far shorter than the period: judged for the run window',
  });
  if (lost.length) {
    fail = true;
    reasons.push(
      `${lost.length} recordings inside the retention period are gone, e.g. ${lost[0]!.path} (${verify.get(lost[0]!.path) ?? 'not verified'})`,
    );
  }
  for (const role of [...new Set(acked.map((w) => w.role))].sort()) {
    const a = acked.filter((w) => w.role === role);
    const k = kept.filter((w) => w.role === role);
    const bytes = (xs: WriteEvent[]) => xs.reduce((s, w) => s + (w.bytes ?? 0), 0);
    const same = a.length === k.length && bytes(a) === bytes(k);
    figures.push({
      name: `category ${role}: segments kept / acknowledged`,
      label: { zh: `类别 ${role}：保留 / 已确认录像段`, en: `category ${role}: segments kept / acknowledged` },
      value: k.length,
      unit: 'segments',
      threshold: `= ${a.length}`,
      ok: same,
      nature: 'measured',
      note: `${(bytes(k) / 1e6).toFixed(1)} of ${(bytes(a) / 1e6).toFixed(1)} MB`,
    });
    if (!same) {
      fail = true;
      reasons.push(`category ${role}: ${k.length} of ${a.length} segments (${bytes(k)} of ${bytes(a)} bytes) kept`);
    }
  }
  const durability = foldDurability(events, figures, reasons);
  fail ||= durability.fail;
  if (!fail && !durability.unsure)
    reasons.push(
      `${report.cameras.length} cameras: longest gap ${longest} s, every recording inside the retention period kept, categories complete`,
    );
  return { ...base, status: fail ? 'FAIL' : durability.unsure ? 'INCONCLUSIVE' : 'PASS', figures, reasons };
}
