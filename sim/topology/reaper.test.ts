// Who owns a run folder, as a sweep reads it while other runs start and end beside it.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OWNER_FILE, ownerOf } from './reaper';

const root = mkdtempSync(join(tmpdir(), 'reaper-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the owner of a run folder', () => {
  it('is the pid written in it; a folder being claimed or already removed is not to be reaped now', () => {
    const owned = join(root, 'owned');
    mkdirSync(owned);
    writeFileSync(join(owned, OWNER_FILE), '4242\n');
    expect(ownerOf(join(owned, OWNER_FILE))).toBe(4242);
    // made a moment ago, its owner file not written yet
    const claiming = join(root, 'claiming');
    mkdirSync(claiming);
    expect(ownerOf(join(claiming, OWNER_FILE))).toBe('busy');
    // an old folder that never got one (its run died before writing it)
    const old = join(root, 'old');
    mkdirSync(old);
    utimesSync(old, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    expect(ownerOf(join(old, OWNER_FILE))).toBe(-1);
    // removed by its owner between the listing and the read
    expect(ownerOf(join(root, 'gone', OWNER_FILE))).toBe('busy');
  });
});
