import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { nodeListingArgs, parseNodeListing } from './node-listing';

const root = '/run/n1/bays';
const bays = ['bay01', 'bay02', 'bay03'];

describe("one find over a node's bays", () => {
  it('splits the files by bay, paths from the volume root; a bay with nothing has an empty list', () => {
    const l = parseNodeListing(root, bays, {
      code: 0,
      stdout: 'bay01/brick/cam1/a.seg\nbay02/brick/cam2/b.seg\nbay01/brick/top.seg\n',
      stderr: '',
    });
    expect(Object.fromEntries(l)).toEqual({ bay01: ['/cam1/a.seg', '/top.seg'], bay02: ['/cam2/b.seg'], bay03: [] });
  });

  it('a bay named in an error line could not be read whole; the others keep their files', () => {
    const l = parseNodeListing(root, bays, {
      code: 1,
      stdout: 'bay01/brick/a.seg\nbay02/brick/b.seg\n',
      stderr: `find: '${root}/bay02/brick/cam2': Input/output error\n`,
    });
    expect(Object.fromEntries(l)).toEqual({ bay01: ['/a.seg'], bay02: null, bay03: [] });
  });

  it('an error that names no bay of the node, or a failure with no error line, leaves every bay unreadable', () => {
    const unknown = parseNodeListing(root, bays, {
      code: 1,
      stdout: 'bay01/brick/a.seg\n',
      stderr: `find: '/elsewhere': Permission denied\n`,
    });
    expect([...unknown.values()]).toEqual([null, null, null]);
    const silent = parseNodeListing(root, bays, { code: 1, stdout: '', stderr: '' });
    expect([...silent.values()]).toEqual([null, null, null]);
  });

  it('ignores lines outside a brick and bays that are not the node’s', () => {
    const l = parseNodeListing(root, bays, { code: 0, stdout: 'bay01/lost+found/x\nbay09/brick/a.seg\nbrick/a.seg\n', stderr: '' });
    expect(Object.fromEntries(l)).toEqual({ bay01: [], bay02: [], bay03: [] });
  });

  it("find itself, on real folders: .glusterfs and DHT's link files left out, files outside brick/ ignored", () => {
    const dir = mkdtempSync(join(tmpdir(), 'node-listing-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const put = (p: string, mode?: number) => {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), 'x');
      if (mode !== undefined) chmodSync(join(dir, p), mode);
    };
    put('bay01/brick/cam1/a.seg');
    put('bay01/brick/.glusterfs/ab/cd/abcd-gfid');
    put('bay02/brick/cam2/link.seg', 0o1000);
    put('bay02/brick/cam2/b.seg');
    put('bay03/outside.txt');
    const r = spawnSync('find', nodeListingArgs(dir), { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    const l = parseNodeListing(dir, bays, { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr });
    expect(Object.fromEntries(l)).toEqual({ bay01: ['/cam1/a.seg'], bay02: ['/cam2/b.seg'], bay03: [] });
    expect(execFileSync('find', ['--version'], { encoding: 'utf8' })).toMatch(/GNU findutils/);
  });
});
