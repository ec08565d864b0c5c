import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MIN_BURST_BYTES, QUEUE_SECONDS, TICK_SECONDS, tbfArgs, tbfMatches, tbfParams } from './tbf';

describe('tbf parameters for a port speed', () => {
  it('10 Mb/s, 1 Gb/s, 10 Gb/s', () => {
    expect(tbfParams(10e6)).toEqual({
      rateBitsPerSecond: 10e6,
      rateBytesPerSecond: 1_250_000,
      burstBytes: 16_384,
      limitBytes: 16_384 + 62_500,
    });
    expect(tbfParams(1e9)).toMatchObject({ rateBytesPerSecond: 125_000_000, burstBytes: 500_000, limitBytes: 500_000 + 6_250_000 });
    expect(tbfParams(10e9)).toMatchObject({ rateBytesPerSecond: 1_250_000_000, burstBytes: 5_000_000 });
    expect(tbfArgs(tbfParams(10e6))).toEqual(['tbf', 'rate', '10000000bit', 'burst', '16384', 'limit', '78884']);
    expect(() => tbfParams(0)).toThrow(RangeError);
  });

  it('matches what the kernel reads back (burst rounded through ticks) and rejects a wrong rate or bucket', () => {
    // values as `tc -j qdisc show` printed them for the parameters above
    expect(tbfMatches({ rateBytesPerSecond: 1_250_000, burstBytes: 16_383 }, 10)).toBe(true);
    expect(tbfMatches({ rateBytesPerSecond: 1_250_000_000, burstBytes: 4_998_750 }, 10_000)).toBe(true);
    expect(tbfMatches({ rateBytesPerSecond: 625_000, burstBytes: 16_383 }, 10)).toBe(false);
    expect(tbfMatches({ rateBytesPerSecond: 1_250_000, burstBytes: 16_383 }, 100)).toBe(false);
    expect(tbfMatches({ rateBytesPerSecond: 1_250_000, burstBytes: 8_000 }, 10)).toBe(false);
  });

  it('property: bucket >= one tick at the rate and >= the floor; queue is 50 ms at the rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (mbps) => {
        const p = tbfParams(mbps * 1e6);
        expect(p.burstBytes).toBeGreaterThanOrEqual(MIN_BURST_BYTES);
        expect(p.burstBytes).toBeGreaterThanOrEqual(p.rateBytesPerSecond * TICK_SECONDS);
        expect(p.limitBytes - p.burstBytes).toBe(Math.ceil(p.rateBytesPerSecond * QUEUE_SECONDS));
        expect(tbfMatches({ rateBytesPerSecond: p.rateBytesPerSecond, burstBytes: p.burstBytes }, mbps)).toBe(true);
      }),
    );
  });
});
