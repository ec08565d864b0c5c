import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mountedScratch } from '../../lib/test-scratch';
import { fileSystemOf, fileSystemProblem, masterAddress, moosefsMasterOf, parseMountInfo } from './mount-identity';

// two lines as the kernel wrote them for accept core up's mounts (the source's '#' escaped as \043)
const MFS_LINE = (dir: string) =>
  `258 27 0:85 / ${dir} rw,nosuid,nodev,relatime - fuse mfs\\043172.18.0.2:9421 rw,user_id=0,group_id=0,allow_other`;
const ROOT_LINE = '27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda1 rw';
const TMPFS_LINE = (dir: string) => `40 27 0:30 / ${dir} rw,nosuid,nodev shared:5 - tmpfs tmpfs rw,size=100k`;

describe('the file system a target mount is on', () => {
  const dir = mkdtempSync(join(mountedScratch(), 'mount-identity-'));
  const storage = join(dir, 'storage');
  mkdirSync(join(storage, 'recordings'), { recursive: true });

  it('reads the kernel table, octal escapes undone, optional fields skipped', () => {
    const t = parseMountInfo(`${ROOT_LINE}\n${MFS_LINE('/mnt/a\\040b')}\n`);
    expect(t).toEqual([
      { mountPoint: '/', type: 'ext4', source: '/dev/vda1' },
      { mountPoint: '/mnt/a b', type: 'fuse', source: 'mfs#172.18.0.2:9421' },
    ]);
    expect(moosefsMasterOf(t[1]!)).toEqual({ host: '172.18.0.2', port: 9421 });
    expect(moosefsMasterOf(t[0]!)).toBeNull();
    expect(moosefsMasterOf({ mountPoint: '/x', type: 'fuse.glusterfs', source: 'node1:/vol' })).toBeNull();
    expect(masterAddress('mfsmaster')).toEqual({ host: 'mfsmaster', port: 9421 });
    expect(masterAddress('10.0.0.2:9521')).toEqual({ host: '10.0.0.2', port: 9521 });
  });

  it('picks the deepest mount above the real path, the last one mounted there, links followed', () => {
    const t = parseMountInfo([ROOT_LINE, TMPFS_LINE(dir), MFS_LINE(storage)].join('\n'));
    expect(fileSystemOf(join(storage, 'recordings'), t)?.type).toBe('fuse');
    expect(fileSystemOf(dir, t)?.type).toBe('tmpfs');
    // a sibling whose name starts like the mount point is not under it
    mkdirSync(`${storage}-old`);
    expect(fileSystemOf(`${storage}-old`, t)?.type).toBe('tmpfs');
    symlinkSync(storage, join(dir, 'link'));
    expect(fileSystemOf(join(dir, 'link'), t)?.type).toBe('fuse');
    expect(fileSystemOf(storage, [...t, { mountPoint: storage, type: 'nfs4', source: 'nas:/x' }])?.type).toBe('nfs4');
  });

  it("refuses a folder on the machine's root file system, whatever the core (the storage not mounted there)", async () => {
    const t = parseMountInfo(ROOT_LINE);
    for (const core of [{ kind: 'probe-only' }, { kind: 'moosefs', master: '172.18.0.2' }] as const)
      expect(await fileSystemProblem('mount', storage, core, t)).toMatch(
        /^mount .*storage is on this machine's root file system \(ext4 from \/dev\/vda1, mounted on \/\), not a mounted storage/,
      );
  });

  it("a MooseFS target: a MooseFS client mount of the target's master, by address or name, port 9421 unless named", async () => {
    const t = parseMountInfo([ROOT_LINE, TMPFS_LINE(dir), MFS_LINE(storage)].join('\n'));
    const moose = (master: string) => fileSystemProblem('mount', storage, { kind: 'moosefs', master }, t);
    expect(await moose('172.18.0.2')).toBeNull();
    expect(await moose('172.18.0.2:9421')).toBeNull();
    expect(await moose('172.18.0.3')).toBe(
      `mount ${storage} is a MooseFS client mount of 172.18.0.2:9421, not of the target's master 172.18.0.3:9421`,
    );
    expect(await moose('172.18.0.2:9521')).toMatch(/not of the target's master 172.18.0.2:9521$/);
    expect(await fileSystemProblem('read mount', dir, { kind: 'moosefs', master: '172.18.0.2' }, t)).toBe(
      `read mount ${dir} is tmpfs from tmpfs, mounted on ${dir}: not a MooseFS client mount (mfsmount) of the target's master 172.18.0.2`,
    );
    expect(await fileSystemProblem('mount', storage, { kind: 'probe-only' }, t)).toBeNull();
    // a name is compared by what it resolves to (localhost from the hosts file: nothing leaves the machine)
    const local = parseMountInfo([ROOT_LINE, MFS_LINE(storage).replace('172.18.0.2', '127.0.0.1')].join('\n'));
    expect(await fileSystemProblem('mount', storage, { kind: 'moosefs', master: 'localhost' }, local)).toBeNull();
  });

  it("this machine's own table: the tests' mounted scratch is a storage for a probe-only target, not a MooseFS mount", async () => {
    expect(await fileSystemProblem('mount', storage, { kind: 'probe-only' })).toBeNull();
    expect(await fileSystemProblem('mount', storage, { kind: 'moosefs', master: '10.0.0.2' })).toMatch(/not a MooseFS client mount/);
    expect(readdirSync(storage)).toEqual(['recordings']);
  });
});
