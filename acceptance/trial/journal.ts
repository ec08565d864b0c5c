// The trial journal: append-only JSONL, a header, then one record per virtual day
// (plus session records saying when the driver ran, which the ledger ignores). Each
// record is one write(2) followed by fsync, so a killed driver loses at most the line
// being written; a torn last line is dropped on resume and that day is run again.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { DayRecord, TrialRules } from './ledger';

export const JOURNAL_FILE = 'journal.jsonl';

export interface JournalHeader {
  type: 'header';
  format: 'accept-trial-journal/1';
  trialId: string;
  seed: string;
  accel: number;
  rules: TrialRules;
  /** virtual epoch ms of the start of day 1 */
  virtualStartMs: number;
  profileId: string;
  /** names of the day-step parts, in order */
  steps: string[];
  /** the storage core the soak days start; absent: the reference (moosefs), or no soak */
  core?: string;
  /** a field trial (accept trial --target): real calendar days on a delivered system from
   *  startDate (Beijing), day 1; virtualStartMs is then that date's UTC midnight and accel 1 */
  field?: { target: string; startDate: string };
}

/** A problem entered by a person during a field trial (accept trial incident add). */
export interface ReportedIncidentRecord {
  type: 'reported-incident';
  /** r1, r2, … in the order entered */
  id: string;
  /** the trial day it was found on, from foundAt */
  day: number;
  foundAt: number;
  clause: string;
  description: string;
  by: string;
  enteredAt: number;
}

/** How a problem (found by the checks or entered) was dealt with (accept trial incident resolve). */
export interface ResolutionRecord {
  type: 'resolution';
  id: string;
  resolvedAt: number;
  resolution: string;
  by: string;
  enteredAt: number;
}

export interface SessionRecord {
  type: 'session';
  /** 'day': day `day` starts now (wall clock stays out of the day records themselves);
   *  'day-failed': a field trial's checks of day `day` did not complete (note: why), the day not journalled */
  event: 'start' | 'resume' | 'day' | 'day-failed' | 'stop';
  wall: number;
  day: number;
  note?: string;
}

export type JournalRecord = JournalHeader | DayRecord | SessionRecord | ReportedIncidentRecord | ResolutionRecord;

export class JournalError extends Error {}

export class JournalWriter {
  private fd: number;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }
  append(r: JournalRecord): void {
    writeSync(this.fd, JSON.stringify(r) + '\n');
    fsyncSync(this.fd);
  }
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

export interface ReadJournal {
  header: JournalHeader;
  days: DayRecord[];
  sessions: SessionRecord[];
  reported: ReportedIncidentRecord[];
  resolutions: ResolutionRecord[];
  tornTail: boolean;
  /** byte length of the intact part (a torn tail is cut off before appending) */
  intactBytes: number;
}

export function readJournal(path: string): ReadJournal {
  if (!existsSync(path)) throw new JournalError(`${path} does not exist: nothing to resume`);
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  let header: JournalHeader | null = null;
  const days: DayRecord[] = [];
  const sessions: SessionRecord[] = [];
  const reported: ReportedIncidentRecord[] = [];
  const resolutions: ResolutionRecord[] = [];
  let tornTail = false;
  let intactBytes = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const isLast = n === lines.length - 1;
    if (line === '') {
      if (!isLast) intactBytes += 1;
      continue;
    }
    let r: JournalRecord;
    try {
      r = JSON.parse(line) as JournalRecord;
      if (isLast) throw new Error('no newline: the write was cut');
    } catch (e) {
      if (isLast) {
        tornTail = true;
        break;
      }
      throw new JournalError(`${path}:${n + 1}: not a journal record (${(e as Error).message})`);
    }
    intactBytes += Buffer.byteLength(line) + 1;
    if (r.type === 'header') {
      if (header) throw new JournalError(`${path}:${n + 1}: a second header`);
      header = r;
    } else if (r.type === 'day') days.push(r);
    else if (r.type === 'session') sessions.push(r);
    else if (r.type === 'reported-incident') reported.push(r);
    else if (r.type === 'resolution') resolutions.push(r);
    else throw new JournalError(`${path}:${n + 1}: unknown record type ${(r as { type: string }).type}`);
  }
  if (!header) throw new JournalError(`${path} has no header: not a trial journal`);
  return { header, days, sessions, reported, resolutions, tornTail, intactBytes };
}

export interface AchievedPace {
  /** virtual days whose whole wall time is known */
  days: number;
  wallSeconds: number;
  /** virtual seconds per wall second actually achieved; null when no time could be measured */
  accel: number | null;
  /** 'day-starts': from one day's start to the next (a session's last day, unpaced or cut
   *  short, is left out); 'sessions': a journal written before day starts were recorded,
   *  from each session's start to its stop (preparation included) */
  from: 'day-starts' | 'sessions';
  /** sessions that gave no interval (killed before a second day, or no stop record) */
  skippedSessions: number;
}

/** The acceleration the trial achieved, from the journal's wall times: a soak day lasts at
 *  least the profile's minimum and ends with a read-back, so it can be slower than 86 400 / accel. */
export function achievedPace(sessions: readonly SessionRecord[]): AchievedPace {
  const runs: { start: SessionRecord; days: SessionRecord[]; stop: SessionRecord | null }[] = [];
  for (const s of sessions) {
    if (s.event === 'start' || s.event === 'resume') runs.push({ start: s, days: [], stop: null });
    else if (runs.length && s.event === 'day') runs.at(-1)!.days.push(s);
    else if (runs.length && s.event === 'stop') runs.at(-1)!.stop = s;
  }
  const byDays = runs.some((r) => r.days.length > 0);
  let days = 0;
  let ms = 0;
  let skipped = 0;
  for (const r of runs) {
    if (byDays) {
      if (r.days.length < 2) skipped++;
      else {
        days += r.days.length - 1;
        ms += r.days.at(-1)!.wall - r.days[0]!.wall;
      }
    } else if (r.stop) {
      days += r.stop.day - r.start.day;
      ms += r.stop.wall - r.start.wall;
    } else skipped++;
  }
  const wallSeconds = ms / 1000;
  return {
    days,
    wallSeconds,
    accel: days > 0 && wallSeconds > 0 ? (days * 86_400) / wallSeconds : null,
    from: byDays ? 'day-starts' : 'sessions',
    skippedSessions: skipped,
  };
}

/** Wall seconds the driver ran, summed over its sessions (from each start or resume to its stop). */
export function sessionSeconds(sessions: readonly { event: string; wall: number }[]): number {
  let total = 0;
  let open: number | null = null;
  for (const s of sessions) {
    if (s.event === 'start' || s.event === 'resume') open = s.wall;
    else if (s.event === 'stop' && open !== null) {
      total += s.wall - open;
      open = null;
    }
  }
  return Math.round(total / 100) / 10;
}
