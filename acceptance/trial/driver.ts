// The trial driver: runs virtual days one by one with an injected day step, journals
// each day before it counts, folds the journal into the ledger, and paces the days so
// that one virtual day takes 86 400 / accel wall seconds (the soak load, once plugged
// in, runs inside that budget). Started again on the same folder it resumes from the
// journal and ends with the same ledger as an uninterrupted run with the same seed.
import { existsSync, mkdirSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep as realSleep, waitAtMost } from '../../sim/clock';
import type { DayStep } from './day-step';
import { JournalError, JournalWriter, JOURNAL_FILE, readJournal, type JournalHeader } from './journal';
import { foldLedger, ledgerJson, ledgerStep, type DayRecord, type Ledger, type TrialRules } from './ledger';

export const LEDGER_FILE = 'ledger.json';

/** ledger.json written whole or not at all (a new file renamed over it): a reader beside the run never sees half of it. */
export function writeLedger(dir: string, ledger: Ledger): void {
  const tmp = join(dir, `.${LEDGER_FILE}.${process.pid}`);
  try {
    // flushed before the rename: a power cut leaves the old ledger or the new one, never an empty file
    writeFileSync(tmp, ledgerJson(ledger), { flush: true });
    renameSync(tmp, join(dir, LEDGER_FILE));
  } finally {
    rmSync(tmp, { force: true });
  }
}
const DAY_MS = 86_400_000;

export class TrialInterrupted extends Error {
  constructor(readonly day: number) {
    super(`trial interrupted after day ${day} (journalled; resume with --resume)`);
  }
}

export interface TrialOptions {
  dir: string;
  trialId: string;
  seed: string;
  accel: number;
  rules: TrialRules;
  profileId: string;
  step: DayStep;
  /** the storage core the soak days start (journalled; a resume must keep it) */
  core?: string;
  /** virtual epoch ms of the start of day 1 */
  virtualStartMs: number;
  /** continue the journal in dir instead of starting a new one */
  resume?: boolean;
  /** pacing; tests inject a no-op */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** test hook: stop (as if killed) right after day k is journalled */
  interruptAfterDay?: number;
  signal?: AbortSignal;
  /**
   * a day's work ends by its wall length (86 400 000 / accel ms) plus this (the profile's
   * run.deadlineMinutes), whatever hangs in it: the trial then stops there, resumable
   */
  dayOverrunMs?: number;
  log?: (msg: string) => void;
  now?: () => number;
}

export interface TrialResult {
  ledger: Ledger;
  days: DayRecord[];
  header: JournalHeader;
  resumedFromDay: number;
  /** stopped by the signal or a day's deadline before the trial ended (resumable) */
  stopped: boolean;
  /** a day that did not end by its deadline (a hung core or client): the trial stopped there */
  pastDeadline?: { day: number; seconds: number };
  artifacts: Record<string, unknown>;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function runTrial(o: TrialOptions): Promise<TrialResult> {
  const now = o.now ?? Date.now;
  const pace = o.sleep ?? realSleep;
  if (!(o.accel > 0)) throw new RangeError(`acceleration must be > 0, got ${o.accel}`);
  mkdirSync(o.dir, { recursive: true });
  const path = join(o.dir, JOURNAL_FILE);
  const header: JournalHeader = {
    type: 'header',
    format: 'accept-trial-journal/1',
    trialId: o.trialId,
    seed: o.seed,
    accel: o.accel,
    rules: o.rules,
    virtualStartMs: o.virtualStartMs,
    profileId: o.profileId,
    steps: o.step.name.split('+'),
    ...(o.core ? { core: o.core } : {}),
  };
  let days: DayRecord[] = [];
  let writer: JournalWriter;
  if (o.resume) {
    const j = readJournal(path);
    const mismatch = (['seed', 'accel', 'virtualStartMs', 'profileId'] as const).filter((k) => j.header[k] !== header[k]);
    // the reference is not named in the header (as before cores could be chosen)
    if ((j.header.core ?? 'moosefs') !== (header.core ?? 'moosefs')) mismatch.push('core' as never);
    if (JSON.stringify(j.header.rules) !== JSON.stringify(header.rules)) mismatch.push('rules' as never);
    if (JSON.stringify(j.header.steps) !== JSON.stringify(header.steps)) mismatch.push('steps' as never);
    if (mismatch.length)
      throw new JournalError(
        `cannot resume ${path}: ${mismatch.map((k) => `${k} is ${JSON.stringify(j.header[k])} in the journal, ${JSON.stringify(header[k])} now`).join('; ')}`,
      );
    if (j.tornTail) {
      truncateSync(path, j.intactBytes);
      o.log?.(`the journal's last line was torn (the driver was killed while writing it): dropped, that day runs again`);
    }
    days = j.days;
    Object.assign(header, { trialId: j.header.trialId });
    writer = new JournalWriter(path);
  } else {
    if (existsSync(path)) throw new JournalError(`${path} exists: resume it with --resume, or use a new folder`);
    writer = new JournalWriter(path);
    writer.append(header);
  }
  let ledger = foldLedger(o.rules, days);
  const resumedFromDay = ledger.daysRun;
  writer.append({ type: 'session', event: o.resume ? 'resume' : 'start', wall: now(), day: ledger.daysRun });
  if (o.resume)
    o.log?.(`resuming after day ${ledger.daysRun}: ${ledger.incidents.length} incidents so far, trial ends on day ${ledger.endDay}`);
  let stopped = false;
  let pastDeadline: TrialResult['pastDeadline'];
  let abandoned: Promise<unknown> | null = null;
  try {
    await o.step.prepare({ seed: o.seed, accel: o.accel, virtualStartMs: o.virtualStartMs, previous: days });
    const budgetMs = DAY_MS / o.accel;
    while (ledger.status === 'running') {
      if (o.signal?.aborted) {
        stopped = true;
        break;
      }
      const day = ledger.daysRun + 1;
      const t0 = now();
      // when each day starts, for the acceleration achieved (the day record stays free of wall time)
      writer.append({ type: 'session', event: 'day', wall: t0, day });
      let out;
      // the day's own halt: the interrupt, or its deadline
      const halt = new AbortController();
      const interrupted = () => halt.abort();
      o.signal?.addEventListener('abort', interrupted, { once: true });
      const deadlineMs = o.dayOverrunMs === undefined ? undefined : budgetMs + o.dayOverrunMs;
      const running = o.step.run({ seed: o.seed, accel: o.accel, day, virtualStartMs: o.virtualStartMs, budgetMs, signal: halt.signal });
      try {
        if (deadlineMs !== undefined && !(await waitAtMost(running, deadlineMs))) {
          pastDeadline = { day, seconds: Math.round(deadlineMs / 100) / 10 };
          o.log?.(
            `day ${day} did not end within its deadline of ${pastDeadline.seconds} s (its length + run.deadlineMinutes): a hung core or client; the trial stops, the day is not journalled and runs again on resume`,
          );
          halt.abort();
          // what the halt cannot end (a call stuck in the mount) ends with the steps' close; awaited after it
          abandoned = running.catch(() => undefined);
          stopped = true;
          break;
        }
        out = await running;
      } catch (e) {
        if (!o.signal?.aborted) throw e;
        o.log?.(`day ${day} was cut short by the interrupt: not journalled, it runs again on resume`);
        stopped = true;
        break;
      } finally {
        o.signal?.removeEventListener('abort', interrupted);
      }
      // the day counts only once this one line is journalled; a day cut short runs again on resume
      const rec: DayRecord = {
        type: 'day',
        day,
        virtualDate: isoDate(o.virtualStartMs + (day - 1) * DAY_MS),
        incidents: out.incidents,
        observations: out.observations,
        parts: out.parts,
        ...(out.faults ? { faults: out.faults } : {}),
        ...(out.checks ? { checks: out.checks } : {}),
        ...(out.coreTuning ? { coreTuning: out.coreTuning } : {}),
      };
      writer.append(rec);
      days.push(rec);
      ledger = ledgerStep(ledger, rec);
      writeLedger(o.dir, ledger);
      o.log?.(
        `day ${day}/${ledger.endDay} (${rec.virtualDate})${rec.incidents.length ? `: ${rec.incidents.length} incident(s), trial now ends on day ${ledger.endDay}` : ''}${ledger.terminationRight?.day === day ? ' — P5: second problem inside an extension, the buyer may terminate' : ''}`,
      );
      if (o.interruptAfterDay === day) throw new TrialInterrupted(day);
      const rest = budgetMs - (now() - t0);
      if (rest > 0 && ledger.status === 'running') await pace(rest, o.signal);
    }
    writer.append({
      type: 'session',
      event: 'stop',
      wall: now(),
      day: ledger.daysRun,
      note: pastDeadline ? `stopped: day ${pastDeadline.day} past its deadline` : stopped ? 'stopped by signal' : ledger.status,
    });
    writeLedger(o.dir, ledger);
    const artifacts = o.step.artifacts?.() ?? {};
    return { ledger, days, header, resumedFromDay, stopped, artifacts, ...(pastDeadline ? { pastDeadline } : {}) };
  } finally {
    writer.close();
    // a day stopped at its deadline may have left requests stuck in the core's mount
    await o.step.close?.({ abort: !!pastDeadline || !!o.signal?.aborted });
    // its work, freed by the teardown, ends before the trial's files are written and sealed
    if (abandoned && !(await waitAtMost(abandoned, ABANDONED_DAY_MS)))
      o.log?.(`the halted day's work still waits ${ABANDONED_DAY_MS / 1000} s after the teardown (a call that hangs); left behind`);
  }
}

/** how long a day's work abandoned at its deadline is awaited after the halt */
const ABANDONED_DAY_MS = 30_000;
