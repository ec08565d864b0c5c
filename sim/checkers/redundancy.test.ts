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

  it('INCONCLUSIVE, not PASS, when the observations stop while chunks are below goal, or leave a hole longer than the bound', () => {
    const stop = (s: number): HistoryEvent => ({ i: i++, wall: 0, mono: s * 1000, virt: 0, kind: 'load.stop' }) as HistoryEvent;
    // endangered from 10 s, last seen at 60 s, the day goes on to 400 s: the heal was never seen
    const stopped = checkRedundancy(
      [
        ...series([
          [0, 0],
          [10, 4],
          [60, 4],
        ]),
        stop(400),
      ],
      { maxBelowGoalSeconds: 180 },
    );
    expect(stopped.status).toBe('INCONCLUSIVE');
    expect(stopped.reasons[0]).toMatch(/below goal for 50 s at the last observation, 340 s before the end, and not observed since/);
    // at goal at both ends, 300 s without a look between
    const hole = checkRedundancy(
      [
        ...series([
          [0, 0],
          [300, 0],
          [310, 0],
        ]),
        stop(311),
      ],
      { maxBelowGoalSeconds: 180 },
    );
    expect(hole.status).toBe('INCONCLUSIVE');
    expect(hole.figures.find((f) => f.name === 'longest time without a chunk-health observation')).toMatchObject({ value: 300, ok: false });
    // one look at the start, none after
    expect(checkRedundancy([health(0, 0), stop(500)], { maxBelowGoalSeconds: 180 }).status).toBe('INCONCLUSIVE');
    // observed to the end: judged as before
    expect(
      checkRedundancy(
        [
          ...series([
            [0, 0],
            [10, 4],
            [60, 0],
            [170, 0],
          ]),
          stop(171),
        ],
        { maxBelowGoalSeconds: 180 },
      ).status,
    ).toBe('PASS');
  });

  it('INCONCLUSIVE without any chunk-health observation', () => {
    const r = checkRedundancy([{ i: 0, wall: 0, mono: 0, virt: 0, kind: 'core.health.error', error: 'the master does not answer' }], {
      maxBelowGoalSeconds: 180,
    });
    expect(r.status).toBe('INCONCLUSIVE');
  });
});
