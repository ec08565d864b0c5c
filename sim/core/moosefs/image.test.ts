import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { debianMirror, recipeTag, referenceRecipe } from './image';

function aptDir(files: Record<string, string>) {
  const d = mkdtempSync(join(tmpdir(), 'apt-'));
  mkdirSync(join(d, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('core image recipe', () => {
  it('tags by a hash of the recipe: same recipe same tag, any change a new tag', () => {
    const r = referenceRecipe();
    expect(recipeTag(r)).toBe(recipeTag({ ...r }));
    expect(recipeTag({ ...r, packages: [...r.packages, 'strace'] })).not.toBe(recipeTag(r));
    expect(recipeTag({ ...r, entrypoint: r.entrypoint + '\n' })).not.toBe(recipeTag(r));
    expect(recipeTag(r)).toMatch(/^accept-harness\/moosefs:amd64-[0-9a-f]{12}$/);
  });
  it('amd64 keeps the plain debootstrap recipe; arm64 is a chunkserver-only foreign build whose finishing script is hashed', () => {
    const amd = referenceRecipe('amd64');
    // the same four fields as before the foreign build existed: the amd64 tag did not move
    expect(Object.keys(amd)).toEqual(['suite', 'arch', 'packages', 'entrypoint']);
    const arm = referenceRecipe('arm64');
    expect(arm.packages).toEqual(['moosefs-chunkserver', 'procps', 'iproute2']);
    expect(arm.foreignFinish).toMatch(/^#!\/bin\/sh/);
    expect(arm.entrypoint).toBe(amd.entrypoint);
    expect(recipeTag(arm)).toMatch(/^accept-harness\/moosefs:arm64-[0-9a-f]{12}$/);
    expect(recipeTag({ ...arm, foreignFinish: arm.foreignFinish + '\n' })).not.toBe(recipeTag(arm));
    expect(recipeTag({ ...arm, foreignFinish: undefined })).not.toBe(recipeTag(arm));
  });
  it('reads the mirror from deb822 sources, skipping other suites and disabled stanzas', () => {
    const d = aptDir({
      'sources.list.d/a.sources':
        'Types: deb\nURIs: http://sec.example/debian-security\nSuites: bookworm-security\nComponents: main\n\nTypes: deb\nURIs: http://off.example/debian\nSuites: bookworm\nComponents: main\nEnabled: no\n\nTypes: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main contrib\n',
    });
    expect(debianMirror('bookworm', d)).toBe('http://mirror.example/debian');
  });
  it('reads one-line sources.list and fails clearly when nothing fits', () => {
    expect(debianMirror('bookworm', aptDir({ 'sources.list': '# c\ndeb [arch=amd64] http://one.example/debian bookworm main\n' }))).toBe(
      'http://one.example/debian',
    );
    expect(() => debianMirror('bookworm', aptDir({ 'sources.list': 'deb http://x.example/debian bullseye main\n' }))).toThrow(
      /no Debian 'bookworm main' source/,
    );
  });
});
