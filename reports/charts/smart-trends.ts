// SMART trends of the disks involved, from a run's history: the operations scenario ages
// the twins' disks in virtual time with a check a day through the BMCs (disk.check), puts
// seeded media defects into some of them (disk.defect), and records each disk's daily
// samples (disk.trend). The points are what the checks read through the vendor API (the
// injected defects show only there: they come after the last daily sample); a disk with
// fewer than two usable checks falls back to the twin's own samples.
import { eventsOf, firstOf, type EventOf, type HistoryEvent } from '../../sim/history';
import type { Bilingual } from '../../sim/verdict';

/** Daily SMART samples of the disks involved (from the twins). smart-trends.json of a trial
 *  has accel and disks only; a run's history gives the rest (below). Declared here, where
 *  it is made, so that charts.ts imports this file and not the other way round. */
export interface SmartTrendInput {
  /** virtual-time acceleration the samples were produced with (null: not recorded) */
  accel: number | null;
  /** x axis: trial days (default) or days of the operations scenario's disk ageing */
  axis?: 'trial' | 'ageing';
  /** where the points come from: checks through the BMCs, the twins' own samples, or both */
  source?: 'checks' | 'twin' | 'mixed';
  /** disks checked in all (the involved ones are drawn) */
  checkedDisks?: number;
  disks: {
    node: string;
    slot: number;
    serial: string;
    grade: string;
    points: { day: number; temperatureC: number; reallocated: number; pending: number; offlineUncorrectable: number; gSense: number }[];
  }[];
}

const DAY_MS = 86_400_000;
const GRADE_RANK: Record<string, number> = { faulty: 0, 'sub-healthy': 1, healthy: 2 };

type Point = SmartTrendInput['disks'][number]['points'][number];
export const NO_DISK_CHECKS: Bilingual = {
  zh: '本次运行的场景没有做硬盘体检：历史日志中没有 disk.check / disk.trend 事件（硬盘在虚拟时间中的老化与每日体检在运维场景 operations 和试运行中进行），不绘制此图。',
  en: 'This run’s scenario did no disk checks: the history has no disk.check / disk.trend events (disks age in virtual time with a daily check in the operations scenario and in the trial run): chart omitted.',
};

/** The trend input of the disks involved (defect injected, died, or not graded healthy), or why there is none. */
export function smartTrendsFromHistory(events: readonly HistoryEvent[]): { input: SmartTrendInput | null; why: Bilingual | null } {
  const checks = eventsOf(events, 'disk.check').filter((c) => c.serial);
  const trends = eventsOf(events, 'disk.trend');
  if (checks.length === 0 && trends.length === 0) return { input: null, why: NO_DISK_CHECKS };
  const aging = firstOf(events, 'disk.aging');

  const where = new Map<string, { node: string; slot: number }>();
  for (const t of trends) where.set(t.serial, { node: t.node, slot: t.slot });
  for (const c of checks) where.set(c.serial!, { node: c.node, slot: c.slot });
  const grade = new Map<string, string>();
  for (const c of checks) {
    const g = c.reportedGrade ?? c.grade;
    if (g) grade.set(c.serial!, g);
  }
  const involved = new Set<string>();
  for (const e of events) if (e.kind === 'disk.defect' && typeof e.serial === 'string') involved.add(e.serial);
  // a disk that died in the ageing: the serial last checked in that bay before it
  for (const d of aging?.deaths ?? []) {
    const [node, slot] = d.split('/');
    const last = checks.filter((c) => c.node === node && String(c.slot) === slot && c.i < aging!.i).at(-1);
    if (last) {
      involved.add(last.serial!);
      grade.set(last.serial!, 'faulty');
    }
  }
  for (const [serial, g] of grade) if (g !== 'healthy') involved.add(serial);
  const checkedDisks = new Set([...checks.map((c) => c.serial!), ...trends.map((t) => t.serial)]).size;
  if (involved.size === 0) {
    return {
      input: null,
      why: {
        zh: `本次运行共体检 ${checkedDisks} 块硬盘，全部保持“健康”分级，没有注入缺陷、失效或分级为亚健康/故障的相关硬盘，不绘制此图；每块硬盘的趋势见硬盘体检报告（accept disk report）。`,
        en: `This run checked ${checkedDisks} disks and every one stayed healthy: no disk with an injected defect, a failure or a sub-healthy/faulty grade, so no chart; every disk’s trend is in the disk health report (accept disk report).`,
      },
    };
  }

  const usable = (c: EventOf<'disk.check'>) =>
    c.responding && c.twinVirtualMs !== undefined && [5, 191, 194, 197, 198].every((id) => c.attributes[id] !== undefined);
  const fromChecks = (serial: string): { atMs: number; p: Omit<Point, 'day'> }[] =>
    checks
      .filter((c) => c.serial === serial && usable(c))
      .map((c) => ({
        atMs: c.twinVirtualMs!,
        p: {
          temperatureC: c.attributes[194]!,
          reallocated: c.attributes[5]!,
          pending: c.attributes[197]!,
          offlineUncorrectable: c.attributes[198]!,
          gSense: c.attributes[191]!,
        },
      }));
  const fromTwin = (serial: string) => (trends.find((t) => t.serial === serial)?.points ?? []).map(({ atMs, ...p }) => ({ atMs, p }));
  const raw = [...involved].map((serial) => {
    const c = fromChecks(serial);
    return { serial, points: c.length >= 2 ? c : fromTwin(serial), source: c.length >= 2 ? 'checks' : 'twin' };
  });
  // day 1 is the first daily check (made at the end of the first virtual day)
  const first = checks.filter((c) => c.round === 'day-1' && c.twinVirtualMs !== undefined).map((c) => c.twinVirtualMs!);
  const all = raw.flatMap((r) => r.points.map((p) => p.atMs));
  const v0 = first.length ? Math.min(...first) - DAY_MS : all.length ? Math.min(...all) - DAY_MS : 0;
  const disks = raw
    .map((r) => ({
      ...where.get(r.serial)!,
      serial: r.serial,
      grade: grade.get(r.serial) ?? 'healthy',
      points: r.points.map(({ atMs, p }) => ({ day: Math.round(((atMs - v0) / DAY_MS) * 100) / 100, ...p })),
    }))
    .sort((a, b) => (GRADE_RANK[a.grade] ?? 3) - (GRADE_RANK[b.grade] ?? 3) || a.node.localeCompare(b.node) || a.slot - b.slot);
  return {
    input: {
      accel: aging?.accel ?? null,
      axis: 'ageing',
      source: raw.every((r) => r.source === 'checks') ? 'checks' : raw.every((r) => r.source === 'twin') ? 'twin' : 'mixed',
      checkedDisks,
      disks,
    },
    why: null,
  };
}
