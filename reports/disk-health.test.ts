// T11 report and M7 export from a history: every named attribute shown (or flagged as not
// given by the vendor API), the grade by the written rules, the CSV readable by a spreadsheet.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../sim/history';
import { diskDossiers, diskHealthHtml, faultySlotsCsv, faultySlotsHtml } from './disk-health';

let i = 0;
const check = (round: string, attrs: Record<number, number>, serial = 'TW1'): HistoryEvent => ({
  i: i++,
  wall: 1,
  mono: i,
  virt: 0,
  kind: 'disk.check',
  round,
  check: round === 'deep' ? 'deep' : 'basic',
  node: 'node1',
  slot: 4,
  serial,
  model: 'TWIN-HDD',
  twinVirtualMs: Date.UTC(2025, 0, 1) + i * 86_400_000,
  responding: true,
  smartPassed: true,
  attributes: attrs,
  missing: [],
  grade: null,
  reportedGrade: 'faulty',
});
const full = (realloc: number) => ({ 1: 0, 5: realloc, 9: 200, 12: 2, 174: 1, 191: 3, 194: 31, 197: 0, 198: 0, 199: 0 });

describe('disk health report', () => {
  const events = [check('day-1', full(0)), check('day-2', full(10)), check('deep', full(250))];
  it('shows the T11 attributes, the grade, the history and a trend chart', () => {
    const [d] = diskDossiers(events);
    expect(d!.checks).toHaveLength(3);
    const html = diskHealthHtml([d!], { lang: 'zh', runId: 'r1', accel: 1000, generatedAt: 0 });
    for (const t of [
      '原始数据读取错误率',
      '上电时间',
      '上电次数计数',
      '意外断电计数',
      '重映射扇区数',
      '磁盘振动',
      '故障',
      '体检历史',
      '<svg',
    ])
      expect(html).toContain(t);
    expect(html).toContain('R3: attribute 5 = 250 &gt;= 200');
    const en = diskHealthHtml([d!], { lang: 'en', runId: 'r1', accel: 1000, generatedAt: 0 });
    expect(en).toContain('raw read error rate');
  });
  it('flags an attribute the vendor API did not give', () => {
    const { 174: _gone, ...rest } = full(0);
    const [d] = diskDossiers([check('deep', rest, 'TW2')]);
    expect(diskHealthHtml([d!], { lang: 'zh', runId: 'r1', accel: null, generatedAt: 0 })).toContain('接口未提供');
  });
});

describe('faulty-slot export', () => {
  const rows = [
    {
      node: 'node1',
      slot: 21,
      serial: 'TW0D5',
      label: 'Slot 21 (row 2, column 10)',
      row: 2,
      column: 10,
      rack: 'R01',
      uFrom: 1,
      uTo: 4,
      health: 'Critical',
    },
  ];
  it('writes a CSV with a BOM, a bilingual header and quoted labels', () => {
    const csv = faultySlotsCsv(rows);
    expect(csv.startsWith('\ufeff机柜 rack,U位 units')).toBe(true);
    expect(csv).toContain('R01,U1-U4,node1,21,2,10,"Slot 21 (row 2, column 10)",TW0D5,Critical');
  });
  it('prints the same positions', () => {
    expect(faultySlotsHtml(rows, { lang: 'zh', runId: 'r1', accel: null, generatedAt: 0 })).toContain(
      '<td>R01</td><td>U1–U4</td><td>node1</td><td>21</td>',
    );
  });
});
