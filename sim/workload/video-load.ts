// Camera-like load on the k6-style engine (sim/load): live cameras writing fixed-bitrate
// segments through the mounted file system, docked body cameras uploading at peak hour,
// players and downloads reading back. Every acknowledgement, drop, read and error goes to
// the history; every metric is tagged with the fault phase of the moment (from the
// history's fault events, live); recording gaps and completeness are derived at the end,
// before the thresholds are judged.
//
// Metrics (k6 names; time in ms):
//   write_latency          trend  segment due -> acknowledged (write+fsync+close returned).
//                                 Measured from the DUE time, so a late start of the harness
//                                 shows; a segment that cannot start within one segment
//                                 length (no free VU, the engine behind, or no free writer
//                                 thread) is dropped, never written late. The segment's bytes
//                                 are made on the writer thread first: a camera has them
//                                 ready at the due time, so this errs against the storage;
//                                 the history keeps buildMs and ioMs apart.
//   write_failed           rate   1 per failed segment write, 0 per acknowledged one
//   write_bytes            counter (data) bytes acknowledged
//   segments_acked         counter
//   segments_dropped       counter segments due while all of the camera's writes were busy,
//                                 or not started within one segment length (the reason is
//                                 in the history's segment.drop)
//   read_latency           trend  a player's read + verify of one acknowledged segment
//   read_failed            rate   failed or corrupt reads (players and downloads)
//   read_bytes             counter (data)
//   download_duration      trend  a whole recording, read and verified segment by segment
//   download_failed        rate
//   recording_gaps         counter one per 录像断点 (uncovered stretch of a live camera)
//   recording_longest_gap  trend  per camera and phase: its longest gap in that phase (0 if none)
//   recording_completeness trend  per camera and phase: covered / scheduled time (0..1)
// Tags: scenario, role (camera | upload | player | download), camera, phase
// (before | during | after), fault (the fault's id, during and after). The engine's
// built-in metrics (iterations, dropped_iterations, iteration_start_delay, ...) carry the
// phase too; iteration_start_delay is measured to the moment a writer thread took the job.
// A sample is tagged with the phase at the moment it completes: a write that stalls
// through a fault shows up 'during' or 'after', not 'before'.
import { performance } from 'node:perf_hooks';
import type { RunClock } from '../clock';
import { MAX_TIMER_MS, waitAtMost, sleep } from '../clock';
import type { HistoryWriter } from '../history';
import { FaultTimeline, type NamedFaultWindow, phaseLabel } from '../load/fault-windows';
import { runLoad, type LoadResult } from '../load/engine';
import { type DroppedIteration, type IterationContext, type IterationFn, IterationDropped } from '../load/executors';
import type { MetricsRecorder } from '../load/metrics';
import { type LoadOptionsInput, parseLoadOptions } from '../load/scenario-schema';
import { parseThresholds } from '../load/thresholds';
import type { SummaryData } from '../load/summary';
import { formatDuration } from '../load/duration';
import { type RandomStream, streamFor } from '../../lib/random';
import type { VideoLoadSpec } from '../plan/scenario';
import { type AckedSegment, type LoadProgress, cameraId, segmentBytes } from './cameras';
import { type RecordingReport, recordingReport } from './recording';
import { HEADER_BYTES, segmentPath, verifySegment } from './segment';
import { recordingKey, type RecordingKey } from './recording-cipher';
import { SegmentStore, errText } from './segment-io';
import { LateStartError, type WrittenSegment } from './writer-pool';
import { VIDEO_METRICS } from './video-metrics';
export { VIDEO_METRICS } from './video-metrics';

const PHASES = ['before', 'during', 'after'] as const;
/** 30 days: "until the scenario ends it" for a background load */
const OPEN_ENDED_MS = 30 * 24 * 3600_000;

export const uploaderId = (i: number) => `bwc${String(i + 1).padStart(3, '0')}`;

/** The engine options of a load spec: one constant-arrival-rate scenario per camera, cameras
 *  staggered over one segment so that they do not write in lock-step. */
export function engineOptions(spec: VideoLoadSpec): LoadOptionsInput {
  const segMs = spec.segmentSeconds * 1000;
  const durationMs = spec.durationSeconds !== undefined ? spec.durationSeconds * 1000 : OPEN_ENDED_MS;
  const scenarios: LoadOptionsInput['scenarios'] = {};
  for (let i = 0; i < spec.cameras; i++) {
    const camera = cameraId(i);
    scenarios[camera] = {
      executor: 'constant-arrival-rate',
      rate: 1,
      timeUnit: segMs,
      duration: durationMs,
      preAllocatedVUs: 1,
      maxVUs: spec.maxInFlightPerCamera,
      // recording starts at the stagger offset; the first segment is due one length later
      startTime: (i / spec.cameras) * segMs + segMs,
      // a segment whose write cannot begin before the next one is complete is lost, as on a
      // recording server whose buffers are full; this also catches the harness's own writer
      // threads all being busy (it would otherwise only stretch write_latency)
      startGrace: segMs,
      gracefulStop: '30s',
      tags: { role: 'camera', camera },
      exec: 'camera',
    };
  }
  const u = spec.uploads;
  if (u) {
    scenarios.uploads = {
      executor: 'ramping-arrival-rate',
      startRate: u.startRate,
      timeUnit: '1s',
      stages: u.stages.map((s) => ({ duration: s.durationSeconds * 1000, target: s.target })),
      preAllocatedVUs: Math.min(u.maxVUs, 4),
      maxVUs: u.maxVUs,
      // no startGrace: a docked camera keeps its files until they are uploaded, so a late
      // upload is late, not lost; its start delay is still measured (iteration_start_delay)
      startTime: u.startAfterSeconds * 1000,
      gracefulStop: '30s',
      tags: { role: 'upload' },
      exec: 'upload',
    };
  }
  if (spec.players && spec.players.vus > 0) {
    scenarios.players = {
      executor: 'constant-vus',
      vus: spec.players.vus,
      duration: durationMs,
      startTime: segMs,
      gracefulStop: '10s',
      tags: { role: 'player' },
      exec: 'player',
    };
  }
  const d = spec.downloads;
  if (d && d.vus > 0) {
    scenarios.downloads = {
      executor: 'per-vu-iterations',
      vus: d.vus,
      iterations: d.iterations,
      maxDuration: durationMs,
      startTime: d.startAfterSeconds * 1000,
      gracefulStop: '30s',
      tags: { role: 'download' },
      exec: 'download',
    };
  }
  const subMetrics = [
    ...['write_latency', 'write_failed', 'read_latency', 'recording_completeness', 'recording_longest_gap'].flatMap((m) =>
      PHASES.map((p) => `${m}{phase:${p}}`),
    ),
    ...(u ? ['write_latency{role:camera}', 'write_latency{role:upload}', 'segments_dropped{role:upload}'] : []),
  ];
  const summaryTrendStats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];
  return { scenarios, thresholds: spec.thresholds, subMetrics, summaryTrendStats, tags: { load: spec.name } };
}

export interface VideoLoadDeps {
  mountPoint: string;
  /** players and downloads read here (default: mountPoint); a mount that bypasses the host's page cache */
  readMountPoint?: string;
  history: HistoryWriter;
  clock: RunClock;
  seed: string;
  /** writer threads (default DEFAULT_WRITERS): segment writes in flight at once, all cameras */
  writers?: number;
  /** ends every call still blocked on the mount (a hung client or core) and mounts it afresh, saying what it did; without it a stuck writer thread is left behind */
  unblockMount?: () => Promise<string[]>;
}

/** after the load's graceful stop, how long writer threads may take to end before they count as stuck, and again after the mount is unblocked */
export const WRITERS_CLOSE_MS = 10_000;

/** a read with no playDeadlineSeconds is waited for: as long as one timer can wait */
const UNBOUNDED_READ_SECONDS = MAX_TIMER_MS / 1000;

/** enough for 128 cameras x 4 Mbps at ~60 ms per write + fsync (measured); an idle one costs ~1 MB */
export const DEFAULT_WRITERS = 32;

/** What goes to load-summary.json: k6's summary data plus the video figures. */
export interface LoadSummaryFile extends SummaryData {
  load: { name: string; spec: VideoLoadSpec; failures: string[] };
  faults: NamedFaultWindow[];
  recording: Omit<RecordingReport, 'samples'>;
  roles: Record<string, RoleTotals>;
}

export interface RoleTotals {
  scenarios: number;
  iterations: number;
  errors: number;
  dropped: number;
  interrupted: number;
}

export interface VideoLoadOutcome {
  passed: boolean;
  failures: string[];
  result: LoadResult;
  recording: RecordingReport;
  summary: LoadSummaryFile;
  /** k6-like console text, with the recording figures */
  text: string;
}

export class VideoLoad {
  readonly acked: AckedSegment[] = [];
  /** segments the recording server retired (past their retention period): not played any more, about to be deleted */
  private readonly retired = new Set<string>();
  /** T4's reference encrypting recording path: the key the harness holds (null: segments written as made) */
  readonly recordingKey: RecordingKey | null;
  readonly progress: LoadProgress = { written: 0, writeErrors: 0, dropped: 0, reads: 0, readErrors: 0, bytes: 0 };
  private readonly byCamera = new Map<string, AckedSegment[]>();
  private readonly scheduled = new Map<string, { first: number; last: number }>();
  private readonly timeline = new FaultTimeline();
  private readonly store: SegmentStore;
  private readonly ender = new AbortController();
  private readonly aborter = new AbortController();
  private readonly rnd: { cameras: RandomStream; uploads: RandomStream; players: RandomStream };
  private running: Promise<VideoLoadOutcome> | null = null;
  private recording: RecordingReport | null = null;

  constructor(
    readonly spec: VideoLoadSpec,
    private readonly deps: VideoLoadDeps,
  ) {
    const largest = HEADER_BYTES + Math.max(segmentBytes(spec), spec.uploads ? segmentBytes(spec.uploads) : 0);
    this.recordingKey = spec.encryption ? recordingKey(deps.seed, spec.encryption) : null;
    // one reader per player and download user: each reads one segment at a time
    const readers = (spec.players?.vus ?? 0) + (spec.downloads?.vus ?? 0);
    this.store = new SegmentStore(
      deps.mountPoint,
      deps.writers ?? DEFAULT_WRITERS,
      deps.readMountPoint,
      largest,
      this.recordingKey,
      readers,
    );
    this.rnd = {
      cameras: streamFor(deps.seed, 'workload/cameras'),
      uploads: streamFor(deps.seed, 'workload/uploads'),
      players: streamFor(deps.seed, 'workload/players'),
    };
  }

  /** T10: the recording server stops playing a segment before it deletes it by age (sim/workload/retention.ts). */
  retire(path: string): void {
    this.retired.add(path);
    for (const list of this.byCamera.values()) {
      const i = list.findIndex((a) => a.path === path);
      if (i >= 0) list.splice(i, 1);
    }
  }

  /** The iteration functions by `exec` name; the bench runs 'camera' on a scenario of its own. */
  iterations(): Record<string, IterationFn> {
    return {
      camera: (ctx) => this.cameraIteration(ctx),
      upload: (ctx) => this.uploadIteration(ctx),
      player: (ctx) => this.playerIteration(ctx),
      download: (ctx) => this.downloadIteration(ctx),
    };
  }

  /** Starts the writer threads and waits until they are up, and makes today's folder of
   *  every camera and station, as a recording server has them before the first segment
   *  (optional: start() warms the threads too, and a missing folder is made on first write). */
  async prepare(): Promise<{ folderSeconds: number }> {
    const s = this.spec;
    const { clock, history } = this.deps;
    const now = clock.startWall + clock.mono();
    const folders = [
      ...Array.from({ length: s.cameras }, (_, i) => segmentPath(cameraId(i), now - s.segmentSeconds * 1000, 0)),
      ...Array.from({ length: s.uploads?.stations ?? 0 }, (_, i) => segmentPath(uploaderId(i), now - s.uploads!.segmentSeconds * 1000, 0)),
    ];
    const t0 = performance.now();
    // what the core takes to make them is its own figure (a day's first segment pays it), not the steady
    // state's; a core too slow for the command's bound leaves them to the first writes, as before
    const error = await this.store.makeDirs(folders).then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!,
    );
    const folderSeconds = Math.round(performance.now() - t0) / 1000;
    history.append({ kind: 'load.folders', folders: folders.length, seconds: folderSeconds, ...(error ? { error } : {}) });
    await this.store.warm();
    return { folderSeconds };
  }

  /** Starts the load (the spec's scenarios, or `options` instead, e.g. a benchmark's). */
  start(options: LoadOptionsInput = engineOptions(this.spec)): void {
    if (this.running) throw new Error('load already started');
    // a bad scenario or threshold (a profile's override, say) fails here, before the run
    parseThresholds(parseLoadOptions(options).thresholds);
    const { history, clock } = this.deps;
    const unsubscribe = history.subscribe((e) => this.timeline.observe(e));
    void this.store.warm();
    const s = this.spec;
    history.append({
      kind: 'load.start',
      name: s.name,
      cameras: s.cameras,
      bitrateMbps: s.bitrateMbps,
      segmentSeconds: s.segmentSeconds,
      segmentBytes: segmentBytes(s),
      maxInFlightPerCamera: s.maxInFlightPerCamera,
      uploads: s.uploads ?? null,
      players: s.players ?? null,
      downloads: s.downloads ?? null,
      durationSeconds: s.durationSeconds ?? null,
      thresholds: options.thresholds ?? {},
    });
    this.running = runLoad({
      options,
      iteration: this.iterations(),
      metrics: VIDEO_METRICS,
      clock,
      end: this.ender.signal,
      signal: this.aborter.signal,
      onDropped: (d, metrics) => this.dropped(d, metrics),
      sampleTags: (t) => this.phase(t),
      finalize: (registry) => {
        const report = this.recordingNow();
        for (const sample of report.samples) registry.add(registry.get(sample.metric)!, sample.value, { role: 'camera', ...sample.tags });
      },
    })
      // the writers closed first: a write stuck in a hung mount is a failed write in load.stop's counts too
      .then(async (result) => {
        await this.closeWriters();
        return this.conclude(result);
      })
      .finally(async () => {
        unsubscribe();
        await this.closeWriters();
      });
    // awaited only at finish(): until then a rejection must not count as unhandled
    this.running.catch(() => undefined);
  }

  /**
   * The writer threads stopped. One still in a call on the mount after the load's graceful stop
   * and WRITERS_CLOSE_MS more is stuck in a hung client or core, which only aborting the mount
   * ends (deps.unblockMount); recorded, so that the run goes on to its verdict.
   */
  private closing: Promise<void> | null = null;
  private stuckWrites = 0;
  private closeWriters(): Promise<void> {
    this.closing ??= this.stopWriters();
    return this.closing;
  }
  private async stopWriters(): Promise<void> {
    const closing = await this.store.close(WRITERS_CLOSE_MS);
    // the stuck writes' rejections are handled (segment.write fail) before anything is counted
    await new Promise((r) => setImmediate(r));
    if (closing.stuck.length === 0) return;
    const unblocked = this.deps.unblockMount
      ? await this.deps.unblockMount().catch((e: unknown) => [`the mount could not be unblocked: ${errText(e)}`])
      : [];
    const ended = await waitAtMost(closing.ended, WRITERS_CLOSE_MS);
    // named as the segments are (from the mount's root)
    const paths = closing.stuck.map((p) => (p.startsWith(this.deps.mountPoint) ? p.slice(this.deps.mountPoint.length) : p));
    this.stuckWrites = paths.length;
    this.deps.history.append({ kind: 'load.writers-stuck', paths, unblocked, ended });
  }

  /** Resolves when the load has ended by itself (a spec with durationSeconds). */
  get done(): Promise<VideoLoadOutcome> {
    if (!this.running) throw new Error('load not started');
    return this.running;
  }

  /** Ends the load gracefully (in-flight segments finish) and judges its thresholds. */
  finish(): Promise<VideoLoadOutcome> {
    this.ender.abort();
    return this.done;
  }

  /** Stops at once (the run failed): the outcome is aborted and does not pass. */
  async abort(reason: string): Promise<void> {
    if (!this.running) return;
    this.aborter.abort(reason);
    await this.running.catch(() => undefined);
  }

  private phase(t: number): { phase: string; fault?: string } {
    return phaseLabel(t, this.timeline.windows());
  }

  private noteScheduled(camera: string, due: number): void {
    const s = this.scheduled.get(camera);
    if (!s) this.scheduled.set(camera, { first: due, last: due });
    else {
      s.first = Math.min(s.first, due);
      s.last = Math.max(s.last, due);
    }
  }

  private dropped(d: DroppedIteration, metrics: MetricsRecorder): void {
    const role = d.tags.role === 'upload' ? 'upload' : 'camera';
    const camera = role === 'camera' ? (d.tags.camera ?? d.scenario) : uploaderId(d.iteration % (this.spec.uploads?.stations ?? 1));
    if (role === 'camera') this.noteScheduled(camera, d.scheduledAt);
    const label = this.phase(d.scheduledAt);
    this.progress.dropped++;
    metrics.counter('segments_dropped').add(1, label);
    this.deps.history.append({
      kind: 'segment.drop',
      role,
      camera,
      seq: d.iteration,
      dueMono: r3(d.scheduledAt),
      ...label,
      cause: d.reason,
      reason:
        d.reason === 'no-vu'
          ? `no free writer: ${role === 'camera' ? this.spec.maxInFlightPerCamera : (this.spec.uploads?.maxVUs ?? 0)} segment(s) still in flight when it fell due`
          : `harness: ${d.message}`, // the engine behind schedule, or no free writer thread in time
    });
  }

  // ------------------------------------------------------------------ writes

  private cameraIteration(ctx: IterationContext): Promise<void> {
    const live = ctx.tags.camera !== undefined;
    const camera = ctx.tags.camera ?? cameraId(ctx.vu - 1);
    // arrival-rate: the schedule index (a dropped segment leaves its seq unused); closed loop: per VU
    const seq = live ? ctx.iteration : ctx.vuIteration;
    if (live) this.noteScheduled(camera, ctx.scheduledAt);
    return this.writeSegment(ctx, {
      role: 'camera',
      camera,
      seq,
      segmentMs: this.spec.segmentSeconds * 1000,
      payloadBytes: segmentBytes(this.spec),
      random: this.rnd.cameras,
    });
  }

  private uploadIteration(ctx: IterationContext): Promise<void> {
    const u = this.spec.uploads;
    if (!u) throw new Error('upload iteration without an uploads spec');
    const camera = uploaderId(ctx.iteration % u.stations);
    return this.writeSegment(ctx, {
      role: 'upload',
      camera,
      seq: ctx.iteration,
      segmentMs: u.segmentSeconds * 1000,
      payloadBytes: segmentBytes(u),
      random: this.rnd.uploads,
    });
  }

  private async writeSegment(
    ctx: IterationContext,
    w: { role: 'camera' | 'upload'; camera: string; seq: number; segmentMs: number; payloadBytes: number; random: RandomStream },
  ): Promise<void> {
    const { clock, history } = this.deps;
    const due = ctx.scheduledAt;
    const startMono = clock.mono();
    // the writer threads and the pool time themselves on performance.now(); the engine and
    // the history on the run clock
    const toMono = (perf: number) => perf - performance.now() + clock.mono();
    const toPerf = (mono: number) => mono - clock.mono() + performance.now();
    // the segment holds the frames of the segment length before it fell due
    const startMs = Math.round(clock.startWall + due - w.segmentMs);
    const endMs = startMs + w.segmentMs;
    const path = segmentPath(w.camera, startMs, w.seq);
    let writerMono: number | undefined;
    const base = () => ({
      role: w.role,
      camera: w.camera,
      seq: w.seq,
      path,
      dueMono: r3(due),
      startMono: r3(startMono),
      // due -> a writer thread took it: the real start delay (the engine's + the wait for a writer)
      lateMs: r3((writerMono ?? clock.mono()) - due),
      queueMs: r3((writerMono ?? clock.mono()) - startMono),
    });
    let written: WrittenSegment;
    try {
      // built (payload, header) and written on a writer thread
      written = await this.store.writeSegment(
        path,
        { camera: w.camera, seq: w.seq, startMs, endMs, payloadBytes: w.payloadBytes, seed: w.random.uint32() },
        this.spec.writeBlockBytes,
        {
          ...(Number.isFinite(ctx.startBy) ? { deadline: toPerf(ctx.startBy) } : {}),
          onStart: (at) => {
            writerMono = toMono(at);
            ctx.started(writerMono);
          },
        },
      );
    } catch (e) {
      if (e instanceof LateStartError)
        throw new IterationDropped(`${e.message} (${r3(clock.mono() - due)} ms after it was due, grace ${r3(ctx.startBy - due)} ms)`);
      const t = clock.mono();
      const label = this.phase(t);
      ctx.metrics.rate('write_failed').add(true, label);
      this.progress.writeErrors++;
      history.append({ kind: 'segment.write', outcome: 'fail', ...base(), error: errText(e), latencyMs: r3(t - startMono), ...label });
      throw e;
    }
    const size = written.bytes;
    const ackMono = clock.mono();
    const label = this.phase(ackMono);
    const tm = written.times;
    const openMono = toMono(tm.opened);
    const closeMono = toMono(tm.closed);
    const seg: AckedSegment = {
      camera: w.camera,
      seq: w.seq,
      path,
      payloadSeed: written.payloadSeed,
      startMs,
      endMs,
      ackMono,
      dueMono: due,
      role: w.role,
      bytes: size,
      writerMono: toMono(tm.dispatched),
      openMono,
      closeMono,
      buildMs: tm.opened - tm.taken,
      writeMs: tm.written - tm.opened,
      fsyncMs: tm.synced - tm.written,
    };
    this.acked.push(seg);
    const list = this.byCamera.get(w.camera);
    if (list) list.push(seg);
    else this.byCamera.set(w.camera, [seg]);
    this.progress.written++;
    this.progress.bytes += size;
    ctx.metrics.trend('write_latency').add(Math.max(0, ackMono - due), label);
    ctx.metrics.rate('write_failed').add(false, label);
    ctx.metrics.counter('segments_acked').add(1, label);
    ctx.metrics.counter('write_bytes', 'data').add(size, label);
    history.append({
      kind: 'segment.write',
      outcome: 'ok',
      ...base(),
      bytes: size,
      payloadSeed: written.payloadSeed,
      startMs,
      endMs,
      latencyMs: r3(ackMono - startMono),
      dueToAckMs: r3(ackMono - due),
      // on the writer thread: making the bytes, then open .. close
      buildMs: r3(tm.opened - tm.taken),
      ioMs: r3(tm.closed - tm.opened),
      fsyncMs: r3(tm.synced - tm.written),
      openMono: r3(openMono),
      closeMono: r3(closeMono),
      ...label,
    });
  }

  // ------------------------------------------------------------------ reads

  private async playerIteration(ctx: IterationContext): Promise<void> {
    const think = this.spec.players?.thinkMs ?? 0;
    try {
      if (this.acked.length === 0) return; // nothing recorded yet
      // a recording past its retention period is no longer played (the recording server retires it before deleting it)
      const playable = this.retired.size ? this.acked.filter((a) => !this.retired.has(a.path)) : this.acked;
      if (playable.length === 0) return;
      const seg = this.rnd.players.pick(playable);
      const r = await this.readVerified(seg);
      const label = this.phase(this.deps.clock.mono());
      const tags = { ...label, op: 'play' };
      ctx.metrics.trend('read_latency').add(r.ms, tags);
      ctx.metrics.rate('read_failed').add(!r.ok, tags);
      if (r.ok) ctx.metrics.counter('read_bytes', 'data').add(r.bytes, tags);
      this.deps.history.append({
        kind: 'segment.read',
        outcome: r.outcome,
        role: seg.role,
        camera: seg.camera,
        seq: seg.seq,
        path: seg.path,
        latencyMs: r3(r.ms),
        ...label,
        ...(r.error ? { error: r.error } : {}),
      });
      if (!r.ok) throw new Error(`read of ${seg.path} ${r.outcome}: ${r.error}`);
    } finally {
      await sleep(Math.max(think, this.acked.length === 0 ? 100 : 0), ctx.signal);
    }
  }

  private async downloadIteration(ctx: IterationContext): Promise<void> {
    const d = this.spec.downloads!;
    const cams = [...this.byCamera.keys()].filter((c) => c.startsWith('cam')).sort();
    const { clock, history } = this.deps;
    if (cams.length === 0) {
      history.append({ kind: 'recording.download', outcome: 'empty', vu: ctx.vu, reason: 'no camera had an acknowledged segment yet' });
      return;
    }
    const camera = cams[(ctx.vu - 1 + ctx.vuIteration * d.vus) % cams.length]!;
    const segments = [...this.byCamera.get(camera)!].sort((a, b) => a.seq - b.seq).slice(-d.segmentsPerRecording);
    const t0 = clock.mono();
    let bytes = 0;
    let failure: string | undefined;
    for (const seg of segments) {
      if (ctx.signal.aborted) break;
      const r = await this.readVerified(seg);
      if (!r.ok) {
        failure = `${seg.path}: ${r.outcome}: ${r.error}`;
        break;
      }
      bytes += r.bytes;
    }
    const ms = clock.mono() - t0;
    const label = this.phase(clock.mono());
    const tags = { ...label, op: 'download' };
    ctx.metrics.trend('download_duration').add(ms, tags);
    ctx.metrics.rate('download_failed').add(failure !== undefined, tags);
    ctx.metrics.rate('read_failed').add(failure !== undefined, tags);
    ctx.metrics.counter('read_bytes', 'data').add(bytes, tags);
    history.append({
      kind: 'recording.download',
      outcome: failure ? 'fail' : 'ok',
      camera,
      segments: segments.length,
      bytes,
      ms: r3(ms),
      ...label,
      ...(failure ? { error: failure } : {}),
    });
    if (failure) throw new Error(`download of ${camera} failed: ${failure}`);
  }

  private async readVerified(
    seg: AckedSegment,
  ): Promise<{ ok: boolean; outcome: 'ok' | 'corrupt' | 'fail'; ms: number; bytes: number; error?: string }> {
    const t = this.deps.clock.mono();
    try {
      const data = await this.store.read(seg.path, seg, (this.spec.playDeadlineSeconds ?? UNBOUNDED_READ_SECONDS) * 1000);
      const v = verifySegment(data, seg);
      const ms = this.deps.clock.mono() - t;
      this.progress.reads++;
      if (!v.ok) this.progress.readErrors++;
      return v.ok
        ? { ok: true, outcome: 'ok', ms, bytes: data.length }
        : { ok: false, outcome: 'corrupt', ms, bytes: data.length, error: v.reason };
    } catch (e) {
      this.progress.reads++;
      this.progress.readErrors++;
      return { ok: false, outcome: 'fail', ms: this.deps.clock.mono() - t, bytes: 0, error: errText(e) };
    }
  }

  // ------------------------------------------------------------------ the end

  private recordingNow(): RecordingReport {
    this.recording = recordingReport({
      schedules: [...this.scheduled].map(([camera, s]) => ({ camera, firstDueMono: s.first, lastDueMono: s.last })),
      acked: this.acked.filter((a) => a.role === 'camera').map((a) => ({ camera: a.camera, dueMono: a.dueMono })),
      segmentMs: this.spec.segmentSeconds * 1000,
      faults: this.timeline.windows(),
    });
    return this.recording;
  }

  private conclude(result: LoadResult): VideoLoadOutcome {
    const { history } = this.deps;
    const recording = this.recording ?? this.recordingNow();
    const { samples: _samples, ...recordingFile } = recording;
    const roles: Record<string, RoleTotals> = {};
    const roleOf = (name: string) =>
      name === 'uploads' ? 'upload' : name === 'players' ? 'player' : name === 'downloads' ? 'download' : 'camera';
    for (const [name, s] of Object.entries(result.scenarios)) {
      const r = (roles[roleOf(name)] ??= { scenarios: 0, iterations: 0, errors: 0, dropped: 0, interrupted: 0 });
      r.scenarios++;
      r.iterations += s.iterations;
      r.errors += s.errors;
      r.dropped += s.dropped;
      r.interrupted += s.interrupted;
    }
    const faults = [...this.timeline.windows()];
    // writes stuck in the mount at the end ended after the engine counted: the load fails on them here
    const failures = this.stuckWrites
      ? [...result.failures, `${this.stuckWrites} segment writes stuck in the mount at the load's end (a hung client or core)`]
      : result.failures;
    const passed = result.passed && this.stuckWrites === 0;
    const summary: LoadSummaryFile = {
      ...result.summary,
      load: { name: this.spec.name, spec: this.spec, failures },
      faults,
      recording: recordingFile,
      roles,
    };
    history.append({ kind: 'load.stop', ...this.progress, acked: this.acked.length });
    history.append({
      kind: 'load.summary',
      name: this.spec.name,
      passed,
      aborted: result.aborted,
      durationMs: r3(result.durationMs),
      thresholds: result.thresholds,
      failures,
      roles,
      recording: {
        completeness: recording.completeness,
        worst: recording.worst,
        totalGapSeconds: recording.totalGapSeconds,
        gapCount: recording.gapCount,
        phases: recording.phases,
      },
      metrics: result.summary.metrics,
      file: 'load-summary.json',
    });
    history.sync();
    const text = withRecording(result.text, recording, faults);
    return { passed, failures, result, recording, summary, text };
  }
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** The engine's text with a 录像断点 section before its RESULT line. */
function withRecording(text: string, rec: RecordingReport, faults: readonly NamedFaultWindow[]): string {
  const lines = text.split('\n');
  const result = lines.pop() ?? '';
  const out = ['  █ RECORDING 录像 (live cameras)', ''];
  out.push(
    `    cameras ${rec.cameras.length}   completeness mean ${pct(rec.completeness)}${rec.worst ? `, worst ${rec.worst.camera} ${pct(rec.worst.completeness)}` : ''}   gaps (录像断点) ${rec.gapCount}, ${rec.totalGapSeconds.toFixed(1)} s in total`,
  );
  for (const p of rec.phases) {
    const f = p.fault ? ` ${p.fault}` : '';
    out.push(
      `    ${`${p.phase}${f}`.padEnd(28)} completeness min ${pct(p.completenessMin)} mean ${pct(p.completenessMean)}   longest gap ${formatDuration(p.longestGapMs)}`,
    );
  }
  if (faults.length > 0)
    out.push(
      `    faults: ${faults.map((w) => `${w.id} (${w.fault}) ${formatDuration(w.startMono)}..${w.endMono === undefined ? 'end' : formatDuration(w.endMono)}`).join('; ')}`,
    );
  out.push('');
  return [...lines, ...out, result].join('\n');
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
