// A short trial on the real core: each virtual day the cameras write through MooseFS, the
// day's seeded fault (a disk pull) goes through the twins' bindings, and the day is judged
// from its own history (T3 on the pull day, the load thresholds on a quiet day) into the
// journal and the ledger. Then the same trial is cut after day 1 and resumed: the ledger
// is the same byte for byte, and so are the journal's deterministic parts (faults,
// incidents, which checks ran and how they ended). Small: 3 nodes x 24 bays, 2 days.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { workRoot } from '../lib/paths';
import { trialSoakShortProfile } from './short-profile';
import { combineSteps } from './trial/day-step';
import { LEDGER_FILE, runTrial, TrialInterrupted, type TrialOptions } from './trial/driver';
import { JOURNAL_FILE, readJournal } from './trial/journal';
import { writeVerdictsFile } from '../reports/verdicts-file';
import { CoreSoakStep, dayFolder } from './trial/soak-step';
import { TwinAgeingStep } from './trial/twin-ageing-step';
import { coreRunId } from './core-run-id';
import { startReferenceCore } from '../sim/core/cores';

const profile = trialSoakShortProfile();
const probe = new CoreSoakStep({
  profile,
  dir: '',
  trialId: '',
  runId: '',
  workDir: '',
  startCore: startReferenceCore,
  image: '',
  log: () => undefined,
  writeDayVerdicts: writeVerdictsFile,
});
// a seed whose day 1 has one pull and day 2 none (a pull day and a quiet day)
const SEED = Array.from({ length: 200 }, (_, i) => `soak-${i}`).find(
  (s) => probe.plan(s, 1).length === 1 && probe.plan(s, 2).length === 0,
)!;

const log = (m: string) => process.stderr.write(`[trial-soak] ${m}\n`);

function options(dir: string, extra: Partial<TrialOptions> = {}): TrialOptions {
  // two trials run at once: their run ids must differ even when made in the same millisecond
  const runId = coreRunId(extra.interruptAfterDay !== undefined || extra.resume ? 'trialsoak-cut' : 'trialsoak');
  const soak = new CoreSoakStep({
    profile,
    dir,
    trialId: 'trial-soak',
    runId,
    workDir: join(workRoot(), 'runs', runId),
    startCore: startReferenceCore,
    image: inject('coreImage'),
    log,
    writeDayVerdicts: writeVerdictsFile,
  });
  const twins = new TwinAgeingStep({
    nodes: [1, 2, 3].map((i) => ({ id: `node${i}`, model: 'SN-24A' as const })),
    incidentGrade: 'never',
    replaceFaultyDisks: true,
  });
  return {
    dir,
    trialId: 'trial-soak',
    seed: SEED,
    accel: 86_400 * 4, // 1 virtual day = 0.25 wall s: the day's slice is the profile's minimum
    rules: { trialDays: 2, extensionDays: 1, maxDays: 6 },
    profileId: profile.id,
    step: combineSteps([twins, soak]),
    virtualStartMs: Date.UTC(2026, 0, 1),
    log,
    ...extra,
  };
}

/** what must not depend on the session: faults, incidents, checks run and their outcome */
const deterministic = (dir: string) =>
  readJournal(join(dir, JOURNAL_FILE)).days.map((d) => ({
    day: d.day,
    faults: d.faults,
    incidents: d.incidents.map((i) => i.id),
    checks: d.checks?.map((c) => `${c.clause}:${c.status}`),
    twins: Object.fromEntries(Object.entries(d.observations).filter(([k]) => k.startsWith('twins.'))),
    parts: d.parts,
  }));

describe('trial with soak and faults on the real core', () => {
  it(`records a pull day and a quiet day, and resume equals uninterrupted (seed ${SEED})`, async () => {
    expect(SEED).toBeDefined();
    const straight = mkdtempSync(join(tmpdir(), 'trial-soak-straight-'));
    const cut = mkdtempSync(join(tmpdir(), 'trial-soak-cut-'));
    const t0 = Date.now();
    // the uninterrupted trial and the one cut after day 1 and resumed, at once on two clusters:
    // a soak day mostly waits on the core (6 cameras each); both end before either is judged
    const [straightRun, cutRun] = await Promise.allSettled([
      runTrial(options(straight)),
      (async () => {
        const interrupted = await runTrial(options(cut, { interruptAfterDay: 1 })).then(
          () => 'not interrupted',
          (e: unknown) => (e instanceof TrialInterrupted ? null : e),
        );
        if (interrupted !== null) throw interrupted instanceof Error ? interrupted : new Error(String(interrupted));
        return runTrial(options(cut, { resume: true }));
      })(),
    ]);
    if (straightRun.status === 'rejected') throw straightRun.reason;
    if (cutRun.status === 'rejected') throw cutRun.reason;
    const whole = straightRun.value;
    const resumed = cutRun.value;
    log(
      `both trials: ${((Date.now() - t0) / 1000).toFixed(1)} s wall; uninterrupted: ledger ${whole.ledger.status}, ${whole.ledger.incidents.length} incidents`,
    );

    const days = readJournal(join(straight, JOURNAL_FILE)).days;
    expect(days.length).toBeGreaterThanOrEqual(2);
    const [d1, d2] = days;
    // day 1: the seeded pull ran against the real core and T3 was judged from the day's history
    expect(d1!.faults?.length).toBe(1);
    expect(d1!.faults![0]!.fault.fault).toBe('disk-pull');
    expect(d1!.observations['faults.injected']).toBe(1);
    expect(d1!.observations['soak.segments']).toBeGreaterThan(20);
    expect(d1!.observations['soak.lost']).toBe(0);
    expect(d1!.checks?.map((c) => c.clause)).toEqual(['T3', 'redundancy']);
    // the pulled disk came back in seconds: no chunk stayed below goal past T6's bound
    expect(d1!.checks![1]!.status, d1!.checks![1]!.reasons.join('\n')).toBe('PASS');
    expect(d1!.checks![0]!.status, d1!.checks![0]!.reasons.join('\n')).not.toBe('FAIL');
    const h1 = readFileSync(join(straight, dayFolder(1), 'history.jsonl'), 'utf8');
    expect(h1).toContain('"kind":"fault.start"');
    expect(h1).toContain('"kind":"hw.bay.pulled"');
    // day 2: no fault; the soak's thresholds judged
    expect(d2!.faults).toEqual([]);
    expect(d2!.checks?.map((c) => c.clause)).toEqual(['load', 'redundancy']);
    expect(d2!.checks![0]!.status, d2!.checks![0]!.reasons.join('\n')).toBe('PASS');
    expect(existsSync(join(straight, LEDGER_FILE))).toBe(true);
    expect(whole.ledger.daysRun).toBe(days.length);
    // a measured FAIL would be an incident counted against its clause
    for (const d of days)
      for (const c of d.checks ?? [])
        if (c.status === 'FAIL') expect(whole.ledger.incidents.some((i) => i.day === d.day && i.nature === 'measured')).toBe(true);

    expect(resumed.resumedFromDay).toBe(1);
    expect(readFileSync(join(cut, LEDGER_FILE), 'utf8')).toBe(readFileSync(join(straight, LEDGER_FILE), 'utf8'));
    expect(deterministic(cut)).toEqual(deterministic(straight));
  });
});
