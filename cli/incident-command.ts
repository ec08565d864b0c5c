// `accept trial incident add|resolve`: problems people find during a field trial, and how any
// problem was dealt with, entered into the trial's journal (append-only, who and when recorded).
// An entered problem counts as P4 and P5 say from the day it was found, like one the checks found;
// the ledger and the 试运行报告 are brought up to date at once.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUSES } from '../acceptance/clauses';
import { writeLedger } from '../acceptance/trial/driver';
import { beijingDate, beijingMinute, BEIJING_MS, dayStartMs, fieldDayOf } from '../acceptance/trial/field-calendar';
import { JournalWriter, JOURNAL_FILE, readJournal, type JournalRecord, type ReadJournal } from '../acceptance/trial/journal';
import type { Ledger } from '../acceptance/trial/ledger';
import { lockTrial } from '../acceptance/trial/trial-lock';
import { ledgerOfJournal } from '../acceptance/trial/reported';
import type { TrialSummary } from '../acceptance/trial/summary';
import { renderTrialReports, TRIAL_FILE } from '../reports/render-trial';
import { requireFolder, UsageError } from './inputs';
import { log } from './progress';

/** 'now', 'yyyy-mm-dd hh:mm[:ss]' in Beijing time, or with its zone (Z, +08:00); a date that does not exist is refused. */
export function parseWhen(s: string, what: string, now: () => number): number {
  if (s === 'now') return now();
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(s.trim());
  const [y, mo, d, h, mi, sec] = (m?.slice(1, 7) ?? []).map((x) => Number(x ?? 0));
  const wall = m ? Date.UTC(y!, mo! - 1, d!, h!, mi!, sec!) : NaN;
  // Date.UTC rolls 30 February into March: the fields must come back as written
  const exists = m && new Date(wall).toISOString().slice(0, 19) === `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}`;
  if (!exists || h! > 23)
    throw new UsageError(`${what} '${s}': 'now', 'yyyy-mm-dd hh:mm' (Beijing time) or with its zone, e.g. 2026-12-08T14:30+08:00`);
  const zone = m[7];
  const offset =
    zone === undefined
      ? BEIJING_MS
      : zone === 'Z'
        ? 0
        : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  return wall - offset;
}

/** The field trial's journal, read under its lock, or a usage error saying why this folder takes no entries. */
function fieldJournal(dir: string): ReadJournal & { header: { field: { target: string; startDate: string } } } {
  const path = join(dir, JOURNAL_FILE);
  if (!existsSync(path)) throw new UsageError(`--trial ${dir}: no ${JOURNAL_FILE}: not a trial folder of 'accept trial'`);
  const j = readJournal(path);
  if (!j.header.field)
    throw new UsageError(`--trial ${dir} is a trial in virtual days: problems are entered in a field trial (accept trial --target)`);
  if (j.tornTail) throw new UsageError(`${path}: its last line is torn (a run was killed while writing it): run the trial once more first`);
  return j as never;
}

type FieldJournal = ReturnType<typeof fieldJournal>;

/**
 * Under the folder's lock (a daily run or another entry may be writing): reads the journal, lets
 * `build` check the entry against it, appends it and writes the ledger and the trial's status;
 * then brings the reports up to date.
 */
async function enter<R extends JournalRecord>(
  dir: string,
  build: (j: FieldJournal) => R,
  pdf: boolean,
): Promise<{ record: R; ledger: Ledger }> {
  requireFolder(dir, '--trial');
  const unlock = lockTrial(dir, 'an entry of a problem');
  let out: { record: R; ledger: Ledger };
  try {
    const record = build(fieldJournal(dir));
    const w = new JournalWriter(join(dir, JOURNAL_FILE));
    try {
      w.append(record);
    } finally {
      w.close();
    }
    const ledger = ledgerOfJournal(readJournal(join(dir, JOURNAL_FILE)));
    writeLedger(dir, ledger);
    const tPath = join(dir, TRIAL_FILE);
    if (existsSync(tPath)) {
      const trial = JSON.parse(readFileSync(tPath, 'utf8')) as TrialSummary;
      writeFileSync(tPath, JSON.stringify({ ...trial, status: ledger.status }, null, 2) + '\n');
    }
    out = { record, ledger };
  } finally {
    unlock();
  }
  // the trial's first run writes trial.json; until then the reports wait for it
  if (existsSync(join(dir, TRIAL_FILE))) await renderTrialReports(dir, { pdf, log });
  return out;
}

export interface IncidentAddOptions {
  trial: string;
  found: string;
  clause: string;
  description: string;
  by?: string;
  pdf: boolean;
  now?: () => number;
}

export async function incidentAdd(o: IncidentAddOptions): Promise<{ id: string; day: number }> {
  const now = o.now ?? Date.now;
  const foundAt = parseWhen(o.found, '--found', now);
  if (foundAt > now()) throw new UsageError(`--found ${beijingMinute(foundAt)} is in the future`);
  if (!CLAUSES.some((c) => c.id === o.clause))
    throw new UsageError(`--clause ${o.clause}: not a clause of the contract (${CLAUSES.map((c) => c.id).join(', ')})`);
  const description = o.description.trim();
  if (!description) throw new UsageError('--description: say what was found');
  const { record, ledger } = await enter(
    o.trial,
    (j) => {
      const { startDate } = j.header.field;
      const day = fieldDayOf(startDate, foundAt);
      if (day < 1) throw new UsageError(`--found ${beijingMinute(foundAt)} is before the trial's first day ${startDate}`);
      const before = ledgerOfJournal(j);
      if (before.status !== 'running' && day > before.daysRun)
        throw new UsageError(
          `--found ${beijingMinute(foundAt)} is day ${day}, after the trial ended on day ${before.daysRun} (${before.status})`,
        );
      return {
        type: 'reported-incident' as const,
        id: `r${j.reported.length + 1}`,
        day,
        foundAt,
        clause: o.clause,
        description,
        by: o.by ?? process.env.USER ?? 'operator',
        enteredAt: now(),
      };
    },
    o.pdf,
  );
  const { id, day } = record;
  process.stdout.write(
    `problem ${id} entered: day ${day} (${beijingDate(foundAt)}), clause ${o.clause}; ${day > ledger.daysRun ? `it counts when day ${day} is journalled (the next run of the trial)` : `the trial now ends on day ${ledger.endDay}${ledger.terminationRight ? `; P5: day ${ledger.terminationRight.day} is inside the extension of day ${ledger.terminationRight.insideExtensionOf}` : ''}`}\n`,
  );
  return { id, day };
}

export interface IncidentResolveOptions {
  trial: string;
  id: string;
  resolution: string;
  at?: string;
  by?: string;
  pdf: boolean;
  now?: () => number;
}

export async function incidentResolve(o: IncidentResolveOptions): Promise<void> {
  const now = o.now ?? Date.now;
  const resolvedAt = parseWhen(o.at ?? 'now', '--at', now);
  if (resolvedAt > now()) throw new UsageError(`--at ${beijingMinute(resolvedAt)} is in the future`);
  const resolution = o.resolution.trim();
  if (!resolution) throw new UsageError('--resolution: say how it was dealt with');
  await enter(
    o.trial,
    (j) => {
      const ledger = ledgerOfJournal(j);
      const entered = j.reported.find((r) => r.id === o.id);
      const found = ledger.incidents.find((i) => i.id === o.id);
      if (!entered && !found)
        throw new UsageError(
          `--id ${o.id}: no such problem in the trial (its problems: ${[...new Set([...ledger.incidents.map((i) => i.id), ...j.reported.map((r) => r.id)])].join(', ') || 'none'})`,
        );
      const earlier = j.resolutions.find((r) => r.id === o.id);
      if (earlier)
        throw new UsageError(
          `--id ${o.id} was resolved on ${beijingMinute(earlier.resolvedAt)} by ${earlier.by}: a resolution is entered once`,
        );
      // a problem is resolved after it was found: at its time if entered, else on or after the day the checks found it
      const foundAt = entered ? entered.foundAt : dayStartMs(j.header.field.startDate, found!.day);
      if (resolvedAt < foundAt)
        throw new UsageError(`--at ${beijingMinute(resolvedAt)} is before the problem was found (${beijingMinute(foundAt)})`);
      return {
        type: 'resolution' as const,
        id: o.id,
        resolvedAt,
        resolution,
        by: o.by ?? process.env.USER ?? 'operator',
        enteredAt: now(),
      };
    },
    o.pdf,
  );
  process.stdout.write(`problem ${o.id} resolved on ${beijingMinute(resolvedAt)}\n`);
}
