// What a test of a run that stopped (ended, interrupted, taken down) checks was left: nothing.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { workRoot } from '../lib/paths';
import { run } from '../sim/exec';
import { fuseClientsUnder } from '../sim/topology/fuse';

/** pids of processes whose command line names something under `dir` (the run's readers) */
export function processesUnder(dir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir + '/');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** nothing of the run left: containers, networks, mounts, loop devices, mfsmounts, processes under its folder */
export async function expectNothingLeft(runId: string): Promise<void> {
  expect((await run('docker', ['ps', '-aq', '--filter', `label=accept-harness.run=${runId}`])).stdout.trim()).toBe('');
  expect((await run('docker', ['network', 'ls', '-q', '--filter', `label=accept-harness.run=${runId}`])).stdout.trim()).toBe('');
  const runDir = join(workRoot(), 'runs', runId);
  expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(runDir);
  expect((await run('losetup', ['--list', '--noheadings', '--output', 'BACK-FILE'])).stdout).not.toContain(runDir);
  expect(fuseClientsUnder(runDir)).toEqual([]);
  // readers end with their connection (a moment for the kernel to reap them)
  await new Promise((r) => setTimeout(r, 1_000));
  expect(processesUnder(runDir)).toEqual([]);
}
