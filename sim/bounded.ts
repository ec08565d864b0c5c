// A command on the FUSE mount that gives up after a time limit even when it cannot be
// killed. A FUSE request already handed to mfsmount is waited out uninterruptibly (D
// state; SIGKILL does not end it): done in a child process, only the child waits, never
// a libuv thread of the harness, and the harness goes on at the deadline. The child ends
// when mfsmount answers or gives up, or when the run aborts its FUSE connection.
import { spawn } from 'node:child_process';
import { commandHelper } from './exec';

export interface BoundedResult {
  /** exit code; 124: no answer within the limit (as timeout(1) says) */
  code: number;
  timedOut: boolean;
  /** raw bytes of stdout (a segment read back with cat) */
  stdout: Buffer;
  stderr: string;
  ms: number;
}

export async function runBounded(cmd: string, args: readonly string[], timeoutMs: number, input?: Buffer): Promise<BoundedResult> {
  const t0 = performance.now();
  // from the run's command helper when there is one: a child started here would inherit
  // any file this process still has open on the mount, and its exec would close it (a
  // FUSE FLUSH) while this process waits (sim/spawner.ts)
  const helper = commandHelper();
  if (helper) {
    try {
      const r = await helper.runBounded(cmd, args, timeoutMs, input);
      return { ...r, stderr: r.timedOut ? `no answer within ${timeoutMs} ms` : r.stderr, ms: performance.now() - t0 };
    } catch {
      // the helper went away (the run is ending): start it from here after all
    }
  }
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let done = false;
    const finish = (code: number, timedOut: boolean, extra = '') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // a child stuck in the kernel keeps its pipes open: stop listening, let it go
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      resolve({ code, timedOut, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() + extra, ms: performance.now() - t0 });
    };
    const timer = setTimeout(
      () => {
        child.kill('SIGKILL');
        finish(124, true, `no answer within ${timeoutMs} ms`);
      },
      Math.max(1, timeoutMs),
    );
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => finish(127, false, e.message));
    child.on('close', (code) => finish(code ?? 128, false));
    if (input && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}
