import { describe, it, expect } from 'vitest';
import { runTwinsBench } from './run-bench';

describe('twins benchmark', () => {
  it('ages every one of 10 nodes x 48 disks through 90 virtual days (the timing is `npm run bench:twins`, not a test)', () => {
    const r = runTwinsBench({ seed: 'bench-test' });
    expect(r.disks).toBe(480);
    // every disk aged: 90 days of power-on time shows up in the grades being computed
    expect(Object.values(r.grades).reduce((a, b) => a + b, 0)).toBe(480);
  }, 30_000);
});
