import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { debianMirror, tagOf } from './image-build';

function aptDir(files: Record<string, string>) {
  const d = mkdtempSync(join(tmpdir(), 'apt-'));
  mkdirSync(join(d, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe("core images: the machine's Debian mirror and the tags", () => {
  it('tags by the repository and a hash of the recipe', () => {
    const r = { suite: 'bookworm', arch: 'amd64', packages: ['a'], entrypoint: '#!/bin/sh\n' };
    expect(tagOf('accept-harness/x', r)).toMatch(/^accept-harness\/x:amd64-[0-9a-f]{12}$/);
    expect(tagOf('accept-harness/y', r).split(':')[1]).toBe(tagOf('accept-harness/x', r).split(':')[1]);
    expect(tagOf('accept-harness/x', { ...r, packages: ['b'] })).not.toBe(tagOf('accept-harness/x', r));
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
