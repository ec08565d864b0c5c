// T3 hot-plug on the real MooseFS core: PASS on the reference (its controls, goal 1 with blank
// replacements and the read-back controls, FAIL in controls-side-by-side.core.test.ts and
// short-controls-side-by-side.core.test.ts).
import { describe, expect, it } from 'vitest';
import { runJudged } from './core-run';
import { shortProfile } from './short-profile';
import { hotplugScenario } from '../scenarios/hotplug';

const SEED = process.env.ACCEPT_SEED ?? 'faults-ci';

describe('T3 disk hot-plug on the real core', () => {
  it('reference: PASS', async () => {
    const profile = shortProfile();
    const { verdict, rules, rec } = await runJudged(hotplugScenario(profile, SEED, 'reference'), profile, {
      clause: 'T3',
      seed: SEED,
      tag: 'hotplug',
      epic: '存储节点',
    });
    // T3's own rules; the background load's thresholds are printed with the verdict and
    // judged by load-thresholds.core.test.ts (another core file shares the 2 cores)
    expect(rules, verdict.reasons.join('\n')).toBe('PASS');
    expect(verdict.figures.find((f) => f.name.includes('byte-identical'))?.ok).toBe(true);
    expect(rec.segments.lost).toBe(0);
  });
});
