import { describe, expect, it } from 'vitest';
import { diskRowServing, parseChunkHealth, parseChunkservers, parseDisks, parseFileInfo, withoutReadableCopy } from './introspect';

// captured from MooseFS 3.0.117 (Debian bookworm) on this harness's cluster
const CS = `chunk servers:\t172.18.0.3\t9422\t1\t-\t3.0.117\t0\tmaintenance_off\t3\t50434727936\t217888587776\t-\t0\t0\t0
chunk servers:\t172.18.0.4\t9422\t2\t-\t3.0.117\t0\tmaintenance_off\t12\t50434686976\t217888587776\t-\t0\t0\t0
`;
const HD = `disks:\t172.18.0.3:9422:/mfs/bays/bay01/\t1\tno errors\tok\t-\t-\t-\t-\t-\t-\t-\t-\t25217363968\t108944293888
disks:\t172.18.0.3:9422:/mfs/bays/bay02/\t2\tno errors\tdamaged\t-\t-\t-\t-\t-\t-\t-\t-\t25217363968\t108944293888
`;
const IC = `all chunks matrix:\tgoal/copies/chunks:\t1\t1\t3
all chunks matrix:\tgoal/copies/chunks:\t1\t2\t4
all chunks matrix:\tgoal/copies/chunks:\t2\t2\t5
all chunks matrix:\tchunkclass missing:\t0
all chunks matrix:\tchunkclass endangered:\t1
all chunks matrix:\tchunkclass undergoal:\t2
all chunks matrix:\tchunkclass stable:\t8
all chunks matrix:\tchunkclass overgoal:\t4
`;
const FI = `/mnt/f1:
\tchunk 0: 0000000000000001_00000001 / (id:1 ver:1)
\t\tcopy 1: 172.18.0.4:9422 (status:VALID)
\t\tcopy 2: 172.18.0.5:9422 (status:VALID)
/mnt/f2:
\tchunk 0: 000000000000000A_00000001 / (id:10 ver:1)
\t\tcopy 1: 172.18.0.3:9422 (status:INVALID)
/mnt/empty:
/mnt/lost:
\tchunk 0: 000000000000000B_00000002 / (id:11 ver:2)
\t\tno valid copies !!!
\tchunk 1: 000000000000000C_00000001 / (id:12 ver:1)
\t\tcopy 1: 172.18.0.3:9422 (status:MARKED FOR REMOVAL)
\t\tcopy 2: 172.18.0.4:9422 (status:WRONG VERSION , MARKED FOR REMOVAL)
\tchunk 2: 000000000000000D_00000001 / (id:13 ver:1)
\t\tcopy 1: 172.18.0.4:9422 (status:WRONG VERSION , MARKED FOR REMOVAL)
\t\tcopy 2: 172.18.0.5:9422 (status:VALID ; blocks: 1 ; checksum digest: 00)
`;

describe('MooseFS introspection parsers', () => {
  it('reads the chunkserver list', () => {
    const rows = parseChunkservers(CS + 'some other line\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      ip: '172.18.0.4',
      port: 9422,
      id: 2,
      version: '3.0.117',
      chunks: 12,
      usedBytes: 50434686976,
      totalBytes: 217888587776,
    });
  });
  it('reads disks with their status', () => {
    const d = parseDisks(HD);
    expect(d.map((x) => [x.server, x.path, x.chunks, x.status, x.totalBytes])).toEqual([
      ['172.18.0.3:9422', '/mfs/bays/bay01/', 1, 'ok', 108944293888],
      ['172.18.0.3:9422', '/mfs/bays/bay02/', 2, 'damaged', 108944293888],
    ]);
  });
  it('a disk serves once scanned: not while its scan runs, nor while a reload has it waiting for its scan (ok, size 0)', () => {
    const [scanning, waiting, scanned] = parseDisks(
      [
        `disks:\t172.18.0.3:9422:/mfs/bays/bay05/\t0\tno errors\tscanning\t${'-\t'.repeat(8)}progress:\t37`,
        `disks:\t172.18.0.3:9422:/mfs/bays/bay05/\t0\tno errors\tok\t${'-\t'.repeat(8)}0\t0`,
        `disks:\t172.18.0.3:9422:/mfs/bays/bay05/\t0\tno errors\tok\t${'-\t'.repeat(8)}67137536\t1003925504`,
      ].join('\n'),
    );
    expect(scanning).toMatchObject({ status: 'scanning', totalBytes: null });
    expect([scanning, waiting, scanned].map((r) => diskRowServing(r!))).toEqual([false, false, true]);
  });
  it('reads chunk health classes and refuses output without them', () => {
    // goal 1 with its one copy: 3 (the 4 of goal 1 still with two copies are not)
    expect(parseChunkHealth(IC)).toEqual({ missing: 0, endangered: 1, undergoal: 2, stable: 8, overgoal: 4, oneCopyByGoal: 3 });
    expect(() => parseChunkHealth('nothing')).toThrow(/chunkclass missing/);
  });
  it('reads chunk placement per file, with copy status', () => {
    const f = parseFileInfo(FI);
    expect(f.map((x) => x.path)).toEqual(['/mnt/f1', '/mnt/f2', '/mnt/empty', '/mnt/lost']);
    expect(f[0]!.chunks[0]!.copies.map((c) => c.server)).toEqual(['172.18.0.4:9422', '172.18.0.5:9422']);
    expect(f[1]!.chunks[0]).toMatchObject({ id: '000000000000000A', copies: [{ status: 'INVALID' }] });
    expect(f[2]!.chunks).toEqual([]);
  });

  it('tells a chunk with no readable copy from one whose only copies sit on disks marked for removal', () => {
    const [f1, f2, , lost] = parseFileInfo(FI);
    expect(lost!.chunks.map((k) => k.copies.map((c) => c.status))).toEqual([
      [],
      ['MARKED FOR REMOVAL', 'WRONG VERSION , MARKED FOR REMOVAL'],
      ['WRONG VERSION , MARKED FOR REMOVAL', 'VALID'],
    ]);
    expect(lost!.chunks.map(withoutReadableCopy)).toEqual([true, false, false]);
    expect(f1!.chunks.map(withoutReadableCopy)).toEqual([false]);
    expect(f2!.chunks.map(withoutReadableCopy)).toEqual([true]); // its one copy is invalid
  });
});
