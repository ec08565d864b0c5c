// T6 self-heal on the real MooseFS core: PASS on the reference (crash, hang and power loss
// of the storage nodes and of the master); the controls are in controls-side-by-side.core.test.ts.
import { describe, expect, it } from 'vitest';
import type { Verdict, VerdictStatus } from '../sim/verdict';
import { runJudged } from './core-run';
import { ruleFailures, withReportedRetry } from './reported-retry';
import { shortProfile } from './short-profile';
import { selfHealScenario } from '../scenarios/selfheal';
import type { CrashMode } from '../sim/plan/faults';

const SEED = process.env.ACCEPT_SEED ?? 'faults-ci';

/** The rules FAILed on self-heal time figures alone (nothing lost, no other T6 figure failed). */
function retriable(v: Verdict, rules: VerdictStatus): boolean {
  const failed = ruleFailures(v);
  return rules === 'FAIL' && failed.length > 0 && failed.every((f) => f.name.includes('self-heal (measured + simulated)'));
}

// Three runs at once, each on its own cluster: the storage nodes' crash, hang and power loss; the
// master's crash and power loss; the master's hang alone. Most of the master's runs is waiting
// (its boot plays 60 s), so they share the 2 cores with little CPU between them, and the hang,
// whose self-heal time has the least margin, is repeated alone by its reported retry. `accept run
// --scenario selfheal` does all six crashes in one run; each run here is judged alone.
const LANES: { target: 'node' | 'master'; modes: CrashMode[]; tag: string; what: string }[] = [
  { target: 'node', modes: ['kill9', 'hang', 'power-loss'], tag: 'selfheal-node', what: "the storage nodes' crash, hang and power loss" },
  { target: 'master', modes: ['kill9', 'power-loss'], tag: 'selfheal-master', what: "the master's crash and power loss" },
  { target: 'master', modes: ['hang'], tag: 'selfheal-mhang', what: "the master's hang" },
];

describe.concurrent('T6 self-heal on the real core', () => {
  for (const { target, modes, tag, what } of LANES) {
    it(`reference, ${what}: PASS`, async () => {
      const profile = shortProfile();
      // A master hang whose in-flight writes wait out MooseFS's 120 s chunk lock stalls every
      // camera for about 2 min (full rate 139-157 s after the fault, seen three times); the
      // master's boot is played in real time (sim/nemesis/faults.ts). The lock did not expire in it
      // in 1af9317's CI: 194.2 s = 15 s to the watchdog's reset + 60 s of boot + about 120 s after
      // the master started, against T6's 180 s; its reported retry PASSed.
      const { verdict, rules, events } = await withReportedRetry(
        `T6 reference (${what})`,
        (n) =>
          runJudged(selfHealScenario(profile, SEED, 'reference', { targets: [target], modes }), profile, {
            clause: 'T6',
            seed: SEED,
            tag: n === 1 ? tag : `${tag}-retry`,
            epic: '存储节点',
          }),
        (r) => (retriable(r.verdict, r.rules) ? `self-heal time only:\n${r.verdict.reasons.join('\n')}` : null),
      );
      // T6's own rules, as the other fault references: the background load's thresholds are printed
      // with the verdict and judged by load-thresholds.core.test.ts (a steady-state p(99) of 3.9 s
      // was seen with another core file on the 2 cores)
      expect(rules, verdict.reasons.join('\n')).toBe('PASS');
      // every crash mode of the run was performed on its target and healed
      const ends = events.flatMap((e) => (e.kind === 'fault.end' ? [e] : []));
      expect(ends.map((e) => e.id).sort()).toEqual([...modes].sort().map((m) => `${target}-${m}`));
      // the running master writes each change to its changelog before it answers (read back from the master, not the profile)
      const options = events.flatMap((e) => (e.kind === 'core.config' ? e.options : []));
      expect(options).toContainEqual(
        expect.objectContaining({ file: 'mfsmaster.cfg', key: 'CHANGELOG_SAVE_MODE', value: '1', shipped: '0' }),
      );
    });
  }
});
