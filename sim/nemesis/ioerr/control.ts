// The harness side of ioerr-preload.c: builds the library, lays out each node's preload
// folder (library, control file, injection log) and arms / clears errors per bay.
// The control file is mmap'ed (MAP_SHARED) by the chunkserver through the bind mount, so
// a pwrite here is seen by the next I/O call there, and its counters are read back here.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../exec';

export const IOERR_LIBRARY = 'ioerr-preload.so';
const SOURCE = fileURLToPath(new URL('./ioerr-preload.c', import.meta.url));

// layout of struct ctl_file in ioerr-preload.c
const MAGIC = Buffer.from('IOERRCT1', 'latin1');
const HEADER = 64;
const RECORD = 32;
export const MAX_BAYS = 128;
const CTL_SIZE = 8192;
const MODE = { off: 0, burst: 1, persistent: 2, discard: 3 } as const;
export type IoErrorMode = 'burst' | 'persistent';

export interface BayCounters {
  mode: 'off' | IoErrorMode | 'discard';
  /** burst errors still to inject */
  remaining: number;
  injected: number;
  /** chunk I/O calls on the bay that went through */
  ops: number;
}

export interface InjectedError {
  atWall: number;
  slot: number;
  call: string;
  errno: number;
}

/** Compiles the library once per source version into `dir` (gcc, as the node's glibc is the host's: both Debian bookworm). */
export async function buildIoErrorLibrary(dir: string): Promise<string> {
  const src = readFileSync(SOURCE);
  const hash = createHash('sha256').update(src).digest('hex').slice(0, 12);
  const out = join(dir, `ioerr-${hash}.so`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  await run('gcc', ['-shared', '-fPIC', '-O2', '-Wall', '-Werror', '-o', tmp, SOURCE, '-ldl'], { timeoutMs: 60_000 });
  renameSync(tmp, out);
  return out;
}

/** One node's preload folder: bind-mounted at /accept/preload in the node. */
export class IoErrorControl {
  readonly ctlPath: string;
  readonly logPath: string;
  private logOffset = 0;

  private constructor(readonly hostDir: string) {
    this.ctlPath = join(hostDir, 'ctl');
    this.logPath = join(hostDir, 'injected.log');
  }

  /** Lays out the folder (all errors off); the chunkserver maps the control file when it starts. */
  static prepare(hostDir: string, library: string): IoErrorControl {
    mkdirSync(hostDir, { recursive: true });
    // the chunkserver drops root for its own user: it must be able to append to the log
    chmodSync(hostDir, 0o777);
    copyFileSync(library, join(hostDir, IOERR_LIBRARY));
    const c = new IoErrorControl(hostDir);
    const buf = Buffer.alloc(CTL_SIZE);
    MAGIC.copy(buf, 0);
    buf.writeUInt32LE(1, 8);
    buf.writeUInt32LE(MAX_BAYS, 12);
    const fd = openSync(c.ctlPath, 'w', 0o666);
    writeSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    closeSync(openSync(c.logPath, 'a', 0o666));
    chmodSync(c.ctlPath, 0o666);
    chmodSync(c.logPath, 0o666);
    return c;
  }

  static open(hostDir: string): IoErrorControl {
    return new IoErrorControl(hostDir);
  }

  /** burst: the next `count` chunk I/O calls on the bay fail; persistent: every one until cleared. */
  arm(slot: number, mode: IoErrorMode, count = 0): void {
    this.check(slot);
    // remaining first, then the mode: the library reads the mode before the count
    this.writeInt(slot, 4, mode === 'burst' ? count : 0);
    this.writeInt(slot, 0, MODE[mode]);
  }

  /** every write and sync of chunk data on the bay is acknowledged and dropped (counted in `injected`) */
  discardWrites(slot: number): void {
    this.check(slot);
    this.writeInt(slot, 4, 0);
    this.writeInt(slot, 0, MODE.discard);
  }

  clear(slot: number): void {
    this.check(slot);
    this.writeInt(slot, 0, MODE.off);
    this.writeInt(slot, 4, 0);
  }

  counters(slot: number): BayCounters {
    this.check(slot);
    const buf = Buffer.alloc(16);
    const fd = openSync(this.ctlPath, 'r');
    try {
      readSync(fd, buf, 0, 16, HEADER + slot * RECORD);
    } finally {
      closeSync(fd);
    }
    const m = buf.readInt32LE(0);
    return {
      mode: m === MODE.burst ? 'burst' : m === MODE.persistent ? 'persistent' : m === MODE.discard ? 'discard' : 'off',
      remaining: buf.readInt32LE(4),
      injected: buf.readUInt32LE(8),
      ops: buf.readUInt32LE(12),
    };
  }

  /** Injection log lines written since the last call. */
  readNew(): InjectedError[] {
    if (!existsSync(this.logPath)) return [];
    const all = readFileSync(this.logPath);
    const end = all.lastIndexOf(0x0a) + 1; // a line still being written waits for the next call
    if (end <= this.logOffset) return [];
    const text = all.subarray(this.logOffset, end).toString('utf8');
    this.logOffset = end;
    return parseInjectionLog(text);
  }

  private writeInt(slot: number, field: number, value: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value, 0);
    const fd = openSync(this.ctlPath, 'r+');
    try {
      writeSync(fd, b, 0, 4, HEADER + slot * RECORD + field);
    } finally {
      closeSync(fd);
    }
  }

  private check(slot: number) {
    if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_BAYS) throw new RangeError(`bay ${slot} out of range 0..${MAX_BAYS - 1}`);
  }
}

export function parseInjectionLog(text: string): InjectedError[] {
  const out: InjectedError[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+) (\d+) (\w+) (\d+)$/.exec(line.trim());
    if (m) out.push({ atWall: Number(m[1]), slot: Number(m[2]), call: m[3]!, errno: Number(m[4]) });
  }
  return out;
}
