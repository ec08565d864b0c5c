import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HEADER_BYTES,
  SEGMENT_MAGIC,
  SEGMENT_MAGIC_V1,
  buildSegment,
  firstDifference,
  makePayload,
  segmentPath,
  verifySegment,
} from './segment';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const H = { camera: 'cam007', seq: 42, startMs: 1_800_000_000_000, endMs: 1_800_000_002_000 };

/** A segment as version 1 wrote it (SHA-256 of the payload in the header); pinned below. */
function segmentV1(h: typeof H, payloadBytes: number, seed: number): Buffer {
  const payload = makePayload(payloadBytes, seed);
  const header = { camera: h.camera, seq: h.seq, startMs: h.startMs, endMs: h.endMs, length: payloadBytes, sha256: sha256(payload) };
  const bytes = Buffer.alloc(HEADER_BYTES + payloadBytes, 0x20);
  bytes.write(SEGMENT_MAGIC_V1 + JSON.stringify(header) + '\n', 0, 'utf8');
  payload.copy(bytes, HEADER_BYTES);
  return bytes;
}

describe('recording segments (format 2: the payload seed in the header)', () => {
  it('round-trip and verify for any size, seed and sequence number', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat({ max: 0xffffffff }), fc.nat(1e6), (len, seed, seq) => {
        const { bytes, header } = buildSegment({ camera: 'cam001', seq, startMs: 1e12, endMs: 1e12 + 2000 }, len, seed);
        expect(bytes.length).toBe(HEADER_BYTES + len);
        expect(header).toEqual({ camera: 'cam001', seq, startMs: 1e12, endMs: 1e12 + 2000, length: len, payloadSeed: seed });
        expect(verifySegment(bytes, { ...header, bytes: bytes.length })).toMatchObject({ ok: true, version: 2 });
      }),
    );
    // times as the load makes them: start + segment length, not always whole ms
    const odd = buildSegment({ camera: 'cam001', seq: 1, startMs: 0, endMs: 2.01 * 1000 }, 10, 1);
    expect(odd.header.endMs).not.toBe(2010);
    expect(verifySegment(odd.bytes, odd.header)).toMatchObject({ ok: true, version: 2 });
  });
  it('are the magic line, the header JSON and spaces, then makePayload(seed): nothing else', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat({ max: 0xffffffff }), (len, seed) => {
        const { bytes, header } = buildSegment(H, len, seed);
        const head = Buffer.alloc(HEADER_BYTES, 0x20);
        head.write(SEGMENT_MAGIC + JSON.stringify(header) + '\n', 0, 'utf8');
        expect(bytes.subarray(0, HEADER_BYTES).equals(head)).toBe(true);
        expect(bytes.subarray(HEADER_BYTES).equals(makePayload(len, seed))).toBe(true);
      }),
    );
  });
  it('are the same bytes in every process, on every day: fixed digests of a whole segment', () => {
    // made once from the seed; a change of the pool, the fill or the header shows here (and
    // segments already on a mount would no longer verify)
    expect(sha256(buildSegment(H, 5000, 0xdeadbeef).bytes)).toBe('f372aef553099be0281a9f6ca1279a6d6a2e0b122653cfdedd9503f3e9a454bd');
    expect(sha256(buildSegment(H, (4 << 20) - HEADER_BYTES, 1).bytes)).toBe(
      'b226e93d3691cedf81c86a261cf99fabbf2b5de6f1b2fa281ff598305fe1aa23',
    );
  });
  it('refuse a seed that fillPayload would take as another (not an integer in [0, 2^32))', () => {
    for (const seed of [-1, 2 ** 32, 1.5, Number.NaN]) expect(() => buildSegment(H, 10, seed)).toThrow(RangeError);
  });
  it('fail on any flipped byte against the acknowledgement, naming its offset where the bytes differ', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9000 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (len, where, mask) => {
        const { bytes, header } = buildSegment(H, len, 7);
        const at = where % bytes.length;
        bytes[at] = bytes[at]! ^ mask;
        const acked = verifySegment(bytes, header);
        expect(acked.ok).toBe(false);
        // in the header: the first byte that differs from the header its fields make, at or after
        // the damage (a digit turned into '.' shows where the number's canonical form ends)
        if (!acked.ok && acked.offset !== undefined) {
          expect(acked.offset).toBeGreaterThanOrEqual(at);
          expect(acked.reason).toContain(`byte ${acked.offset}`);
          if (at >= HEADER_BYTES) expect(acked.offset).toBe(at);
        }
        // alone, a header that is still well formed (cam007 -> cam006) is only told by the acknowledgement
        if (at >= HEADER_BYTES)
          expect(verifySegment(bytes)).toMatchObject({
            ok: false,
            offset: at,
            reason: `payload differs from that of seed 7 at byte ${at} of the file`,
          });
      }),
    );
  });
  it('fail on an intact segment that is not the one acknowledged: another camera, seq, seed, time or size', () => {
    const { bytes, header } = buildSegment(H, 1000, 5);
    const ack = { ...header, bytes: bytes.length };
    expect(verifySegment(bytes, ack).ok).toBe(true);
    for (const [change, named] of [
      [{ camera: 'cam008' }, 'camera "cam007", acknowledged "cam008"'],
      [{ seq: 43 }, 'seq 42, acknowledged 43'],
      [{ payloadSeed: 6 }, 'payloadSeed 5, acknowledged 6'],
      [{ startMs: H.startMs + 1 }, 'startMs'],
      [{ bytes: bytes.length + 1 }, `${bytes.length} bytes, acknowledged ${bytes.length + 1}`],
    ] as const) {
      expect(verifySegment(bytes, { ...ack, ...change })).toMatchObject({
        ok: false,
        reason: expect.stringContaining(`not the one acknowledged: ${named}`),
      });
    }
    // what a misplaced file looks like: another camera's segment where this one was acknowledged
    const other = buildSegment({ ...H, camera: 'cam009', seq: 1 }, 1000, 9);
    expect(verifySegment(other.bytes, ack)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not the one acknowledged: camera .*; seq .*; payloadSeed 9, acknowledged 5/),
    });
  });
  it('fail on a short file, a cut payload, bad magic and an unreadable header', () => {
    const { bytes, header } = buildSegment(H, 1000, 5);
    expect(verifySegment(Buffer.from('short'))).toMatchObject({ ok: false, reason: 'short segment: 5 bytes' });
    expect(verifySegment(bytes.subarray(0, HEADER_BYTES - 1), header)).toMatchObject({
      ok: false,
      reason: `short segment: ${HEADER_BYTES - 1} bytes`,
    });
    expect(verifySegment(bytes.subarray(0, bytes.length - 1), header)).toMatchObject({ ok: false, reason: 'length 999 != header 1000' });
    expect(verifySegment(Buffer.concat([bytes, Buffer.from([0])]), header)).toMatchObject({
      ok: false,
      reason: 'length 1001 != header 1000',
    });
    const magic = Buffer.from(bytes);
    magic.write('ACCEPT-SEG/3', 0, 'latin1');
    expect(verifySegment(magic, header)).toEqual({ ok: false, reason: 'bad magic' });
    expect(verifySegment(Buffer.alloc(HEADER_BYTES + 10), header)).toEqual({ ok: false, reason: 'bad magic' });
    const noSeed = Buffer.alloc(HEADER_BYTES, 0x20);
    noSeed.write(SEGMENT_MAGIC + JSON.stringify({ ...H, length: 0 }) + '\n');
    expect(verifySegment(noSeed)).toEqual({ ok: false, reason: 'unreadable header' });
    const badSeed = Buffer.alloc(HEADER_BYTES, 0x20);
    badSeed.write(SEGMENT_MAGIC + JSON.stringify({ ...H, length: 0, payloadSeed: -1 }) + '\n');
    expect(verifySegment(badSeed)).toEqual({ ok: false, reason: 'unreadable header' });
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

describe('recording segments of format 1 (SHA-256 in the header), as the previous version wrote them', () => {
  it('the helper makes exactly what version 1 wrote (digest of its bytes from that version)', () => {
    expect(sha256(segmentV1(H, 5000, 0xdeadbeef))).toBe('0434e1dee6aaeef3c5f79b6a0833355eef4bd8e2688152e63b1437d7096205a2');
  });
  it('verify, alone and against their acknowledgement (camera, seq, SHA-256)', () => {
    const bytes = segmentV1(H, 5000, 3);
    const v = verifySegment(bytes);
    expect(v).toMatchObject({ ok: true, version: 1, header: { ...H, length: 5000, sha256: sha256(makePayload(5000, 3)) } });
    const sha = (v as { header: { sha256: string } }).header.sha256;
    expect(verifySegment(bytes, { camera: H.camera, seq: H.seq, sha256: sha, bytes: bytes.length }).ok).toBe(true);
    expect(verifySegment(bytes, { camera: H.camera, seq: H.seq, sha256: 'f'.repeat(64) })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not the one acknowledged: sha256/),
    });
    // a version-1 file where a version-2 write was acknowledged is not that write
    expect(verifySegment(bytes, { camera: H.camera, seq: H.seq, payloadSeed: 3 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not the one acknowledged: payloadSeed null, acknowledged 3/),
    });
  });
  it('fail on a flipped payload byte, a cut payload and a damaged header', () => {
    const bytes = segmentV1(H, 5000, 3);
    const flipped = Buffer.from(bytes);
    flipped[HEADER_BYTES + 4321] = flipped[HEADER_BYTES + 4321]! ^ 1;
    expect(verifySegment(flipped)).toMatchObject({ ok: false, reason: 'payload SHA-256 differs from header (version-1 segment)' });
    expect(verifySegment(bytes.subarray(0, bytes.length - 1))).toMatchObject({ ok: false, reason: 'length 4999 != header 5000' });
    const head = Buffer.from(bytes);
    head[HEADER_BYTES - 1] = 0x21; // the padding
    expect(verifySegment(head)).toMatchObject({ ok: false, offset: HEADER_BYTES - 1 });
  });
});

describe('firstDifference', () => {
  it('is the first offset where two buffers differ, -1 if equal, the shorter length if one is a prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 3000 }), fc.nat(), (x, y, cut) => {
        const a = Buffer.from(x);
        // b mostly shares a prefix with a, so that the difference is found deep inside
        const b = Buffer.concat([a.subarray(0, cut % (a.length + 1)), Buffer.from(y)]);
        let naive = -1;
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
          if (i >= a.length || i >= b.length || a[i] !== b[i]) {
            naive = i;
            break;
          }
        }
        expect(firstDifference(a, b)).toBe(naive);
        expect(firstDifference(b, a)).toBe(naive);
        expect(firstDifference(a, Buffer.from(a))).toBe(-1);
      }),
    );
  });
});
