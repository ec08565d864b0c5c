// A global sync(2) flushes every filesystem on the host, the bays of clusters that other tests
// run beside it included: it emptied the unsynced-chunks control's power cut of what it shows
// lost (CI, 2026-12-07). Code that runs beside a cluster flushes only its own bays (syncBays).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/paths';

/** benches run alone on the machine: their host-wide flush disturbs no other run */
const ALONE = /^sim\/bench\//;

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.(ts|mjs|sh|py)$/.test(e.name)) out.push(relative(REPO_ROOT, p));
  }
  return out;
}

/** `run('sync', [])`, `execFileSync('sync')`, a shell line that is a bare `sync` */
export const globalSyncs = (text: string): string[] =>
  text.split('\n').filter((l) => /\(\s*['"]sync['"]\s*(,\s*\[\s*\]|\))/.test(l) || /^\s*sync\s*(;|&&|$)/.test(l));

describe('no global sync beside a cluster', () => {
  it('finds the shapes it forbids, and not a syncfs of named bays', () => {
    expect(globalSyncs(`await run('sync', [], { timeoutMs });`)).toHaveLength(1);
    expect(globalSyncs(`execFileSync("sync")`)).toHaveLength(1);
    expect(globalSyncs(`  sync\n  sync && echo done`)).toHaveLength(2);
    expect(globalSyncs(`run('sync', ['-f', ...bays.map((b) => b.mountPoint)])`)).toHaveLength(0);
    expect(globalSyncs(`// sync the bays first\nconst synced = await syncBays(bays);`)).toHaveLength(0);
  });

  it('no source outside the benches flushes the whole host', () => {
    const files = sources(REPO_ROOT).filter((f) => !ALONE.test(f) && !f.endsWith('no-global-sync.test.ts'));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => globalSyncs(readFileSync(join(REPO_ROOT, f), 'utf8')).map((l) => `${f}: ${l.trim()}`));
    expect(found).toEqual([]);
  });
});
