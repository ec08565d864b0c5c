// waitAtMost: the bound the harness puts on waits a hung core could make endless.
import { describe, expect, it } from 'vitest';
import { waitAtMost } from './clock';

describe('waitAtMost', () => {
  it('true for a promise that resolves or rejects in time, false for one that never settles, after about the bound', async () => {
    expect(await waitAtMost(Promise.resolve(1), 50)).toBe(true);
    expect(await waitAtMost(Promise.reject(new Error('x')), 50)).toBe(true);
    const t0 = performance.now();
    expect(await waitAtMost(new Promise(() => undefined), 80)).toBe(false);
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(75);
    expect(ms).toBeLessThan(1000);
    expect(await waitAtMost(new Promise((r) => setTimeout(r, 10)), Number.POSITIVE_INFINITY)).toBe(true);
  });
});
