import { describe, expect, it } from 'vitest';
import type { DayRecord } from '../acceptance/trial/ledger';
import { capacityTrend, fieldDaysTable } from './field-trial-days';

const GIB = 2 ** 30;
const day = (n: number, usedGiB?: number, o: { unchecked?: true; totalGiB?: number } = {}): DayRecord =>
  ({
    day: n,
    virtualDate: `2026-12-${String(n).padStart(2, '0')}`,
    observations:
      usedGiB === undefined ? {} : { 'field.mountUsedBytes': usedGiB * GIB, 'field.mountTotalBytes': (o.totalGiB ?? 1000) * GIB },
    ...(o.unchecked ? { unchecked: true } : {}),
  }) as DayRecord;

describe("a field trial's capacity trend", () => {
  it('bytes a day from the first to the last checked day that measured the mount, and the days until full at that rate', () => {
    // day 2 unchecked, day 3 checked without a reading: neither is looked at; 100 -> 130 GiB over days 1..4
    const t = capacityTrend([day(1, 100), day(2, undefined, { unchecked: true }), day(3), day(4, 130)]);
    expect(t).toMatchObject({ firstDay: 1, lastDay: 4, perDay: 10 * GIB });
    expect(t.daysToFull).toBeCloseTo(87, 6); // (1000 - 130) / 10
  });

  it('no trend from fewer than two readings; no days-to-full when the use did not grow', () => {
    expect(capacityTrend([day(1, 100)])).toMatchObject({ perDay: null, daysToFull: null });
    expect(capacityTrend([day(1, 100), day(2, 100, { unchecked: true })])).toMatchObject({ perDay: null });
    expect(capacityTrend([day(1, 100), day(3, 90)])).toMatchObject({ perDay: -5 * GIB, daysToFull: null });
  });

  it('the report says it, in each language', () => {
    const days = [day(1, 100), day(4, 130)];
    expect(fieldDaysTable(days, { daysRun: 4 }, new Map(), 'en')).toContain(
      'Capacity trend: 10 GiB a day on average from day 1 to day 4; full in about 87 days at that rate.',
    );
    expect(fieldDaysTable(days, { daysRun: 4 }, new Map(), 'zh')).toContain(
      '容量趋势：第 1 日至第 4 日平均每日变化 10 GiB，按此速度约 87 日后写满。',
    );
    expect(fieldDaysTable([day(1, 100)], { daysRun: 1 }, new Map(), 'en')).toContain('fewer than two checked days, no trend yet');
  });
});
