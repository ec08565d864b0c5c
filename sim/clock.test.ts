// waitAtMost: the bound the harness puts on waits a hung core could make endless.
import { describe, expect, it } from 'vitest';
import { CallTimeout, waitAtMost, withinMs } from './clock';

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

describe('withinMs', () => {
  it("a call's answer or its own error in time; a CallTimeout naming the call after the bound", async () => {
    expect(await withinMs(Promise.resolve(7), 50, 'inspect node1')).toBe(7);
    await expect(withinMs(Promise.reject(new Error('no such container')), 50, 'inspect node1')).rejects.toThrow('no such container');
    const t0 = performance.now();
    await expect(withinMs(new Promise(() => undefined), 80, 'pause node2')).rejects.toThrow(
      new CallTimeout('pause node2: no answer within 0.08 s'),
    );
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
