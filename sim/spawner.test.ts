// The command helper behaves like exec.run() started here: output, exit codes, input,
// timeouts, errors; and run() falls back to starting commands itself once it is gone.
import { afterEach, describe, expect, it } from 'vitest';
import { CommandError, run, startCommandsWith } from './exec';
import { Spawner } from './spawner';

afterEach(() => {
  startCommandsWith(null)?.stop();
});

describe('command helper process', () => {
  it('runs commands with their output, exit code, stdin and timeout', async () => {
    const helper = Spawner.start();
    startCommandsWith(helper);
    expect(await run('sh', ['-c', 'echo out; echo err >&2; exit 3'], { allowFailure: true })).toEqual({ stdout: 'out\n', stderr: 'err\n', code: 3 });
    expect((await run('cat', [], { input: Buffer.from('from stdin') })).stdout).toBe('from stdin');
    await expect(run('false', [])).rejects.toBeInstanceOf(CommandError);
    expect((await run('sleep', ['5'], { timeoutMs: 200, allowFailure: true })).stderr).toMatch(/killed after 200 ms/);
    await expect(run('/no/such/command', [])).rejects.toThrow(/cannot start \/no\/such\/command/);
    // the commands really ran in the helper, not here
    const pid = Number((await run('sh', ['-c', 'echo $PPID'])).stdout.trim());
    expect(pid).not.toBe(process.pid);
  });

  it('falls back to starting commands here once the helper is gone', async () => {
    const helper = Spawner.start();
    startCommandsWith(helper);
    helper.stop();
    const pid = Number((await run('sh', ['-c', 'echo $PPID'])).stdout.trim());
    expect(pid).toBe(process.pid);
  });
});
