import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSegment } from '../workload/segment';
import { cryptSegment, recordingKey } from '../workload/recording-cipher';
import { MIN_RUN, PlaintextIndex, STRIDE } from './plaintext-index';

// reproducible noise (the property's runs replay from its seed)
let counter = 0;
function randomBytes(n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let o = 0; o < n; o += 32) createHash('sha256').update(`noise/${counter++}`).digest().copy(out, o);
  return out;
}

const seg = (seq: number) =>
  buildSegment({ camera: 'cam001', seq, startMs: 1_800_000_000_000, endMs: 1_800_000_002_000 }, 200_000, 77 + seq).bytes;

describe('PlaintextIndex', () => {
  it('finds a plaintext stored in 4 KiB blocks behind headers of a core’s own, each block where it landed', () => {
    const p = seg(1);
    const index = new PlaintextIndex([p]);
    // a chunk file: 5000 bytes of header, then the segment's bytes; the image around it random
    const image = Buffer.concat([randomBytes(123_457), randomBytes(5000), p.subarray(0, 4096), randomBytes(777), p.subarray(4096, 12_288)]);
    const runs = index.find(image);
    expect(runs.map((r) => [r.at, r.sourceOffset, r.length])).toEqual([
      [128_457, 0, 4096],
      [128_457 + 4096 + 777, 4096, 8192],
    ]);
  });

  it('finds the runs of several plaintexts and tells them apart', () => {
    const index = new PlaintextIndex([seg(1), seg(2)]);
    const hay = Buffer.concat([randomBytes(10), seg(2).subarray(50_000, 50_300), randomBytes(10), seg(1).subarray(9, 109)]);
    expect(index.find(hay).map((r) => [r.source, r.sourceOffset, r.length])).toEqual([
      [1, 50_000, 300],
      [0, 9, 100],
    ]);
  });

  it('finds every run of MIN_RUN + STRIDE bytes at any offset, and none shorter than MIN_RUN', () => {
    const p = seg(3);
    const index = new PlaintextIndex([p]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: p.length - MIN_RUN - STRIDE - 1 }), fc.integer({ min: 0, max: 300 }), (from, pad) => {
        // the bytes either side differ from the plaintext's neighbours, so the run is exactly as long as cut
        const within = (len: number) =>
          Buffer.concat([
            randomBytes(pad),
            Buffer.of(p[from - 1]! ^ 0xff),
            p.subarray(from, from + len),
            Buffer.of(p[from + len]! ^ 0xff),
            randomBytes(40),
          ]);
        const found = index.find(within(MIN_RUN + STRIDE));
        // (the payload repeats pool bytes, so the run may be named at another place holding the same bytes)
        expect(found.map((r) => [r.at, r.length])).toEqual([[pad + 1, MIN_RUN + STRIDE]]);
        expect(
          p.subarray(found[0]!.sourceOffset, found[0]!.sourceOffset + MIN_RUN + STRIDE).equals(p.subarray(from, from + MIN_RUN + STRIDE)),
        ).toBe(true);
        expect(index.find(within(MIN_RUN - 1))).toEqual([]);
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('finds nothing in the same segments encrypted, in random bytes, or in zeros and padding', () => {
    const key = recordingKey('seed-1', 'aes-256-ctr');
    const plain = [seg(1), seg(2)];
    const index = new PlaintextIndex(plain);
    expect(index.find(Buffer.concat(plain.map((p, i) => cryptSegment(key, { camera: 'cam001', seq: i + 1 }, p))))).toEqual([]);
    expect(index.find(randomBytes(1 << 20))).toEqual([]);
    expect(index.find(Buffer.alloc(1 << 16))).toEqual([]);
    expect(index.find(Buffer.alloc(1 << 16, 0x20))).toEqual([]);
  });

  it('stops at the limit', () => {
    const p = seg(4);
    expect(new PlaintextIndex([p]).find(Buffer.concat([p.subarray(0, 1000), randomBytes(100), p.subarray(2000, 3000)]), 1)).toHaveLength(1);
  });
});
