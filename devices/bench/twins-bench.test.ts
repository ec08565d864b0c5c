import { describe, it, expect } from 'vitest';
import { runTwinsBench } from './run-bench';

describe('twins benchmark', () => {
  it('simulates 10 nodes x 48 disks for 90 virtual days within 10 wall seconds', () => {
    const r = runTwinsBench({ seed: 'bench-test' });
    expect(r.disks).toBe(480);
    expect(r.wallSeconds).toBeLessThanOrEqual(10);
    // every disk aged: 90 days of power-on time shows up in the grades being computed
    expect(Object.values(r.grades).reduce((a, b) => a + b, 0)).toBe(480);
  }, 30_000);
});
