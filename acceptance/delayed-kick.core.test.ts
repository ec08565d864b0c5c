// T5 on the real MooseFS core (short version): I/O errors injected into a chunkserver's bay
// through the preloaded syscall wrapper. Reference (MooseFS's shipped tolerance): the burst
// is tolerated and the failing disk ejected after several errors -> PASS. The control
// 'kick-at-once' (HDD_ERROR_TOLERANCE_COUNT = 1, the lowest MooseFS accepts: the same burst
// ejects the disk -> FAIL) is in short-controls-side-by-side.core.test.ts.
// The reference asserts the T5 checker itself; the run's background-load thresholds (which
// `judge` folds into every clause) are judged by the load tests, and on a shared 2-core
// machine they can fail for reasons that have nothing to do with disk errors.
import { describe, expect, it } from 'vitest';
import { runJudged } from './core-run';
import { delayedKickShortProfile } from './short-profile';
import { delayedKickScenario, type DelayedKickVariant } from '../scenarios/delayed-kick';

const SEED = process.env.ACCEPT_SEED ?? 't5-ci';

async function runT5(variant: DelayedKickVariant) {
  const profile = delayedKickShortProfile();
  return runJudged(delayedKickScenario(profile, SEED, variant), profile, { clause: 'T5', seed: SEED, tag: 't5', epic: '存储节点' });
}

const fig = (v: { figures: { name: string; value: number | null }[] }, part: string) => v.figures.find((f) => f.name.includes(part))?.value;

describe('T5 delayed disk kick on the real core', () => {
  it('reference: a burst of 2 I/O errors is tolerated, a failing disk is ejected after several errors -> PASS', async () => {
    const { verdict: own, rules, rec } = await runT5('reference');
    expect(rules, own.reasons.join('\n')).toBe('PASS');
    expect(fig(own, 'injected in a burst')).toBe(2);
    expect(fig(own, 'disk ejected by the core after the burst')).toBe(0);
    expect(fig(own, 'chunk I/O calls the core made on the disk after the burst')).toBeGreaterThan(0);
    expect(fig(own, 'I/O errors before the core ejected')).toBeGreaterThan(1);
    const seconds = fig(own, 'first injected error → disk marked damaged');
    expect(seconds).toBeGreaterThanOrEqual(0);
    expect(seconds).toBeLessThanOrEqual(120);
    expect(own.figures.filter((f) => f.nature === 'simulated').length).toBe(2);
    expect(rec.segments.lost).toBe(0);
  });
});
