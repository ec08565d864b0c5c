// The watch after a retention change: a fixed window, then on while the folder's use still
// falls, never past its bound. The core is scripted here: what is tested is when the watch ends.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunClock } from '../clock';
import type { StorageCore } from '../core/adapter';
import { HistoryWriter, readHistory } from '../history';
import { watchUsage } from './quota-steps';

/** a folder whose length is read from `lengths` in turn (the last one repeated) */
function scripted(lengths: number[]) {
  let n = 0;
  const cluster = {
    folderUsage: async () => ({ lengthBytes: lengths[Math.min(n++, lengths.length - 1)]!, quotaBytes: null }),
    nodeStates: async () => [],
  } as unknown as StorageCore;
  const path = join(mkdtempSync(join(tmpdir(), 'quota-watch-')), 'history.jsonl');
  const history = new HistoryWriter(path, new RunClock());
  const logs: string[] = [];
  return { deps: { cluster, history, folder: '/rec', log: (m: string) => logs.push(m) }, path, logs, history };
}

const samples = (path: string) =>
  readHistory(path)
    .events.filter((e) => e.kind === 'quota.usage')
    .map((e) => e.lengthBytes);

describe('watchUsage', () => {
  it('ends after its window when the use stopped falling: one sample above the least is allowed, two end it', async () => {
    const s = scripted([100, 60, 70, 80, 90, 50]);
    await watchUsage('shorten', 1, s.deps, undefined, { atMost: 10 });
    s.history.close();
    // 60 is the least at 1 s; 70 (one above) goes on, 80 (two above) ends it: 50 never read
    expect(samples(s.path)).toEqual([100, 60, 70, 80]);
    expect(s.logs.join('\n')).toMatch(/watched [\d.]+ s \(at most 10 s\): the folder's use still falling after 1 s/);
  });

  it('goes on while the use falls, but not past its bound', async () => {
    const s = scripted([100, 90, 80, 70, 60, 50, 40, 30]);
    const t0 = Date.now();
    await watchUsage('shorten', 1, s.deps, undefined, { atMost: 3 });
    s.history.close();
    expect((Date.now() - t0) / 1000).toBeLessThan(5);
    const seen = samples(s.path);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.length).toBeLessThanOrEqual(4);
    expect(seen).toEqual([100, 90, 80, 70].slice(0, seen.length));
  });

  it('goes on while the deleter is behind, though the use has stopped falling', async () => {
    const s = scripted([100, 60, 70, 80, 90, 95, 96]);
    let behind = 3;
    await watchUsage('shorten', 1, s.deps, undefined, { atMost: 10, behind: () => Math.max(0, behind--) });
    s.history.close();
    // behind 3, 2, 1 after the window's samples: on through 80 and 90, then 0 behind and two above the least
    expect(samples(s.path).length).toBeGreaterThanOrEqual(4);
    expect(s.logs.join('\n')).toMatch(/the deleter still 3 recordings behind after 1 s/);
  });

  it('without a bound beyond its window, it watches the window only', async () => {
    const s = scripted([100, 90, 80, 70, 60]);
    await watchUsage('quota', 1, s.deps);
    s.history.close();
    expect(samples(s.path)).toEqual([100]);
    expect(s.logs).toEqual([]);
  });
});
