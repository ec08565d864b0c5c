// Properties of the P4/P5 ledger rules. The fast-check seed is printed so that a
// failure can be replayed with FC_SEED=<seed>.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyLedger,
  foldLedger,
  incidentsOfDayChecks,
  ledgerJson,
  LedgerError,
  ledgerStep,
  type DayCheck,
  type DayRecord,
  type Ledger,
  type TrialRules,
} from './ledger';

const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`ledger properties: fast-check seed ${seed} (replay with FC_SEED=${seed})`);
const params = { seed, numRuns: 300 };

const day = (d: number, incidents = 0): DayRecord => ({
  type: 'day',
  day: d,
  virtualDate: '2026-01-01',
  incidents: Array.from({ length: incidents }, (_, k) => ({
    id: `i${d}-${k}`,
    day: d,
    clause: 'P4',
    kind: 'test',
    source: 'test',
    nature: 'simulated',
    summary: { zh: '问题', en: 'problem' },
  })),
  observations: {},
  parts: [],
});

/** Runs the ledger as the driver does: day after day while the trial runs. */
function drive(rules: TrialRules, problemDays: ReadonlySet<number>): { ledger: Ledger; history: Ledger[] } {
  let l = emptyLedger(rules);
  const history = [l];
  while (l.status === 'running') {
    const d = l.daysRun + 1;
    l = ledgerStep(l, day(d, problemDays.has(d) ? 1 : 0));
    history.push(l);
  }
  return { ledger: l, history };
}

const arbRules = fc
  .record({
    trialDays: fc.integer({ min: 1, max: 120 }),
    extensionDays: fc.integer({ min: 0, max: 60 }),
    extra: fc.integer({ min: 0, max: 400 }),
  })
  .map((r) => ({ trialDays: r.trialDays, extensionDays: r.extensionDays, maxDays: r.trialDays + r.extra }));
const arbProblems = fc.uniqueArray(fc.integer({ min: 1, max: 600 }), { maxLength: 12 }).map((a) => new Set(a));

describe('trial ledger (P4/P5)', () => {
  it('without problems the trial ends after exactly X days, with no extension and no termination right', () => {
    fc.assert(
      fc.property(arbRules, (rules) => {
        const { ledger } = drive(rules, new Set());
        expect(ledger.status).toBe('completed');
        expect(ledger.daysRun).toBe(rules.trialDays);
        expect(ledger.extensions).toEqual([]);
        expect(ledger.terminationRight).toBeNull();
      }),
      params,
    );
  });

  it('the end day never moves earlier, never lies before day X, and each problem pushes it to at least its day + Y', () => {
    fc.assert(
      fc.property(arbRules, arbProblems, (rules, problems) => {
        const { history } = drive(rules, problems);
        for (let k = 1; k < history.length; k++) {
          const prev = history[k - 1]!;
          const cur = history[k]!;
          expect(cur.endDay).toBeGreaterThanOrEqual(prev.endDay);
          expect(cur.endDay).toBeGreaterThanOrEqual(rules.trialDays);
          if (problems.has(cur.daysRun)) {
            expect(cur.endDay).toBe(Math.max(prev.endDay, cur.daysRun + rules.extensionDays));
            expect(cur.extensions.at(-1)).toMatchObject({
              foundDay: cur.daysRun,
              endBefore: prev.endDay,
              endAfter: cur.endDay,
              windowEnd: cur.daysRun + rules.extensionDays,
            });
          } else {
            expect(cur.endDay).toBe(prev.endDay);
          }
        }
      }),
      params,
    );
  });

  it('a completed trial lasted max(X, last problem day + Y) days and saw no two problems within Y days', () => {
    fc.assert(
      fc.property(arbRules, arbProblems, (rules, problems) => {
        const { ledger } = drive(rules, problems);
        if (ledger.status !== 'completed') return;
        const seen = [...problems].filter((d) => d <= ledger.daysRun).sort((a, b) => a - b);
        expect(ledger.problemDays).toEqual(seen);
        expect(ledger.daysRun).toBe(Math.max(rules.trialDays, ...seen.map((d) => d + rules.extensionDays)));
        for (let k = 1; k < seen.length; k++) expect(seen[k]! - seen[k - 1]!).toBeGreaterThan(rules.extensionDays);
      }),
      params,
    );
  });

  it('the termination right is raised exactly on the first problem inside an earlier problem’s extension (brute-force oracle)', () => {
    fc.assert(
      fc.property(arbRules, arbProblems, (rules, problems) => {
        const { ledger } = drive(rules, problems);
        const Y = rules.extensionDays;
        // oracle: walk the calendar independently of the ledger's own bookkeeping
        let end = rules.trialDays;
        const found: number[] = [];
        let expected: { day: number; of: number } | null = null;
        for (let d = 1; ; d++) {
          if (problems.has(d)) {
            const of = found.find((p) => d - p >= 1 && d - p <= Y);
            if (of !== undefined) {
              expected = { day: d, of };
              break;
            }
            found.push(d);
            end = Math.max(end, d + Y);
          }
          if (d >= end || d >= rules.maxDays) break;
        }
        if (expected) {
          expect(ledger.status).toBe('termination-right');
          expect(ledger.terminationRight).toMatchObject({ day: expected.day, insideExtensionOf: expected.of });
          expect(ledger.daysRun).toBe(expected.day);
        } else {
          expect(ledger.terminationRight).toBeNull();
          expect(ledger.status === 'completed' || ledger.status === 'stopped-at-max-days').toBe(true);
        }
      }),
      params,
    );
  });

  it('with Y = 0 no problem can fall inside an extension, so the buyer never gets the termination right', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }), arbProblems, (X, problems) => {
        const { ledger } = drive({ trialDays: X, extensionDays: 0, maxDays: X }, problems);
        expect(ledger.terminationRight).toBeNull();
        expect(ledger.status).toBe('completed');
        expect(ledger.daysRun).toBe(X);
      }),
      params,
    );
  });

  it('folding a prefix and continuing gives the same ledger, byte for byte, as folding everything (resume at the rule level)', () => {
    fc.assert(
      fc.property(arbRules, arbProblems, fc.nat(), (rules, problems, cut) => {
        const { ledger, history } = drive(rules, problems);
        const days = Array.from({ length: ledger.daysRun }, (_, k) => day(k + 1, problems.has(k + 1) ? 1 : 0));
        const k = cut % (days.length + 1);
        const resumed = days.slice(k).reduce(ledgerStep, foldLedger(rules, days.slice(0, k)));
        expect(ledgerJson(resumed)).toBe(ledgerJson(ledger));
        expect(ledgerJson(foldLedger(rules, days.slice(0, k)))).toBe(ledgerJson(history[k]!));
      }),
      params,
    );
  });

  it('a run that is still extended stops at maxDays and says so', () => {
    const { ledger } = drive({ trialDays: 30, extensionDays: 10, maxDays: 35 }, new Set([28]));
    expect(ledger.status).toBe('stopped-at-max-days');
    expect(ledger.daysRun).toBe(35);
    expect(ledger.endDay).toBe(38);
  });

  it('examples: one problem extends; a second inside the extension raises P5; one outside does not', () => {
    const rules = { trialDays: 90, extensionDays: 30, maxDays: 400 };
    expect(drive(rules, new Set([80])).ledger).toMatchObject({ status: 'completed', daysRun: 110, endDay: 110, terminationRight: null });
    expect(drive(rules, new Set([80, 105])).ledger).toMatchObject({
      status: 'termination-right',
      daysRun: 105,
      terminationRight: { day: 105, insideExtensionOf: 80 },
    });
    expect(drive(rules, new Set([10, 50])).ledger).toMatchObject({ status: 'completed', daysRun: 90, terminationRight: null });
    expect(drive(rules, new Set([10, 40])).ledger).toMatchObject({
      status: 'termination-right',
      terminationRight: { day: 40, insideExtensionOf: 10 },
    });
    expect(drive(rules, new Set([10, 41])).ledger.terminationRight).toBeNull();
  });

  it('rejects gaps, repeats, days after the end and bad rules', () => {
    const l = emptyLedger({ trialDays: 2, extensionDays: 1, maxDays: 5 });
    expect(() => ledgerStep(l, day(2))).toThrow(LedgerError);
    const one = ledgerStep(l, day(1));
    expect(() => ledgerStep(one, day(1))).toThrow(/gap or a repeat/);
    const done = ledgerStep(one, day(2));
    expect(done.status).toBe('completed');
    expect(() => ledgerStep(done, day(3))).toThrow(/after the trial ended/);
    expect(() => emptyLedger({ trialDays: 0, extensionDays: 1, maxDays: 5 })).toThrow(/at least 1/);
    expect(() => emptyLedger({ trialDays: 10, extensionDays: 1, maxDays: 5 })).toThrow(/maxDays/);
    expect(() => emptyLedger({ trialDays: 10, extensionDays: 1.5, maxDays: 50 })).toThrow(/whole number/);
  });
});

describe('a day check of the real core that FAILs is a measured trial problem', () => {
  const check = (clause: string, status: DayCheck['status'], reason = 'why') => ({
    clause,
    status,
    history: 'days/day-005/history.jsonl',
    reasons: [reason],
  });

  it('redundancy debt counts against T6, named in both languages, with its history', () => {
    const [i, ...rest] = incidentsOfDayChecks(
      5,
      [check('load', 'PASS'), check('redundancy', 'FAIL', '7 chunks endangered (one copy), 0 under goal for 250 s (bound 180 s)')],
      'soak+faults',
      { faults: [] },
    );
    expect(rest).toEqual([]);
    expect(i).toMatchObject({
      id: 'd5-redundancy-fail',
      day: 5,
      clause: 'T6',
      kind: 'redundancy-debt',
      nature: 'measured',
      details: { history: 'days/day-005/history.jsonl', faults: [] },
    });
    expect(i!.summary.zh).toContain('数据块副本数');
    expect(i!.summary.en).toContain('7 chunks endangered');
  });

  it('load and durability count against P4; a clause counts against itself; PASS and INCONCLUSIVE are no problem', () => {
    const got = incidentsOfDayChecks(
      2,
      [check('load', 'FAIL'), check('durability', 'FAIL'), check('T3', 'FAIL'), check('T6', 'INCONCLUSIVE'), check('redundancy', 'PASS')],
      'soak+faults',
    );
    expect(got.map((x) => [x.clause, x.kind])).toEqual([
      ['P4', 'soak-load-threshold'],
      ['P4', 'data-lost'],
      ['T3', 'clause-fail'],
    ]);
  });
});
