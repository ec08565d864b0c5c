// Ctrl-C in the middle of a field probe: the writers stop and the run's test data is removed
// before the exit, as its --help says (the target here: a local folder as the storage, a BMC
// that refuses connections).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/paths';

describe('accept probe interrupted', () => {
  it('SIGINT while the cameras write: exit 130, the test folder gone, what the mount held before untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probe-int-'));
    const mount = join(dir, 'mount');
    mkdirSync(join(mount, 'existing-recordings'), { recursive: true });
    const target = join(dir, 'target.json');
    writeFileSync(
      target,
      JSON.stringify({
        format: 1,
        name: 'local folder',
        mount,
        core: { kind: 'probe-only' },
        nodes: [{ name: 'node1', bmc: { url: 'http://127.0.0.1:9' } }],
      }),
    );
    const child = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'bin', 'accept.mjs'),
        'probe',
        '--target',
        target,
        '--seconds',
        '120',
        '--timeout',
        '500',
        '--no-pdf',
        '-o',
        join(dir, 'out'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const testRoot = join(mount, 'accept-harness-test');
    const t0 = Date.now();
    const segments = () =>
      existsSync(testRoot) ? readdirSync(testRoot, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
    while (segments() < 5) {
      if (child.exitCode !== null || Date.now() - t0 > 60_000) throw new Error(`the probe wrote nothing:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGINT');
    expect(await exited, out).toBe(130);
    expect(existsSync(testRoot), out).toBe(false);
    expect(readdirSync(mount)).toEqual(['existing-recordings']);
    expect(out).toMatch(/test data removed: \d+ files/);
  }, 90_000);
});
