import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { checkCapacityTrend } from './capacity-trend';

const T = { minLeadSeconds: 10, horizonSeconds: 60 };

/** the warning reaches WeChat Work `receivedAfterMs` after it fired (null: no channel accepts it) */
function fillHistory(o: { warnAt?: number | null; exhaustAt?: number | null; receivedAfterMs?: number | null } = {}): HistoryEvent[] {
  const ev: HistoryEvent[] = [];
  const at = (wall: number, body: Record<string, unknown>) =>
    ev.push({ i: ev.length, wall, mono: wall, virt: wall, kind: String(body.kind), ...body } as HistoryEvent);
  at(0, { kind: 'run.start' });
  at(10_000, { kind: 'capacity.fill.start' });
  const warnAt = o.warnAt === undefined ? 60_000 : o.warnAt;
  const exhaustAt = o.exhaustAt === undefined ? 100_000 : o.exhaustAt;
  if (warnAt !== null)
    at(warnAt, { kind: 'ops.alert', alertname: 'CapacityExhaustionPredicted', node: 'cluster', state: 'firing', severity: 'warning' });
  const after = o.receivedAfterMs === undefined ? 1500 : o.receivedAfterMs;
  if (warnAt !== null) {
    const text = '[warning] CapacityExhaustionPredicted node:cluster status:firing 容量将在 60 秒内耗尽';
    at(warnAt + 1000, { kind: 'outside.arrival', channel: 'sms', accepted: false, status: 503, text, arrivedWall: warnAt + 1000 });
    if (after !== null)
      at(warnAt + after, { kind: 'outside.arrival', channel: 'wecom', accepted: true, status: 200, text, arrivedWall: warnAt + after });
  }
  if (exhaustAt !== null) at(exhaustAt, { kind: 'capacity.exhausted', reason: 'write failed: ENOSPC' });
  return ev.sort((a, b) => a.wall - b.wall);
}

describe('M3 capacity-trend warning', () => {
  it('PASSes when the warning comes well before exhaustion', () => {
    const v = checkCapacityTrend(fillHistory(), T);
    expect(v.status, v.reasons.join('; ')).toBe('PASS');
    expect(v.figures.find((f) => f.name === 'warning lead before exhaustion')?.value).toBe(40);
  });
  it('FAILs without a warning (the no-capacity-rule control)', () => {
    const v = checkCapacityTrend(fillHistory({ warnAt: null }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/no capacity warning/);
  });
  it('FAILs when the warning comes only at exhaustion, or after it', () => {
    expect(checkCapacityTrend(fillHistory({ warnAt: 95_000 }), T).status).toBe('FAIL');
    expect(checkCapacityTrend(fillHistory({ warnAt: 120_000 }), T).status).toBe('FAIL');
  });
  it('FAILs a warning that fired in time but reached no one, or reached its first channel too late', () => {
    const none = checkCapacityTrend(fillHistory({ receivedAfterMs: null }), T);
    expect(none.status).toBe('FAIL');
    expect(none.reasons.join(' ')).toMatch(/fired 40 s before exhaustion but no channel accepted it/);
    expect(none.figures.find((f) => f.name === 'warning lead before exhaustion')).toMatchObject({ value: 40, ok: true });
    // a message that only says it resolved is no warning received
    const resolvedOnly = fillHistory({ receivedAfterMs: null });
    resolvedOnly.push({
      ...resolvedOnly.at(-1)!,
      kind: 'outside.arrival',
      channel: 'wecom',
      accepted: true,
      status: 200,
      text: '[warning] CapacityExhaustionPredicted node:cluster status:resolved',
      arrivedWall: 62_000,
    } as HistoryEvent);
    expect(checkCapacityTrend(resolvedOnly, T).status).toBe('FAIL');
    const late = checkCapacityTrend(fillHistory({ receivedAfterMs: 35_000 }), T);
    expect(late.status).toBe('FAIL');
    expect(late.figures.find((f) => f.name === 'warning received before exhaustion')).toMatchObject({ value: 5, ok: false });
  });
  it('FAILs a warning that fired before any fill (it does not follow the trend)', () => {
    expect(checkCapacityTrend(fillHistory({ warnAt: 5_000 }), T).status).toBe('FAIL');
  });
  it('is INCONCLUSIVE when the cluster never filled up or was never filled', () => {
    expect(checkCapacityTrend(fillHistory({ exhaustAt: null }), T).status).toBe('INCONCLUSIVE');
    expect(
      checkCapacityTrend(
        fillHistory().filter((e) => e.kind !== 'capacity.fill.start'),
        T,
      ).status,
    ).toBe('INCONCLUSIVE');
  });
  it('property: PASS iff the warning follows the fill start and reaches a channel minLeadSeconds before exhaustion', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
        fc.integer({ min: 10_001, max: 200_000 }),
        (warnAt, exhaustAt) => {
          const v = checkCapacityTrend(fillHistory({ warnAt, exhaustAt }), T);
          // received 1.5 s after it fired (the fixture's WeChat Work)
          const expected = warnAt !== null && warnAt >= 10_000 && exhaustAt - warnAt - 1500 >= T.minLeadSeconds * 1000 ? 'PASS' : 'FAIL';
          expect(v.status).toBe(expected);
        },
      ),
      { seed: 9, numRuns: 200 },
    );
  });
});

describe('M3 exhaustion by a write stall', () => {
  it('counts from the last accepted write, not from the detection of the stall', () => {
    const ev = fillHistory({ warnAt: 80_000, exhaustAt: 100_000 }).map((e) =>
      e.kind === 'capacity.exhausted' ? { ...e, reason: 'writes stalled 15 s', atWall: 85_000 } : e,
    );
    const v = checkCapacityTrend(ev, T);
    expect(v.figures.find((f) => f.name === 'warning lead before exhaustion')?.value).toBe(5);
    expect(v.status).toBe('FAIL');
  });
});
