// Camera-like load: K cameras, each writing fixed-bitrate segments through the mounted
// file system, one every segment-length seconds, and a player reading back recent
// segments. Every acknowledgement, read and error goes to the history.
// A segment is acknowledged only after write + fsync + close returned: that is the
// moment a recording server may forget the frames.
// (The k6-style engine in sim/load/ will schedule these iterations; this loop is the
// walking skeleton's open-model camera: a segment is due at t0 + seq * length, and a
// late start is recorded as lateness, never hidden.)
import { setMaxListeners } from 'node:events';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HistoryWriter } from '../history';
import type { RunClock } from '../clock';
import { sleep } from '../clock';
import type { RandomStream } from '../random';
import { encodeSegment, makePayload, segmentPath, verifySegment } from './segment';

import type { CameraLoadSpec } from '../../scenarios/types';
export type { CameraLoadSpec };

export interface AckedSegment {
  camera: string;
  seq: number;
  path: string;
  sha256: string;
  startMs: number;
  endMs: number;
  ackMono: number;
}

export interface LoadProgress {
  written: number;
  writeErrors: number;
  reads: number;
  readErrors: number;
  bytes: number;
}

export const cameraId = (i: number) => `cam${String(i + 1).padStart(3, '0')}`;
export const segmentBytes = (spec: CameraLoadSpec) => Math.round((spec.bitrateMbps * 1e6 * spec.segmentSeconds) / 8);

export class CameraLoad {
  readonly acked: AckedSegment[] = [];
  readonly progress: LoadProgress = { written: 0, writeErrors: 0, reads: 0, readErrors: 0, bytes: 0 };
  private readonly stopper = new AbortController();
  private running: Promise<void> | null = null;

  constructor(
    private readonly spec: CameraLoadSpec,
    private readonly mountPoint: string,
    private readonly history: HistoryWriter,
    private readonly clock: RunClock,
    private readonly random: RandomStream,
  ) {
    // every camera and the player wait on this one signal
    setMaxListeners(spec.cameras + 8, this.stopper.signal);
  }

  start(): void {
    const cams = Array.from({ length: this.spec.cameras }, (_, i) => this.camera(cameraId(i), i));
    const player = this.spec.readEveryMs > 0 ? [this.player()] : [];
    this.history.append({ kind: 'load.start', cameras: this.spec.cameras, bitrateMbps: this.spec.bitrateMbps, segmentSeconds: this.spec.segmentSeconds, segmentBytes: segmentBytes(this.spec) });
    this.running = Promise.all([...cams, ...player]).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
    this.history.append({ kind: 'load.stop', ...this.progress });
    this.history.sync();
  }

  private async camera(camera: string, index: number): Promise<void> {
    const signal = this.stopper.signal;
    const segMs = this.spec.segmentSeconds * 1000;
    // cameras do not start in lock-step: spread their phases over one segment
    const t0 = this.clock.mono() + (index / this.spec.cameras) * segMs;
    const bytes = segmentBytes(this.spec);
    for (let seq = 0; !signal.aborted; seq++) {
      const due = t0 + (seq + 1) * segMs; // the segment is complete at the end of its interval
      await sleep(due - this.clock.mono(), signal);
      if (signal.aborted) break;
      const startMono = this.clock.mono();
      const startMs = this.clock.now().wall - segMs;
      const { bytes: data, header } = encodeSegment({ camera, seq, startMs, endMs: startMs + segMs }, makePayload(bytes, this.random.uint32()));
      const path = segmentPath(camera, startMs, seq);
      try {
        const abs = join(this.mountPoint, path);
        await mkdir(dirname(abs), { recursive: true });
        const fh = await open(abs, 'wx');
        try {
          await fh.write(data);
          await fh.sync();
        } finally {
          await fh.close();
        }
        const ackMono = this.clock.mono();
        this.acked.push({ camera, seq, path, sha256: header.sha256, startMs, endMs: header.endMs, ackMono });
        this.progress.written++;
        this.progress.bytes += data.length;
        this.history.append({ kind: 'segment.write', outcome: 'ok', camera, seq, path, bytes: data.length, sha256: header.sha256, startMs, endMs: header.endMs, dueMono: r3(due), startMono: r3(startMono), latencyMs: r3(ackMono - startMono), lateMs: r3(startMono - due) });
      } catch (e) {
        this.progress.writeErrors++;
        this.history.append({ kind: 'segment.write', outcome: 'fail', camera, seq, path, error: errText(e), dueMono: r3(due), startMono: r3(startMono), latencyMs: r3(this.clock.mono() - startMono) });
      }
    }
  }

  private async player(): Promise<void> {
    const signal = this.stopper.signal;
    while (!signal.aborted) {
      await sleep(this.spec.readEveryMs, signal);
      if (signal.aborted || this.acked.length === 0) continue;
      const seg = this.random.pick(this.acked);
      const t = this.clock.mono();
      try {
        const v = verifySegment(await readFile(join(this.mountPoint, seg.path)), seg);
        this.progress.reads++;
        if (!v.ok) this.progress.readErrors++;
        this.history.append({ kind: 'segment.read', outcome: v.ok ? 'ok' : 'corrupt', camera: seg.camera, seq: seg.seq, path: seg.path, latencyMs: r3(this.clock.mono() - t), ...(v.ok ? {} : { error: v.reason }) });
      } catch (e) {
        this.progress.readErrors++;
        this.history.append({ kind: 'segment.read', outcome: 'fail', camera: seg.camera, seq: seg.seq, path: seg.path, error: errText(e), latencyMs: r3(this.clock.mono() - t) });
      }
    }
  }
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const errText = (e: unknown) => ((e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).code}: ` : '') + (e as Error).message;
