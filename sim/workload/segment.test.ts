import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, buildSegment, encodeSegment, makePayload, segmentPath, verifySegment } from './segment';

describe('recording segments', () => {
  it('round-trips and verifies any payload', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.nat(1e6), (payload, seq) => {
        const { bytes, header } = encodeSegment({ camera: 'cam001', seq, startMs: 1e12, endMs: 1e12 + 2000 }, Buffer.from(payload));
        const v = verifySegment(bytes, header);
        expect(v.ok).toBe(true);
        expect(bytes.length).toBe(HEADER_BYTES + payload.length);
      }),
    );
  });
  it('detects any flipped payload byte', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2048 }), fc.nat(), (len, where) => {
        const { bytes, header } = encodeSegment({ camera: 'cam002', seq: 1, startMs: 0, endMs: 2000 }, makePayload(len, 7));
        const at = HEADER_BYTES + (where % len);
        bytes[at] = bytes[at]! ^ 0xff;
        const v = verifySegment(bytes, header);
        expect(v.ok).toBe(false);
      }),
    );
  });
  it('rejects a segment that is intact but not the one acknowledged', () => {
    const a = encodeSegment({ camera: 'cam001', seq: 1, startMs: 0, endMs: 1 }, makePayload(100, 1));
    const b = encodeSegment({ camera: 'cam001', seq: 2, startMs: 0, endMs: 1 }, makePayload(100, 2));
    expect(verifySegment(a.bytes, b.header)).toMatchObject({ ok: false, reason: expect.stringMatching(/not the one acknowledged/) });
    expect(verifySegment(Buffer.from('short'))).toMatchObject({ ok: false });
  });
  it('names files /<camera>/<yyyymmdd>/<hhmmss>-<seq>.seg in Beijing time', () => {
    // 2026-11-24T16:30:05Z is 2026-11-25 00:30:05 in Beijing
    expect(segmentPath('cam007', Date.UTC(2026, 10, 24, 16, 30, 5), 42)).toBe('/cam007/20261125/003005-000042.seg');
  });
  it('makes the same payload from the same seed and another from another', () => {
    expect(makePayload(1000, 5).equals(makePayload(1000, 5))).toBe(true);
    expect(makePayload(1000, 5).equals(makePayload(1000, 6))).toBe(false);
  });
});

describe('buildSegment (the fast camera path)', () => {
  it('makes exactly the bytes of encodeSegment(makePayload) for any size and seed', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat(), fc.nat(1e6), (len, seed, seq) => {
        const h = { camera: 'cam003', seq, startMs: 1e12, endMs: 1e12 + 2000 };
        const a = encodeSegment(h, makePayload(len, seed));
        const b = buildSegment(h, len, seed);
        expect(b.bytes.equals(a.bytes)).toBe(true);
        expect(b.header).toEqual(a.header);
      }),
    );
  });
});
