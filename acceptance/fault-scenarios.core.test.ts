// T3 hot-plug and T6 self-heal on the real MooseFS core: PASS on the reference, FAIL on
// the controls (goal 1 with blank replacements; self-heal disabled). Short versions of
// what `accept run` does in full (fewer bays per node, fewer pulls).
import * as allure from 'allure-js-commons';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../sim/verdict';
import { loadProfile, type Profile } from './profile';
import { runJudged } from './core-run';
import { hotplugScenario, type HotplugVariant } from '../scenarios/hotplug';
import { selfHealScenario, type SelfHealVariant } from '../scenarios/selfheal';

const SEED = process.env.ACCEPT_SEED ?? 'faults-ci';

function shortProfile(): Profile {
  const { profile } = loadProfile('ci');
  profile.topology.baysPerNode = 24;
  profile.faults.hotplug.pulls = 2;
  profile.faults.hotplug.warmupSeconds = 10;
  profile.faults.hotplug.outSeconds = 8;
  profile.faults.hotplug.settleSeconds = 15;
  profile.faults.selfHeal.warmupSeconds = 25;
  return profile;
}

describe('T3 disk hot-plug on the real core', () => {
  for (const variant of ['reference', 'control:goal-1'] as HotplugVariant[]) {
    it(`${variant}: ${variant === 'reference' ? 'PASS' : 'FAIL'}`, async () => {
      const profile = shortProfile();
      const { verdict, rules, rec } = await runJudged(hotplugScenario(profile, SEED, variant), profile, { clause: 'T3', seed: SEED, tag: 'hotplug', epic: '存储节点' });
      if (variant === 'reference') {
        expect(verdict.status, verdict.reasons.join('\n')).toBe('PASS');
        expect(verdict.figures.find((f) => f.name.includes('SHA-256'))?.ok).toBe(true);
        expect(rec.segments.lost).toBe(0);
      } else {
        // FAIL by T3's own rules, not only because the background load failed
        expect(rules, verdict.reasons.join('\n')).toBe('FAIL');
      }
    });
  }
});

describe('read-back against a core that holds none of the acknowledged data', () => {
  // data-not-kept: every storage node powered off after the load; acks-not-stored: every
  // chunkserver acknowledges chunk writes and stores nothing. Reads wait in mfsmount's retry
  // loop or fail: the read-back must end within its cap, nothing intact, and T3 FAIL on it
  for (const variant of ['control:data-not-kept', 'control:acks-not-stored'] as HotplugVariant[]) {
    it(`${variant}: T3 FAILs naming the segments not read back, the read-back ends within the profile bound`, async () => {
      const profile = shortProfile();
      profile.faults.hotplug.pulls = 1;
      profile.verify = { readDeadlineSeconds: 5, maxTotalSeconds: 30, parallel: 4 };
      const { verdict, rules, rec } = await runJudged(hotplugScenario(profile, SEED, variant), profile, { clause: 'T3', seed: SEED, tag: 'hotplug', epic: '存储节点' });
      process.stderr.write(`${variant} read-back: ${JSON.stringify(rec.segments)} in ${rec.timings.verifySeconds} s\n`);
      expect(rules, verdict.reasons.join('\n')).toBe('FAIL');
      expect(rec.segments.acked).toBeGreaterThan(0);
      expect(rec.segments.verified).toBe(0);
      if (variant === 'control:data-not-kept') {
        expect(verdict.reasons.join('\n')).toMatch(/data lost: \d+ of \d+ acknowledged segments not read back intact \([^)]*\d+ unreadable\)/);
        expect(rec.segments.unreadable).toBeGreaterThan(0);
      } else {
        expect(verdict.reasons.join('\n')).toMatch(/data lost: \d+ of \d+ acknowledged segments not read back intact \(\d+ (unreadable|lost|corrupt)/);
      }
      expect(rec.timings.verifySeconds).toBeLessThan(profile.verify.maxTotalSeconds + 5);
    });
  }
});

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
