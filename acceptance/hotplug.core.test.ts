// T3 hot-plug on the real MooseFS core: PASS on the reference, FAIL with goal 1 and blank
// replacements (the read-back controls are in hotplug-controls.core.test.ts).
import { describe, expect, it } from 'vitest';
import { runJudged } from './core-run';
import { shortProfile } from './short-profile';
import { hotplugScenario, type HotplugVariant } from '../scenarios/hotplug';

const SEED = process.env.ACCEPT_SEED ?? 'faults-ci';

describe('T3 disk hot-plug on the real core', () => {
  for (const variant of ['reference', 'control:goal-1'] as HotplugVariant[]) {
    it(`${variant}: ${variant === 'reference' ? 'PASS' : 'FAIL'}`, async () => {
      const profile = shortProfile();
      const { verdict, rules, rec } = await runJudged(hotplugScenario(profile, SEED, variant), profile, {
        clause: 'T3',
        seed: SEED,
        tag: 'hotplug',
        epic: '存储节点',
      });
      if (variant === 'reference') {
        // T3's own rules; the background load's thresholds are printed with the verdict and
        // judged by load-thresholds.core.test.ts (another core file shares the 2 cores)
        expect(rules, verdict.reasons.join('\n')).toBe('PASS');
        expect(verdict.figures.find((f) => f.name.includes('byte-identical'))?.ok).toBe(true);
        expect(rec.segments.lost).toBe(0);
      } else {
        // FAIL by T3's own rules, not only because the background load failed
        expect(rules, verdict.reasons.join('\n')).toBe('FAIL');
      }
    });
  }
});
