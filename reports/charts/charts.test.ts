// Chart data comes from the history alone; a chart without data is omitted with a
// sentence, never drawn from made-up numbers.
import { describe, expect, it } from 'vitest';
import type { EventKind, HistoryEvent } from '../../sim/history';
import { runCharts, selfHealChart, smartTrendChart } from './charts';
import { smartTrendsFromHistory } from './smart-trends';
import { copiesPerNode, faultTimelines, timeMarkers, writeBuckets } from './series';
import { diskHealthChart, trialCalendarChart } from './trial-charts';
import { emptyLedger, ledgerStep, type DayRecord } from '../../acceptance/trial/ledger';

let i = 0;
const ev = (mono: number, kind: EventKind, body: Record<string, unknown> = {}): HistoryEvent =>
  ({ i: i++, wall: 1_700_000_000_000 + mono, mono, virt: 0, kind, ...body }) as HistoryEvent;

function history(withFault: boolean): HistoryEvent[] {
  i = 0;
  const e: HistoryEvent[] = [
    ev(0, 'run.start'),
    ev(1, 'topology.up', {
      nodes: [
        { name: 'node1', address: '10.0.0.1' },
        { name: 'node2', address: '10.0.0.2' },
      ],
    }),
    ev(2, 'load.start', { segmentBytes: 1_000_000 }),
  ];
  for (let k = 0; k < 20; k++)
    e.push(
      ev(1000 + k * 500, 'segment.write', {
        outcome: k === 7 ? 'fail' : 'ok',
        startMono: 1000 + k * 500,
        latencyMs: k === 7 ? 3000 : 100 + k,
        bytes: 1_000_000,
      }),
    );
  e.push(ev(5000, 'scaleout.add', { node: 'node3' }), ev(5200, 'scaleout.powered', { node: 'node3', address: '10.0.0.3' }));
  for (let k = 0; k < 6; k++)
    e.push(
      ev(12_000 + k, 'core.placement', {
        ackMono: k < 3 ? 2000 : 8000,
        chunks: [{ copies: k < 3 ? ['10.0.0.1', '10.0.0.2'] : ['10.0.0.3', '10.0.0.1'] }],
      }),
    );
  if (withFault) {
    e.push(
      ev(6000, 'fault.start', { id: 'f1', fault: 'crash:kill9', target: 'node2' }),
      ev(6100, 'heal.by', { id: 'f1', mechanism: 'restart-policy' }),
      ev(9000, 'fault.end', { id: 'f1', recovered: true }),
    );
    e.push(
      ev(9500, 'fault.start', { id: 'f2', fault: 'disk-pull', node: 'node1', slot: 4 }),
      ev(9600, 'fault.cleanup', { id: 'f2', action: 'harness' }),
    );
  }
  return e.sort((a, b) => a.mono - b.mono);
}

describe('chart data from the history', () => {
  it('buckets throughput and latency by acknowledgement time, counting failed writes apart', () => {
    const b = writeBuckets(history(false), 2);
    expect(b[0]!.tS).toBe(0);
    const total = b.reduce((s, x) => s + x.writes, 0);
    expect(total).toBe(19);
    expect(b.reduce((s, x) => s + x.errors, 0)).toBe(1);
    // 4 writes of 1 MB acknowledged in [2, 4) s = 16 Mbit/s
    expect(b.find((x) => x.tS === 2)!.mbps).toBeCloseTo(16, 5);
  });

  it('splits chunk copies per node at the scale-out and names the new node', () => {
    const c = copiesPerNode(history(false));
    expect(c).toEqual([
      { node: 'node1', address: '10.0.0.1', before: 3, after: 3, added: false },
      { node: 'node2', address: '10.0.0.2', before: 3, after: 0, added: false },
      { node: 'node3', address: '10.0.0.3', before: 0, after: 3, added: true },
    ]);
  });

  it('pairs fault.start and fault.end by id into windows; an unfinished fault is an instant', () => {
    const m = timeMarkers(history(true));
    expect(m.map((x) => [x.kind, x.tS, x.toS])).toEqual([
      ['scaleout.add', 5, undefined],
      ['scaleout.powered', 5.2, undefined],
      ['fault', 6, 9],
      ['fault', 9.5, undefined],
    ]);
    expect(m.slice(0, 2).map((x) => x.label.en)).toEqual(['scale-out: add node3', 'new node up 10.0.0.3']);
  });

  it('labels a node the operator connected by what each moment is: its BMC showing On, then the core listing it', () => {
    i = 0;
    const m = timeMarkers([
      ev(5000, 'scaleout.add', { node: 'node4', mode: 'operator' }),
      ev(5300, 'scaleout.powered', { node: 'node4', address: '10.0.0.9' }),
    ]);
    expect(m.map((x) => x.label.en)).toEqual(['scale-out: node4 powered on (its BMC shows On)', 'the core lists the new node 10.0.0.9']);
    expect(m.map((x) => x.label.zh)).toEqual(['扩容：node4 上电（BMC 显示 On）', '存储核心列出新节点 10.0.0.9']);
  });

  it('builds a timeline per fault with its heal, the harness stepping in, and the end', () => {
    const t = faultTimelines(history(true));
    expect(t).toHaveLength(2);
    expect(t[0]).toMatchObject({ id: 'f1', endS: 3, recovered: true });
    expect(t[0]!.milestones.map((m) => m.kind)).toEqual(['heal', 'end']);
    expect(t[1]).toMatchObject({ id: 'f2', endS: null, recovered: null, what: 'disk-pull node1 slot 4' });
    expect(t[1]!.milestones.map((m) => m.kind)).toEqual(['cleanup']);
  });

  it('omits the self-heal chart with a sentence when no fault happened, and draws it when one did', () => {
    const none = selfHealChart(history(false), 'zh', { thresholdS: 180 });
    expect(none.svg).toBeNull();
    expect(none.omitted!.zh).toMatch(/未注入节点崩溃、挂起或断电故障/);
    const some = selfHealChart(history(true), 'zh', { thresholdS: 180 });
    expect(some.svg).toMatch(/^<svg/);
    expect(some.svg).toContain('合同阈值 180 秒');
    expect(some.notes.join()).not.toBe('');
  });

  it('renders every run chart as SVG with Chinese labels first, English on request', () => {
    const zh = runCharts(history(true), 'zh', { selfHealThresholdS: 180 });
    expect(zh.map((c) => [c.id, c.svg !== null])).toEqual([
      ['write-throughput', true],
      ['write-latency', true],
      ['self-heal', true],
      ['scaleout-distribution', true],
      ['smart-trends', false],
    ]);
    expect(zh[0]!.svg).toContain('运行时间（秒）');
    expect(runCharts(history(true), 'en')[0]!.svg).toContain('run time (s)');
    expect(runCharts([], 'zh').every((c) => c.svg === null && c.omitted)).toBe(true);
  });

  it('titles the placement chart by what happened: before/after only when a node was added', () => {
    const withAdd = runCharts(history(true), 'zh').find((c) => c.id === 'scaleout-distribution')!;
    expect(withAdd.title.zh).toBe('扩容前后数据块副本在各节点的分布');
    expect(withAdd.svg).toContain('扩容后写入的录像');
    const noAdd = runCharts(
      history(true).filter((x) => x.kind !== 'scaleout.add'),
      'en',
    ).find((c) => c.id === 'scaleout-distribution')!;
    expect(noAdd.title.en).toBe('Chunk copies of the acknowledged segments per node');
    expect(noAdd.svg).not.toContain('before the add');
    expect(noAdd.notes.map((n) => n.en).join(' ')).toContain('no node was added');
  });

  it('falls back to the load spec only when every write says 0 bytes, and says so', () => {
    const e = history(false).map((x) => (x.kind === 'segment.write' ? { ...x, bytes: 0 } : x));
    const [tp] = runCharts(e, 'zh');
    expect(tp!.notes.some((n) => /负载规格/.test(n.zh))).toBe(true);
    const [tpOk] = runCharts(history(false), 'zh');
    expect(tpOk!.notes.some((n) => /负载规格/.test(n.zh))).toBe(false);
  });

  it('draws SMART trends only from given twin data, marked simulated with the acceleration', () => {
    expect(smartTrendChart(null, 'zh').svg).toBeNull();
    const c = smartTrendChart(
      {
        accel: 86400,
        disks: [
          {
            node: 'node1',
            slot: 2,
            serial: 'TW1',
            grade: 'faulty',
            points: [
              { day: 1, temperatureC: 33, reallocated: 0, pending: 0, offlineUncorrectable: 0, gSense: 0 },
              { day: 2, temperatureC: 34, reallocated: 5, pending: 1, offlineUncorrectable: 0, gSense: 0 },
            ],
          },
        ],
      },
      'zh',
    );
    expect(c.svg).toMatch(/^<svg/);
    expect(c.nature).toBe('simulated');
    expect(c.notes[0]!.zh).toContain('加速 86,400 倍');
    expect(c.svg).toContain('振动（191 G-Sense 事件数）');
    // a trial whose disks never reached the problem grade says so
    expect(smartTrendChart({ accel: 1000, disks: [] }, 'zh').omitted!.zh).toMatch(/没有硬盘达到问题分级/);
  });

  it('draws the SMART trends of a run from its history: the disks with a defect, a failure or a grade other than healthy', () => {
    i = 0;
    const DAY = 86_400_000;
    const v0 = Date.UTC(2026, 0, 1);
    const attrs = (day: number, bad: number) => ({
      1: 0,
      5: bad,
      9: 100 + day * 24,
      12: 3,
      174: 0,
      191: day,
      194: 30 + day / 10,
      197: 0,
      198: 0,
      199: 0,
    });
    const e: HistoryEvent[] = [ev(0, 'run.start')];
    const disks = [
      { node: 'node1', slot: 1, serial: 'TWA' },
      { node: 'node1', slot: 2, serial: 'TWB' },
      { node: 'node2', slot: 1, serial: 'TWC' },
      { node: 'node2', slot: 2, serial: 'TWD' },
    ];
    for (let day = 1; day <= 3; day++) {
      for (const d of disks)
        e.push(
          ev(day * 10, 'disk.check', {
            round: `day-${day}`,
            check: 'basic',
            ...d,
            twinVirtualMs: v0 + day * DAY,
            responding: true,
            smartPassed: true,
            attributes: attrs(day, d.serial === 'TWB' ? day : 0),
            missing: [],
            grade: 'healthy',
          }),
        );
    }
    e.push(ev(40, 'disk.aging', { virtualDays: 3, wallSeconds: 1.5, accel: 172_800, deaths: ['node2/2'], nature: 'simulated' }));
    e.push(ev(41, 'disk.defect', { node: 'node1', slot: 1, serial: 'TWA', defect: { reallocated: 300 }, nature: 'simulated' }));
    const grades: Record<string, string> = { TWA: 'faulty', TWB: 'sub-healthy', TWC: 'healthy' };
    for (const d of disks.slice(0, 3))
      e.push(
        ev(50, 'disk.check', {
          round: 'deep',
          check: 'deep',
          ...d,
          twinVirtualMs: v0 + 3 * DAY + 3_600_000,
          responding: true,
          smartPassed: true,
          attributes: attrs(3, d.serial === 'TWA' ? 300 : d.serial === 'TWB' ? 3 : 0),
          missing: [],
          grade: grades[d.serial],
          reportedGrade: grades[d.serial],
        }),
      );
    for (const d of disks)
      e.push(
        ev(60, 'disk.trend', {
          ...d,
          points: [1, 2, 3].map((day) => ({
            atMs: v0 + day * DAY,
            temperatureC: 31,
            reallocated: 0,
            pending: 0,
            offlineUncorrectable: 0,
            gSense: day,
          })),
          nature: 'simulated',
        }),
      );

    const { input, why } = smartTrendsFromHistory(e);
    expect(why).toBeNull();
    // faulty first, then sub-healthy; the healthy disk is not involved; the dead one is (its checks, then the twin's samples)
    expect(input!.disks.map((d) => [d.serial, d.grade])).toEqual([
      ['TWA', 'faulty'],
      ['TWD', 'faulty'],
      ['TWB', 'sub-healthy'],
    ]);
    expect(input).toMatchObject({ accel: 172_800, axis: 'ageing', checkedDisks: 4 });
    const a = input!.disks[0]!;
    expect(a.points.map((p) => p.day)).toEqual([1, 2, 3, 3.04]);
    // the injected defect shows in the deep check read through the BMC, after the last daily sample
    expect(a.points.at(-1)).toMatchObject({ reallocated: 300, gSense: 3 });
    const [chart] = runCharts(e, 'zh').filter((c) => c.id === 'smart-trends');
    expect(chart!.svg).toMatch(/^<svg/);
    expect(chart!.svg).toContain('硬盘老化第几日（虚拟时间）');
    expect(chart!.svg).toContain('node1/01 TWA（故障）');
    expect(chart!.notes[0]!.zh).toContain('加速 172,800 倍');
    expect(chart!.notes[0]!.zh).toContain('相关硬盘 3 块（共体检 4 块）');
    expect(runCharts(e, 'en').find((c) => c.id === 'smart-trends')!.svg).toContain('vibration (191 G-Sense events)');

    // every disk healthy: no chart, and the note says so (not that ageing only happens in the trial)
    const healthy = e
      .filter((x) => x.kind !== 'disk.defect' && x.kind !== 'disk.aging')
      .map((x) => (x.kind === 'disk.check' ? { ...x, grade: 'healthy', reportedGrade: 'healthy' } : x));
    const none = smartTrendChart(smartTrendsFromHistory(healthy).input, 'zh', smartTrendsFromHistory(healthy).why);
    expect(none.svg).toBeNull();
    expect(none.omitted!.zh).toMatch(/共体检 4 块硬盘，全部保持“健康”分级/);
    // no disk checks at all (e.g. the scale-out scenario)
    const noChecks = runCharts(history(false), 'zh').find((c) => c.id === 'smart-trends')!;
    expect(noChecks.svg).toBeNull();
    expect(noChecks.omitted!.zh).toMatch(/没有 disk\.check \/ disk\.trend 事件/);
    expect(noChecks.omitted!.zh).not.toMatch(/只在试运行中/);
  });

  it('draws the trial calendar and disk health from the ledger and the day records', () => {
    const rules = { trialDays: 5, extensionDays: 3, maxDays: 20 };
    const days: DayRecord[] = [1, 2, 3, 4, 5, 6].map((d) => ({
      type: 'day',
      day: d,
      virtualDate: '2026-01-01',
      incidents:
        d === 4 ? [{ id: 'x', day: 4, clause: 'P4', kind: 'k', source: 's', nature: 'simulated', summary: { zh: '', en: '' } }] : [],
      observations: { 'twins.disks': 10, 'twins.healthy': 9, 'twins.subHealthy': 1, 'twins.faulty': 0 },
      parts: [],
    }));
    let l = emptyLedger(rules);
    for (const d of days.slice(0, 5)) l = ledgerStep(l, d);
    expect(trialCalendarChart(l, 'zh').svg).toContain('问题 1 的延长期');
    expect(diskHealthChart(days, 'zh', 1000).svg).toMatch(/^<svg/);
    expect(diskHealthChart([], 'zh', 1000).svg).toBeNull();
  });
});
