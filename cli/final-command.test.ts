// What `accept final` re-runs: the registry's scenarios (all, or the profile's or the
// command line's short list), in registry order; an id not in the registry is refused.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../profile/profile';
import { SCENARIOS } from '../scenarios';
import { rerunChoice } from './final-command';
import { ReportUsageError } from './report-commands';

describe('end-of-trial re-run choice', () => {
  const registry = SCENARIOS.filter((s) => s.variants.includes('reference')).map((s) => s.id);
  it('all: every scenario of the registry, whatever it holds today', () => {
    const { profile } = loadProfile('default');
    const c = rerunChoice({ ...profile, final: undefined });
    expect(c.chosen).toEqual(registry);
    expect(c.registry).toEqual(registry);
    expect(c.source).toBe('profile');
    expect(rerunChoice(profile, 'all').chosen).toEqual(registry);
  });
  it('the ci profile names a short list; the command line overrides it', () => {
    const { profile } = loadProfile('ci');
    const c = rerunChoice(profile);
    expect(c.chosen.length).toBeGreaterThan(0);
    expect(c.chosen.length).toBeLessThanOrEqual(registry.length);
    expect(c.chosen.every((id) => registry.includes(id))).toBe(true);
    const one = registry[registry.length - 1]!;
    expect(rerunChoice(profile, ` ${one} `)).toMatchObject({ chosen: [one], source: 'command line' });
    // registry order, not the order asked
    expect(rerunChoice(profile, [...registry].reverse().join(',')).chosen).toEqual(registry);
  });
  it('refuses a scenario that is not in the registry', () => {
    const { profile } = loadProfile('ci');
    expect(() => rerunChoice(profile, 'no-such-scenario')).toThrow(ReportUsageError);
    expect(() => rerunChoice({ ...profile, final: { rerunScenarios: ['nope'] } })).toThrow(/not in the registry/);
  });
});
