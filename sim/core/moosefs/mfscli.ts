// MooseFS's own mfscli, the harness's only window on the master (chunkserver list, chunk
// health, disks, removal states). Each call used to start Python and compile mfscli's
// 8000 lines, several times a second while observers poll, on the cores the core under test
// runs on (figures in the README's Tests and CI). A server (mfscli-forkserver.py) keeps
// mfscli compiled and answers from warm workers that run it call after call (a forked child
// per call when both are busy); the same program answers, only warm.
// Started once per process, before any file on a FUSE mount is open (sim/spawner.ts says
// why a process with such files must not start others); if it is gone, calls fall back to
// starting mfscli as before.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { CommandError, quote, run, type ExecResult } from '../../exec';

const MFSCLI = '/usr/bin/mfscli';
const SERVER = join(dirname(fileURLToPath(import.meta.url)), 'mfscli-forkserver.py');

type Reply = { id: number; code: number; stdout: string; stderr: string; timedOut: boolean };

class ForkServer {
  private next = 1;
  private readonly pending = new Map<number, (r: Reply) => void>();
  alive = true;
  constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const r = JSON.parse(line) as Reply;
      this.pending.get(r.id)?.(r);
      this.pending.delete(r.id);
    });
    child.on('exit', () => {
      this.alive = false;
      // calls in flight are answered by the fallback (the caller's timeout still holds)
      for (const [id, resolve] of this.pending) resolve({ id, code: -1, stdout: '', stderr: 'mfscli fork server ended', timedOut: false });
      this.pending.clear();
    });
    child.stdin!.on('error', () => undefined);
    this.hold(false);
  }
  /** keeps the harness alive only while a call waits for its answer (it ends with the harness's stdin pipe) */
  private hold(on: boolean) {
    for (const h of [this.child, this.child.stdin, this.child.stdout] as unknown as { ref?: () => void; unref?: () => void }[])
      (on ? h?.ref : h?.unref)?.call(h);
  }
  call(args: readonly string[], timeoutMs: number): Promise<Reply> {
    const id = this.next++;
    return new Promise<Reply>((resolve) => {
      this.pending.set(id, resolve);
      this.hold(true);
      this.child.stdin!.write(JSON.stringify({ id, args, timeoutMs }) + '\n');
    }).finally(() => {
      if (this.pending.size === 0) this.hold(false);
    });
  }
  stop(): void {
    this.child.stdin!.end();
  }
}

let server: ForkServer | null = null;

/** Starts the fork server of this process if it is not running (call before any FUSE file is open). */
export function warmMfscli(program = MFSCLI): void {
  if (server?.alive || !existsSync(program)) return;
  const child = spawn('python3', [SERVER, program], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.on('error', () => undefined);
  server = new ForkServer(child);
}

/** Ends the fork server (tests; a process that ends needs nothing: it ends with the stdin pipe). */
export function stopMfscli(): void {
  server?.stop();
  server = null;
}

/** whether calls go through the fork server */
export const mfscliIsWarm = () => !!server?.alive;

/** `mfscli ARGS`, warm when the fork server runs; the same result and errors as exec.run. */
export async function mfscli(args: readonly string[], opts: { timeoutMs: number; allowFailure?: boolean }): Promise<ExecResult> {
  if (server?.alive) {
    const r = await server.call(args, opts.timeoutMs);
    if (r.code !== -1) {
      const result = { stdout: r.stdout, stderr: r.timedOut ? `${r.stderr}\n(killed after ${opts.timeoutMs} ms)` : r.stderr, code: r.code };
      if (result.code !== 0 && !opts.allowFailure) throw new CommandError(['mfscli', ...args].map(quote).join(' '), result);
      return result;
    }
  }
  return run('mfscli', args, opts);
}
