import { describe, expect, it } from 'vitest';
import { constantArrivals, rampingArrivals } from './arrivals';

describe('arrival schedules (open model)', () => {
  it('constant: rate x duration iterations at fixed intervals, first at 0', () => {
    const t = [...constantArrivals(50, 1000, 2000)];
    expect(t).toHaveLength(100);
    expect(t[0]).toBe(0);
    expect(t[1]).toBe(20);
    expect(t[99]).toBeCloseTo(1980, 9);
    expect([...constantArrivals(30, 60_000, 60_000)]).toHaveLength(30); // 30 per minute
  });

  it('ramping: the count is the area under the rate curve, and times rise', () => {
    // 0 -> 20/s over 1 s (10 iterations), hold 20/s for 1 s (20), down to 0 over 1 s (10)
    const t = [
      ...rampingArrivals(0, 1000, [
        { durationMs: 1000, target: 20 },
        { durationMs: 1000, target: 20 },
        { durationMs: 1000, target: 0 },
      ]),
    ];
    expect(t).toHaveLength(40);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThan(t[i - 1]!);
    // iteration k of a 0->20/s ramp is due at sqrt(k / 10) s: cumulative = 10 t^2
    expect(t[4]).toBeCloseTo(Math.sqrt(0.4) * 1000, 6);
    expect(t[10]).toBeCloseTo(1000, 6);
    expect(t[11]).toBeCloseTo(1050, 6);
    expect(t[39]!).toBeLessThan(3000);
  });

  it('ramping: a zero-length stage jumps the rate; a constant stage equals constant-arrival-rate', () => {
    const jump = [
      ...rampingArrivals(0, 1000, [
        { durationMs: 0, target: 10 },
        { durationMs: 1000, target: 10 },
      ]),
    ];
    expect(jump).toEqual([...constantArrivals(10, 1000, 1000)].map((x) => expect.closeTo(x, 6)));
  });
});
