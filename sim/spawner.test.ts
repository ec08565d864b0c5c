// The command helper behaves like exec.run() started here: output, exit codes, input,
// timeouts, errors; and run() falls back to starting commands itself once it is gone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBounded } from './bounded';
import { CommandError, KILL_GRACE_MS, run, startCommandsWith } from './exec';
import { fillPseudoRandom } from '../lib/random';
import { Spawner } from './spawner';

afterEach(() => {
  startCommandsWith(null)?.stop();
});

describe('command helper process', () => {
  it('runs commands with their output, exit code, stdin and timeout', async () => {
    const helper = Spawner.start();
    startCommandsWith(helper);
    expect(await run('sh', ['-c', 'echo out; echo err >&2; exit 3'], { allowFailure: true })).toEqual({
      stdout: 'out\n',
      stderr: 'err\n',
      code: 3,
    });
    expect((await run('cat', [], { input: Buffer.from('from stdin') })).stdout).toBe('from stdin');
    await expect(run('false', [])).rejects.toBeInstanceOf(CommandError);
    expect((await run('sleep', ['5'], { timeoutMs: 200, allowFailure: true })).stderr).toMatch(/killed after 200 ms/);
    await expect(run('/no/such/command', [])).rejects.toThrow(/cannot start \/no\/such\/command/);
    // the commands really ran in the helper, not here
    const pid = Number((await run('sh', ['-c', 'echo $PPID'])).stdout.trim());
    expect(pid).not.toBe(process.pid);
  });

  it("a timeout is a bound even when the killed command's output stays open (a child that outlives SIGKILL): answered within the grace, here and in the helper", async () => {
    // the grandchild keeps stdout open for 30 s after sh is killed: 'close' would wait for it
    // a duration no other process on the host runs with, so that the clean-up kills only these
    const lingering = ['-c', 'sleep 30.417 & sleep 30.417'];
    try {
      let t0 = performance.now();
      const here = await run('sh', lingering, { timeoutMs: 200, allowFailure: true });
      expect(performance.now() - t0).toBeLessThan(200 + KILL_GRACE_MS + 1500);
      expect(here.code).toBe(124);
      expect(here.stderr).toMatch(/killed after 200 ms[\s\S]*did not end after SIGKILL/);
      startCommandsWith(Spawner.start());
      t0 = performance.now();
      const inHelper = await run('sh', lingering, { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(performance.now() - t0).toBeLessThan(200 + KILL_GRACE_MS + 1500);
      expect(inHelper).toBeInstanceOf(CommandError);
      expect(String(inHelper)).toMatch(/did not end after SIGKILL/);
    } finally {
      execFileSync('sh', ['-c', "pkill -x -f 'sleep 30.417' || true"]);
    }
  }, 20_000);

  it('falls back to starting commands here once the helper is gone', async () => {
    const helper = Spawner.start();
    startCommandsWith(helper);
    helper.stop();
    const pid = Number((await run('sh', ['-c', 'echo $PPID'])).stdout.trim());
    expect(pid).toBe(process.pid);
  });

  it('runBounded goes through the helper: raw bytes back unchanged, and an answer at the deadline from a reader that never gets one', async () => {
    const helper = Spawner.start();
    startCommandsWith(helper);
    const dir = mkdtempSync(join(tmpdir(), 'bounded-'));
    const bytes = Buffer.alloc(3 << 20);
    fillPseudoRandom(bytes, 11);
    writeFileSync(join(dir, 'seg'), bytes);
    const ok = await runBounded('cat', [join(dir, 'seg')], 5_000);
    expect(ok.code).toBe(0);
    expect(ok.stdout.equals(bytes)).toBe(true);
    // a FIFO without a writer: cat waits in open(), as a reader waits on a hung mount
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const t0 = Date.now();
    const hung = await runBounded('cat', [join(dir, 'fifo')], 300);
    expect(hung).toMatchObject({ code: 124, timedOut: true });
    expect(Date.now() - t0).toBeLessThan(2_000);
    // started by the helper, not here
    const parent = Number((await runBounded('sh', ['-c', 'echo $PPID'], 5_000)).stdout.toString().trim());
    expect(parent).not.toBe(process.pid);
    helper.stop();
    expect(Number((await runBounded('sh', ['-c', 'echo $PPID'], 5_000)).stdout.toString().trim())).toBe(process.pid);
  });
});
