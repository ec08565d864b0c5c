// T8 on the real MooseFS core: PASS on the reference (the negative control FAILs in
// controls-side-by-side.core.test.ts).
import { describe, expect, it } from 'vitest';
import { runJudged } from './core-run';
import { scaleOutShortProfile } from './short-profile';
import { scaleOutScenario, type ScaleOutVariant } from '../scenarios/scaleout';

async function runT8(variant: ScaleOutVariant, seed: string) {
  const profile = scaleOutShortProfile();
  return runJudged(scaleOutScenario(profile, variant), profile, { clause: 'T8', seed, tag: 't8', epic: '存储节点', quiet: true });
}

describe('T8 scale-out on the real core', () => {
  it('PASSes on the reference core: node registered and receiving new chunks within 60 s, no write error, nothing lost', async () => {
    const { verdict, rec, rules } = await runT8('reference', 't8-ref');
    expect(verdict.clause).toBe('T8');
    // T8's own rules (no write error is one of them); the background load's thresholds are
    // printed with the verdict and judged by load-thresholds.core.test.ts (p(99) 2002.9 ms
    // once in a fresh-clone run with another core file on the 2 cores)
    expect(rules, verdict.reasons.join('; ')).toBe('PASS');
    const total = verdict.figures.find((f) => f.name === '(a)+(b)');
    expect(total?.value).toBeGreaterThan(0);
    expect(total?.value).toBeLessThanOrEqual(60);
    expect(rec.segments.acked).toBeGreaterThan(50);
    expect(rec.segments.lost).toBe(0);
  });
});
