// Child processes of the operations stack (Prometheus, Alertmanager from Debian): started
// on loopback with configs in the run folder, logs next to them, killed on stop and on
// Ctrl-C (onCleanup).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { sleep } from '../clock';
import { onCleanup } from '../topology/cleanup';

export interface Proc {
  name: string;
  pid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function startProc(name: string, cmd: string, args: string[], logPath: string): Proc {
  const log = createWriteStream(logPath, { flags: 'a' });
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let release = () => {};
  const stop = async () => {
    release();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    }
    log.end();
  };
  release = onCleanup(`${name} pid ${child.pid}`, stop);
  if (child.pid === undefined) throw new Error(`${cmd} did not start`);
  return { name, pid: child.pid, stop };
}

/** Waits until `url` answers 200 (the process is ready), or throws with the log's path. */
export async function waitReady(url: string, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${what} not ready at ${url} after ${timeoutMs / 1000} s`);
}
