// A recording segment as a camera (or the recording server on its behalf) writes it:
// a fixed 512-byte header (magic line + JSON, space padded) followed by the payload.
// The header carries camera id, sequence number, start/end timestamps, payload length
// and the SHA-256 of the payload, so a reader can verify a segment on its own.
import { createHash } from 'node:crypto';
import { fillPayload, payloadPool } from '../random';

export const SEGMENT_MAGIC = 'ACCEPT-SEG/1\n';
export const HEADER_BYTES = 512;

export interface SegmentHeader {
  camera: string;
  seq: number;
  /** epoch ms of the first frame (wall clock of the harness) */
  startMs: number;
  endMs: number;
  length: number;
  sha256: string;
}

export function segmentPath(camera: string, startMs: number, seq: number): string {
  // /<camera>/<yyyymmdd>/<hhmmss>-<seq>.seg, in China Standard Time like the cameras' OSD
  const d = new Date(startMs + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const day = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
  const time = `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `/${camera}/${day}/${time}-${p(seq, 6)}.seg`;
}

export function encodeSegment(h: Omit<SegmentHeader, 'sha256' | 'length'>, payload: Buffer): { bytes: Buffer; header: SegmentHeader } {
  const header: SegmentHeader = { ...h, length: payload.length, sha256: createHash('sha256').update(payload).digest('hex') };
  const json = SEGMENT_MAGIC + JSON.stringify(header) + '\n';
  if (Buffer.byteLength(json) > HEADER_BYTES) throw new Error(`segment header too long (${Buffer.byteLength(json)} bytes)`);
  const bytes = Buffer.alloc(HEADER_BYTES + payload.length, 0x20);
  bytes.write(json, 0, 'utf8');
  payload.copy(bytes, HEADER_BYTES);
  return { bytes, header };
}

/**
 * The same bytes as encodeSegment(h, makePayload(payloadBytes, seed)), made in place: one
 * allocation and no copy of the payload (the camera write path runs at tens of MB/s).
 */
export function buildSegment(h: Omit<SegmentHeader, 'sha256' | 'length'>, payloadBytes: number, seed: number): { bytes: Buffer; header: SegmentHeader } {
  const bytes = Buffer.allocUnsafe(HEADER_BYTES + payloadBytes);
  const payload = bytes.subarray(HEADER_BYTES);
  fillPayload(payload, seed, payloadPool());
  const header: SegmentHeader = { ...h, length: payloadBytes, sha256: createHash('sha256').update(payload).digest('hex') };
  const json = SEGMENT_MAGIC + JSON.stringify(header) + '\n';
  const n = Buffer.byteLength(json);
  if (n > HEADER_BYTES) throw new Error(`segment header too long (${n} bytes)`);
  bytes.write(json, 0, 'utf8');
  bytes.fill(0x20, n, HEADER_BYTES);
  return { bytes, header };
}

export function makePayload(bytes: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(bytes);
  fillPayload(b, seed, payloadPool());
  return b;
}

export type VerifyResult = { ok: true; header: SegmentHeader } | { ok: false; reason: string; header?: SegmentHeader };

/** Verifies a segment's bytes; `expected` (from the write acknowledgement) must match too. */
export function verifySegment(bytes: Buffer, expected?: Pick<SegmentHeader, 'camera' | 'seq' | 'sha256'>): VerifyResult {
  if (bytes.length < HEADER_BYTES) return { ok: false, reason: `short segment: ${bytes.length} bytes` };
  const head = bytes.subarray(0, HEADER_BYTES).toString('utf8');
  if (!head.startsWith(SEGMENT_MAGIC)) return { ok: false, reason: 'bad magic' };
  let header: SegmentHeader;
  try {
    header = JSON.parse(head.slice(SEGMENT_MAGIC.length, head.indexOf('\n', SEGMENT_MAGIC.length)));
  } catch {
    return { ok: false, reason: 'unreadable header' };
  }
  const payload = bytes.subarray(HEADER_BYTES);
  if (payload.length !== header.length) return { ok: false, reason: `length ${payload.length} != header ${header.length}`, header };
  const sha = createHash('sha256').update(payload).digest('hex');
  if (sha !== header.sha256) return { ok: false, reason: 'payload SHA-256 differs from header', header };
  if (expected && (expected.camera !== header.camera || expected.seq !== header.seq || expected.sha256 !== header.sha256)) {
    return { ok: false, reason: 'segment is not the one acknowledged (camera/seq/sha256 differ)', header };
  }
  return { ok: true, header };
}
