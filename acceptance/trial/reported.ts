// Problems a person enters during a field trial, and how any problem was dealt with. They are
// journalled beside the day records and merged into the day they were found before the ledger
// folds, so P4 and P5 treat an entered problem exactly as one the checks found.
import type { ReadJournal, ReportedIncidentRecord, ResolutionRecord } from './journal';
import { foldLedger, foldToEnd, type DayRecord, type Incident, type Ledger } from './ledger';

export function incidentOfReport(r: ReportedIncidentRecord): Incident {
  return {
    id: r.id,
    day: r.day,
    clause: r.clause,
    kind: 'reported',
    source: 'operator',
    nature: 'reported',
    summary: { zh: `人工登记（${r.by}）：${r.description}`, en: `entered by ${r.by}: ${r.description}` },
    details: { foundAt: r.foundAt, by: r.by, enteredAt: r.enteredAt },
  };
}

/** The day records with each entered problem added to the day it was found (days not yet journalled keep theirs for later). */
export function withReported(days: readonly DayRecord[], reported: readonly ReportedIncidentRecord[]): DayRecord[] {
  if (!reported.length) return [...days];
  return days.map((d) => {
    const mine = reported.filter((r) => r.day === d.day).map(incidentOfReport);
    return mine.length ? { ...d, incidents: [...d.incidents, ...mine] } : d;
  });
}

/** The one ledger of a journal: what the driver writes to ledger.json and every report recomputes. */
export function ledgerOfJournal(j: Pick<ReadJournal, 'header' | 'days' | 'reported'>): Ledger {
  if (!j.header.field) return foldLedger(j.header.rules, j.days);
  return foldToEnd(j.header.rules, withReported(j.days, j.reported));
}

/** The resolution entered for each problem (one at most), by its id. */
export function resolutionsById(resolutions: readonly ResolutionRecord[]): Map<string, ResolutionRecord> {
  return new Map(resolutions.map((r) => [r.id, r]));
}

/** The days a field trial counts (up to the ledger's last) on which its checks ran. */
export const checkedDays = (days: readonly DayRecord[], ledger: Pick<Ledger, 'daysRun'>): number =>
  days.filter((d) => d.day <= ledger.daysRun && !d.unchecked).length;
