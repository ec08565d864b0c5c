// The recording server's retention (T10): every sweep, a recording whose last frame is older
// than the retention period in force is retired (no longer played) and, at the next sweep,
// deleted. The period is changed online by the scenario. Records each setting and each
// deletion; never judges (sim/checkers/elastic-capacity.ts holds every deletion against the
// period the operator had set). A control's defect: after a shortening it deletes by half the
// new period, as a server that miscounts would.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryWriter } from '../history';
import type { AckedSegment } from './cameras';
import { errText } from './segment-io';

export interface RetentionDeps {
  mountPoint: string;
  history: HistoryWriter;
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

  constructor(private readonly d: RetentionDeps) {}

  /** the operator sets the retention period (seconds); the sweeper keeps to it from the next sweep */
  set(id: string, seconds: number): void {
    const previous = this.seconds;
    this.seconds = seconds;
    this.limitSeconds = this.d.defect === 'deletes-in-period' && previous !== null && seconds < previous ? seconds / 2 : seconds;
    this.d.history.append({ kind: 'retention.set', id, seconds, previous });
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.sweeping = this.sweeping.then(() => this.sweep());
    }, this.d.sweepMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** paths deleted by age: the read-back does not look for them */
  get deleted(): ReadonlySet<string> {
    return this.gone;
  }

  private async sweep(): Promise<void> {
    // retired at the last sweep: no player starts on them any more, so they go now, unless the
    // period was lengthened meanwhile (they wait, unplayed, until they are past it again)
    const past = (seg: AckedSegment) => this.limitSeconds !== null && seg.endMs < Date.now() - this.limitSeconds * 1000;
    const due = this.retired.filter(past);
    this.retired.splice(0, this.retired.length, ...this.retired.filter((x) => !past(x)));
    for (const seg of due) {
      let error: string | undefined;
      try {
        await unlink(join(this.d.mountPoint, seg.path));
      } catch (e) {
        error = errText(e);
      }
      this.gone.add(seg.path);
      this.d.history.append({
        kind: 'segment.expire',
        camera: seg.camera,
        seq: seg.seq,
        path: seg.path,
        endMs: seg.endMs,
        ageSeconds: Math.round(Date.now() - seg.endMs) / 1000,
        ok: error === undefined,
        ...(error ? { error } : {}),
      });
    }
    if (this.limitSeconds === null) return;
    const cutoff = Date.now() - this.limitSeconds * 1000;
    for (const seg of this.d.acked) {
      if (seg.endMs >= cutoff || this.gone.has(seg.path) || this.retired.includes(seg)) continue;
      this.d.retire(seg.path);
      this.retired.push(seg);
    }
  }
}
