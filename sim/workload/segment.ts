// A recording segment as a camera (or the recording server on its behalf) writes it:
// a fixed 512-byte header (magic line + JSON, space padded) followed by the payload.
// The header carries camera id, sequence number, start/end timestamps, payload length and
// the payload's seed: the payload is fillPayload(seed) with the fixed payloadPool(), so a
// reader regenerates it and compares bytes, and the writer hashes nothing.
// Version 1 carried the payload's SHA-256 instead; such segments are still verified.
import { createHash } from 'node:crypto';
import { fillPayload, payloadPoolLocal } from '../../lib/random';

export const SEGMENT_MAGIC = 'ACCEPT-SEG/2\n';
/** The magic of version 1 (SHA-256 in the header): read, never written. */
export const SEGMENT_MAGIC_V1 = 'ACCEPT-SEG/1\n';
export const HEADER_BYTES = 512;

export interface SegmentHeader {
  camera: string;
  seq: number;
  /** epoch ms of the first frame (wall clock of the harness) */
  startMs: number;
  endMs: number;
  length: number;
  /** fillPayload's seed: the payload is fillPayload(buf of `length`, payloadSeed, payloadPool()) */
  payloadSeed: number;
}

/** A version-1 header: the payload's SHA-256 (hex) where version 2 has the seed. */
export type SegmentHeaderV1 = Omit<SegmentHeader, 'payloadSeed'> & { sha256: string };

type Identity = Omit<SegmentHeader, 'length' | 'payloadSeed'>;

/** What a write acknowledgement says of the segment; a reader checks every field given. */
export type Acknowledged = Pick<SegmentHeader, 'camera' | 'seq'> &
  Partial<Pick<SegmentHeader, 'startMs' | 'endMs'>> & {
    /** the whole file, header included */
    bytes?: number;
  } & ({ payloadSeed: number } | { sha256: string });

/** fillPayload takes the seed >>> 0: any other number would be recorded as a seed it was not made from. */
export const isPayloadSeed = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 0xffffffff;

export function segmentPath(camera: string, startMs: number, seq: number): string {
  // /<camera>/<yyyymmdd>/<hhmmss>-<seq>.seg, in China Standard Time like the cameras' OSD
  const d = new Date(startMs + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const day = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
  const time = `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `/${camera}/${day}/${time}-${p(seq, 6)}.seg`;
}

/**
 * The segment of `seed`, made in place: one allocation and no copy of the payload (the
 * camera write path runs at tens of MB/s). The writer threads make the same bytes
 * (writer-pool.ts, compared in writer-pool.test.ts).
 */
export function buildSegment(h: Identity, payloadBytes: number, seed: number): { bytes: Buffer; header: SegmentHeader } {
  if (!isPayloadSeed(seed)) throw new RangeError(`payload seed must be an integer in [0, 2^32), got ${seed}`);
  const bytes = Buffer.allocUnsafe(HEADER_BYTES + payloadBytes);
  fillPayload(bytes.subarray(HEADER_BYTES), seed, payloadPoolLocal());
  const header: SegmentHeader = {
    camera: h.camera,
    seq: h.seq,
    startMs: h.startMs,
    endMs: h.endMs,
    length: payloadBytes,
    payloadSeed: seed,
  };
  const json = SEGMENT_MAGIC + JSON.stringify(header) + '\n';
  const n = Buffer.byteLength(json);
  if (n > HEADER_BYTES) throw new Error(`segment header too long (${n} bytes)`);
  bytes.write(json, 0, 'utf8');
  bytes.fill(0x20, n, HEADER_BYTES);
  return { bytes, header };
}

export function makePayload(bytes: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(bytes);
  fillPayload(b, seed, payloadPoolLocal());
  return b;
}

// the read-back regenerates payloads here, reused: a fresh multi-MB buffer per segment costs
// more in page faults than the fill and the compare together
let scratch = Buffer.alloc(0);

function expectedPayload(length: number, seed: number): Buffer {
  if (scratch.length < length) scratch = Buffer.allocUnsafe(length);
  const b = scratch.subarray(0, length);
  fillPayload(b, seed, payloadPoolLocal());
  return b;
}

export type VerifyResult =
  | { ok: true; version: 1 | 2; header: SegmentHeader | SegmentHeaderV1 }
  | {
      ok: false;
      reason: string;
      header?: SegmentHeader | SegmentHeaderV1;
      /** file offset of the first byte that differs */ offset?: number;
    };

/** Offset of the first byte where a and b differ, -1 if equal: memcmp on halves, then bytes. */
export function firstDifference(a: Buffer, b: Buffer): number {
  if (a.length === b.length && a.equals(b)) return -1;
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  while (hi - lo > 64) {
    const mid = (lo + hi) >>> 1;
    if (a.subarray(lo, mid).equals(b.subarray(lo, mid))) lo = mid;
    else hi = mid;
  }
  for (let i = lo; i < hi; i++) if (a[i] !== b[i]) return i;
  return hi; // one is a prefix of the other
}

// fatal: a damaged byte is not turned into U+FFFD, which would move the offset named
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function parseHeader(json: string, version: 1 | 2): SegmentHeader | SegmentHeaderV1 | null {
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return null;
  }
  const int = (x: unknown): x is number => Number.isSafeInteger(x);
  // times need not be whole ms (a segment length of 2.01 s makes endMs x.9999999999998)
  const time = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (
    typeof p !== 'object' ||
    p === null ||
    typeof p.camera !== 'string' ||
    !int(p.seq) ||
    !time(p.startMs) ||
    !time(p.endMs) ||
    !int(p.length) ||
    p.length < 0
  )
    return null;
  const base = { camera: p.camera, seq: p.seq, startMs: p.startMs, endMs: p.endMs, length: p.length };
  if (version === 2) return isPayloadSeed(p.payloadSeed) ? { ...base, payloadSeed: p.payloadSeed } : null;
  return typeof p.sha256 === 'string' && /^[0-9a-f]{64}$/.test(p.sha256) ? { ...base, sha256: p.sha256 } : null;
}

function notAcknowledged(header: SegmentHeader | SegmentHeaderV1, fileBytes: number, ack: Acknowledged): string[] {
  const found = header as unknown as Record<string, unknown>;
  const wanted = ack as unknown as Record<string, unknown>;
  const differ = (['camera', 'seq', 'startMs', 'endMs', 'payloadSeed', 'sha256'] as const)
    .filter((k) => wanted[k] !== undefined && found[k] !== wanted[k])
    .map((k) => `${k} ${JSON.stringify(found[k] ?? null)}, acknowledged ${JSON.stringify(wanted[k])}`);
  if (ack.bytes !== undefined && ack.bytes !== fileBytes) differ.push(`${fileBytes} bytes, acknowledged ${ack.bytes}`);
  return differ;
}

/**
 * Verifies a segment's bytes: the header exactly as the writer makes it, then the payload,
 * byte for byte against the one regenerated from the header's seed (version 2) or by its
 * SHA-256 (version 1). `expected` (the write acknowledgement) must match the header too.
 */
export function verifySegment(bytes: Buffer, expected?: Acknowledged): VerifyResult {
  if (bytes.length < HEADER_BYTES) return { ok: false, reason: `short segment: ${bytes.length} bytes` };
  const version =
    bytes.subarray(0, SEGMENT_MAGIC.length).toString('latin1') === SEGMENT_MAGIC
      ? 2
      : bytes.subarray(0, SEGMENT_MAGIC_V1.length).toString('latin1') === SEGMENT_MAGIC_V1
        ? 1
        : null;
  if (version === null) return { ok: false, reason: 'bad magic' };
  const magic = version === 2 ? SEGMENT_MAGIC : SEGMENT_MAGIC_V1;
  let head: string;
  try {
    head = UTF8.decode(bytes.subarray(0, HEADER_BYTES));
  } catch {
    return { ok: false, reason: 'unreadable header' };
  }
  const end = head.indexOf('\n', magic.length);
  const header = end < 0 ? null : parseHeader(head.slice(magic.length, end), version);
  if (!header) return { ok: false, reason: 'unreadable header' };
  // the header as its writer made it (field order, padding): a damaged byte the JSON survived shows here
  const made = Buffer.alloc(HEADER_BYTES, 0x20);
  made.write(magic + JSON.stringify(header) + '\n', 0, 'utf8');
  const inHeader = firstDifference(bytes.subarray(0, HEADER_BYTES), made);
  if (inHeader >= 0) return { ok: false, reason: `header differs from its own fields at byte ${inHeader}`, header, offset: inHeader };
  const payload = bytes.subarray(HEADER_BYTES);
  if (payload.length !== header.length) return { ok: false, reason: `length ${payload.length} != header ${header.length}`, header };
  const differ = expected ? notAcknowledged(header, bytes.length, expected) : [];
  if (differ.length) return { ok: false, reason: `segment is not the one acknowledged: ${differ.join('; ')}`, header };
  if ('payloadSeed' in header) {
    const at = firstDifference(payload, expectedPayload(header.length, header.payloadSeed));
    if (at >= 0)
      return {
        ok: false,
        reason: `payload differs from that of seed ${header.payloadSeed} at byte ${HEADER_BYTES + at} of the file`,
        header,
        offset: HEADER_BYTES + at,
      };
    return { ok: true, version: 2, header };
  }
  if (createHash('sha256').update(payload).digest('hex') !== header.sha256)
    return { ok: false, reason: 'payload SHA-256 differs from header (version-1 segment)', header };
  return { ok: true, version: 1, header };
}
