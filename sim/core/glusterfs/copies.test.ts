import { describe, expect, it } from 'vitest';
import { copiesOfFiles, type BrickFiles } from './copies';

const A = 'n1:/b/bay00/brick';
const B = 'n2:/b/bay00/brick';
const C = 'n3:/b/bay00/brick';
const D = 'n1:/b/bay01/brick';
const bricks = (files: Record<string, string[]>): BrickFiles[] =>
  [A, B, C, D].map((brick, i) => ({ brick, set: i < 2 ? 0 : 1, files: files[brick] ?? [] }));
/** entries as paths, or [path, gfid] */
const heal = (brick: string, entries: (string | [string, string])[]) => ({
  brick,
  status: 'Connected',
  entries: entries.map((e) => (typeof e === 'string' ? { path: e, gfid: null } : { path: e[0], gfid: e[1] })),
  count: entries.length,
});

describe('readable copies of GlusterFS files', () => {
  it('counts a file on both online bricks of its set twice, and on one brick of a set that is down once', () => {
    const files = bricks({ [A]: ['/x'], [B]: ['/x'], [C]: ['/y'], [D]: ['/y'] });
    expect(copiesOfFiles(files, new Set([A, B, C, D]), [])).toEqual([
      { path: '/x', set: 0, goal: 2, readable: [A, B] },
      { path: '/y', set: 1, goal: 2, readable: [D, C].sort() },
    ]);
    expect(copiesOfFiles(files, new Set([A, C]), []).map((f) => f.readable.length)).toEqual([1, 1]);
    expect(copiesOfFiles(files, new Set([A, B]), []).find((f) => f.path === '/y')?.readable).toEqual([]);
  });

  it('a copy a brick of its set blames (heal info on the other brick) is not readable', () => {
    const files = bricks({ [A]: ['/x'], [B]: ['/x'] });
    expect(copiesOfFiles(files, new Set([A, B]), [heal(A, ['/x']), heal(B, [])])[0]?.readable).toEqual([A]);
  });

  it('an entry known by gfid only counts as a file of its own, never healthy; a folder entry counts as none', () => {
    const files = bricks({ [A]: ['/x'], [B]: ['/x'] });
    const out = copiesOfFiles(files, new Set([A, B]), [heal(A, ['<gfid:1234>', '/folder'])]);
    expect(out).toEqual([
      { path: '/x', set: 0, goal: 2, readable: [A, B] },
      { path: '<gfid:1234>', set: 0, goal: 2, readable: [A] },
    ]);
  });

  it('a file in split-brain has no readable copy, named by path on one brick and by gfid on the other (as GlusterFS 10.3 answered here)', () => {
    const files = bricks({ [A]: ['/x', '/z'], [B]: ['/x', '/z'] });
    const info = [heal(A, [['/x', 'g1']]), heal(B, [['<gfid:g1>', 'g1']])];
    const out = copiesOfFiles(files, new Set([A, B]), info, info);
    expect(out).toEqual([
      { path: '/x', set: 0, goal: 2, readable: [], splitBrain: true },
      { path: '/z', set: 0, goal: 2, readable: [A, B] },
    ]);
    // the same heal info without split-brain: the gfid is the named file, both bricks its sources (healing), no file of its own
    expect(copiesOfFiles(files, new Set([A, B]), info)).toEqual([
      { path: '/x', set: 0, goal: 2, readable: [A, B] },
      { path: '/z', set: 0, goal: 2, readable: [A, B] },
    ]);
  });

  it('a gfid-only entry in split-brain that no brick names is a file of its own with no readable copy', () => {
    const files = bricks({ [A]: ['/x'], [B]: ['/x'] });
    const info = [heal(A, [['<gfid:g2>', 'g2']])];
    expect(copiesOfFiles(files, new Set([A, B]), info, info)).toEqual([
      { path: '/x', set: 0, goal: 2, readable: [A, B] },
      { path: '<gfid:g2>', set: 0, goal: 2, readable: [], splitBrain: true },
    ]);
  });

  it('a brick the volume does not have is ignored in heal info', () => {
    const files = bricks({ [A]: ['/x'], [B]: ['/x'] });
    expect(copiesOfFiles(files, new Set([A, B]), [heal('n9:/b/brick', ['/x'])])[0]?.readable).toEqual([A, B]);
  });
});
