// Finding the run's own mfsmount by its title: a running mfsmount rewrites its argv to
// 'mfsmount (mounted on: DIR)'. A stand-in process with that title (exec -a) is found
// under its folder only, and abortFuseUnder kills it.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { abortFuseUnder, mfsmountsUnder } from './fuse';

describe('mfsmount of a run', () => {
  it('found by its title under its own folder only, and killed by abortFuseUnder', async () => {
    const dir = `/tmp/accept-fuse-test-${process.pid}`;
    const child = spawn('bash', ['-c', `exec -a 'mfsmount (mounted on: ${dir}/mnt-direct)' sleep 60`], { stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    await new Promise((r) => setTimeout(r, 300));
    expect(mfsmountsUnder(dir)).toEqual([{ pid: child.pid, mountPoint: `${dir}/mnt-direct` }]);
    // a sibling folder sharing the prefix is not ours
    expect(mfsmountsUnder(`${dir}/mnt`)).toEqual([]);
    expect(mfsmountsUnder(`${dir}-other`)).toEqual([]);
    expect(await abortFuseUnder(dir)).toEqual([`killed mfsmount pid ${child.pid} (${dir}/mnt-direct)`]);
    await exited;
    expect(mfsmountsUnder(dir)).toEqual([]);
  });
});
