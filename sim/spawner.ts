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
import type { ExecOptions, ExecResult } from './exec';

// Plain CommonJS for the helper (no TypeScript loader in it); it mirrors exec.run().
const HELPER_SOURCE = `
const { spawn } = require('node:child_process');
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
  child.stdout.on('data', (b) => out.push(b));
  child.stderr.on('data', (b) => err.push(b));
  const timer = m.timeoutMs ? setTimeout(() => { err.push(Buffer.from('\\n(killed after ' + m.timeoutMs + ' ms)')); child.kill('SIGKILL'); }, m.timeoutMs) : null;
  child.on('error', (e) => { if (timer) clearTimeout(timer); process.send({ id: m.id, error: e.message }); });
  child.on('close', (code, signal) => {
    if (timer) clearTimeout(timer);
    process.send({ id: m.id, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code: code == null ? (signal ? 128 : 1) : code });
  });
  if (child.stdin) { child.stdin.on('error', () => {}); child.stdin.end(m.input); }
});
`;

type Reply = { id: number; error?: string } & Partial<ExecResult>;

export class Spawner {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (r: ExecResult) => void; reject: (e: Error) => void }>();
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.idle();
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve({ stdout: m.stdout ?? '', stderr: m.stderr ?? '', code: m.code ?? 1 });
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
    const child = spawn(process.execPath, ['-e', HELPER_SOURCE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    return new Spawner(child);
  }

  get alive(): boolean {
    return this.child.connected;
  }

  run(cmd: string, args: readonly string[], opts: ExecOptions): Promise<ExecResult> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.channel?.ref?.();
      this.child.send({ id, cmd, args, env: opts.env ?? process.env, cwd: opts.cwd, input: opts.input, timeoutMs: opts.timeoutMs });
    });
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
