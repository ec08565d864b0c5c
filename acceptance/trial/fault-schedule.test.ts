// The trial's fault schedule is a pure function of (seed, day, rates, nodes): the same
// inputs give the same faults whatever happened before or when it runs; rates and the
// daily cap hold; a soak step refuses to resume a journal written with another schedule.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProfile, trialRunOf } from '../../profile/profile';
import { faultSpecSchema } from '../../sim/plan/faults';
import { clausesOf, dayFaultPlan, type SoakSettings } from './fault-schedule';
import { CoreSoakStep } from './soak-step';
import type { DayRecord } from './ledger';
import { combineSteps } from './day-step';
import { runTrial, TrialInterrupted } from './driver';
import { JOURNAL_FILE } from './journal';
import { TwinAgeingStep } from './twin-ageing-step';

const nodes = [1, 2, 3].map((i) => ({ name: `node${i}`, bays: 48 }));
const settings = (o: Partial<SoakSettings> = {}): SoakSettings => ({ ...trialRunOf(loadProfile('ci').profile).soak, ...o });

describe('trial fault schedule', () => {
  it('is a pure function of seed and day (not of earlier days or the clock)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 400 }), (seed, day) => {
        const a = dayFaultPlan(seed, day, settings(), nodes, 10);
        // other days drawn in between (as a trial would) change nothing
        for (let d = 1; d <= 3; d++) dayFaultPlan(seed, d, settings(), nodes, 10);
        expect(dayFaultPlan(seed, day, settings(), nodes, 10)).toEqual(a);
        for (const f of a) {
          expect(f.id.startsWith(`d${day}-`)).toBe(true);
          expect(f.atFraction).toBeGreaterThanOrEqual(0);
          expect(f.atFraction).toBeLessThan(1);
          if (f.fault.fault === 'disk-pull') {
            expect(nodes.map((n) => n.name)).toContain(f.fault.node);
            expect(f.fault.slot).toBeGreaterThanOrEqual(0);
            expect(f.fault.slot).toBeLessThan(48);
          } else expect(['kill9', 'power-loss']).toContain(f.fault.mode);
        }
        expect(a.map((f) => f.atFraction)).toEqual([...a.map((f) => f.atFraction)].sort((x, y) => x - y));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps an arrival late in the day below 1 (rounded, seed s1ob day 3 arrived at 1)', () => {
    const late = dayFaultPlan('s1ob', 3, settings(), nodes, 10);
    expect(late.length).toBeGreaterThan(0);
    for (const f of late) expect(f.atFraction).toBeLessThan(1);
    expect(late.at(-1)!.atFraction).toBeGreaterThanOrEqual(0.9999);
  });

  it('differs between seeds and between days', () => {
    const s = settings({ faultsPerDay: { diskPull: 2, crash: 2 }, maxFaultsPerDay: 10 });
    const days = Array.from({ length: 20 }, (_, i) => JSON.stringify(dayFaultPlan('a', i + 1, s, nodes, 10)));
    expect(new Set(days).size).toBeGreaterThan(15);
    expect(JSON.stringify(dayFaultPlan('a', 1, s, nodes, 10))).not.toBe(JSON.stringify(dayFaultPlan('b', 1, s, nodes, 10)));
  });

  it('arrives at the profile rates (Poisson mean per day) and keeps the daily cap', () => {
    const s = settings({ faultsPerDay: { diskPull: 0.7, crash: 0.5 }, maxFaultsPerDay: 10 });
    let pulls = 0;
    let crashes = 0;
    const N = 2000;
    for (let d = 1; d <= N; d++) {
      for (const f of dayFaultPlan('rates', d, s, nodes, 10)) f.fault.fault === 'disk-pull' ? pulls++ : crashes++;
    }
    expect(pulls / N).toBeGreaterThan(0.6);
    expect(pulls / N).toBeLessThan(0.8);
    expect(crashes / N).toBeGreaterThan(0.42);
    expect(crashes / N).toBeLessThan(0.58);
    const capped = settings({ faultsPerDay: { diskPull: 5, crash: 5 }, maxFaultsPerDay: 2 });
    for (let d = 1; d <= 50; d++) expect(dayFaultPlan('cap', d, capped, nodes, 10).length).toBeLessThanOrEqual(2);
    expect(dayFaultPlan('zero', 1, settings({ faultsPerDay: { diskPull: 0, crash: 0 } }), nodes, 10)).toEqual([]);
  });

  it('names the clauses a day is evidence for', () => {
    const s = settings({ faultsPerDay: { diskPull: 3, crash: 3 }, maxFaultsPerDay: 10 });
    const plan = Array.from({ length: 10 }, (_, i) => dayFaultPlan('c', i + 1, s, nodes, 10)).flat();
    expect(clausesOf(plan)).toEqual(['T3', 'T6']);
    expect(clausesOf(plan.filter((f) => f.fault.fault === 'disk-pull'))).toEqual(['T3']);
    expect(clausesOf([])).toEqual([]);
    // every day's fault is a declared kind with valid parameters (runFault refuses anything else)
    for (const f of plan) expect(faultSpecSchema.safeParse(f.fault).success, JSON.stringify(f.fault)).toBe(true);
  });

  it('the soak step refuses a journal whose faults another seed drew (before it starts a core)', async () => {
    const { profile } = loadProfile('ci');
    const step = new CoreSoakStep({
      profile,
      dir: '/nonexistent',
      trialId: 't',
      runId: 't',
      workDir: '/nonexistent',
      startCore: () => Promise.reject(new Error('no core may start before the journal is checked')),
      image: 'none',
      log: () => undefined,
      writeDayVerdicts: () => undefined,
    });
    const day = (d: number, seed: string): DayRecord => ({
      type: 'day',
      day: d,
      virtualDate: '2026-01-01',
      incidents: [],
      observations: {},
      parts: [],
      faults: step.plan(seed, d).map((f) => ({ ...f, fault: { ...f.fault } })),
    });
    // find a day where the two seeds differ
    const d = Array.from({ length: 30 }, (_, i) => i + 1).find(
      (k) => JSON.stringify(step.plan('x', k).map((f) => f.id)) !== JSON.stringify(step.plan('y', k).map((f) => f.id)),
    )!;
    await expect(step.prepare({ seed: 'y', accel: 86_400, virtualStartMs: 0, previous: [day(d, 'x')] })).rejects.toThrow(/fault schedule/);
  });
});

describe('the seeded schedule inside the driver: resume equals uninterrupted', () => {
  // a day step that journals the seeded faults as the soak step does (without a core): the
  // journal's day lines of a cut and resumed trial equal those of a straight one
  it('for every cut point', async () => {
    const s = settings({ faultsPerDay: { diskPull: 1, crash: 1 } });
    const faultsOnly = {
      name: 'faults',
      async prepare() {},
      async run(ctx: { seed: string; day: number }) {
        const plan = dayFaultPlan(ctx.seed, ctx.day, s, nodes, 10);
        return {
          incidents: [],
          observations: { 'faults.injected': plan.length },
          parts: [{ name: 'faults', nature: 'measured' as const }],
          faults: plan.map((f) => ({ ...f, fault: { ...f.fault } })),
        };
      },
    };
    const root = mkdtempSync(join(tmpdir(), 'sched-resume-'));
    const opts = (dir: string, extra = {}) => ({
      dir,
      trialId: 't',
      seed: 'sched',
      accel: 86_400,
      rules: { trialDays: 6, extensionDays: 2, maxDays: 20 },
      profileId: 'ci',
      virtualStartMs: Date.UTC(2026, 0, 1),
      sleep: async () => undefined,
      step: combineSteps([
        new TwinAgeingStep({ nodes: [{ id: 'node1', model: 'SN-48X' }], incidentGrade: 'faulty', replaceFaultyDisks: true }),
        faultsOnly,
      ]),
      ...extra,
    });
    const days = (dir: string) =>
      readFileSync(join(dir, JOURNAL_FILE), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{"type":"day"'))
        .join('\n');
    await runTrial(opts(join(root, 'straight')));
    expect(days(join(root, 'straight'))).toContain('"faults":[{');
    for (let k = 1; k < 6; k++) {
      const dir = join(root, `cut${k}`);
      await expect(runTrial(opts(dir, { interruptAfterDay: k }))).rejects.toBeInstanceOf(TrialInterrupted);
      await runTrial(opts(dir, { resume: true }));
      expect(days(dir)).toBe(days(join(root, 'straight')));
    }
    rmSync(root, { recursive: true, force: true });
  });
});
