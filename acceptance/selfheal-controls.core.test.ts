// T6 self-heal on the real MooseFS core, the controls: self-heal disabled, and a master that
// comes back from a crash without its metadata: FAIL.
import { describe, expect, it } from 'vitest';
import { runJudged } from './core-run';
import { shortProfile } from './short-profile';
import { selfHealScenario } from '../scenarios/selfheal';

const SEED = process.env.ACCEPT_SEED ?? 'faults-ci';

describe('T6 self-heal on the real core', () => {
  it('control:no-self-heal: FAIL', async () => {
    const profile = shortProfile();
    const { verdict, rules } = await runJudged(selfHealScenario(profile, SEED, 'control:no-self-heal'), profile, { clause: 'T6', seed: SEED, tag: 'selfheal', epic: '存储节点' });
    // the control FAILs by T6's own rules, not only because the background load failed
    expect(rules, verdict.reasons.join('\n')).toBe('FAIL');
  });
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
