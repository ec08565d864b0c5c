import { describe, expect, it } from 'vitest';
import { streamFor } from '../../lib/random';
import type { AckedSegment } from '../workload/cameras';
import { parseExtents, pickSamples } from './encryption-probe';

describe('the encryption probe’s reading of bay images', () => {
  it('takes the data ranges of a complete answer, and none of an image whose xfs_io failed or stopped on a DATA line', () => {
    const out = [
      '== /d/bay00.img',
      'Whence\tResult',
      'DATA\t0',
      'HOLE\t409600',
      'DATA\t36864000',
      'HOLE\t36868096',
      '=rc 0',
      '== /d/bay01.img',
      'Whence\tResult',
      'DATA\t0',
      '=rc 0',
      '== /d/bay02.img',
      '=rc 1',
      '== /d/bay03.img',
      'Whence\tResult',
      'HOLE\t0',
      '=rc 0',
    ].join('\n');
    const e = parseExtents(out);
    expect(e.get('/d/bay00.img')).toEqual([
      [0, 409600],
      [36864000, 36868096],
    ]);
    // read whole by the probe: an answer cut short, a failed xfs_io
    expect(e.has('/d/bay01.img')).toBe(false);
    expect(e.has('/d/bay02.img')).toBe(false);
    // all hole: nothing to read
    expect(e.get('/d/bay03.img')).toEqual([]);
  });
});

describe('the encryption probe’s samples', () => {
  const segs = ['cam001', 'cam002', 'cam003'].flatMap((camera) =>
    Array.from({ length: 10 }, (_, seq) => ({ camera, seq, path: `/${camera}/${seq}.seg` }) as AckedSegment),
  );
  it('hold two consecutive segments of one camera and the same sequence number of two cameras, then random ones, all distinct', () => {
    for (const seed of ['a', 'b', 'c']) {
      const s = pickSamples(segs, 8, streamFor(seed, 'observe/encryption'));
      expect(s).toHaveLength(8);
      expect(new Set(s).size).toBe(8);
      expect(s[1]!.camera).toBe(s[0]!.camera);
      expect(Math.abs(s[1]!.seq - s[0]!.seq)).toBe(1);
      expect(s[2]!.seq).toBe(s[0]!.seq);
      expect(s[2]!.camera).not.toBe(s[0]!.camera);
    }
    expect(pickSamples(segs.slice(0, 3), 8, streamFor('a', 'x'))).toHaveLength(3);
    expect(pickSamples([], 8, streamFor('a', 'x'))).toEqual([]);
  });
});
