// Ctrl-C in the middle of `accept run` leaves no container, network, mount or loop device.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../sim/exec';
import { REPO_ROOT, workRoot } from './paths';

describe('accept run interrupted', () => {
  it('cleans up everything of the run on SIGINT, exits 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sigint-'));
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/accept.mjs'), 'run', '--profile', 'ci', '--seed', 'sigint', '--no-allure', '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const runId = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        // interrupt while the cameras write, after the cluster is up
        if (/cluster up in/.test(stderr)) {
          clearInterval(t);
          setTimeout(() => child.kill('SIGINT'), 3000);
          resolve(stderr.match(/run (\S+)\s+profile/)![1]!);
        }
      }, 200);
      child.on('exit', () => {
        clearInterval(t);
        reject(new Error(`accept run ended before the cluster was up:\n${stderr}`));
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(130);
    const containers = await run('docker', ['ps', '-aq', '--filter', `label=accept-harness.run=${runId}`]);
    expect(containers.stdout.trim()).toBe('');
    const networks = await run('docker', ['network', 'ls', '-q', '--filter', `label=accept-harness.run=${runId}`]);
    expect(networks.stdout.trim()).toBe('');
    const runDir = join(workRoot(), 'runs', runId);
    expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(runDir);
    const loops = await run('losetup', ['--list', '--noheadings', '--output', 'BACK-FILE']);
    expect(loops.stdout).not.toContain(runDir);
  });
});
