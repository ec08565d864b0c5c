import { describe, expect, it } from 'vitest';
import { resourcesBetween } from './resources';

const u = (name: string, cpuSeconds: number | null, rssBytes: number | null = 100) => ({
  name,
  role: name === 'master' ? ('master' as const) : ('storage' as const),
  startedAt: 't0',
  cpuSeconds,
  rssBytes,
  cacheBytes: 7,
});

describe('a node’s resources between two samples', () => {
  it('gives CPU as cores in use over the window and memory as at the second sample', () => {
    expect(resourcesBetween([u('master', 10), u('node1', 5)], [u('master', 11, 200), u('node1', 9)], 4)).toEqual([
      { name: 'master', role: 'master', cpuCores: 0.25, rssBytes: 200, cacheBytes: 7 },
      { name: 'node1', role: 'storage', cpuCores: 1, rssBytes: 100, cacheBytes: 7 },
    ]);
  });

  it('has no CPU figure for a node missing a sample, started again in between, or a window of no length', () => {
    expect(resourcesBetween([], [u('node1', 3)], 4)[0]!.cpuCores).toBeNull();
    expect(resourcesBetween([u('node1', 9)], [u('node1', 3)], 4)[0]!.cpuCores).toBeNull();
    expect(resourcesBetween([u('node1', null)], [u('node1', 3)], 4)[0]!.cpuCores).toBeNull();
    expect(resourcesBetween([u('node1', 1)], [u('node1', 3)], 0)[0]!.cpuCores).toBeNull();
    // started again with a counter already past the first sample's: still another process
    expect(resourcesBetween([u('node1', 1)], [{ ...u('node1', 50), startedAt: 't1' }], 4)[0]!.cpuCores).toBeNull();
  });
});
