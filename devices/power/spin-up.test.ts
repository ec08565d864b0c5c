import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { currentTimeline, DEFAULT_BUDGET, maxSafeGroupSize, planSpinUp, SEAGATE_SATA_PROFILE, spinUpReport } from './spin-up';

describe('staggered spin-up (T5)', () => {
  it('all 48 disks at once exceed a 1200 W PSU (100 A on 12 V); groups of 8 every 12 s do not', () => {
    const allAtOnce = spinUpReport(48, { groupSize: 48, groupDelayMs: 0 });
    expect(allAtOnce.peakAmps).toBeCloseTo(25 + 48 * 2.0, 6); // 121 A
    expect(allAtOnce.withinRating).toBe(false);
    const staggered = spinUpReport(48, { groupSize: 8, groupDelayMs: 12_000 });
    expect(staggered.withinRating).toBe(true);
    expect(staggered.peakAmps).toBeLessThan(DEFAULT_BUDGET.psu12vAmps);
    // last group: 8 spinning + 40 idle + baseline
    expect(staggered.peakAmps).toBeCloseTo(25 + 8 * 2.0 + 40 * 0.27, 6);
    expect(staggered.readyAtMs).toBe(5 * 12_000 + SEAGATE_SATA_PROFILE.spinUpMs);
  });

  it('the timeline starts with waiting current and ends with every disk idle', () => {
    const plan = planSpinUp(4, { groupSize: 2, groupDelayMs: 5_000 });
    expect(plan.startMs).toEqual([0, 0, 5_000, 5_000]);
    const t = currentTimeline(plan, SEAGATE_SATA_PROFILE, 10);
    expect(t[0]).toEqual({ tMs: 0, amps: 10 + 2 * 2.0 + 2 * 0.02 });
    expect(t.at(-1)).toEqual({ tMs: 15_000, amps: 10 + 4 * 0.27 });
    for (let i = 1; i < t.length; i++) expect(t[i]!.tMs).toBeGreaterThan(t[i - 1]!.tMs);
  });

  it('computes a useful maximum group size for the default 48-bay budget', () => {
    const g = maxSafeGroupSize(48, 12_000);
    expect(g).toBeGreaterThanOrEqual(8);
    expect(g).toBeLessThan(48);
    expect(maxSafeGroupSize(48, 0)).toBe(0); // no stagger: all 48 at once do not fit
    expect(() => planSpinUp(4, { groupSize: 0, groupDelayMs: 1 })).toThrow(RangeError);
  });

  it('property: no group size up to the computed maximum ever exceeds the PSU rating', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 96 }),
        fc.integer({ min: 500, max: 30_000 }),
        fc.integer({ min: 40, max: 250 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 2_000, max: 20_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (disks, delay, rating, baseline, spinUpMs, pick) => {
          const profile = { ...SEAGATE_SATA_PROFILE, spinUpMs };
          const budget = { psu12vAmps: rating, baselineAmps: baseline };
          const max = maxSafeGroupSize(disks, delay, profile, budget);
          fc.pre(max >= 1);
          const g = Math.min(max, 1 + Math.floor(pick * max));
          const r = spinUpReport(disks, { groupSize: g, groupDelayMs: delay }, profile, budget);
          expect(r.peakAmps).toBeLessThanOrEqual(rating + 1e-9);
          expect(r.withinRating).toBe(true);
        },
      ),
    );
  });
});
