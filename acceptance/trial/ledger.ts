// The trial-run ledger (试运行台账): a pure fold over one record per trial day, applying
// the contract's P4 and P5:
//   P4  a trial of X calendar days; a problem found on day d extends the trial by Y days
//       counted from day d: the trial cannot end before day d + Y (end = max(end, d + Y)).
//   P5  a problem found inside the extension of an earlier one (an earlier problem day p
//       with p < d <= p + Y) gives the buyer the right to terminate the contract.
// Several incidents found on the same day are one problem day. The reading of P4 ("from
// the day it was found") is an interpretation of an OCR'd contract and is printed in the
// trial report as such. No wall-clock time enters the ledger: it depends only on the
// day records, so a resumed trial gives the same ledger byte for byte.
import type { CoreOptionSeen } from '../../sim/checkers/core-config';
import type { Bilingual, Nature } from '../../sim/verdict';

export interface TrialRules {
  /** X: trial length in calendar days (P4) */
  trialDays: number;
  /** Y: extension per problem, counted from the day it was found (P4) */
  extensionDays: number;
  /** safety stop: the driver ends the trial here even if it is still extended */
  maxDays: number;
}

export interface Incident {
  /** unique inside a trial, stable across resumes (derived from seed-driven facts only) */
  id: string;
  /** trial day it was found, from 1 */
  day: number;
  /** contract clause the problem is counted against */
  clause: string;
  kind: string;
  /** which part of the day step found it */
  source: string;
  /** reported: entered by a person during a field trial (accept trial incident add) */
  nature: 'measured' | 'simulated' | 'reported';
  summary: Bilingual;
  details?: Record<string, unknown>;
}

/** What one part of a day step contributed, for the report's "what was simulated". */
export interface DayPart {
  name: string;
  nature: 'measured' | 'simulated';
  accel?: number;
}

export interface DayRecord {
  type: 'day';
  day: number;
  /** virtual date of the day (ISO yyyy-mm-dd) */
  virtualDate: string;
  incidents: Incident[];
  observations: Record<string, number>;
  parts: DayPart[];
  /** the day's seeded faults (soak part): a pure function of seed and day, checked on resume */
  faults?: { id: string; atFraction: number; fault: Record<string, unknown> }[];
  /** the day's clause checks on the real core (soak part), judged from the day's history */
  checks?: DayCheck[];
  /** the core options that differ from the core's shipped defaults that day (soak part) */
  coreTuning?: CoreOptionSeen[];
  /** a field trial's calendar day on which no check ran (the day still counts: the contract counts calendar days) */
  unchecked?: true;
}

/** A day's checks that are not a contract clause of their own: what they are called and where a FAIL is counted. */
export const DAY_CHECKS = {
  load: {
    clause: 'P4',
    kind: 'soak-load-threshold',
    name: { zh: '持续录像负载阈值', en: 'soak load thresholds' },
    short: { zh: '负载阈值', en: 'load' },
  },
  durability: {
    clause: 'P4',
    kind: 'data-lost',
    name: { zh: '已确认录像段', en: 'acknowledged segments' },
    short: { zh: '数据完整', en: 'durability' },
  },
  // a field trial's storage not there at the mount the recording servers use (field-day-step.ts)
  mount: {
    clause: 'P4',
    kind: 'storage-unavailable',
    name: { zh: '录像服务器所用挂载点上的存储', en: 'the storage at the recording servers’ mount' },
    short: { zh: '挂载点', en: 'mount' },
  },
  // a field trial's daily look at the disks, through the BMCs and the core (field-day-step.ts)
  disks: {
    clause: 'P4',
    kind: 'disk-health',
    name: { zh: '硬盘健康（BMC 与存储核心）', en: 'disk health (BMCs and the core)' },
    short: { zh: '硬盘健康', en: 'disks' },
  },
  // a heal is every chunk at goal (sim/heal/healed.ts): chunks below goal too long are T6's
  redundancy: {
    clause: 'T6',
    kind: 'redundancy-debt',
    name: { zh: '数据块副本数（低于目标副本数超时）', en: 'chunk copies (below goal too long)' },
    short: { zh: '副本冗余', en: 'redundancy' },
  },
} as const;
export const dayCheckOf = (clause: string) => (clause in DAY_CHECKS ? DAY_CHECKS[clause as keyof typeof DAY_CHECKS] : null);

export interface DayCheck {
  clause: string;
  status: 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'MANUAL' | 'NOT-APPLICABLE';
  /** the day's history, relative to the trial folder */
  history: string;
  reasons: string[];
  /** what the check rests on (a field trial's checks: a twin's answers are simulated); absent: measured on the real core */
  nature?: Nature;
}

/** Every check of the real core that FAILed on a day is a measured trial problem, counted against its clause. */
export function incidentsOfDayChecks(
  day: number,
  checks: readonly DayCheck[],
  source: string,
  details: Record<string, unknown> = {},
): Incident[] {
  return checks
    .filter((k) => k.status === 'FAIL')
    .map((k) => {
      const own = dayCheckOf(k.clause);
      const what = own ? own.name : { zh: `条款 ${k.clause}`, en: `clause ${k.clause}` };
      return {
        id: `d${day}-${k.clause}-fail`,
        day,
        clause: own ? own.clause : k.clause,
        kind: own ? own.kind : 'clause-fail',
        source,
        nature: 'measured' as const,
        summary: {
          zh: `真实存储核心试运行第 ${day} 日：${what.zh}判定不通过（${k.reasons[0] ?? '见当日历史'}）`,
          en: `real core, trial day ${day}: ${what.en} FAILED (${k.reasons[0] ?? 'see the day history'})`,
        },
        details: { history: k.history, ...details },
      };
    });
}

export interface Extension {
  foundDay: number;
  incidentIds: string[];
  endBefore: number;
  endAfter: number;
  /** last day of this problem's extension window (foundDay + Y) */
  windowEnd: number;
}

export interface TerminationRight {
  day: number;
  incidentIds: string[];
  /** the earlier problem day whose extension window the new problem fell into */
  insideExtensionOf: number;
}

export type TrialStatus = 'running' | 'completed' | 'termination-right' | 'stopped-at-max-days';

export interface Ledger {
  rules: TrialRules;
  daysRun: number;
  endDay: number;
  status: TrialStatus;
  problemDays: number[];
  incidents: Incident[];
  extensions: Extension[];
  terminationRight: TerminationRight | null;
}

export class LedgerError extends Error {}

export function validateRules(r: TrialRules): TrialRules {
  for (const k of ['trialDays', 'extensionDays', 'maxDays'] as const) {
    if (!Number.isInteger(r[k]) || r[k] < 0) throw new LedgerError(`trial rule ${k} must be a whole number of days >= 0, got ${r[k]}`);
  }
  if (r.trialDays < 1) throw new LedgerError('trial rule trialDays must be at least 1 day');
  if (r.maxDays < r.trialDays) throw new LedgerError(`trial rule maxDays (${r.maxDays}) is shorter than the trial (${r.trialDays})`);
  return r;
}

export function emptyLedger(rules: TrialRules): Ledger {
  validateRules(rules);
  return {
    rules,
    daysRun: 0,
    endDay: rules.trialDays,
    status: 'running',
    problemDays: [],
    incidents: [],
    extensions: [],
    terminationRight: null,
  };
}

/** One day more. Days must come in order, without gaps, while the trial runs. */
export function ledgerStep(l: Ledger, rec: DayRecord): Ledger {
  if (l.status !== 'running') throw new LedgerError(`day ${rec.day} after the trial ended (${l.status} on day ${l.daysRun})`);
  if (rec.day !== l.daysRun + 1) throw new LedgerError(`day ${rec.day} follows day ${l.daysRun}: the journal has a gap or a repeat`);
  for (const inc of rec.incidents)
    if (inc.day !== rec.day) throw new LedgerError(`incident ${inc.id} says day ${inc.day} but is in the record of day ${rec.day}`);
  const Y = l.rules.extensionDays;
  const next: Ledger = {
    ...l,
    daysRun: rec.day,
    problemDays: [...l.problemDays],
    incidents: [...l.incidents, ...rec.incidents],
    extensions: [...l.extensions],
  };
  if (rec.incidents.length > 0) {
    const d = rec.day;
    const ids = rec.incidents.map((i) => i.id);
    const earlier = l.problemDays.find((p) => p < d && d <= p + Y);
    if (earlier !== undefined && !next.terminationRight) next.terminationRight = { day: d, incidentIds: ids, insideExtensionOf: earlier };
    const endAfter = Math.max(l.endDay, d + Y);
    next.extensions.push({ foundDay: d, incidentIds: ids, endBefore: l.endDay, endAfter, windowEnd: d + Y });
    next.endDay = endAfter;
    next.problemDays.push(d);
  }
  next.status = next.terminationRight
    ? 'termination-right'
    : next.daysRun >= next.endDay
      ? 'completed'
      : next.daysRun >= l.rules.maxDays
        ? 'stopped-at-max-days'
        : 'running';
  return next;
}

export function foldLedger(rules: TrialRules, days: readonly DayRecord[]): Ledger {
  return days.reduce(ledgerStep, emptyLedger(rules));
}

/** The fold of a field trial, whose days are journalled by the calendar: a problem entered
 *  later for an earlier day can end the trial (P5) before days already journalled, which then
 *  lie after its end and are not counted. */
export function foldToEnd(rules: TrialRules, days: readonly DayRecord[]): Ledger {
  let l = emptyLedger(rules);
  for (const d of days) {
    if (l.status !== 'running') break;
    l = ledgerStep(l, d);
  }
  return l;
}

/** The ledger as written to ledger.json: stable key order, no wall-clock time. */
export const ledgerJson = (l: Ledger) => JSON.stringify(l, null, 2) + '\n';
