import { describe, expect, it } from 'vitest';
import { fillPseudoRandom, streamFor } from './random';

describe('seeded randomness', () => {
  it('fills payloads with xorshift32 words, little-endian, the same on an aligned and an unaligned buffer', () => {
    const aligned = Buffer.alloc(1003);
    fillPseudoRandom(aligned, 1);
    // first word of xorshift32 from 1: 1 ^ 1<<13 = 8193; ^ >>>17 = 8193; ^ <<5 = 270369 = 0x00042021
    expect([...aligned.subarray(0, 4)]).toEqual([0x21, 0x20, 0x04, 0x00]);
    const unaligned = Buffer.alloc(1004).subarray(1); // byteOffset 1: the writeUInt32LE path
    fillPseudoRandom(unaligned, 1);
    expect(unaligned.equals(aligned)).toBe(true);
    expect([...aligned.subarray(1000)]).toEqual([1000 & 0xff, 1001 & 0xff, 1002 & 0xff]);
  });
  it('gives each component its own reproducible stream', () => {
    const a = streamFor('seed', 'workload/cameras');
    const b = streamFor('seed', 'workload/cameras');
    const c = streamFor('seed', 'workload/players');
    const xs = [a.next(), a.next()];
    expect([b.next(), b.next()]).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
  });
});

describe('segment payloads', () => {
  it('four xorshift32 lanes, little-endian, the same aligned and unaligned, every length', async () => {
    const { fillPayload } = await import('./random');
    for (const len of [0, 3, 4, 15, 16, 17, 1001, 4096]) {
      const aligned = Buffer.alloc(len);
      fillPayload(aligned, 1);
      const unaligned = Buffer.alloc(len + 1).subarray(1);
      fillPayload(unaligned, 1);
      expect(unaligned.equals(aligned), `length ${len}`).toBe(true);
    }
    const b = Buffer.alloc(32);
    fillPayload(b, 1);
    // lane a from 1: 270369 (as above); lanes b, c, d from 1 ^ 0x6a09e667, ^ 0xbb67ae85, ^ 0x3c6ef372
    const xs = (x: number) => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    };
    expect([0, 1, 2, 3].map((i) => b.readUInt32LE(i * 4))).toEqual([270369, xs(1 ^ 0x6a09e667), xs(1 ^ 0xbb67ae85), xs(1 ^ 0x3c6ef372)]);
    expect(b.readUInt32LE(16)).toBe(xs(270369));
    const other = Buffer.alloc(32);
    fillPayload(other, 2);
    expect(other.equals(b)).toBe(false);
  });
});
