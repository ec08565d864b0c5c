import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { checkRedundancy } from './redundancy';

let i = 0;
const health = (s: number, endangered: number, undergoal = 0, missing = 0): HistoryEvent => ({
  i: i++,
  wall: 0,
  mono: s * 1000,
  virt: 0,
  kind: 'core.health',
  missing,
  endangered,
  undergoal,
  stable: 10,
  overgoal: 0,
});
const series = (pairs: [number, number][]) => pairs.map(([s, e]) => health(s, e));

describe('redundancy debt: chunks below goal for longer than a heal may take', () => {
  it('PASS when every span below goal ends within the bound', () => {
    const r = checkRedundancy(
      series([
        [0, 0],
        [10, 4],
        [100, 2],
        [150, 0],
        [200, 0],
      ]),
      { maxBelowGoalSeconds: 180 },
    );
    expect(r.status).toBe('PASS');
    expect(r.spans).toEqual([expect.objectContaining({ seconds: 140, open: false, carried: false })]);
    expect(r.belowGoalAtEndSeconds).toBe(0);
    expect(r.figures[0]).toMatchObject({ value: 140, ok: true, nature: 'measured' });
  });

  it('FAIL naming the endangered chunks when they stay below goal past the bound, even with no fault in the history', () => {
    const r = checkRedundancy(
      series([
        [0, 7],
        [60, 9],
        [120, 10],
        [250, 8],
      ]),
      { maxBelowGoalSeconds: 180 },
    );
    expect(r.status).toBe('FAIL');
    expect(r.reasons[0]).toMatch(/10 chunks endangered \(one copy\).* for 250 s \(bound 180 s\).*still below goal/);
    expect(r.belowGoalAtEndSeconds).toBe(250);
  });

  it('a debt carried from the day before counts from when it began: 100 s today after 120 s yesterday FAILs', () => {
    const today = series([
      [0, 7],
      [100, 7],
      [110, 0],
    ]);
    expect(checkRedundancy(today, { maxBelowGoalSeconds: 180 }).status).toBe('PASS');
    const carried = checkRedundancy(today, { maxBelowGoalSeconds: 180, carriedSeconds: 120 });
    expect(carried.status).toBe('FAIL');
    expect(carried.reasons[0]).toMatch(/for 230 s .*carried from before this history/);
  });

  it('missing chunks count as below goal and are named', () => {
    const r = checkRedundancy([health(0, 0, 0, 6), health(200, 0, 0, 6)], { maxBelowGoalSeconds: 180 });
    expect(r.status).toBe('FAIL');
    expect(r.reasons[0]).toMatch(/6 missing for 200 s/);
  });

  it('INCONCLUSIVE without any chunk-health observation', () => {
    const r = checkRedundancy([{ i: 0, wall: 0, mono: 0, virt: 0, kind: 'core.health.error', error: 'the master does not answer' }], {
      maxBelowGoalSeconds: 180,
    });
    expect(r.status).toBe('INCONCLUSIVE');
  });
});
