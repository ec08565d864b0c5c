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
}

export interface SessionRecord {
  type: 'session';
  event: 'start' | 'resume' | 'stop';
  wall: number;
  day: number;
  note?: string;
}

export type JournalRecord = JournalHeader | DayRecord | SessionRecord;

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
    else throw new JournalError(`${path}:${n + 1}: unknown record type ${(r as { type: string }).type}`);
  }
  if (!header) throw new JournalError(`${path} has no header: not a trial journal`);
  return { header, days, sessions, tornTail, intactBytes };
}
