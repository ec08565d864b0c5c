// Whole-file reads on the FUSE mount, each bounded by a deadline, by a pool of long-lived
// reader processes. Why processes (as sim/bounded.ts): a read already handed to mfsmount is
// waited out uninterruptibly, so only a child may wait; the harness answers at the deadline
// and abandons that reader. Why long-lived: a child per segment (fork, exec, a 1 MB copy
// through the command helper) cost more than the read itself on a loaded 2-core machine
// (137 ms median for a read that failed at once, against one spawn per pool slot here).
// The pool is started when no file of this process is open on the mount (the read-back
// runs after the load has ended), so a reader's exec cannot flush one (sim/spawner.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface BoundedRead {
  /** the file's bytes, or null when the read failed or got no answer in time */
  bytes: Buffer | null;
  /** the reader's error (ENOENT, EIO, ...) or the deadline that passed */
  error?: string;
  timedOut: boolean;
  ms: number;
  /** not read: every reader of a pool that is not replaced is stuck or lost */
  noReader?: true;
}

// One request at a time per reader: a path and a newline in, a frame out:
// status (1 byte: 0 the file's bytes, 1 an error message), length (4 bytes, big-endian), body.
const READER_SOURCE = `
const fs = require('node:fs');
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  pending += d;
  for (let i; (i = pending.indexOf('\\n')) >= 0; ) {
    const path = pending.slice(0, i);
    pending = pending.slice(i + 1);
    let status = 0, body;
    try { body = fs.readFileSync(path); } catch (e) { status = 1; body = Buffer.from(String(e && e.message || e)); }
    const head = Buffer.alloc(5);
    head.writeUInt8(status, 0);
    head.writeUInt32BE(body.length, 1);
    process.stdout.write(Buffer.concat([head, body]));
  }
});
process.stdin.on('end', () => process.exit(0));
`;

class Reader {
  private readonly child: ChildProcess;
  private chunks: Buffer[] = [];
  private have = 0;
  private waiting: ((r: { status: number; body: Buffer }) => void) | null = null;
  private failed: ((e: Error) => void) | null = null;

  /** `under`: the folder it reads from, in its command line (ps, and a test or an operator looking for stuck readers) */
  constructor(under: string) {
    this.child = spawn(process.execPath, ['-e', READER_SOURCE, `${under.replace(/\/+$/, '')}/`], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child.stdout!.on('data', (b: Buffer) => {
      this.chunks.push(b);
      this.have += b.length;
      this.deliver();
    });
    this.child.stdin!.on('error', () => undefined);
    const gone = (why: string) => {
      const f = this.failed;
      this.waiting = null;
      this.failed = null;
      f?.(new Error(why));
    };
    this.child.on('error', (e) => gone(e.message));
    this.child.on('close', (code) => gone(`reader exited (${code})`));
  }

  private deliver(): void {
    if (!this.waiting || this.have < 5) return;
    // the header may span chunks only in a degenerate split; the body is joined once, when whole
    if (this.chunks[0]!.length < 5) this.chunks = [Buffer.concat(this.chunks)];
    const head = this.chunks[0]!;
    const len = head.readUInt32BE(1);
    if (this.have < 5 + len) return;
    const all = this.chunks.length === 1 ? head : Buffer.concat(this.chunks, this.have);
    const status = all.readUInt8(0);
    const body = all.subarray(5, 5 + len);
    const rest = all.subarray(5 + len);
    this.chunks = rest.length ? [rest] : [];
    this.have = rest.length;
    const w = this.waiting;
    this.waiting = null;
    this.failed = null;
    w({ status, body });
  }

  read(path: string): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
      this.child.stdin!.write(`${path}\n`);
    });
  }

  /** stop listening and let it go: a reader stuck in the kernel cannot be waited for */
  abandon(): void {
    this.waiting = null;
    this.failed = null;
    this.child.kill('SIGKILL');
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    this.child.unref();
  }

  close(): void {
    this.child.stdin?.end();
    this.child.stdout?.destroy();
    this.child.unref();
  }
}

export class BoundedReaders {
  private readonly idle: Reader[] = [];
  private closed = false;
  /** readers abandoned at a deadline or lost, not replaced (`replace: false`) */
  private lost = 0;

  /**
   * `size` readers of files under `under` started at once (a reader's start-up is not counted
   * in a read's deadline). `replace: false`: a reader abandoned or lost is not replaced, for a
   * pool used while files of this process are open on the mount (the load's players): a
   * reader started then could flush one in its exec and hang this process (sim/spawner.ts).
   */
  constructor(
    size: number,
    private readonly under: string,
    private readonly o: { replace?: boolean } = {},
  ) {
    for (let i = 0; i < size; i++) this.idle.push(new Reader(under));
  }

  /** a reader in place of one abandoned or lost, where the pool may start one */
  private replaceOne(): void {
    if (this.closed) return;
    if (this.o.replace === false) this.lost++;
    else this.idle.push(new Reader(this.under));
  }

  /** reads `path` whole, or answers at `timeoutMs` and abandons the reader that was waiting */
  async read(path: string, timeoutMs: number): Promise<BoundedRead> {
    if (path.includes('\n')) throw new Error(`a path with a newline cannot be read: ${JSON.stringify(path)}`);
    if (this.closed) throw new Error('the readers are closed');
    const t0 = performance.now();
    if (this.o.replace === false && this.idle.length === 0)
      return { bytes: null, timedOut: false, error: `no reader left (${this.lost} stuck in the mount or lost)`, ms: 0, noReader: true };
    const reader = this.idle.pop() ?? new Reader(this.under);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(1, timeoutMs));
    });
    try {
      const r = await Promise.race([reader.read(path), deadline]);
      const ms = performance.now() - t0;
      if (r === 'timeout') {
        reader.abandon();
        this.replaceOne();
        return { bytes: null, timedOut: true, error: `no answer within ${timeoutMs} ms`, ms };
      }
      if (this.closed) reader.close();
      else this.idle.push(reader);
      return r.status === 0 ? { bytes: r.body, timedOut: false, ms } : { bytes: null, timedOut: false, error: r.body.toString(), ms };
    } catch (e) {
      reader.abandon();
      this.replaceOne();
      return { bytes: null, timedOut: false, error: (e as Error).message, ms: performance.now() - t0 };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.closed = true;
    for (const r of this.idle.splice(0)) r.close();
  }
}
