// After the cluster settles: read back every acknowledged segment and compare it with
// what was acknowledged. Results go to the history; the durability checker reads them.
//
// Bounded: against a core that acknowledged data it does not hold, one read waits in
// mfsmount's retry loop for 10-34 s (measured), so hundreds of segments would take hours.
// Each read runs in a child process (sim/bounded.ts) with a deadline, several at once,
// and the whole read-back has a cap: a segment not read back in time is 'unreadable',
// and the run always goes on to its verdicts.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runBounded } from '../bounded';
import { mapLimit } from '../exec';
import type { HistoryWriter } from '../history';
import type { AckedSegment } from './cameras';
import { verifySegment } from './segment';

export interface VerifyBounds {
  readDeadlineSeconds: number;
  maxTotalSeconds: number;
  parallel: number;
}

/** The defaults of the profile's `verify` section (acceptance/profile.ts). */
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

export async function verifyAcknowledged(
  acked: readonly AckedSegment[],
  /** the mount the reads go through and its mfsmount options (recorded: a reader of the report sees how it was read) */
  mount: { path: string; options: readonly string[] },
  history: HistoryWriter,
  bounds: VerifyBounds = DEFAULT_VERIFY_BOUNDS,
  onProgress?: (done: number, total: number) => void,
): Promise<VerifyOutcome> {
  const t0 = performance.now();
  const capMs = bounds.maxTotalSeconds * 1000;
  history.append({ kind: 'verify.start', segments: acked.length, mount: mount.path, mountOptions: [...mount.options], reader: 'cat in a child process per segment', ...bounds });
  history.sync();
  const n = { ok: 0, lost: 0, corrupt: 0, unreadable: 0 };
  let done = 0;
  await mapLimit(acked, bounds.parallel, async (seg) => {
    const left = capMs - (performance.now() - t0);
    let outcome: VerifyRead = 'ok';
    let error: string | undefined;
    let readMs: number | undefined;
    if (left <= 0) {
      outcome = 'unreadable';
      error = `not read: the read-back's cap of ${bounds.maxTotalSeconds} s was reached`;
    } else {
      const limit = Math.min(bounds.readDeadlineSeconds * 1000, left);
      const r = await runBounded('cat', [join(mount.path, seg.path)], limit);
      readMs = Math.round(r.ms);
      if (r.timedOut) {
        outcome = 'unreadable';
        error = `no answer within ${Math.round(limit) / 1000} s`;
      } else if (r.code !== 0) {
        // the core answered: the file or its data cannot be had
        outcome = 'lost';
        error = r.stderr.trim().split('\n').pop()?.slice(0, 200) || `cat exit ${r.code}`;
      } else {
        const v = verifySegment(r.stdout, seg);
        if (!v.ok) {
          outcome = 'corrupt';
          error = v.reason;
        }
      }
    }
    n[outcome]++;
    history.append({ kind: 'segment.verify', outcome, camera: seg.camera, seq: seg.seq, path: seg.path, ...(readMs !== undefined ? { readMs } : {}), ...(error ? { error } : {}) });
    onProgress?.(++done, acked.length);
  });
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
    (v.unreadable ? `; ${v.unreadable} unreadable (not read back within ${bounds.readDeadlineSeconds} s each, ${bounds.maxTotalSeconds} s in all)` : '')
  );
}
