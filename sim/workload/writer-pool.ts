// Segment writes on threads of their own: each writer thread builds the segment (payload
// from its seed, header), then does a blocking open/write/fsync/close.
// Why threads: (1) Node's fs calls share libuv's pool (4 threads unless
// UV_THREADPOOL_SIZE is set before the process starts, which an ESM entry cannot do for
// itself); a write + fsync through FUSE holds a pool thread for tens of ms, so 4 threads
// capped the harness near 60 segments/s (measured: 96 cameras x 4 Mbps dropped segments).
// (2) Building segments on the main thread serialised ~7 ms of CPU per 4 MiB segment
// behind every acknowledgement, and the engine's timers waited for it (measured: writers
// idle for hundreds of ms between segments). Here the main thread only schedules.
// A job that finds every writer busy waits in a queue; with a deadline it is refused
// (LateStartError) rather than started late, and every job reports when a writer took it,
// when the file was opened and when it was closed, so that neither a wait for a writer nor
// the build can hide in a latency that is blamed on the storage.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { HEADER_BYTES, SEGMENT_MAGIC, isPayloadSeed } from './segment';
import { fillPayload, payloadPool } from '../../lib/random';
import { recordingIv, type RecordingKey } from './recording-cipher';
import { waitAtMost } from '../clock';

/** how long a writer with a segment buffer waits after its warm-up fills before it says it is
 *  ready: V8's optimizing compile of the fill (a background thread, 10-30 ms a thread on this
 *  machine, more with 16 fresh threads and a loaded machine) should be done by then */
const COMPILE_WAIT_MS = 500;

// Plain CommonJS evaluated in the worker (no TypeScript loader there). It must make the
// same bytes as buildSegment() in segment.ts: writer-pool.test.ts compares them.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const MAGIC = ${JSON.stringify(SEGMENT_MAGIC)};
const HEADER_BYTES = ${HEADER_BYTES};
// fillPayload of lib/random.ts itself (its compiled source), so the bytes cannot drift;
// its pool is the main thread's payloadPool() (shared memory, made once per process),
// copied once into this thread's own memory: V8 copies out of shared memory with a relaxed
// word-at-a-time memmove, 2-3x the CPU of memcpy (payloadPoolLocal in lib/random.ts)
${fillPayload.toString()}
const pool = Buffer.from(Buffer.from(workerData.pool)); // Buffer.from(buffer) copies
// one buffer per writer, reused: a fresh multi-MB allocation per segment costs page faults,
// and under page-cache pressure (GBs dirty on the way to the bays) reclaim on every fault
let scratch = Buffer.alloc(0);
// T4's encrypting recording path (recording-cipher.ts): the segment encrypted before it leaves this thread
const crypto = require('node:crypto');
${recordingIv.toString()}
const cipher = workerData.cipher ? { key: Buffer.from(workerData.cipher.key), mode: workerData.cipher.mode } : null;
function encrypt(m, bytes) {
  const c = crypto.createCipheriv('aes-256-ctr', cipher.key, recordingIv(crypto, cipher.key, cipher.mode, m.camera, m.seq));
  return Buffer.concat([c.update(bytes), c.final()]);
}
function build(m) { // buildSegment of segment.ts
  const size = HEADER_BYTES + m.payloadBytes;
  if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
  const bytes = scratch.subarray(0, size);
  const payload = bytes.subarray(HEADER_BYTES);
  fillPayload(payload, m.seed, pool);
  const header = { camera: m.camera, seq: m.seq, startMs: m.startMs, endMs: m.endMs, length: m.payloadBytes, payloadSeed: m.seed };
  const json = MAGIC + JSON.stringify(header) + '\\n';
  const n = Buffer.byteLength(json);
  if (n > HEADER_BYTES) throw new Error('segment header too long (' + n + ' bytes)');
  bytes.write(json, 0, 'utf8');
  bytes.fill(0x20, n, HEADER_BYTES);
  return cipher ? encrypt(m, bytes) : bytes;
}
// the process's monotonic clock: the same in every thread (performance.now() is not: its
// origin is each thread's own start)
const hr = () => Number(process.hrtime.bigint()) / 1e6;
parentPort.on('message', (m) => {
  let fd;
  const taken = hr();
  try {
    const bytes = build(m);
    if (m.mkdir) fs.mkdirSync(path.dirname(m.path), { recursive: true });
    const opened = hr();
    fd = fs.openSync(m.path, 'wx');
    for (let off = 0; off < bytes.length; ) {
      const n = fs.writeSync(fd, bytes, off, Math.min(m.block, bytes.length - off), off);
      if (n <= 0) throw new Error('write made no progress at offset ' + off);
      off += n;
    }
    const written = hr();
    fs.fsyncSync(fd);
    const synced = hr();
    const closing = fd;
    fd = undefined;
    fs.closeSync(closing);
    parentPort.postMessage({ id: m.id, ok: true, payloadSeed: m.seed, bytes: bytes.length, taken, opened, written, synced, closed: hr() });
  } catch (e) {
    if (fd !== undefined) { try { fs.closeSync(fd); } catch {} }
    parentPort.postMessage({ id: m.id, ok: false, code: e && e.code, message: e && e.message ? e.message : String(e) });
  }
});
// Set-up, before the thread says it is ready, as fio sets up its jobs (and allocates and
// fills their I/O buffers) before it times them. The segment buffer is made and every page
// of it touched, so that the first segment does not pay for its page faults (measured: 16
// fresh threads' first 4 MiB segments cost 0.12 CPU s of user and 0.2 of system time more
// than later ones). The fill runs over it a few times: V8 marks it hot and compiles it on a
// background thread (10-30 ms a thread, measured), and the ready message waits a moment so
// that this happens now, not during the first segments of every fresh thread. Seeds above
// 2^30 too (most random seeds are): with small ones only, the compiled fill was thrown away
// at the first real seed (V8 deopt 'not a Smi') and compiled again, in the timed span.
const first = Buffer.allocUnsafe(Math.max(8192, workerData.segmentBytes || 0));
for (let i = 1; i <= 4; i++) fillPayload(first, i % 2 ? i : 0xffffffff - i, pool);
if (workerData.segmentBytes) scratch = first;
setTimeout(() => parentPort.postMessage({ ready: true }), workerData.segmentBytes ? ${COMPILE_WAIT_MS} : 0);
`;

export interface SegmentJob {
  /** absolute path of the file to create */
  path: string;
  camera: string;
  seq: number;
  startMs: number;
  endMs: number;
  payloadBytes: number;
  /** payload seed (fillPayload), an integer in [0, 2^32): the header carries it */
  seed: number;
  /** bytes per write() */
  block: number;
  /** create the parent directory first */
  mkdir: boolean;
}

/** When a job was done, in the main thread's performance.now() ms. */
export interface WriteTimes {
  /** a free writer was given the job (queued until then) */
  dispatched: number;
  /** the writer thread began it: build (payload, header), then open */
  taken: number;
  /** just before open(): taken..opened is the build (and a first mkdir) */
  opened: number;
  /** the last write() returned (open + writes before) */
  written: number;
  /** fsync() returned */
  synced: number;
  /** close() returned: opened..closed is the I/O (open, writes, fsync, close) */
  closed: number;
}

export interface WrittenSegment {
  /** the payload seed in the header written */
  payloadSeed: number;
  /** header + payload */
  bytes: number;
  times: WriteTimes;
}

export interface WriteOptions {
  /** performance.now() ms: a job that no writer has taken by then is refused (LateStartError), never started late */
  deadline?: number;
  /** called when a writer is given the job, with performance.now() */
  onStart?: (at: number) => void;
}

/** No writer thread was free before the job's deadline: it was not started. */
export class LateStartError extends Error {
  override name = 'LateStartError';
  readonly code = 'ELATESTART';
  constructor(
    readonly path: string,
    readonly waitedMs: number,
    readonly writers: number,
  ) {
    super(`no free writer thread for ${waitedMs.toFixed(0)} ms (all ${writers} busy): ${path} not started`);
  }
}

/** The write was still in a call on the mount when the pool closed (a hung client or core). */
export class StuckWriteError extends Error {
  override name = 'StuckWriteError';
  readonly code = 'ESTUCK';
  constructor(
    readonly path: string,
    readonly waitedMs: number,
  ) {
    super(`${path}: still in a call on the mount ${(waitedMs / 1000).toFixed(0)} s after the load ended; not acknowledged`);
  }
}

interface Pending {
  id: number;
  job: SegmentJob;
  queuedAt: number;
  dispatched?: number;
  opts: WriteOptions;
  timer?: NodeJS.Timeout;
  resolve: (w: WrittenSegment) => void;
  reject: (e: Error) => void;
}

// worker clock (process.hrtime) -> this thread's performance.now(); both read uv_hrtime, so
// the offset is a constant
const HR_TO_PERF = Number(process.hrtime.bigint()) / 1e6 - performance.now();

export class WriterPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly busy = new Map<Worker, Pending>();
  /** resolves when the writer has set itself up (or failed to) */
  private readonly ready = new Map<Worker, Promise<void>>();
  private nextId = 0;
  private closed = false;

  constructor(
    readonly size: number,
    /** the largest segment expected (header included): each writer makes its buffer of this size when it starts, not at its first segment */
    private readonly segmentBytes = 0,
    /** T4's reference encrypting recording path: every segment encrypted on its writer thread */
    private readonly cipher: RecordingKey | null = null,
  ) {
    if (!(size >= 1)) throw new RangeError(`writer pool size must be >= 1, got ${size}`);
    if (!(Number.isSafeInteger(segmentBytes) && segmentBytes >= 0))
      throw new RangeError(`segment bytes must be a whole number >= 0, got ${segmentBytes}`);
  }

  /** starts every writer now, so that none is spawned while segments fall due; resolves when all are set up */
  warm(): Promise<void> {
    while (!this.closed && this.all.length < this.size) {
      const w = this.spawn();
      if (!w) break;
      this.idle.push(w);
    }
    return Promise.all(this.ready.values()).then(() => undefined);
  }

  /** in-flight + queued writes */
  get pending(): number {
    return this.busy.size + this.queue.length;
  }

  /** build + open(wx) + write in blocks + fsync + close; rejects with the errno code, or
   *  LateStartError when no writer took it by opts.deadline */
  write(job: SegmentJob, opts: WriteOptions = {}): Promise<WrittenSegment> {
    if (this.closed) return Promise.reject(new Error(`writer pool closed; ${job.path} not written`));
    if (!isPayloadSeed(job.seed))
      return Promise.reject(new RangeError(`payload seed must be an integer in [0, 2^32), got ${job.seed}; ${job.path} not written`));
    return new Promise<WrittenSegment>((resolve, reject) => {
      const p: Pending = { id: this.nextId++, job, queuedAt: performance.now(), opts, resolve, reject };
      this.queue.push(p);
      this.pump();
      if (p.dispatched === undefined && opts.deadline !== undefined && Number.isFinite(opts.deadline)) {
        // refused at the deadline itself, so that the caller's slot is free again at once
        p.timer = setTimeout(() => this.expire(p), Math.max(0, opts.deadline - performance.now()));
      }
    });
  }

  /**
   * Stops every writer thread. A thread blocked in a call on a hung mount cannot be terminated
   * until the call returns: after `withinMs` the paths it was writing are returned as stuck (their
   * writes rejected), and `ended` settles once every thread is gone.
   */
  async close(withinMs = Number.POSITIVE_INFINITY): Promise<{ stuck: string[]; ended: Promise<void> }> {
    this.closed = true;
    for (const p of this.queue.splice(0)) {
      clearTimeout(p.timer);
      p.reject(new Error(`writer pool closed; ${p.job.path} not written`));
    }
    const ended = Promise.all(this.all.map((w) => w.terminate())).then(() => {
      this.all.length = 0;
      this.ready.clear();
      this.idle.length = 0;
    });
    const inTime = await waitAtMost(ended, withinMs);
    // a write whose thread ended (or is stuck) before it answered was never acknowledged
    const unanswered = [...this.busy.values()];
    this.busy.clear();
    for (const p of unanswered)
      p.reject(
        inTime
          ? new Error(`writer thread ended at close before it answered; ${p.job.path} not acknowledged`)
          : new StuckWriteError(p.job.path, withinMs),
      );
    return { stuck: inTime ? [] : unanswered.map((p) => p.job.path), ended };
  }

  private expire(p: Pending): void {
    const i = this.queue.indexOf(p);
    if (i < 0) return;
    this.queue.splice(i, 1);
    p.reject(new LateStartError(p.job.path, performance.now() - p.queuedAt, this.size));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const now = performance.now();
      if (head.opts.deadline !== undefined && now > head.opts.deadline) {
        this.queue.shift();
        clearTimeout(head.timer);
        head.reject(new LateStartError(head.job.path, now - head.queuedAt, this.size));
        continue;
      }
      const w = this.idle.pop() ?? this.spawn();
      if (!w) return;
      const p = this.queue.shift()!;
      clearTimeout(p.timer);
      p.dispatched = now;
      this.busy.set(w, p);
      w.postMessage({ id: p.id, ...p.job });
      p.opts.onStart?.(now);
    }
  }

  private spawn(): Worker | undefined {
    if (this.all.length >= this.size) return undefined;
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        pool: payloadPool().buffer,
        segmentBytes: this.segmentBytes,
        cipher: this.cipher ? { key: new Uint8Array(this.cipher.key), mode: this.cipher.mode } : null,
      },
    });
    w.unref(); // an idle writer must not keep the process alive
    let setUp = () => {};
    this.ready.set(w, new Promise<void>((resolve) => (setUp = resolve)));
    type Done = { id: number; ok: boolean; payloadSeed?: number; bytes?: number; code?: string; message?: string } & Partial<
      Record<'taken' | 'opened' | 'written' | 'synced' | 'closed', number>
    >;
    w.on('message', (m: Done | { ready: true }) => {
      if ('ready' in m) return setUp();
      const p = this.busy.get(w);
      this.busy.delete(w);
      if (p && p.id === m.id) {
        const at = (k: 'taken' | 'opened' | 'written' | 'synced' | 'closed') => m[k]! - HR_TO_PERF;
        const times = {
          dispatched: p.dispatched!,
          taken: at('taken'),
          opened: at('opened'),
          written: at('written'),
          synced: at('synced'),
          closed: at('closed'),
        };
        if (m.ok) p.resolve({ payloadSeed: m.payloadSeed!, bytes: m.bytes!, times });
        else {
          const e = new Error(m.message ?? 'write failed') as NodeJS.ErrnoException;
          if (m.code) e.code = m.code;
          p.reject(e);
        }
      }
      if (!this.closed) {
        this.idle.push(w);
        this.pump();
      }
    });
    w.on('error', (e) => {
      setUp();
      this.ready.delete(w);
      const p = this.busy.get(w);
      this.busy.delete(w);
      p?.reject(e);
      const i = this.all.indexOf(w);
      if (i >= 0) this.all.splice(i, 1);
      if (!this.closed) this.pump();
    });
    this.all.push(w);
    return w;
  }
}
