// The reports of a trial folder (journal.jsonl, ledger.json, trial.json, smart-trends.json).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfile, type Profile } from '../profile/profile';
import { achievedPace, JOURNAL_FILE, readJournal, type AchievedPace } from '../acceptance/trial/journal';
import { ledgerJson, type DayRecord, type Ledger } from '../acceptance/trial/ledger';
import { ledgerOfJournal, resolutionsById } from '../acceptance/trial/reported';
import type { ResolutionRecord } from '../acceptance/trial/journal';
import type { TrialSummary } from '../acceptance/trial/summary';
import type { SmartTrendInput } from './charts/smart-trends';
import { PROFILE_FILE, SMART_TRENDS_FILE } from './render-run';
import type { Lang } from './format';
import { renderAndSeal, type SealOutcome } from './seal';
import { renderTrialReport } from './trial-report';

export const TRIAL_FILE = 'trial.json';

export interface TrialFolder {
  trial: TrialSummary;
  ledger: Ledger;
  days: DayRecord[];
  smart: SmartTrendInput | null;
  profile: Profile | null;
  /** the acceleration achieved, from the journal's session wall times */
  pace: AchievedPace;
  /** how each problem was dealt with, as entered (accept trial incident resolve), by the problem's id */
  resolutions: Map<string, ResolutionRecord>;
  /** a field trial's days whose checks a run started but did not complete, with why (the last attempt) */
  failedDays: Map<number, string>;
}

/** The ledger is recomputed from the journal (the ledger.json on disk must agree). */
export function readTrialFolder(dir: string): TrialFolder {
  const tPath = join(dir, TRIAL_FILE);
  if (!existsSync(tPath)) throw new Error(`${tPath} does not exist: not a trial folder of 'accept trial'`);
  const trial = JSON.parse(readFileSync(tPath, 'utf8')) as TrialSummary;
  const journal = readJournal(join(dir, JOURNAL_FILE));
  const ledger = ledgerOfJournal(journal);
  const onDisk = existsSync(join(dir, 'ledger.json')) ? readFileSync(join(dir, 'ledger.json'), 'utf8') : null;
  if (onDisk !== null && onDisk !== ledgerJson(ledger))
    throw new Error(`${dir}/ledger.json does not match the ledger recomputed from journal.jsonl: one of them was changed`);
  const smart = existsSync(join(dir, SMART_TRENDS_FILE))
    ? (JSON.parse(readFileSync(join(dir, SMART_TRENDS_FILE), 'utf8')) as SmartTrendInput)
    : null;
  const profile = existsSync(join(dir, PROFILE_FILE)) ? parseProfile(JSON.parse(readFileSync(join(dir, PROFILE_FILE), 'utf8'))) : null;
  return {
    trial,
    ledger,
    days: journal.days,
    smart,
    profile,
    pace: achievedPace(journal.sessions),
    resolutions: resolutionsById(journal.resolutions),
    failedDays: new Map(journal.sessions.filter((s) => s.event === 'day-failed').map((s) => [s.day, s.note ?? ''])),
  };
}

export async function renderTrialReports(
  dir: string,
  o: { pdf: boolean; pdfLangs?: readonly Lang[]; log?: (m: string) => void },
): Promise<SealOutcome> {
  const f = readTrialFolder(dir);
  return renderAndSeal(dir, {
    base: 'trial-report',
    langs: ['zh', 'en'],
    pdf: o.pdf,
    pdfLangs: o.pdfLangs,
    log: o.log,
    render: (lang, evidence) => renderTrialReport({ ...f, evidence }, lang),
  });
}
