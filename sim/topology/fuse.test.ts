// Finding the run's own mfsmount by its title: a running mfsmount rewrites its argv to
// 'mfsmount (mounted on: DIR)'. A stand-in process with that title (exec -a) is found
// under its folder only, and abortFuseUnder kills it.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { abortFuseUnder, fuseClientOf, fuseClientsUnder } from './fuse';

describe('mfsmount of a run', () => {
  it('found by its title under its own folder only, and killed by abortFuseUnder', async () => {
    const dir = `/tmp/accept-fuse-test-${process.pid}`;
    const child = spawn('bash', ['-c', `exec -a 'mfsmount (mounted on: ${dir}/mnt-direct)' sleep 60`], { stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    await new Promise((r) => setTimeout(r, 300));
    expect(fuseClientsUnder(dir)).toEqual([{ pid: child.pid, mountPoint: `${dir}/mnt-direct`, program: 'mfsmount' }]);
    // a sibling folder sharing the prefix is not ours
    expect(fuseClientsUnder(`${dir}/mnt`)).toEqual([]);
    expect(fuseClientsUnder(`${dir}-other`)).toEqual([]);
    expect(await abortFuseUnder(dir)).toEqual([`killed mfsmount pid ${child.pid} (${dir}/mnt-direct)`]);
    await exited;
    expect(fuseClientsUnder(dir)).toEqual([]);
  });

  it('knows a GlusterFS FUSE client by its mount point, and not its daemons (self-heal, bricks)', () => {
    const fuse = [
      '/usr/sbin/glusterfs',
      '--process-name',
      'fuse',
      '--volfile-server=10.0.0.2',
      '--volfile-id=/recordings',
      '/run/x/mnt',
      '',
    ];
    expect(fuseClientOf(fuse)).toEqual({ mountPoint: '/run/x/mnt', program: 'glusterfs' });
    const shd = [
      '/usr/sbin/glusterfs',
      '-s',
      'localhost',
      '--volfile-id',
      'shd/recordings',
      '--process-name',
      'glustershd',
      '--client-pid=-6',
    ];
    expect(fuseClientOf(shd)).toBeUndefined();
    expect(fuseClientOf(['/usr/bin/mfsmount', '/run/x/mnt', '-H', '10.0.0.2'])).toEqual({ mountPoint: '/run/x/mnt', program: 'mfsmount' });
    expect(fuseClientOf(['sleep', '/run/x/mnt'])).toBeUndefined();
  });
});
