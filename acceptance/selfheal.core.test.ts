// T6 self-heal on the real MooseFS core: PASS on the reference, FAIL on the controls
// (self-heal disabled; a master that comes back from a crash without its metadata).
import * as allure from 'allure-js-commons';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../sim/verdict';
import { runJudged } from './core-run';
import { shortProfile } from './short-profile';
import { selfHealScenario, type SelfHealVariant } from '../scenarios/selfheal';

const SEED = process.env.ACCEPT_SEED ?? 'faults-ci';

/** A reference FAIL that rests only on self-heal time figures (nothing lost, nothing else failed). */
function retriable(v: Verdict): boolean {
  const failed = v.figures.filter((f) => f.ok === false);
  return v.status === 'FAIL' && failed.length > 0 && failed.every((f) => f.name.includes('self-heal (measured + simulated)'));
}

describe('T6 self-heal on the real core', () => {
  for (const variant of ['reference', 'control:no-self-heal'] as SelfHealVariant[]) {
    it(`${variant}: ${variant === 'reference' ? 'PASS' : 'FAIL'}`, async () => {
      const profile = shortProfile();
      let { verdict, rules } = await runJudged(selfHealScenario(profile, SEED, variant), profile, { clause: 'T6', seed: SEED, tag: 'selfheal', epic: '存储节点' });
      if (variant === 'reference' && retriable(verdict)) {
        // A master hang whose in-flight writes wait out MooseFS's 120 s chunk lock can stall
        // every camera for ~2 min (seen once: full rate 156.5 s after the hang, registered at
        // 41.6 s; other runs 35-45 s). One retry, reported here and in Allure, never a silent pass.
        const first = verdict.reasons.join('\n');
        process.stderr.write(`T6 reference attempt 1 FAILED on self-heal time only, retrying once:\n${first}\n`);
        await allure.attachment('T6 reference attempt 1 (FAILED, retried)', first, 'text/plain');
        ({ verdict, rules } = await runJudged(selfHealScenario(profile, SEED, variant), profile, { clause: 'T6', seed: SEED, tag: 'selfheal-retry', epic: '存储节点' }));
      }
      if (variant === 'reference') expect(verdict.status, verdict.reasons.join('\n')).toBe('PASS');
      // the control FAILs by T6's own rules, not only because the background load failed
      else expect(rules, verdict.reasons.join('\n')).toBe('FAIL');
    });
  }
});

describe('T6 on a broken core: a master that comes back from a crash without its metadata', () => {
  it('control:master-forgets-data: FAIL, the reason names the lost segments, the run ends in bounded time', async () => {
    const profile = shortProfile();
    const t0 = Date.now();
    const { verdict, rules, rec } = await runJudged(selfHealScenario(profile, SEED, 'control:master-forgets-data'), profile, { clause: 'T6', seed: SEED, tag: 'selfheal-forgets', epic: '存储节点' });
    const seconds = (Date.now() - t0) / 1000;
    expect(rules, verdict.reasons.join('\n')).toBe('FAIL');
    expect(verdict.reasons.join('\n')).toMatch(/data lost: \d+ of \d+ acknowledged segments not read back intact .*written before any fault/);
    expect(rec.segments.lost).toBeGreaterThan(0);
    // warm-up, the watch for a heal, the settle time and a bounded read-back: never hours
    const h = profile.faults.selfHeal;
    expect(seconds).toBeLessThan(h.warmupSeconds + h.observeMaxSeconds + h.settleSeconds + 300);
  });
});
