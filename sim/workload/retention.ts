// The recording server's retention (T10): every sweep, a recording whose last frame is older
// than the retention period in force is retired (no longer played) and, at the next sweep,
// read back, checked and deleted. The period is changed online by the scenario. Records each
// setting and each deletion (stamped before the unlink, with what the read-back found); never
// judges (sim/checkers/elastic-capacity.ts holds every deletion against the period the
// operator had set, and a recording lost inside its period against its read-back). A
// control's defect: after a shortening it deletes by half the new period, as a server that
// miscounts would.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BoundedReaders } from '../bounded-readers';
import type { RunClock } from '../clock';
import type { HistoryWriter } from '../history';
import type { AckedSegment } from './cameras';
import { asRecorded, type RecordingKey } from './recording-cipher';
import { verifySegment } from './segment';
import { errText } from './segment-io';
import { waitAtMost } from '../clock';

/** how long stop() waits for a sweep under way */
const STOP_WITHIN_MS = 30_000;

/** a deletion's read-back is given up after this (the sweep goes on; the checker counts it unreadable) */
const READ_DEADLINE_MS = 20_000;

export interface RetentionDeps {
  mountPoint: string;
  /** where the read-back before a deletion reads (the same cluster without the host's cache) */
  readMountPoint: string;
  /** the run's clock: segment times and the history's stamps are on it */
  clock: RunClock;
  history: HistoryWriter;
  /** T4's encrypting path: what is read back is decrypted with the harness's key */
  recordingKey?: RecordingKey | null;
  /** the acknowledged segments, oldest first, and the load's retirement of one */
  acked: readonly AckedSegment[];
  retire: (path: string) => void;
  sweepMs: number;
  defect?: 'deletes-in-period';
}

export class RetentionSweeper {
  private seconds: number | null = null;
  private limitSeconds: number | null = null;
  private readonly retired: AckedSegment[] = [];
  private readonly gone = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> = Promise.resolve();
  private readonly readers: BoundedReaders;

  constructor(private readonly d: RetentionDeps) {
    this.readers = new BoundedReaders(1, d.readMountPoint);
  }

  private now(): number {
    return this.d.clock.now().wall;
  }

  /** the operator sets the retention period (seconds); the sweeper keeps to it from the next sweep */
  set(id: string, seconds: number): void {
    const previous = this.seconds;
    this.seconds = seconds;
    this.limitSeconds = this.d.defect === 'deletes-in-period' && previous !== null && seconds < previous ? seconds / 2 : seconds;
    this.d.history.append({ kind: 'retention.set', id, seconds, previous });
  }

  start(): void {
    this.timer ??= setInterval(() => {
      // a sweep that throws is recorded and the next one goes on: the chain never jams
      this.sweeping = this.sweeping
        .then(() => this.sweep())
        .catch((e: unknown) => {
          this.d.history.append({ kind: 'retention.error', error: errText(e).slice(0, 300) });
        });
    }, this.d.sweepMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // a deletion stuck on a hung mount never returns: the run goes on to its verdict without it
    if (!(await waitAtMost(this.sweeping, STOP_WITHIN_MS)))
      this.d.history.append({
        kind: 'retention.error',
        error: `a sweep still waiting on the mount ${STOP_WITHIN_MS / 1000} s after the sweeper was stopped (a hung client or core); left behind`,
      });
    this.readers.close();
  }

  /**
   * Recordings past the period by more than two sweeps and a second, not yet deleted: what the
   * sweeper is behind by (it reads each one back before deleting it, one at a time).
   */
  overdue(): number {
    if (this.limitSeconds === null) return 0;
    const before = this.now() - this.limitSeconds * 1000 - 2 * this.d.sweepMs - 1000;
    let n = 0;
    for (const seg of this.d.acked) if (seg.endMs < before && !this.gone.has(seg.path)) n++;
    return n;
  }

  /** paths deleted by age: the read-back does not look for them */
  get deleted(): ReadonlySet<string> {
    return this.gone;
  }

  private async sweep(): Promise<void> {
    // retired at the last sweep: no player starts on them any more, so they go now, unless the
    // period was lengthened meanwhile (they wait, unplayed, until they are past it again)
    const past = (seg: AckedSegment) => this.limitSeconds !== null && seg.endMs < this.now() - this.limitSeconds * 1000;
    for (const seg of [...this.retired]) {
      if (!past(seg)) continue;
      const lastRead = await this.readBack(seg);
      // checked again after the read's await, and stamped before the unlink: the period a set() made meanwhile counts
      if (!past(seg)) continue;
      this.retired.splice(this.retired.indexOf(seg), 1);
      this.gone.add(seg.path);
      this.d.history.append({
        kind: 'segment.delete',
        camera: seg.camera,
        seq: seg.seq,
        path: seg.path,
        endMs: seg.endMs,
        ageSeconds: Math.round(this.now() - seg.endMs) / 1000,
        ...lastRead,
      });
      try {
        await unlink(join(this.d.mountPoint, seg.path));
      } catch (e) {
        this.d.history.append({ kind: 'segment.delete.error', path: seg.path, error: errText(e) });
      }
    }
    if (this.limitSeconds === null) return;
    for (const seg of this.d.acked) {
      if (!past(seg) || this.gone.has(seg.path) || this.retired.includes(seg)) continue;
      this.d.retire(seg.path);
      this.retired.push(seg);
    }
  }

  /** what the recording server reads of a recording just before it deletes it: a loss inside the period shows here */
  private async readBack(seg: AckedSegment): Promise<{ lastRead: 'ok' | 'lost' | 'corrupt' | 'unreadable'; lastReadError?: string }> {
    const r = await this.readers.read(join(this.d.readMountPoint, seg.path), READ_DEADLINE_MS);
    if (r.timedOut) return { lastRead: 'unreadable', lastReadError: `no answer within ${READ_DEADLINE_MS / 1000} s` };
    if (!r.bytes) return { lastRead: 'lost', lastReadError: (r.error ?? 'read failed').slice(0, 200) };
    const v = verifySegment(asRecorded(this.d.recordingKey, seg, r.bytes), seg);
    return v.ok ? { lastRead: 'ok' } : { lastRead: 'corrupt', lastReadError: v.reason.slice(0, 200) };
  }
}
