// After the cluster settles: read back every acknowledged segment and compare it with
// what was acknowledged. Results go to the history; the durability checker reads them.
//
// Bounded: against a core that acknowledged data it does not hold, one read waits in
// mfsmount's retry loop for 10-34 s (measured), so hundreds of segments would take hours.
// Each read runs in a reader process (sim/bounded-readers.ts) with a deadline, several at
// once, and the whole read-back has a cap: a segment not read back in time is 'unreadable',
// and the run always goes on to its verdicts.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BoundedReaders } from '../bounded-readers';
import { mapLimit } from '../exec';
import type { HistoryWriter } from '../history';
import type { AckedSegment } from './cameras';
import { verifySegment } from './segment';
import { asRecorded, type RecordingKey } from './recording-cipher';

export interface VerifyBounds {
  readDeadlineSeconds: number;
  maxTotalSeconds: number;
  parallel: number;
}

/** The defaults of the profile's `verify` section (profile/profile.ts). */
export const DEFAULT_VERIFY_BOUNDS: VerifyBounds = { readDeadlineSeconds: 30, maxTotalSeconds: 900, parallel: 4 };

export interface VerifyOutcome {
  verified: number;
  /** not ok: lost + corrupt + unreadable */
  lost: number;
  corrupt: number;
  /** not read back within the read deadline or before the cap */
  unreadable: number;
  seconds: number;
}

export type VerifyRead = 'ok' | 'lost' | 'corrupt' | 'unreadable';
/** payloadSeed: the one in the header read back (version 2), for the checkers to hold against the acknowledgement */
type Attempt = { outcome: VerifyRead; readMs?: number; error?: string; payloadSeed?: number };
const RETRY_FACTOR = 3;

export async function verifyAcknowledged(
  acked: readonly AckedSegment[],
  /** the mount the reads go through and its mfsmount options (recorded: a reader of the report sees how it was read) */
  mount: { path: string; options: readonly string[] },
  history: HistoryWriter,
  bounds: VerifyBounds = DEFAULT_VERIFY_BOUNDS,
  onProgress?: (done: number, total: number) => void,
  /** T4's reference encrypting recording path: the recording server decrypts what it reads with the harness's key */
  cipher: RecordingKey | null = null,
): Promise<VerifyOutcome> {
  const t0 = performance.now();
  const capMs = bounds.maxTotalSeconds * 1000;
  history.append({
    kind: 'verify.start',
    segments: acked.length,
    mount: mount.path,
    mountOptions: [...mount.options],
    reader: `${bounds.parallel} reader processes, one read at a time each, a reader abandoned at its deadline${cipher ? `; decrypted with the harness's ${cipher.mode} key` : ''}`,
    ...bounds,
  });
  history.sync();
  const n = { ok: 0, lost: 0, corrupt: 0, unreadable: 0 };
  let done = 0;
  const record = (seg: AckedSegment, r: Attempt, first?: Attempt) => {
    n[r.outcome]++;
    history.append({
      kind: 'segment.verify',
      outcome: r.outcome,
      camera: seg.camera,
      seq: seg.seq,
      path: seg.path,
      ...(r.payloadSeed !== undefined ? { payloadSeed: r.payloadSeed } : {}),
      ...(r.readMs !== undefined ? { readMs: r.readMs } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(first ? { firstAttempt: { readMs: first.readMs, error: first.error } } : {}),
    });
    onProgress?.(++done, acked.length);
  };
  const readers = new BoundedReaders(bounds.parallel, mount.path);
  const attempt = async (seg: AckedSegment, deadlineSeconds: number): Promise<Attempt> => {
    const left = capMs - (performance.now() - t0);
    if (left <= 0) return { outcome: 'unreadable', error: `not read: the read-back's cap of ${bounds.maxTotalSeconds} s was reached` };
    const limit = Math.min(deadlineSeconds * 1000, left);
    const r = await readers.read(join(mount.path, seg.path), limit);
    const readMs = Math.round(r.ms);
    if (r.timedOut) return { outcome: 'unreadable', readMs, error: `no answer within ${Math.round(limit) / 1000} s` };
    // the core answered: the file or its data cannot be had
    if (!r.bytes) return { outcome: 'lost', readMs, error: (r.error ?? 'read failed').slice(0, 200) };
    const v = verifySegment(asRecorded(cipher, seg, r.bytes), seg);
    const seed = v.header && 'payloadSeed' in v.header ? { payloadSeed: v.header.payloadSeed } : {};
    return v.ok ? { outcome: 'ok', readMs, ...seed } : { outcome: 'corrupt', readMs, error: v.reason, ...seed };
  };
  // a read that got no answer in time is tried once more after the others, fewer at once and
  // with RETRY_FACTOR times the deadline: a busy machine is not a lost segment; a core that
  // holds nothing stays unreadable (and the cap still holds)
  const slow: { seg: AckedSegment; first: Attempt }[] = [];
  try {
    await mapLimit(acked, bounds.parallel, async (seg) => {
      const r = await attempt(seg, bounds.readDeadlineSeconds);
      if (r.outcome === 'unreadable' && r.readMs !== undefined) slow.push({ seg, first: r });
      else record(seg, r);
    });
    await mapLimit(slow, Math.max(1, Math.floor(bounds.parallel / 2)), async ({ seg, first }) =>
      record(seg, await attempt(seg, bounds.readDeadlineSeconds * RETRY_FACTOR), first),
    );
  } finally {
    readers.close();
  }
  const seconds = Math.round(performance.now() - t0) / 1000;
  history.append({ kind: 'verify.end', ...n, seconds });
  history.sync();
  return { verified: n.ok, lost: n.lost + n.corrupt + n.unreadable, corrupt: n.corrupt, unreadable: n.unreadable, seconds };
}

/** One line for the run's log. */
export function verifySummary(v: VerifyOutcome, total: number, bounds: VerifyBounds): string {
  const bad = v.lost - v.unreadable - v.corrupt;
  return (
    `read back ${v.verified} of ${total} acknowledged segments intact in ${v.seconds} s` +
    (bad ? `; ${bad} lost` : '') +
    (v.corrupt ? `; ${v.corrupt} corrupt` : '') +
    (v.unreadable
      ? `; ${v.unreadable} unreadable (not read back within ${bounds.readDeadlineSeconds} s, nor ${bounds.readDeadlineSeconds * RETRY_FACTOR} s on a second try, ${bounds.maxTotalSeconds} s in all)`
      : '')
  );
}
