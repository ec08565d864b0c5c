// The fork server answers as the program itself would: output, exit status, stderr, a
// timeout, calls in flight at once (warm workers, then one-shot children); and a call made
// after it is gone still runs (cold).
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mfscli, mfscliIsWarm, stopMfscli, warmMfscli } from './mfscli';

const dir = mkdtempSync(join(tmpdir(), 'mfscli-'));
const fake = join(dir, 'fake-mfscli');
// stands in for /usr/bin/mfscli: echoes its arguments; -F fails, -W waits
writeFileSync(
  fake,
  [
    '#! /usr/bin/python3',
    'import os, sys, time',
    'args = sys.argv[1:]',
    "if '-W' in args: time.sleep(30)",
    "if '-P' in args: print('pid', os.getpid())",
    "if '-X' in args:",
    "    print('leaving at once', flush=True)",
    '    os._exit(5)',
    "print('args:', ' '.join(args), '存储节点')",
    "if '-F' in args:",
    "    print('master says no', file=sys.stderr)",
    '    sys.exit(3)',
  ].join('\n') + '\n',
);
chmodSync(fake, 0o755);

afterAll(() => stopMfscli());

describe('mfscli through the fork server', () => {
  it('answers with the output, stderr and exit status of the program', async () => {
    warmMfscli(fake);
    expect(mfscliIsWarm()).toBe(true);
    expect((await mfscli(['-H', '10.0.0.1', '-SCS', '-p'], { timeoutMs: 10_000 })).stdout).toBe('args: -H 10.0.0.1 -SCS -p 存储节点\n');
    const failed = await mfscli(['-F'], { timeoutMs: 10_000, allowFailure: true });
    expect(failed).toMatchObject({ code: 3, stderr: 'master says no\n' });
    await expect(mfscli(['-F'], { timeoutMs: 10_000 })).rejects.toThrow(/exit 3.*mfscli -F\nmaster says no/s);
  });

  it('answers calls one after another from the same warm process, even after the program calls os._exit', async () => {
    const pid = async () => (await mfscli(['-P'], { timeoutMs: 10_000 })).stdout.match(/^pid (\d+)/)?.[1];
    const first = await pid();
    expect(first).toMatch(/^\d+$/);
    expect(await pid()).toBe(first);
    const exited = await mfscli(['-X'], { timeoutMs: 10_000, allowFailure: true });
    expect(exited).toMatchObject({ code: 5, stdout: 'leaving at once\n' });
    expect(await pid()).toBe(first);
  });

  it('kills a call that outlives its timeout and answers 124', async () => {
    const t0 = Date.now();
    const r = await mfscli(['-W'], { timeoutMs: 500, allowFailure: true });
    expect(r.code).toBe(124);
    expect(r.stderr).toContain('killed after 500 ms');
    expect(Date.now() - t0).toBeLessThan(10_000);
    // the killed worker is replaced: the next call is answered
    expect((await mfscli(['-SIN'], { timeoutMs: 10_000 })).stdout).toBe('args: -SIN 存储节点\n');
  });

  it('serves calls in flight at once, each its own answer, one waiting call blocking none', async () => {
    const waiting = mfscli(['-W'], { timeoutMs: 3_000, allowFailure: true });
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => mfscli([`-S${i}`], { timeoutMs: 10_000 })));
    rs.forEach((r, i) => expect(r.stdout).toBe(`args: -S${i} 存储节点\n`));
    expect((await waiting).code).toBe(124);
  });

  it('falls back to starting the program when the server is gone', async () => {
    stopMfscli();
    expect(mfscliIsWarm()).toBe(false);
    // the cold path starts 'mfscli' from PATH: the fake one here
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(fake, join(bin, 'mfscli'));
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      expect((await mfscli(['-SIC'], { timeoutMs: 10_000 })).stdout).toBe('args: -SIC 存储节点\n');
    } finally {
      process.env.PATH = path;
    }
  });
});
