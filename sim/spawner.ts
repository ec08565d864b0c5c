// A helper process that starts every host command of a run on the harness's behalf.
//
// Why: a process that holds open files on the FUSE mount cannot safely start another
// one. execve() closes the inherited close-on-exec descriptors, closing a FUSE file sends
// FLUSH to mfsmount, and mfsmount waits for the master; meanwhile libuv's uv_spawn sits in
// a blocking read on its exec-status pipe, so the harness's whole event loop stands still.
// Measured on this machine during a master power loss: the main thread in
// anon_pipe_read for 9.6 s, and once for 174 s, which stretched a 10 s power cut to
// 175 s and stopped every observation. The helper is forked before the first byte goes
// to the mount and never opens a file there, so its children start at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { KILL_GRACE_MS, type CommandHelper, type ExecOptions, type ExecResult } from './exec';

// Plain CommonJS for the helper (no TypeScript loader in it); it mirrors exec.run().
const HELPER_SOURCE = `
const { spawn } = require('node:child_process');
const KILL_GRACE_MS = ${KILL_GRACE_MS};
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group: the harness's clean-up still needs this helper,
// which ends when the harness does (disconnect)
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
process.on('message', (m) => {
  let child;
  try {
    child = spawn(m.cmd, m.args, { env: m.env, cwd: m.cwd, stdio: [m.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  } catch (e) { process.send({ id: m.id, error: String(e && e.message || e) }); return; }
  const out = [], err = [];
  let replied = false;
  const reply = (r) => { if (!replied) { replied = true; process.send(r); } };
  child.stdout.on('data', (b) => out.push(b));
  child.stderr.on('data', (b) => err.push(b));
  const timer = m.timeoutMs ? setTimeout(() => {
    err.push(Buffer.from('\\n(killed after ' + m.timeoutMs + ' ms)'));
    child.kill('SIGKILL');
    // a child stuck in a FUSE request outlives SIGKILL: bounded answers now, any other within
    // KILL_GRACE_MS (a command on a hung mount must not hold the run past its deadline); let it go
    const giveUp = () => { child.stdout.destroy(); child.stderr.destroy(); child.unref(); reply({ id: m.id, stdout: m.bounded ? Buffer.alloc(0) : '', stderr: Buffer.concat(err).toString() + (m.bounded ? '' : '\\n(did not end after SIGKILL: stuck in the kernel)'), code: 124, timedOut: true }); };
    if (m.bounded) giveUp(); else setTimeout(giveUp, KILL_GRACE_MS).unref();
  }, m.timeoutMs) : null;
  child.on('error', (e) => { if (timer) clearTimeout(timer); reply({ id: m.id, error: e.message }); });
  child.on('close', (code, signal) => {
    if (timer) clearTimeout(timer);
    const stdout = m.bounded ? Buffer.concat(out) : Buffer.concat(out).toString();
    reply({ id: m.id, stdout, stderr: Buffer.concat(err).toString(), code: code == null ? (signal ? 128 : 1) : code });
  });
  if (child.stdin) { child.stdin.on('error', () => {}); child.stdin.end(m.input); }
});
`;

type Reply = { id: number; error?: string; timedOut?: boolean; stdout?: string | Uint8Array; stderr?: string; code?: number };

export class Spawner implements CommandHelper {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.idle();
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m);
    });
    child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('the command helper process exited'));
      this.pending.clear();
    });
    // it must never keep the harness alive by itself, only while a command is running
    child.unref();
    this.idle();
  }

  private get channel() {
    return this.child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
  }
  private idle() {
    this.channel?.unref?.();
  }

  static start(): Spawner {
    const child = spawn(process.execPath, ['-e', HELPER_SOURCE], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    return new Spawner(child);
  }

  get alive(): boolean {
    return this.child.connected;
  }

  async run(cmd: string, args: readonly string[], opts: ExecOptions): Promise<ExecResult> {
    const m = await this.send({ cmd, args, env: opts.env ?? process.env, cwd: opts.cwd, input: opts.input, timeoutMs: opts.timeoutMs });
    return { stdout: String(m.stdout ?? ''), stderr: m.stderr ?? '', code: m.code ?? 1 };
  }

  /** runBounded (sim/bounded.ts) in the helper: raw stdout, and the answer at the deadline even if the child cannot die */
  async runBounded(
    cmd: string,
    args: readonly string[],
    timeoutMs: number,
    input?: Buffer,
  ): Promise<{ code: number; timedOut: boolean; stdout: Buffer; stderr: string }> {
    const m = await this.send({ cmd, args, env: process.env, input, timeoutMs, bounded: true });
    const u8 = m.stdout instanceof Uint8Array ? m.stdout : new Uint8Array(0);
    return {
      code: m.code ?? 1,
      timedOut: !!m.timedOut,
      stdout: Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength),
      stderr: m.stderr ?? '',
    };
  }

  private send(msg: Record<string, unknown>): Promise<Reply> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.channel?.ref?.();
      this.child.send({ id, ...msg });
    });
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
