// Running host commands (mount, losetup, mkfs, mfscli, docker import). Every failure
// carries the command line and its stderr, so a QA engineer can run it by hand.
import { spawn } from 'node:child_process';

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: ExecResult,
  ) {
    super(`command failed (exit ${result.code}): ${command}\n${result.stderr.trim() || result.stdout.trim()}`);
  }
}

export interface ExecOptions {
  /** stdin content */
  input?: string | Buffer;
  timeoutMs?: number;
  /** resolve with the result instead of throwing on a non-zero exit */
  allowFailure?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * What this module needs from a command helper (sim/spawner.ts is the one): declared here,
 * the lower module, so that the helper imports exec and not the other way round.
 */
export interface CommandHelper {
  readonly alive: boolean;
  run(cmd: string, args: readonly string[], opts: ExecOptions): Promise<ExecResult>;
  runBounded(
    cmd: string,
    args: readonly string[],
    timeoutMs: number,
    input?: Buffer,
  ): Promise<{ code: number; timedOut: boolean; stdout: Buffer; stderr: string }>;
  stop(): void;
}

let spawner: CommandHelper | null = null;

/** after a timeout's SIGKILL, how long a command may take to end before its run() answers anyway (a child in a FUSE request on a hung mount does not die) */
export const KILL_GRACE_MS = 2_000;

/**
 * From now on every command is started by this helper process (sim/spawner.ts says why);
 * null goes back to starting them from this process. Returns the previous one.
 */
export function startCommandsWith(s: CommandHelper | null): CommandHelper | null {
  const prev = spawner;
  spawner = s;
  return prev;
}

/** the helper that starts this run's commands, if any (sim/bounded.ts starts its readers there too) */
export function commandHelper(): CommandHelper | null {
  return spawner?.alive ? spawner : null;
}

export function run(cmd: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const line = [cmd, ...args].map(quote).join(' ');
  const helper = spawner;
  if (helper?.alive) {
    return helper.run(cmd, args, opts).then(
      (result) => {
        if (result.code !== 0 && !opts.allowFailure) throw new CommandError(line, result);
        return result;
      },
      (e: Error) => {
        // the helper went away (the harness is ending): start it from here after all
        if (!helper.alive) return runHere(cmd, args, opts, line);
        throw new Error(`cannot start ${line}: ${e.message}`);
      },
    );
  }
  return runHere(cmd, args, opts, line);
}

function runHere(cmd: string, args: readonly string[], opts: ExecOptions, line: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    let answered = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          err.push(Buffer.from(`\n(killed after ${opts.timeoutMs} ms)`));
          child.kill('SIGKILL');
          setTimeout(() => {
            if (answered) return;
            answered = true;
            child.stdout!.destroy();
            child.stderr!.destroy();
            child.unref();
            const result = {
              stdout: '',
              stderr: `${Buffer.concat(err).toString()}\n(did not end after SIGKILL: stuck in the kernel)`,
              code: 124,
            };
            if (opts.allowFailure) resolve(result);
            else reject(new CommandError(line, result));
          }, KILL_GRACE_MS).unref();
        }, opts.timeoutMs)
      : null;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      answered = true;
      reject(new Error(`cannot start ${line}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (answered) return;
      answered = true;
      const result = { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code: code ?? (signal ? 128 : 1) };
      if (result.code !== 0 && !opts.allowFailure) reject(new CommandError(line, result));
      else resolve(result);
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // a command may exit before reading its input
      child.stdin.end(opts.input);
    }
  });
}

export const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Runs `fn` over `items` with at most `limit` in flight; keeps order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return results;
}
