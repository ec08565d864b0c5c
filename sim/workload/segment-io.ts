// The recording server's file operations on the mounted cluster. A segment is acknowledged
// only after write + fsync + close returned: the moment a recording server may forget the
// frames. Writes go in blocks (a server flushes its buffer), on writer threads of their own
// (writer-pool.ts); reads go through reader processes started before the first write
// (sim/bounded-readers.ts): a read stuck in a hung mount holds one of them, never a thread of
// this process, and answers at its deadline.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BoundedReaders } from '../bounded-readers';
import { runBounded } from '../bounded';
import { type SegmentJob, type WriteOptions, WriterPool, type WrittenSegment } from './writer-pool';
import { asRecorded, type RecordingKey } from './recording-cipher';
import { run } from '../exec';

/** how long the mount may take to make the cameras' folders */
const MAKE_DIRS_TIMEOUT_MS = 30_000;

export class SegmentStore {
  /** directories already made: one mkdir per camera-day, not one per segment */
  private readonly dirs = new Set<string>();
  private readonly pool: WriterPool;

  constructor(
    readonly mountPoint: string,
    writers: number,
    /** reads go here when given (the same cluster mounted without the host's cache) */
    readonly readMountPoint: string = mountPoint,
    /** the largest segment to be written, header included (0: unknown): the writers make their buffers before the first one */
    segmentBytes = 0,
    /** T4's reference encrypting recording path: written encrypted, read back decrypted with the harness's key */
    readonly cipher: RecordingKey | null = null,
    /** reads that may run at once (players and downloads); 0: reads through this process's fs (no load reads) */
    private readonly readersWanted = 0,
  ) {
    this.pool = new WriterPool(writers, segmentBytes, cipher);
  }

  private readers: BoundedReaders | null = null;

  abs(path: string): string {
    return join(this.mountPoint, path);
  }

  /** builds the segment on a writer thread and writes it: resolves when write + fsync + close returned */
  async writeSegment(
    path: string,
    h: Pick<SegmentJob, 'camera' | 'seq' | 'startMs' | 'endMs' | 'payloadBytes' | 'seed'>,
    blockBytes: number,
    opts?: WriteOptions,
  ): Promise<WrittenSegment> {
    const abs = this.abs(path);
    const dir = dirname(abs);
    const mkdir = !this.dirs.has(dir);
    const w = await this.pool.write({ ...h, path: abs, block: blockBytes, mkdir }, opts);
    if (mkdir) this.dirs.add(dir);
    return w;
  }

  /**
   * Makes the segments' folders now (a recording server has its cameras' folders before the
   * first segment), by a bounded command: a hung mount fails it at the deadline, where a
   * mkdirSync here would stop the whole event loop.
   */
  async makeDirs(paths: readonly string[]): Promise<void> {
    const dirs = [...new Set(paths.map((p) => dirname(this.abs(p))))].filter((d) => !this.dirs.has(d));
    if (dirs.length === 0) return;
    await run('mkdir', ['-p', '--', ...dirs], { timeoutMs: MAKE_DIRS_TIMEOUT_MS });
    for (const d of dirs) this.dirs.add(d);
  }

  get writers(): number {
    return this.pool.size;
  }

  /** the segment as the recording server plays it (decrypted when it was written encrypted), or an error at `timeoutMs` */
  async read(path: string, id: { camera: string; seq: number }, timeoutMs: number): Promise<Buffer> {
    const abs = join(this.readMountPoint, path);
    if (!this.readers) return asRecorded(this.cipher, id, await readFile(abs));
    const r = await this.readers.read(abs, timeoutMs);
    if (r.noReader) {
      // every reader is stuck in the mount: read through the command helper (a process started
      // before the first write), dearer than a reader but bounded the same
      const c = await runBounded('cat', ['--', abs], timeoutMs);
      if (c.code !== 0) throw new Error(c.timedOut ? `no answer within ${timeoutMs / 1000} s (a hung client or core)` : c.stderr.trim());
      return asRecorded(this.cipher, id, c.stdout);
    }
    if (!r.bytes) throw new Error(r.timedOut ? `no answer within ${timeoutMs / 1000} s (a hung client or core)` : r.error);
    return asRecorded(this.cipher, id, r.bytes);
  }

  /** starts the writer threads and the readers before the first segment is due (no file of this process is open on the mount yet) */
  warm(): Promise<void> {
    if (this.readersWanted > 0 && !this.readers)
      this.readers = new BoundedReaders(this.readersWanted, this.readMountPoint, { replace: false });
    return this.pool.warm();
  }

  /** the writer threads stopped (see WriterPool.close for writes stuck on a hung mount), the readers let go */
  close(withinMs?: number): ReturnType<WriterPool['close']> {
    this.readers?.close();
    return this.pool.close(withinMs);
  }
}

// libuv has no name for EDQUOT (122 on Linux), which a quota cut below the data held gives
const UNNAMED_ERRNO: Record<string, string> = { '-122': 'EDQUOT (disk quota exceeded)' };

/** 'quota exceeded' (EDQUOT), which libuv reports only by its number */
export const isQuotaExceeded = (e: unknown): boolean => {
  const x = e as NodeJS.ErrnoException | undefined;
  return x?.code === 'EDQUOT' || x?.errno === -122;
};

export const errText = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException)?.code;
  const text = (code ? `${code}: ` : '') + (e instanceof Error ? e.message : String(e));
  return text.replace(/Unknown system error (-\d+)/g, (m, n: string) => UNNAMED_ERRNO[n] ?? m);
};
