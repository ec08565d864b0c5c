// A field trial's driver. A trial on a delivered system lasts real calendar days and the harness
// runs once a day (cron, or a person): each run journals the days since its last run (a day no
// check ran on is journalled unchecked: the contract counts calendar days, and the report shows
// which were not looked at), then runs today's checks and journals today, once per day. The
// ledger is the same fold as a virtual trial's, with the problems people entered merged in.
import { existsSync, mkdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { DayStep } from './day-step';
import { beijingDate, dateMs, dateOfDay, DAY_MS, fieldDayOf } from './field-calendar';
import { JournalError, JournalWriter, JOURNAL_FILE, readJournal, type JournalHeader, type ReadJournal } from './journal';
import type { DayRecord, Ledger, TrialRules } from './ledger';
import { writeLedger } from './driver';
import { ledgerOfJournal } from './reported';
import { lockTrial } from './trial-lock';

export interface FieldTrialOptions {
  dir: string;
  trialId: string;
  seed: string;
  rules: TrialRules;
  profileId: string;
  /** the target's name (a resume must name the same) */
  target: string;
  step: DayStep;
  resume: boolean;
  now?: () => number;
  log?: (msg: string) => void;
}

export interface FieldDaysResult {
  header: JournalHeader & { field: NonNullable<JournalHeader['field']> };
  ledger: Ledger;
  days: DayRecord[];
  /** today's trial day */
  today: number;
  /** the day whose checks this run made (null: today's were made already, or the trial has ended) */
  checked: number | null;
  /** days journalled by this run with no check (no run of the harness on them) */
  unchecked: number[];
  /** the date the next day's checks are due (null: the trial has ended) */
  nextDue: string | null;
}

export async function runFieldDays(o: FieldTrialOptions): Promise<FieldDaysResult> {
  mkdirSync(o.dir, { recursive: true });
  const unlock = lockTrial(o.dir, "the trial's daily run");
  try {
    return await underLock(o);
  } finally {
    unlock();
  }
}

async function underLock(o: FieldTrialOptions): Promise<FieldDaysResult> {
  const now = o.now ?? Date.now;
  const path = join(o.dir, JOURNAL_FILE);
  let j: ReadJournal;
  if (o.resume) {
    j = readJournal(path);
    refuseOtherTrial(path, j.header, o);
    if (j.tornTail) {
      truncateSync(path, j.intactBytes);
      o.log?.(`the journal's last line was torn (the harness was killed while writing it): dropped`);
    }
  } else {
    if (existsSync(path)) throw new JournalError(`${path} exists: resume it with --resume, or use a new folder`);
    const startDate = beijingDate(now());
    const header: JournalHeader = {
      type: 'header',
      format: 'accept-trial-journal/1',
      trialId: o.trialId,
      seed: o.seed,
      accel: 1,
      rules: o.rules,
      virtualStartMs: dateMs(startDate),
      profileId: o.profileId,
      steps: [o.step.name],
      field: { target: o.target, startDate },
    };
    j = { header, days: [], sessions: [], reported: [], resolutions: [], tornTail: false, intactBytes: 0 };
  }
  const header = j.header as FieldDaysResult['header'];
  const { startDate } = header.field;
  const today = todayOf(startDate, now());
  const plan = planFieldDays(j, today);
  const writer = new JournalWriter(path);
  if (!o.resume) writer.append(header);
  const days = [...j.days];
  const ledgerNow = () => ledgerOfJournal({ ...j, days });
  let ledger = ledgerNow();
  const unchecked: number[] = [];
  let checked: number | null = null;
  const journal = (rec: DayRecord) => {
    writer.append(rec);
    days.push(rec);
    ledger = ledgerNow();
  };
  writer.append({ type: 'session', event: o.resume ? 'resume' : 'start', wall: now(), day: ledger.daysRun });
  try {
    for (const rec of plan.unchecked) {
      journal(rec);
      unchecked.push(rec.day);
    }
    if (unchecked.length)
      o.log?.(`days ${unchecked.join(', ')} passed with no run of the harness: journalled as unchecked (they still count)`);
    if (plan.checkToday) {
      await o.step.prepare({ seed: o.seed, accel: 1, virtualStartMs: header.virtualStartMs, previous: days });
      writer.append({ type: 'session', event: 'day', wall: now(), day: today });
      let out;
      try {
        out = await o.step.run({ seed: o.seed, accel: 1, day: today, virtualStartMs: header.virtualStartMs, budgetMs: DAY_MS });
      } catch (e) {
        // not journalled: a run later the same day checks again; if none does, the report says this one did not complete
        writer.append({ type: 'session', event: 'day-failed', wall: now(), day: today, note: (e as Error).message.split('\n')[0]! });
        throw e;
      }
      // the day counts only once journalled: a run cut short checks again when next run that day
      journal({
        type: 'day',
        day: today,
        virtualDate: dateOfDay(startDate, today),
        incidents: out.incidents,
        observations: out.observations,
        parts: out.parts,
        ...(out.checks ? { checks: out.checks } : {}),
      });
      checked = today;
    } else if (ledger.status === 'running')
      o.log?.(`day ${today}'s checks were made already: the next are due on ${dateOfDay(startDate, today + 1)}`);
    writer.append({ type: 'session', event: 'stop', wall: now(), day: ledger.daysRun, note: ledger.status });
  } finally {
    // whatever the day's checks did, the ledger matches the days journalled
    writeLedger(o.dir, ledger);
    writer.close();
    await o.step.close?.();
  }
  return {
    header,
    ledger,
    days,
    today,
    checked,
    unchecked,
    nextDue: ledger.status === 'running' ? dateOfDay(startDate, ledger.daysRun + 1) : null,
  };
}

/** A resume must be the same trial: the same target, profile and rules (a field trial's journal). */
export function refuseOtherTrial(path: string, h: JournalHeader, o: Pick<FieldTrialOptions, 'target' | 'profileId' | 'rules'>): void {
  if (!h.field) throw new JournalError(`${path} is a trial in virtual days: resume it without --target`);
  const mismatch = [
    ...(h.field.target !== o.target ? [`target is ${h.field.target} in the journal, ${o.target} now`] : []),
    ...(h.profileId !== o.profileId ? [`profileId is ${h.profileId} in the journal, ${o.profileId} now`] : []),
    ...(JSON.stringify(h.rules) !== JSON.stringify(o.rules)
      ? [`rules are ${JSON.stringify(h.rules)} in the journal, ${JSON.stringify(o.rules)} now`]
      : []),
  ];
  if (mismatch.length) throw new JournalError(`cannot resume ${path}: ${mismatch.join('; ')}`);
}

/** Today's trial day, refused when this machine's date is before the trial's first day. */
export function todayOf(startDate: string, ms: number): number {
  const today = fieldDayOf(startDate, ms);
  if (today < 1)
    throw new JournalError(
      `today (${beijingDate(ms)}, Beijing) is before the trial's first day ${startDate}: is this machine's clock right?`,
    );
  return today;
}

export interface FieldDayPlan {
  /** the unchecked days this run journals first, in order */
  unchecked: DayRecord[];
  /** today's checks are due (the trial runs on after those days, and today is not journalled yet) */
  checkToday: boolean;
  /** the ledger once the unchecked days are journalled */
  ledger: Ledger;
}

/**
 * What a run does on `today`, decided from the journal alone (the run and --dry-run use it): the
 * days since the last journalled one, each unchecked, until the trial ends (it may end among them:
 * completed, at its longest run, or by a problem entered for one of them), then today's checks
 * if it still runs.
 */
export function planFieldDays(j: Pick<ReadJournal, 'header' | 'days' | 'reported'>, today: number): FieldDayPlan {
  const startDate = j.header.field!.startDate;
  const days = [...j.days];
  const unchecked: DayRecord[] = [];
  let ledger = ledgerOfJournal({ ...j, days });
  while (ledger.status === 'running' && ledger.daysRun + 1 < today) {
    const day = ledger.daysRun + 1;
    const rec: DayRecord = {
      type: 'day',
      day,
      virtualDate: dateOfDay(startDate, day),
      incidents: [],
      observations: {},
      parts: [],
      unchecked: true,
    };
    days.push(rec);
    unchecked.push(rec);
    ledger = ledgerOfJournal({ ...j, days });
  }
  return { unchecked, checkToday: ledger.status === 'running' && ledger.daysRun + 1 === today, ledger };
}
