import { describe, expect, it } from 'vitest';
import { copiesOfFiles, type BrickFiles } from './copies';

const A = 'n1:/b/bay00/brick';
const B = 'n2:/b/bay00/brick';
const C = 'n3:/b/bay00/brick';
const D = 'n1:/b/bay01/brick';
const bricks = (files: Record<string, string[]>): BrickFiles[] =>
  [A, B, C, D].map((brick, i) => ({ brick, set: i < 2 ? 0 : 1, files: files[brick] ?? [] }));
const heal = (brick: string, entries: string[]) => ({ brick, status: 'Connected', entries, count: entries.length });

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

  it('a brick the volume does not have is ignored in heal info', () => {
    const files = bricks({ [A]: ['/x'], [B]: ['/x'] });
    expect(copiesOfFiles(files, new Set([A, B]), [heal('n9:/b/brick', ['/x'])])[0]?.readable).toEqual([A, B]);
  });
});
