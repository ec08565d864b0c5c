// A field trial's calendar and ledger: days journalled as the Beijing calendar passes (a day with
// no run unchecked but counted), today's checks made once, problems people entered counted from
// the day found, and a P5 reached by an entry ending the trial before days already journalled.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DayStep } from './day-step';
import { beijingDate, dateOfDay, fieldDayOf } from './field-calendar';
import { planFieldDays, runFieldDays, type FieldTrialOptions } from './field-days';
import { JOURNAL_FILE, JournalError, readJournal, type ReportedIncidentRecord } from './journal';
import { LEDGER_FILE, runTrial } from './driver';
import { incidentsOfDayChecks, ledgerJson, type DayCheck } from './ledger';
import { ledgerOfJournal } from './reported';
import { LOCK_FILE, lockTrial } from './trial-lock';

const root = mkdtempSync(join(tmpdir(), 'accept-field-days-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// 2026-12-08 09:00 Beijing is 01:00 UTC
const DAY1 = Date.UTC(2026, 11, 8, 1, 0);
const H = 3_600_000;

/** A day step whose checks are given per day (what the probe would have judged), recording the days it ran. */
function scripted(statuses: Record<number, DayCheck['status']> = {}): DayStep & { ran: number[] } {
  const ran: number[] = [];
  return {
    name: 'field',
    ran,
    async prepare() {},
    async run(ctx) {
      ran.push(ctx.day);
      const checks: DayCheck[] = [
        { clause: 'T3', status: statuses[ctx.day] ?? 'PASS', history: `days/${ctx.day}/history.jsonl`, reasons: ['x'] },
      ];
      return {
        incidents: incidentsOfDayChecks(ctx.day, checks, 'field'),
        observations: {},
        parts: [{ name: 'field', nature: 'measured' }],
        checks,
      };
    },
  };
}

const opts = (dir: string, step: DayStep, now: number, o: Partial<FieldTrialOptions> = {}): FieldTrialOptions => ({
  dir,
  trialId: 'f',
  seed: 's',
  rules: { trialDays: 5, extensionDays: 2, maxDays: 30 },
  profileId: 'ci',
  target: 'site A',
  step,
  resume: false,
  now: () => now,
  ...o,
});

const report = (day: number, id: string): ReportedIncidentRecord => ({
  type: 'reported-incident',
  id,
  day,
  foundAt: DAY1 + (day - 1) * 24 * H,
  clause: 'T3',
  description: 'a camera lost 3 minutes of recording',
  by: 'qa-wang',
  enteredAt: DAY1 + (day - 1) * 24 * H + H,
});

describe('field trial calendar', () => {
  it('counts Beijing calendar days: 23:59 and 00:01 Beijing are different days, 07:59 UTC is still the same day', () => {
    const start = beijingDate(DAY1);
    expect(start).toBe('2026-12-08');
    expect(fieldDayOf(start, Date.UTC(2026, 11, 8, 15, 59))).toBe(1); // 23:59 Beijing
    expect(fieldDayOf(start, Date.UTC(2026, 11, 8, 16, 1))).toBe(2); // 00:01 Beijing on the 9th
    expect(fieldDayOf(start, Date.UTC(2026, 11, 7, 15, 0))).toBe(0); // the day before
    expect(dateOfDay(start, 25)).toBe('2027-01-01');
  });
});

describe('field trial driver', () => {
  it('checks today once; a later run journals the days without a run as unchecked, then checks its own day', async () => {
    const dir = join(root, 'calendar');
    const step = scripted();
    const first = await runFieldDays(opts(dir, step, DAY1));
    expect([first.today, first.checked, first.nextDue]).toEqual([1, 1, '2026-12-09']);
    const again = await runFieldDays(opts(dir, step, DAY1 + 6 * H, { resume: true }));
    expect([again.checked, again.unchecked, again.ledger.daysRun]).toEqual([null, [], 1]);
    const later = await runFieldDays(opts(dir, step, DAY1 + 3 * 24 * H, { resume: true }));
    expect([later.today, later.checked, later.unchecked]).toEqual([4, 4, [2, 3]]);
    expect(step.ran).toEqual([1, 4]);
    const j = readJournal(join(dir, JOURNAL_FILE));
    expect(j.header.field).toEqual({ target: 'site A', startDate: '2026-12-08' });
    expect(j.days.map((d) => [d.day, d.virtualDate, !!d.unchecked])).toEqual([
      [1, '2026-12-08', false],
      [2, '2026-12-09', true],
      [3, '2026-12-10', true],
      [4, '2026-12-11', false],
    ]);
    // the trial of 5 days ends with day 5's check; nothing runs after it
    const last = await runFieldDays(opts(dir, step, DAY1 + 10 * 24 * H, { resume: true }));
    expect([last.ledger.status, last.ledger.daysRun, last.checked, last.unchecked, last.nextDue]).toEqual([
      'completed',
      5,
      null,
      [5],
      null,
    ]);
    expect(readFileSync(join(dir, LEDGER_FILE), 'utf8')).toBe(ledgerJson(ledgerOfJournal(readJournal(join(dir, JOURNAL_FILE)))));
  });

  it('the plan (the run and --dry-run alike): a trial that ends among the unchecked days checks nothing after them', async () => {
    const dir = join(root, 'plan');
    await runFieldDays(opts(dir, scripted(), DAY1, { rules: { trialDays: 3, extensionDays: 2, maxDays: 30 } }));
    const j = readJournal(join(dir, JOURNAL_FILE));
    const plan = planFieldDays(j, 6);
    expect([plan.unchecked.map((d) => d.day), plan.checkToday, plan.ledger.status]).toEqual([[2, 3], false, 'completed']);
    expect(planFieldDays(j, 2)).toMatchObject({ unchecked: [], checkToday: true });
    expect(planFieldDays(j, 1)).toMatchObject({ unchecked: [], checkToday: false });
    // the run does what the plan says
    const step = scripted();
    const r = await runFieldDays(
      opts(dir, step, DAY1 + 5 * 24 * H, { resume: true, rules: { trialDays: 3, extensionDays: 2, maxDays: 30 } }),
    );
    expect([r.unchecked, r.checked, step.ran, r.ledger.status]).toEqual([[2, 3], null, [], 'completed']);
  });

  it('a FAIL of a check is a problem: the trial is extended by Y from that day', async () => {
    const dir = join(root, 'fail');
    const r = await runFieldDays(opts(dir, scripted({ 1: 'FAIL' }), DAY1));
    expect(r.ledger.incidents.map((i) => [i.id, i.day, i.nature])).toEqual([['d1-T3-fail', 1, 'measured']]);
    expect(r.ledger.endDay).toBe(5); // max(5, 1 + 2)
  });

  it('a problem entered for a day counts from that day (P4), and one inside its extension is P5', async () => {
    const dir = join(root, 'entered');
    await runFieldDays(opts(dir, scripted(), DAY1 + 3 * 24 * H)); // start on day 1 = the 11th
    const step = scripted({ 4: 'FAIL' });
    const start = Date.UTC(2026, 11, 11, 1, 0);
    await runFieldDays(opts(dir, step, start + 2 * 24 * H, { resume: true })); // day 3 checked, day 2 unchecked
    appendFileSync(join(dir, JOURNAL_FILE), JSON.stringify({ ...report(2, 'r1'), foundAt: start + 24 * H }) + '\n');
    const entered = ledgerOfJournal(readJournal(join(dir, JOURNAL_FILE)));
    expect(entered.incidents.map((i) => [i.id, i.day, i.nature])).toEqual([['r1', 2, 'reported']]);
    expect(entered.endDay).toBe(5);
    // day 4's check FAILs: inside day 2's extension (days 3-4): P5, the trial ends
    const r = await runFieldDays(opts(dir, step, start + 3 * 24 * H, { resume: true }));
    expect(r.ledger.status).toBe('termination-right');
    expect(r.ledger.terminationRight).toEqual({ day: 4, incidentIds: ['d4-T3-fail'], insideExtensionOf: 2 });
    expect(r.nextDue).toBeNull();
  });

  it('an entry for an early day that reaches P5 ends the trial there: days journalled after it are not counted', async () => {
    const dir = join(root, 'late-entry');
    await runFieldDays(opts(dir, scripted({ 1: 'FAIL' }), DAY1));
    await runFieldDays(opts(dir, scripted(), DAY1 + 3 * 24 * H, { resume: true }));
    appendFileSync(join(dir, JOURNAL_FILE), JSON.stringify(report(2, 'r1')) + '\n');
    const l = ledgerOfJournal(readJournal(join(dir, JOURNAL_FILE)));
    expect([l.status, l.daysRun, l.terminationRight?.day]).toEqual(['termination-right', 2, 2]);
  });

  it('a day whose checks throw is not journalled (a later run that day checks again), the attempt and why are; the ledger still matches the journal', async () => {
    const dir = join(root, 'failing');
    await runFieldDays(opts(dir, scripted(), DAY1));
    const broken: DayStep = {
      ...scripted(),
      async run() {
        throw new Error('the BMC of node2 reset the connection');
      },
    };
    await expect(runFieldDays(opts(dir, broken, DAY1 + 2 * 24 * H, { resume: true }))).rejects.toThrow(/reset the connection/);
    const j = readJournal(join(dir, JOURNAL_FILE));
    expect(j.days.map((d) => [d.day, !!d.unchecked])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(j.sessions.filter((s) => s.event === 'day-failed')).toMatchObject([{ day: 3, note: 'the BMC of node2 reset the connection' }]);
    expect(readFileSync(join(dir, LEDGER_FILE), 'utf8')).toBe(ledgerJson(ledgerOfJournal(j)));
    const again = await runFieldDays(opts(dir, scripted(), DAY1 + 2 * 24 * H + H, { resume: true }));
    expect([again.checked, again.unchecked]).toEqual([3, []]);
  });

  it('one writer at a time: a run refuses while another holds the folder, and takes over a lock its dead holder left', async () => {
    const dir = join(root, 'locked');
    await runFieldDays(opts(dir, scripted(), DAY1));
    const unlock = lockTrial(dir, 'an entry of a problem');
    await expect(runFieldDays(opts(dir, scripted(), DAY1 + 24 * H, { resume: true }))).rejects.toThrow(
      new RegExp(`being written by process ${process.pid} \\(an entry of a problem\\): try again when it ends`),
    );
    unlock();
    // a holder that no longer runs (a process that has exited)
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: Number(String(dead.stdout).trim()), what: 'killed run' }));
    const r = await runFieldDays(opts(dir, scripted(), DAY1 + 24 * H, { resume: true }));
    expect(r.checked).toBe(2);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a resume for another target or rules, a virtual trial, and a clock before the first day', async () => {
    const dir = join(root, 'refusals');
    await runFieldDays(opts(dir, scripted(), DAY1));
    await expect(runFieldDays(opts(dir, scripted(), DAY1, { resume: true, target: 'site B' }))).rejects.toThrow(
      /target is site A in the journal, site B now/,
    );
    await expect(
      runFieldDays(opts(dir, scripted(), DAY1, { resume: true, rules: { trialDays: 6, extensionDays: 2, maxDays: 30 } })),
    ).rejects.toThrow(/rules are/);
    await expect(runFieldDays(opts(dir, scripted(), DAY1 - 24 * H, { resume: true }))).rejects.toThrow(
      /before the trial's first day 2026-12-08: is this machine's clock right/,
    );
    await expect(runFieldDays(opts(dir, scripted(), DAY1))).rejects.toThrow(JournalError);
    const virtual = join(root, 'virtual');
    await runTrial({
      dir: virtual,
      trialId: 'v',
      seed: 's',
      accel: 86_400,
      rules: { trialDays: 1, extensionDays: 1, maxDays: 5 },
      profileId: 'ci',
      step: scripted(),
      virtualStartMs: Date.UTC(2026, 0, 1),
      sleep: async () => undefined,
    });
    await expect(runFieldDays(opts(virtual, scripted(), DAY1, { resume: true }))).rejects.toThrow(/a trial in virtual days/);
    // the journal of the refused runs is untouched by them
    expect(readJournal(join(dir, JOURNAL_FILE)).days).toHaveLength(1);
  });
});
