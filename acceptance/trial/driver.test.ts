// Resume equals uninterrupted: a trial killed (by an injected interruption) after day k
// and resumed from its journal ends with the same ledger, byte for byte, and the same
// day records as a trial that ran straight through with the same seed.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTrial, TrialInterrupted, LEDGER_FILE, type TrialOptions } from './driver';
import { achievedPace, JOURNAL_FILE, JournalError, readJournal, type SessionRecord } from './journal';
import { TwinAgeingStep } from './twin-ageing-step';

const root = mkdtempSync(join(tmpdir(), 'accept-trial-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fleet = () =>
  new TwinAgeingStep({
    nodes: [1, 2, 3].map((i) => ({ id: `node${i}`, model: 'SN-48X' as const })),
    incidentGrade: 'sub-healthy',
    replaceFaultyDisks: true,
  });
const noSleep = async () => undefined;

function options(dir: string, seed: string, trialDays: number, extensionDays: number, extra: Partial<TrialOptions> = {}): TrialOptions {
  return {
    dir,
    trialId: 't',
    seed,
    accel: 86_400,
    rules: { trialDays, extensionDays, maxDays: trialDays + 50 },
    profileId: 'ci',
    step: fleet(),
    virtualStartMs: Date.UTC(2026, 0, 1),
    sleep: noSleep,
    ...extra,
  };
}

/** the day lines of a journal: everything but header and wall-clock session records */
const dayLines = (dir: string) =>
  readFileSync(join(dir, JOURNAL_FILE), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"type":"day"'))
    .join('\n');

// seeds chosen (by running the twins) so that problems occur early in a short trial
const CASES = [
  { seed: 'trial-60', X: 8, Y: 3, status: 'completed', note: 'problems on days 1 and 6: extended, no termination right' },
  { seed: 'trial-124', X: 5, Y: 5, status: 'termination-right', note: 'problems on days 2 and 6: the second inside the extension' },
] as const;

describe('trial driver: resume equals uninterrupted', () => {
  for (const c of CASES) {
    it(`${c.seed}: ${c.note}`, async () => {
      const straight = join(root, `${c.seed}-straight`);
      const whole = await runTrial(options(straight, c.seed, c.X, c.Y));
      expect(whole.ledger.status).toBe(c.status);
      expect(whole.ledger.incidents.length).toBeGreaterThanOrEqual(2);
      expect(whole.ledger.extensions.length).toBeGreaterThanOrEqual(1);
      const reference = readFileSync(join(straight, LEDGER_FILE), 'utf8');

      for (let k = 1; k < whole.ledger.daysRun; k++) {
        const dir = join(root, `${c.seed}-cut${k}`);
        await expect(runTrial(options(dir, c.seed, c.X, c.Y, { interruptAfterDay: k }))).rejects.toBeInstanceOf(TrialInterrupted);
        expect(readFileSync(join(dir, LEDGER_FILE), 'utf8')).not.toBe(reference);
        const resumed = await runTrial(options(dir, c.seed, c.X, c.Y, { resume: true }));
        expect(resumed.resumedFromDay).toBe(k);
        expect(readFileSync(join(dir, LEDGER_FILE), 'utf8')).toBe(reference);
        expect(dayLines(dir)).toBe(dayLines(straight));
        expect(JSON.stringify(resumed.artifacts)).toBe(JSON.stringify(whole.artifacts));
      }
    });
  }

  it('a torn last line (killed while writing) is dropped and that day runs again', async () => {
    const c = CASES[0];
    const straight = join(root, `${c.seed}-straight`);
    const dir = join(root, 'torn');
    await expect(runTrial(options(dir, c.seed, c.X, c.Y, { interruptAfterDay: 3 }))).rejects.toBeInstanceOf(TrialInterrupted);
    appendFileSync(join(dir, JOURNAL_FILE), '{"type":"day","day":4,"virtualDate":"2026-01-');
    const logs: string[] = [];
    await runTrial(options(dir, c.seed, c.X, c.Y, { resume: true, log: (m) => logs.push(m) }));
    expect(logs.some((l) => /torn/.test(l))).toBe(true);
    expect(readFileSync(join(dir, LEDGER_FILE), 'utf8')).toBe(readFileSync(join(straight, LEDGER_FILE), 'utf8'));
    expect(dayLines(dir)).toBe(dayLines(straight));
  });

  it('refuses to resume with another seed, and a journal tampered with is found by the replay', async () => {
    const c = CASES[0];
    const dir = join(root, 'other-seed');
    await expect(runTrial(options(dir, c.seed, c.X, c.Y, { interruptAfterDay: 2 }))).rejects.toBeInstanceOf(TrialInterrupted);
    await expect(runTrial(options(dir, 'another', c.X, c.Y, { resume: true }))).rejects.toThrow(JournalError);
    await expect(runTrial(options(dir, c.seed, c.X, c.Y + 1, { resume: true }))).rejects.toThrow(/rules/);
    // drop the incident of day 1 from the journal: replaying the twins disagrees
    const path = join(dir, JOURNAL_FILE);
    const lines = readFileSync(path, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"type":"day","day":1,'));
    const rec = JSON.parse(lines[i]!);
    expect(rec.incidents.length).toBeGreaterThan(0);
    rec.incidents = [];
    lines[i] = JSON.stringify(rec);
    writeFileSync(path, lines.join('\n'));
    await expect(runTrial(options(dir, c.seed, c.X, c.Y, { resume: true }))).rejects.toThrow(/replaying day 1/);
  });

  it('journals when each day starts, so the achieved acceleration leaves the preparation and the unpaced last day out', async () => {
    let t = 1_000_000;
    const twins = fleet();
    // preparing takes 5 s (a cluster start); each day 300 ms, three times its 100 ms budget
    const slow = {
      name: twins.name,
      prepare: async (c: Parameters<typeof twins.prepare>[0]) => {
        t += 5000;
        await twins.prepare(c);
      },
      run: async (c: Parameters<typeof twins.run>[0]) => {
        t += 300;
        return twins.run(c);
      },
    };
    const dir = join(root, 'slow');
    await runTrial(options(dir, 'quiet', 4, 0, { accel: 86_400 * 10, now: () => t, step: slow }));
    const j = readJournal(join(dir, JOURNAL_FILE));
    expect(j.sessions.map((x) => x.event)).toEqual(['start', 'day', 'day', 'day', 'day', 'stop']);
    const pace = achievedPace(j.sessions);
    expect(pace).toMatchObject({ days: 3, wallSeconds: 0.9, from: 'day-starts', skippedSessions: 0 });
    expect(pace.accel).toBeCloseTo(288_000, 6); // not the nominal 864 000
  });

  it('achieved acceleration: a day cut short by a kill is left out; an old journal without day starts counts whole sessions', () => {
    const s = (event: SessionRecord['event'], wall: number, day: number): SessionRecord => ({ type: 'session', event, wall, day });
    // session 1: days 1-3 start at 10, 12, 14 s, killed during day 3; session 2: days 3-5, stopped
    const sessions = [
      s('start', 0, 0),
      s('day', 10_000, 1),
      s('day', 12_000, 2),
      s('day', 14_000, 3),
      s('resume', 99_000, 2),
      s('day', 100_000, 3),
      s('day', 101_000, 4),
      s('day', 102_000, 5),
      s('stop', 102_500, 5),
    ];
    expect(achievedPace(sessions)).toMatchObject({ days: 4, wallSeconds: 6, accel: 57_600, skippedSessions: 0, from: 'day-starts' });
    expect(achievedPace([s('start', 0, 0), s('day', 1, 1), s('stop', 5, 1)])).toMatchObject({ days: 0, accel: null, skippedSessions: 1 });
    expect(achievedPace([s('start', 0, 0), s('stop', 2000, 2)])).toMatchObject({ days: 2, accel: 86_400, from: 'sessions' });
    expect(achievedPace([s('start', 0, 0), s('day', 0, 1), s('day', 0, 2), s('stop', 0, 2)]).accel).toBeNull();
  });

  it('a day that does not end by its deadline (a hung step) stops the trial: halted, not journalled, closed with abort; resumed, it runs again', async () => {
    const dir = join(root, 'deadline');
    const seen: { halted: boolean; closedWith?: { abort?: boolean } } = { halted: false };
    const twins = fleet();
    // day 2 hangs until halted, and ends 200 ms after the halt (a call that ends late)
    const hanging = {
      name: twins.name,
      prepare: (ctx: Parameters<TwinAgeingStep['prepare']>[0]) => twins.prepare(ctx),
      run: (ctx: Parameters<TwinAgeingStep['run']>[0]) => {
        if (ctx.day !== 2) return twins.run(ctx);
        return new Promise<never>((_, reject) =>
          ctx.signal?.addEventListener('abort', () => {
            seen.halted = true;
            setTimeout(() => reject(new Error('day 2 cut short')), 200);
          }),
        );
      },
      close: async (o?: { abort?: boolean }) => void (seen.closedWith = o),
    };
    const logs: string[] = [];
    const t0 = Date.now();
    const r = await runTrial(
      options(dir, 'quiet', 4, 0, { step: hanging, accel: 86_400_000 / 50, dayOverrunMs: 150, log: (m) => logs.push(m) }),
    );
    // 50 ms a day + 150 ms, and the 200 ms the halted day took to end
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(r.pastDeadline).toEqual({ day: 2, seconds: 0.2 });
    expect(r.stopped).toBe(true);
    expect(r.ledger.daysRun).toBe(1);
    expect(seen).toEqual({ halted: true, closedWith: { abort: true } });
    expect(logs.join('\n')).toMatch(/day 2 did not end within its deadline of 0\.2 s \(its length \+ run\.deadlineMinutes\)/);
    expect(readJournal(join(dir, JOURNAL_FILE)).sessions.at(-1)).toMatchObject({ event: 'stop', note: 'stopped: day 2 past its deadline' });
    // resumed with a step that does not hang: day 2 runs again, and the trial completes as if never stopped
    const resumed = await runTrial(options(dir, 'quiet', 4, 0, { accel: 86_400_000 / 50, resume: true, dayOverrunMs: 150 }));
    const straight = await runTrial(options(join(root, 'deadline-straight'), 'quiet', 4, 0, { accel: 86_400_000 / 50 }));
    expect(resumed.ledger).toEqual(straight.ledger);
    expect(dayLines(dir)).toBe(dayLines(join(root, 'deadline-straight')));
  });

  it('paces each virtual day to 86 400 / accel wall seconds', async () => {
    const waits: number[] = [];
    const t = 0;
    await runTrial(
      options(join(root, 'paced'), 'quiet', 3, 0, { accel: 86_400 * 10, now: () => t, sleep: async (ms) => void waits.push(ms) }),
    );
    expect(waits).toEqual([100, 100]); // no wait after the last day
  });
});
