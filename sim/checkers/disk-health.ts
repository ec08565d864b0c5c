// T11 disk health from the history alone: every disk's deep check, read through the vendor
// API (the BMC), must carry every attribute T11 names; the vendor's grade must be the grade
// the written rules (devices/disk/grading.ts) give for the raw values it reported; each disk
// needs a history of checks and trend data (bad sectors, temperature, vibration).
import { DEEP_ATTRIBUTES, gradeFromRaw, T11_ATTRIBUTES } from '../../devices/disk/health-check';
import { eventsOf, firstOf, type EventOf, type HistoryEvent } from '../history';
import type { Figure, Verdict } from '../verdict';

export interface DiskHealthThresholds {
  /** checks (basic + deep) each disk must have in its history */
  minCheckRounds: number;
}

export type DiskCheckEvent = EventOf<'disk.check'>;

export const diskChecks = (events: readonly HistoryEvent[]) => eventsOf(events, 'disk.check');

/** The drive answered the check: smartctl opened it, or it gave its identity or SMART status
 *  (a history written before 'responding' meant exactly that may say otherwise). */
export const answered = (c: DiskCheckEvent) =>
  c.responding || !!c.serial || !!c.model || c.smartPassed !== null || Object.keys(c.attributes).length > 0;

/** The grade the written rules give for what the vendor reported (null: an input is missing). */
export const ruleGrade = (c: DiskCheckEvent) => gradeFromRaw(c.responding, c.smartPassed, c.attributes)?.grade ?? null;

export function checkDiskHealth(events: readonly HistoryEvent[], t: DiskHealthThresholds, scenario = 'operations'): Verdict {
  const aging = firstOf(events, 'disk.aging');
  const base = {
    clause: 'T11',
    scenario,
    method: {
      zh: '数字孪生硬盘在虚拟时间中老化（仿真），每个虚拟日经节点 BMC 的 HTTP 接口（Redfish 形态，SMART 为 smartctl JSON）做一次体检，并按随机种子注入介质缺陷后对全部硬盘做深度体检。判定：每块盘的深度体检含合同列出的全部属性（原始读取错误率 1、上电时间 9、上电次数 12、意外断电 174、重映射扇区 5、振动 191）及分级所需属性；厂商接口给出的分级与书面分级规则按其原始值重算的结果一致；每块盘有体检历史与趋势数据。',
      en: "Twin disks age in virtual time (simulated); each virtual day every disk is checked through its node's BMC over HTTP (Redfish-shaped, SMART as smartctl JSON); after seeded media defects, every disk gets a deep check. Verdict: each deep check carries every attribute T11 names (raw read error rate 1, power-on hours 9, power cycles 12, unexpected power loss 174, reallocated sectors 5, vibration 191) and the grading inputs; the vendor API's grade equals the written rules' grade recomputed from its raw values; each disk has a history of checks and trend data.",
    },
    nature: 'simulated' as const,
    // the rendered report of one disk (evidence of the printable report, not judged here)
    evidence: ['history.jsonl#disk.check', 'history.jsonl#disk.trend', 'history.jsonl#disk.aging', 'history.jsonl#disk.defect'],
    ...(aging?.accel ? { accel: aging.accel } : {}),
  };
  const checks = diskChecks(events);
  const deep = checks.filter((c) => c.round === 'deep');
  if (deep.length === 0) return { ...base, status: 'INCONCLUSIVE', figures: [], reasons: ['no deep disk check in this history'] };
  const reasons: string[] = [];
  let fail = false;
  let unsure = false;

  // only a drive that could not be opened is skipped; one that answered (it gave its identity
  // or SMART status) with no attribute table at all is a present disk lacking every attribute
  const incomplete = deep.filter((c) => answered(c) && DEEP_ATTRIBUTES.some((id) => c.attributes[id] === undefined));
  const missingIds = [...new Set(incomplete.flatMap((c) => DEEP_ATTRIBUTES.filter((id) => c.attributes[id] === undefined)))].sort(
    (a, b) => a - b,
  );
  if (incomplete.length) {
    fail = true;
    const names = missingIds.map(
      (id) => `${id}${T11_ATTRIBUTES.find((a) => a.id === id) ? ` (${T11_ATTRIBUTES.find((a) => a.id === id)!.en})` : ''}`,
    );
    reasons.push(
      `${incomplete.length} of ${deep.length} deep checks lack attributes ${names.join(', ')}, e.g. ${incomplete[0]!.node} slot ${incomplete[0]!.slot}`,
    );
  }
  const ungradable = deep.filter((c) => ruleGrade(c) === null);
  const misgraded = deep.filter((c) => ruleGrade(c) !== null && c.reportedGrade !== ruleGrade(c));
  if (ungradable.length && !incomplete.length) {
    fail = true;
    reasons.push(`${ungradable.length} deep checks cannot be graded by the written rules`);
  }
  if (misgraded.length) {
    fail = true;
    const e = misgraded[0]!;
    reasons.push(
      `${misgraded.length} disks graded differently from the written rules, e.g. ${e.node} slot ${e.slot}: vendor '${e.reportedGrade}', rules '${ruleGrade(e)}'`,
    );
  }

  // history: checks per disk (by serial: a disk keeps its record across bays)
  const bySerial = new Map<string, Set<string>>();
  for (const c of checks) if (c.serial) bySerial.set(c.serial, (bySerial.get(c.serial) ?? new Set()).add(c.round));
  const deepSerials = deep.map((c) => c.serial).filter((s): s is string => !!s);
  const fewest = Math.min(...deepSerials.map((s) => bySerial.get(s)?.size ?? 0));
  if (fewest < t.minCheckRounds) {
    fail = true;
    reasons.push(`a disk has only ${fewest} checks in its history (at least ${t.minCheckRounds} wanted)`);
  }
  const trends = new Map(eventsOf(events, 'disk.trend').map((e) => [e.serial, e.points.length]));
  const noTrend = deepSerials.filter((s) => (trends.get(s) ?? 0) < 2);
  if (noTrend.length) {
    unsure = true;
    reasons.push(`${noTrend.length} disks have fewer than 2 trend points (bad sectors, temperature, vibration)`);
  }
  const grades = (g: string) => deep.filter((c) => ruleGrade(c) === g).length;
  const figures: Figure[] = [
    {
      name: 'disks deep-checked through the BMC',
      label: { zh: '经 BMC 深度检测的硬盘数', en: 'disks deep-checked through the BMC' },
      value: deep.length,
      unit: 'disks',
      nature: 'simulated',
    },
    {
      name: 'deep checks lacking a T11 attribute',
      label: { zh: '缺少 T11 属性的深度检测', en: 'deep checks lacking a T11 attribute' },
      value: incomplete.length,
      unit: 'disks',
      threshold: '= 0',
      ok: incomplete.length === 0,
      nature: 'simulated',
    },
    {
      name: 'vendor grade differing from the written rules',
      label: { zh: '厂商分级与书面规则不一致的硬盘数', en: 'vendor grade differing from the written rules' },
      value: misgraded.length + ungradable.length,
      unit: 'disks',
      threshold: '= 0',
      ok: misgraded.length + ungradable.length === 0,
      nature: 'simulated',
    },
    {
      name: "fewest checks in one disk's history",
      label: { zh: '单块硬盘历史检测最少次数', en: "fewest checks in one disk's history" },
      value: Number.isFinite(fewest) ? fewest : null,
      unit: 'checks',
      threshold: `>= ${t.minCheckRounds}`,
      ok: fewest >= t.minCheckRounds,
      nature: 'simulated',
    },
    {
      name: 'graded healthy / sub-healthy / faulty',
      label: { zh: '分级：健康 / 亚健康 / 故障', en: 'graded healthy / sub-healthy / faulty' },
      value: grades('healthy'),
      unit: 'disks',
      nature: 'simulated',
      note: `${grades('healthy')} / ${grades('sub-healthy')} / ${grades('faulty')}`,
    },
  ];
  if (aging)
    figures.push({
      name: 'virtual days of ageing',
      label: { zh: '老化虚拟天数', en: 'virtual days of ageing' },
      value: aging.virtualDays,
      unit: 'days',
      nature: 'simulated',
      note: `in ${aging.wallSeconds} s wall clock`,
    });
  if (!fail && !unsure)
    reasons.push(`${deep.length} disks: every T11 attribute present, every grade by the written rules, ${fewest}+ checks each`);
  return { ...base, status: fail ? 'FAIL' : unsure ? 'INCONCLUSIVE' : 'PASS', figures, reasons };
}
