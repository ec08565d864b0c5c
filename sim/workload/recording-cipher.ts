// A reference implementation of an encrypting recording path (T4): the recording server
// encrypts every segment before it reaches the storage, with a key the harness holds, so
// that the T4 checker can be shown to PASS on the real core. It stands in for a vendor's
// encrypting recorder and is never the product under test (the verdict says so).
// AES-256-CTR keeps a segment's length, so a known plaintext can be held against what the
// storage returns (sim/observe/encryption-probe.ts).
import * as crypto from 'node:crypto';
import type { RecordingEncryption } from '../plan/scenario';

export interface RecordingKey {
  mode: RecordingEncryption;
  /** 32 bytes, derived from the run seed: the harness holds it, a rerun of the seed decodes the same */
  key: Buffer;
}

export function recordingKey(runSeed: string, mode: RecordingEncryption): RecordingKey {
  return { mode, key: crypto.createHash('sha256').update(`accept/recording-key/${runSeed}`).digest() };
}

/** What the history and the reports show of a key. The key itself is a test key, derived from the run
 *  seed by design (a rerun of the seed decodes the same), so it is no secret from a reader of the run. */
export const keyFingerprint = (k: RecordingKey): string => crypto.createHash('sha256').update(k.key).digest('hex').slice(0, 16);

/**
 * The segment's initial counter block. The writer threads evaluate this very function (its
 * source text), so it stays self-contained, the crypto module passed in.
 */
export function recordingIv(c: typeof crypto, key: Buffer, mode: string, camera: string, seq: number): Buffer {
  if (mode === 'aes-256-ctr-one-keystream') return Buffer.alloc(16);
  return c
    .createHmac('sha256', key)
    .update(camera + '/' + seq)
    .digest()
    .subarray(0, 16);
}

/** What the recording server plays of stored bytes: decrypted with its key, or as stored when it keeps none. */
export const asRecorded = (k: RecordingKey | null | undefined, id: { camera: string; seq: number }, bytes: Buffer): Buffer =>
  k ? cryptSegment(k, id, bytes) : bytes;

/** CTR: the same operation encrypts and decrypts. */
export function cryptSegment(k: RecordingKey, id: { camera: string; seq: number }, bytes: Buffer): Buffer {
  const c = crypto.createCipheriv('aes-256-ctr', k.key, recordingIv(crypto, k.key, k.mode, id.camera, id.seq));
  return Buffer.concat([c.update(bytes), c.final()]);
}
