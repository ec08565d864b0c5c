import { describe, expect, it } from 'vitest';
import { threadCpu, threadTicks } from './sides';

describe("the harness side's CPU by thread group", () => {
  it('splits the ticks between two snapshots into the main thread, the writers and the rest, per GB; a thread started in between counts from zero', () => {
    const from = new Map([
      [process.pid, { user: 100, system: 10 }],
      [11, { user: 5, system: 5 }],
      [12, { user: 0, system: 0 }],
    ]);
    const to = new Map([
      [process.pid, { user: 150, system: 20 }],
      [11, { user: 25, system: 105 }],
      [12, { user: 10, system: 0 }],
      [13, { user: 4, system: 6 }],
    ]);
    const t = threadCpu(from, to, new Set([11, 13]), 2);
    // 100 ticks a second, over 2 GB
    expect(t.main).toEqual({ user: 0.25, system: 0.05 });
    expect(t.writers.user).toBeCloseTo(0.12);
    expect(t.writers.system).toBeCloseTo(0.53);
    expect(t.other).toEqual({ user: 0.05, system: 0 });
  });

  it("reads this process's threads, the main one among them", () => {
    const now = threadTicks();
    expect(now.has(process.pid)).toBe(true);
    for (const t of now.values()) expect(t.user + t.system).toBeGreaterThanOrEqual(0);
  });
});
