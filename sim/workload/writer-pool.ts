// Segment writes on threads of their own: each writer thread builds the segment (payload
// from its seed, SHA-256, header), then does a blocking open/write/fsync/close.
// Why threads: (1) Node's fs calls share libuv's pool (4 threads unless
// UV_THREADPOOL_SIZE is set before the process starts, which an ESM entry cannot do for
// itself); a write + fsync through FUSE holds a pool thread for tens of ms, so 4 threads
// capped the harness near 60 segments/s (measured: 96 cameras x 4 Mbps dropped segments).
// (2) Building segments on the main thread serialised ~7 ms of CPU per 4 MiB segment
// behind every acknowledgement, and the engine's timers waited for it (measured: writers
// idle for hundreds of ms between segments). Here the main thread only schedules.
import { Worker } from 'node:worker_threads';
import { HEADER_BYTES, SEGMENT_MAGIC } from './segment';
import { fillPayload } from '../random';

// Plain CommonJS evaluated in the worker (no TypeScript loader there). It must make the
// same bytes as buildSegment() in segment.ts: writer-pool.test.ts compares them.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const MAGIC = ${JSON.stringify(SEGMENT_MAGIC)};
const HEADER_BYTES = ${HEADER_BYTES};
// fillPayload of sim/random.ts itself (its compiled source), so the bytes cannot drift
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
${fillPayload.toString()}
const fill = fillPayload;
// one buffer per writer, reused: a fresh multi-MB allocation per segment costs page faults,
// and under page-cache pressure (GBs dirty on the way to the bays) reclaim on every fault
let scratch = Buffer.alloc(0);
function build(m) { // buildSegment of segment.ts
  const size = HEADER_BYTES + m.payloadBytes;
  if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
  const bytes = scratch.subarray(0, size);
  const payload = bytes.subarray(HEADER_BYTES);
  fill(payload, m.seed);
  const sha256 = createHash('sha256').update(payload).digest('hex');
  const header = { camera: m.camera, seq: m.seq, startMs: m.startMs, endMs: m.endMs, length: m.payloadBytes, sha256 };
  const json = MAGIC + JSON.stringify(header) + '\\n';
  const n = Buffer.byteLength(json);
  if (n > HEADER_BYTES) throw new Error('segment header too long (' + n + ' bytes)');
  bytes.write(json, 0, 'utf8');
  bytes.fill(0x20, n, HEADER_BYTES);
  return { bytes, sha256 };
}
parentPort.on('message', (m) => {
  let fd;
  try {
    const { bytes, sha256 } = build(m);
    if (m.mkdir) fs.mkdirSync(path.dirname(m.path), { recursive: true });
    fd = fs.openSync(m.path, 'wx');
    for (let off = 0; off < bytes.length; ) {
      const n = fs.writeSync(fd, bytes, off, Math.min(m.block, bytes.length - off), off);
      if (n <= 0) throw new Error('write made no progress at offset ' + off);
      off += n;
    }
    fs.fsyncSync(fd);
    const closing = fd;
    fd = undefined;
    fs.closeSync(closing);
    parentPort.postMessage({ id: m.id, ok: true, sha256, bytes: bytes.length });
  } catch (e) {
    if (fd !== undefined) { try { fs.closeSync(fd); } catch {} }
    parentPort.postMessage({ id: m.id, ok: false, code: e && e.code, message: e && e.message ? e.message : String(e) });
  }
});
`;

export interface SegmentJob {
  /** absolute path of the file to create */
  path: string;
  camera: string;
  seq: number;
  startMs: number;
  endMs: number;
  payloadBytes: number;
  /** payload seed (fillPayload) */
  seed: number;
  /** bytes per write() */
  block: number;
  /** create the parent directory first */
  mkdir: boolean;
}

export interface WrittenSegment {
  sha256: string;
  /** header + payload */
  bytes: number;
}

interface Pending {
  id: number;
  job: SegmentJob;
  resolve: (w: WrittenSegment) => void;
  reject: (e: Error) => void;
}

export class WriterPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new RangeError(`writer pool size must be >= 1, got ${size}`);
  }

  /** starts every writer now, so that none is spawned while segments fall due; resolves when all are up */
  warm(): Promise<void> {
    const starting: Promise<unknown>[] = [];
    while (!this.closed && this.all.length < this.size) {
      const w = this.spawn();
      if (!w) break;
      this.idle.push(w);
      starting.push(new Promise((resolve) => w.once('online', resolve)));
    }
    return Promise.all(starting).then(() => undefined);
  }

  /** in-flight + queued writes */
  get pending(): number {
    return this.busy.size + this.queue.length;
  }

  /** build + open(wx) + write in blocks + fsync + close; rejects with the errno code */
  write(job: SegmentJob): Promise<WrittenSegment> {
    if (this.closed) return Promise.reject(new Error(`writer pool closed; ${job.path} not written`));
    return new Promise<WrittenSegment>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error(`writer pool closed; ${p.job.path} not written`));
    await Promise.all(this.all.map((w) => w.terminate()));
    this.all.length = 0;
    this.idle.length = 0;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const w = this.idle.pop() ?? this.spawn();
      if (!w) return;
      const p = this.queue.shift()!;
      this.busy.set(w, p);
      w.postMessage({ id: p.id, ...p.job });
    }
  }

  private spawn(): Worker | undefined {
    if (this.all.length >= this.size) return undefined;
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref(); // an idle writer must not keep the process alive
    w.on('message', (m: { id: number; ok: boolean; sha256?: string; bytes?: number; code?: string; message?: string }) => {
      const p = this.busy.get(w);
      this.busy.delete(w);
      if (p && p.id === m.id) {
        if (m.ok) p.resolve({ sha256: m.sha256!, bytes: m.bytes! });
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
