import { describe, expect, it } from 'vitest';
import { freshShared } from './fresh-shared';

/** a fn whose runs the test ends one by one; each run's answer is its number */
function controlled() {
  const runs: { n: number; end: (ok: boolean) => void }[] = [];
  const fn = () =>
    new Promise<number>((resolve, reject) => {
      const n = runs.length + 1;
      runs.push({ n, end: (ok) => (ok ? resolve(n) : reject(new Error(`run ${n} failed`))) });
    });
  return { runs, fn };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('calls that overlap share one fresh run', () => {
  it('callers during a run share the next run, which starts only after the one in flight ends', async () => {
    const { runs, fn } = controlled();
    const call = freshShared(fn);
    const first = call();
    const second = call();
    const third = call();
    await tick();
    expect(runs.length).toBe(1);
    runs[0]!.end(true);
    expect(await first).toBe(1);
    await tick();
    expect(runs.length).toBe(2);
    runs[1]!.end(true);
    expect([await second, await third]).toEqual([2, 2]);
    // idle again: a call starts its own run at once
    const fourth = call();
    expect(runs.length).toBe(3);
    runs[2]!.end(true);
    expect(await fourth).toBe(3);
  });

  it('a failed run fails only its own callers; the waiting ones get the next run', async () => {
    const { runs, fn } = controlled();
    const call = freshShared(fn);
    const first = call();
    const second = call();
    runs[0]!.end(false);
    await expect(first).rejects.toThrow('run 1 failed');
    await tick();
    runs[1]!.end(true);
    expect(await second).toBe(2);
  });
});
