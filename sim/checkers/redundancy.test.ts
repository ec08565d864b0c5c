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

  it("missing chunks the core named only in writes never acknowledged are T6's to excuse here too, from the stretch the naming covers", () => {
    const ev = (s: number, body: Record<string, unknown>): HistoryEvent =>
      ({ i: i++, wall: 0, mono: s * 1000, virt: 0, ...body }) as HistoryEvent;
    const failed = ev(5, { kind: 'segment.write', outcome: 'fail', path: '/cam001/a.seg' });
    const acked = ev(6, { kind: 'segment.write', outcome: 'ok', path: '/cam001/b.seg' });
    // a master hang at 10 s: 2 chunks missing from 20 s to the end of the day (300 s), named at 215 s
    const day = (named: [string, number[]][], missingFrom20 = 2) =>
      [
        failed,
        acked,
        ev(9, { kind: 'core.health', faultId: 'f1', when: 'before', missing: 0, endangered: 0, undergoal: 0 }),
        health(0, 0),
        ...[20, 60, 120, 214, 250, 300].map((t) => health(t, 0, 0, missingFrom20)),
        ev(215, { kind: 'core.files-without-copy', faultId: 'f1', seconds: 1, files: named.map(([path, chunks]) => ({ path, chunks })) }),
      ].sort((a, b) => a.mono - b.mono);
    expect(checkRedundancy(day([['/cam001/a.seg', [0, 1]]]), { maxBelowGoalSeconds: 180 }).status).toBe('PASS');
    // an acknowledged recording named too: nothing excused
    const acknowledged = checkRedundancy(
      day([
        ['/cam001/a.seg', [0]],
        ['/cam001/b.seg', [0]],
      ]),
      { maxBelowGoalSeconds: 180 },
    );
    expect(acknowledged.status).toBe('FAIL');
    expect(acknowledged.reasons[0]).toMatch(/2 missing for 280 s/);
    // one chunk more missing than named: that one is debt
    expect(checkRedundancy(day([['/cam001/a.seg', [0, 1]]], 3), { maxBelowGoalSeconds: 180 }).reasons[0]).toMatch(/1 missing for 280 s/);
    // the named chunks gone (their file deleted), then as many acknowledged ones lost: the excuse ended with the change
    const swapped = [
      ...day([['/cam001/a.seg', [0, 1]]]).filter((e) => !(e.kind === 'core.health' && e.mono >= 250_000)),
      health(250, 0, 0, 0),
      ...[260, 300, 400, 500].map((t) => health(t, 0, 0, 2)),
    ].sort((a, b) => a.mono - b.mono);
    const lost = checkRedundancy(swapped, { maxBelowGoalSeconds: 180 });
    expect(lost.status).toBe('FAIL');
    expect(lost.reasons[0]).toMatch(/2 missing for 240 s/);
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
