// The site's recordings in the durability judgement (a field run's --read-existing): compared
// file by file, only where the site left the file as it was.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { judgeDurability, judgeSiteRecordings } from './durability';

const file = (path: string, sha256: string | null, o: { bytes?: number; mtimeMs?: number; error?: string } = {}) => ({
  path,
  bytes: o.bytes ?? 100,
  mtimeMs: o.mtimeMs ?? 1,
  sha256,
  ...(o.error ? { error: o.error } : {}),
});
const read = (when: 'before' | 'after', files: ReturnType<typeof file>[]) =>
  ({
    kind: 'field.site-recordings',
    when,
    folder: 'rec',
    truncated: false,
    files,
    mono: when === 'before' ? 1 : 9,
  }) as unknown as HistoryEvent;
// one acknowledged segment read back intact: the segments' own part of durability is whole
const segment = [
  { kind: 'segment.write', path: 's1', outcome: 'ok', mono: 2 },
  { kind: 'segment.verify', path: 's1', outcome: 'ok', mono: 8 },
] as unknown as HistoryEvent[];

describe("the site's recordings in the durability judgement", () => {
  it('none asked for: no figure, the segments decide alone', () => {
    expect(judgeSiteRecordings(segment)).toBeNull();
    expect(judgeDurability(segment).outcome).toBe('intact');
  });

  it('unchanged files PASS their figure; an unreadable or different file with its size and time kept is data lost', () => {
    const before = read('before', [file('a', 'h1'), file('b', 'h2'), file('c', 'h3')]);
    const intact = judgeSiteRecordings([before, read('after', [file('a', 'h1'), file('b', 'h2'), file('c', 'h3')])])!;
    expect(intact).toMatchObject({ lost: false, figure: { value: 3, threshold: '= 3', ok: true } });
    const after = read('after', [file('a', 'h1'), file('b', null, { error: 'EIO' }), file('c', 'hX')]);
    const j = judgeDurability([...segment, before, after]);
    expect(j.outcome).toBe('lost');
    expect(j.figures.at(-1)).toMatchObject({ value: 1, threshold: '= 3', ok: false });
    expect(j.reasons.join()).toContain(
      "data lost: 2 of 3 of the site's recordings under rec no longer read as before the load, their size and time unchanged; e.g. b (unreadable: EIO), c (content differs)",
    );
  });

  it("files the site removed or rewrote are noted, not judged; files unreadable before are not this run's; no read after: not compared", () => {
    const before = read('before', [file('a', 'h1'), file('b', 'h2'), file('c', null, { error: 'EIO' })]);
    const j = judgeSiteRecordings([before, read('after', [file('b', 'h9', { bytes: 200, mtimeMs: 5 })])])!;
    expect(j.lost).toBe(false);
    expect(j.figure.ok).toBeUndefined();
    expect(j.reasons.join()).toContain('1 removed and 1 changed by the site during the run (not compared)');
    expect(j.reasons.join()).toContain("1 of the site's files did not read whole before the load already");
    const open = judgeSiteRecordings([before])!;
    expect(open.figure.ok).toBeUndefined();
    expect(open.reasons[0]).toMatch(/read before the load, not after it: not compared/);
    expect(judgeDurability([...segment, before]).outcome).toBe('intact');
  });
});
