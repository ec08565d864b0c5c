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
  it('the same bytes aligned and unaligned, for every length; deterministic from the seed', async () => {
    const { fillPayload } = await import('./random');
    for (const len of [0, 3, 7, 8, 15, 65535, 65536, 65537, 65543, 200_001]) {
      const aligned = Buffer.alloc(len);
      fillPayload(aligned, 1);
      const unaligned = Buffer.alloc(len + 1).subarray(1);
      fillPayload(unaligned, 1);
      expect(unaligned.equals(aligned), `length ${len}`).toBe(true);
      const again = Buffer.alloc(len);
      fillPayload(again, 1);
      expect(again.equals(aligned)).toBe(true);
    }
  });
  it('each 64 KiB chunk starts with the seed and its index, and differs between seeds', async () => {
    const { fillPayload } = await import('./random');
    const a = Buffer.alloc(4 << 20);
    const b = Buffer.alloc(4 << 20);
    fillPayload(a, 7);
    fillPayload(b, 8);
    for (let j = 0; j < 64; j++) {
      expect([a.readUInt32LE(j * 65536), a.readUInt32LE(j * 65536 + 4)]).toEqual([7, j]);
      // the rest of the chunk comes from a seed-dependent place of the pool
      expect(a.subarray(j * 65536 + 8, (j + 1) * 65536).equals(b.subarray(j * 65536 + 8, (j + 1) * 65536)), `chunk ${j}`).toBe(false);
    }
    // no two chunks of one payload are the same bytes (a chunk out of place is seen)
    const bodies = new Set(Array.from({ length: 64 }, (_, j) => a.subarray(j * 65536 + 8, j * 65536 + 4096).toString('hex')));
    expect(bodies.size).toBe(64);
  });
});
