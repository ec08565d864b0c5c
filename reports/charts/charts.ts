// The charts of the reports, as inline SVG (the PDF keeps vectors). A chart whose data
// is absent is omitted with a sentence saying why; nothing is drawn from made-up data.
import type { HistoryEvent } from '../../sim/history';
import type { Bilingual } from '../../sim/verdict';
import { formatNumber, type Lang } from '../format';
import { recoveries, type RateWindows } from '../../sim/checkers/selfheal';
import { rateWindowsOf } from '../../profile/profile';
import { renderSvg } from './render-svg';
import { smartTrendsFromHistory, type SmartTrendInput } from './smart-trends';
import { bytesPerWrite, copiesPerNode, faultTimelines, timeMarkers, writeBuckets, type Marker } from './series';

export interface Chart {
  id: string;
  title: Bilingual;
  /** null: omitted, see `omitted` */
  svg: string | null;
  omitted: Bilingual | null;
  /** lines under the chart: marker legend, how it was measured */
  notes: Bilingual[];
  nature: 'measured' | 'simulated';
}

const W = 640;
const H = 250;
const MARK_COLOR: Record<Marker['kind'], string> = {
  fault: '#c62828',
  'scaleout.add': '#1565c0',
  'scaleout.powered': '#6a1b9a',
};
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const mark = (i: number) => CIRCLED[i] ?? `(${i + 1})`;

const axisName = (zh: string, en: string, lang: Lang) => (lang === 'zh' ? zh : en);
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Fault windows as shaded areas, instants (scale-out, unfinished faults) as dashed lines. */
function markers(ms: readonly Marker[]) {
  const lines = ms.map((m, i) => ({ m, i })).filter(({ m }) => m.toS === undefined);
  const areas = ms.map((m, i) => ({ m, i })).filter(({ m }) => m.toS !== undefined);
  return {
    markLine: {
      symbol: 'none',
      silent: true,
      data: lines.map(({ m, i }) => ({
        xAxis: r1(m.tS),
        label: { formatter: mark(i), position: 'end', color: MARK_COLOR[m.kind], fontSize: 12 },
        lineStyle: { color: MARK_COLOR[m.kind], type: 'dashed', width: 1 },
      })),
    },
    markArea: {
      silent: true,
      itemStyle: { color: 'rgba(198,40,40,0.10)' },
      label: { position: 'insideTop', color: '#c62828', fontSize: 12 },
      data: areas.map(({ m, i }) => [{ xAxis: r1(m.tS), name: mark(i) }, { xAxis: r1(Math.max(m.toS!, m.tS + 0.5)) }]),
    },
  };
}

function markerNotes(ms: readonly Marker[]): Bilingual[] {
  if (ms.length === 0) return [];
  return [
    {
      zh:
        '标记（浅红底为故障持续区间）：' +
        ms
          .map((m, i) => `${mark(i)} ${m.label.zh}（第 ${m.tS.toFixed(1)}${m.toS !== undefined ? `–${m.toS.toFixed(1)}` : ''} 秒）`)
          .join('；'),
      en:
        'Markers (light red = fault window): ' +
        ms
          .map((m, i) => `${mark(i)} ${m.label.en} (t = ${m.tS.toFixed(1)}${m.toS !== undefined ? `–${m.toS.toFixed(1)}` : ''} s)`)
          .join('; '),
    },
  ];
}

const baseGrid = { left: 62, right: 24, top: 36, bottom: 44 };
const timeAxis = (lang: Lang, max: number) => ({
  type: 'value',
  name: axisName('运行时间（秒）', 'run time (s)', lang),
  nameLocation: 'middle',
  nameGap: 26,
  min: 0,
  max: Math.ceil(max),
});

export function writeThroughputChart(events: readonly HistoryEvent[], lang: Lang, bucketS = 2): Chart {
  const title = { zh: '写入吞吐量随时间变化', en: 'Write throughput over time' };
  const b = writeBuckets(events, bucketS);
  const size = bytesPerWrite(events);
  const marks = timeMarkers(events);
  if (b.length === 0)
    return omitted(
      'write-throughput',
      title,
      {
        zh: '本次历史记录中没有录像写入事件（segment.write），不绘制此图。',
        en: 'The history has no segment writes (segment.write): chart omitted.',
      },
      'measured',
    );
  const maxT = Math.max(b[b.length - 1]!.tS + bucketS, ...marks.map((m) => m.toS ?? m.tS));
  const svg = renderSvg(
    {
      grid: baseGrid,
      legend: {
        top: 4,
        data: [axisName('写入吞吐（Mbit/s）', 'throughput (Mbit/s)', lang), axisName('写入失败（个）', 'failed writes', lang)],
      },
      xAxis: timeAxis(lang, maxT),
      yAxis: [
        { type: 'value', name: 'Mbit/s', nameGap: 10 },
        { type: 'value', name: axisName('失败', 'failed', lang), minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: axisName('写入吞吐（Mbit/s）', 'throughput (Mbit/s)', lang),
          type: 'line',
          step: 'end',
          symbol: 'none',
          lineStyle: { width: 1.5, color: '#1f4e79' },
          areaStyle: { color: 'rgba(31,78,121,0.12)' },
          data: b.map((x) => [x.tS, Math.round(x.mbps * 100) / 100]),
          ...markers(marks),
        },
        {
          name: axisName('写入失败（个）', 'failed writes', lang),
          type: 'bar',
          yAxisIndex: 1,
          barWidth: 3,
          itemStyle: { color: '#c62828' },
          data: b.map((x) => [x.tS, x.errors]),
        },
      ],
    },
    W,
    H,
  );
  return {
    id: 'write-throughput',
    title,
    svg,
    omitted: null,
    notes: [
      {
        zh: `按写入确认时刻分 ${bucketS} 秒统计全部摄像机的写入数据量；实测值（真实存储核心，墙钟时间）。`,
        en: `Bytes acknowledged by all cameras per ${bucketS}-second bucket, by acknowledgement time; measured (real core, wall clock).`,
      },
      ...(size.fromSpec
        ? [
            {
              zh: `注意：历史记录中的写入字节数均为 0，此图按负载规格中的每段 ${size.fromSpec} 字节计算（写入次数为实测）。`,
              en: `Note: every write in the history says 0 bytes; this chart counts ${size.fromSpec} bytes per segment from the load spec (the number of writes is measured).`,
            },
          ]
        : []),
      ...markerNotes(marks),
    ],
    nature: 'measured',
  };
}

export function writeLatencyChart(events: readonly HistoryEvent[], lang: Lang, bucketS = 2): Chart {
  const title = { zh: '写入延迟随时间变化', en: 'Write latency over time' };
  const b = writeBuckets(events, bucketS);
  const marks = timeMarkers(events);
  if (!b.some((x) => x.writes > 0))
    return omitted(
      'write-latency',
      title,
      { zh: '本次历史记录中没有成功的录像写入，无法给出延迟曲线。', en: 'No successful segment write in the history: no latency curve.' },
      'measured',
    );
  const maxT = Math.max(b[b.length - 1]!.tS + bucketS, ...marks.map((m) => m.toS ?? m.tS));
  const names = [axisName('中位数 p50', 'median p50', lang), axisName('p99', 'p99', lang), axisName('最大值', 'max', lang)];
  const svg = renderSvg(
    {
      grid: baseGrid,
      legend: { top: 4, data: names },
      xAxis: timeAxis(lang, maxT),
      yAxis: { type: 'log', name: axisName('毫秒（对数）', 'ms (log)', lang), nameGap: 10, min: 1 },
      series: [
        {
          name: names[0],
          type: 'line',
          symbol: 'none',
          lineStyle: { width: 1.5, color: '#1f4e79' },
          data: b.map((x) => [x.tS, x.p50Ms === null ? null : Math.max(1, x.p50Ms)]),
          ...markers(marks),
        },
        {
          name: names[1],
          type: 'line',
          symbol: 'none',
          lineStyle: { width: 1, color: '#ef6c00' },
          data: b.map((x) => [x.tS, x.p99Ms === null ? null : Math.max(1, x.p99Ms)]),
        },
        {
          name: names[2],
          type: 'line',
          symbol: 'none',
          lineStyle: { width: 1, color: '#9e9e9e', type: 'dotted' },
          data: b.map((x) => [x.tS, x.maxMs === null ? null : Math.max(1, x.maxMs)]),
        },
      ],
    },
    W,
    H,
  );
  return {
    id: 'write-latency',
    title,
    svg,
    omitted: null,
    notes: [
      {
        zh: `每段录像从开始写入到 fsync 确认的时间，按 ${bucketS} 秒分组；实测值。`,
        en: `Time from the start of a segment write to its fsync acknowledgement, per ${bucketS}-second bucket; measured.`,
      },
      ...markerNotes(marks),
    ],
    nature: 'measured',
  };
}

export function scaleOutChart(events: readonly HistoryEvent[], lang: Lang): Chart {
  const hasAdd = events.some((e) => e.kind === 'scaleout.add');
  // without an add (hot-plug, self-heal, ...) there is no before/after: one group, said so
  const title = hasAdd
    ? { zh: '扩容前后数据块副本在各节点的分布', en: 'Chunk copies per node before and after scale-out' }
    : { zh: '已确认录像的数据块副本在各节点的分布', en: 'Chunk copies of the acknowledged segments per node' };
  const nodes = copiesPerNode(events);
  if (nodes.length === 0)
    return omitted(
      'scaleout-distribution',
      title,
      {
        zh: '本次历史记录中没有数据块分布观测（core.placement），不绘制此图。',
        en: 'No chunk placement was recorded (core.placement): chart omitted.',
      },
      'measured',
    );
  const nb = hasAdd
    ? axisName('扩容前写入的录像', 'segments written before the add', lang)
    : axisName('已确认的录像', 'acknowledged segments', lang);
  const na = axisName('扩容后写入的录像', 'segments written after the add', lang);
  const svg = renderSvg(
    {
      grid: { ...baseGrid, bottom: 40 },
      legend: { top: 4, data: hasAdd ? [nb, na] : [nb] },
      xAxis: {
        type: 'category',
        data: nodes.map((n) => `${n.node}${n.added ? (lang === 'zh' ? '（新增）' : ' (new)') : ''}\n${n.address}`),
        axisLabel: { fontSize: 11 },
      },
      yAxis: { type: 'value', name: axisName('副本数', 'copies', lang), nameGap: 10, minInterval: 1 },
      series: [
        {
          name: nb,
          type: 'bar',
          stack: 'c',
          itemStyle: { color: '#90a4ae' },
          data: nodes.map((n) => n.before),
          label: { show: true, position: 'inside', fontSize: 10 },
        },
        ...(hasAdd
          ? [
              {
                name: na,
                type: 'bar',
                stack: 'c',
                itemStyle: { color: '#1f4e79' },
                data: nodes.map((n) => n.after),
                label: { show: true, position: 'inside', color: '#fff', fontSize: 10 },
              },
            ]
          : []),
      ],
    },
    W,
    H,
  );
  const added = nodes.filter((n) => n.added);
  const afterTotal = nodes.reduce((s, n) => s + n.after, 0);
  return {
    id: 'scaleout-distribution',
    title,
    svg,
    omitted: null,
    notes: [
      hasAdd
        ? {
            zh: '每段已确认录像的数据块副本所在节点（mfsfileinfo 实测），按写入确认时刻在扩容操作之前或之后分组。',
            en: 'Nodes holding the chunk copies of every acknowledged segment (mfsfileinfo, measured), grouped by acknowledgement before or after the add.',
          }
        : {
            zh: '运行结束时每段已确认录像的数据块副本所在节点（mfsfileinfo 实测）；本场景无扩容操作。',
            en: 'Nodes holding the chunk copies of every acknowledged segment at the end of the run (mfsfileinfo, measured); no node was added in this scenario.',
          },
      ...added.map((n) => ({
        zh: `新增节点 ${n.node}：扩容后写入的 ${afterTotal} 个副本中有 ${n.after} 个（${afterTotal ? ((n.after / afterTotal) * 100).toFixed(1) : '0'}%），扩容前写入的副本迁入 ${n.before} 个。`,
        en: `New node ${n.node}: ${n.after} of ${afterTotal} copies written after the add (${afterTotal ? ((n.after / afterTotal) * 100).toFixed(1) : '0'} %); ${n.before} copies of earlier segments moved to it.`,
      })),
    ],
    nature: 'measured',
  };
}

const MILESTONE_COLOR: Record<string, string> = {
  heal: '#1565c0',
  effect: '#616161',
  cleanup: '#6a1b9a',
  registered: '#2e7d32',
  'full-rate': '#00838f',
  readable: '#558b2f',
  'at-goal': '#33691e',
  end: '#424242',
};

export function selfHealChart(
  events: readonly HistoryEvent[],
  lang: Lang,
  o: { thresholdS?: number; rateWindows?: RateWindows } = {},
): Chart {
  const title = { zh: '各故障的自愈时间线', en: 'Self-heal timeline per fault' };
  // self-heal is what a node does after a crash, hang or power loss (T6); a disk pull or a
  // scale-out is no failure of the node, so it has no self-heal timeline
  const crashes = events.filter((e) => e.kind !== 'fault.start' || String(e.fault ?? '').startsWith('crash:'));
  const faults = faultTimelines(crashes, recoveries(events, o.rateWindows ?? rateWindowsOf()));
  if (faults.length === 0) {
    return omitted(
      'self-heal',
      title,
      {
        zh: '本次运行未注入节点崩溃、挂起或断电故障，因此没有自愈时间线；不以虚构数据代替。',
        en: 'No node crash, hang or power loss was injected in this run, so there is no self-heal timeline; nothing is drawn in its place.',
      },
      'measured',
    );
  }
  const zh = lang === 'zh';
  const rows = faults.map((f, i) => `${i + 1}. ${f.what}`);
  const observed = faults.map((f) => f.endS ?? Math.max(0, ...f.milestones.map((m) => m.atS)));
  const points = faults.flatMap((f, row) =>
    f.milestones.map((m) => ({
      value: [m.atS, row],
      itemStyle: { color: MILESTONE_COLOR[m.kind] },
      symbol: m.kind === 'cleanup' ? 'triangle' : m.kind === 'end' ? 'rect' : 'circle',
    })),
  );
  const maxX = Math.max(o.thresholdS ?? 0, ...observed, ...faults.map((f) => (f.measuredS ?? 0) + f.simulatedBootS)) * 1.12;
  const h = Math.max(150, 80 + faults.length * 34);
  const names = zh ? ['观察时长', '实测自愈时间', '仿真启动时间', '事件'] : ['watched', 'measured self-heal', 'simulated boot', 'events'];
  const svg = renderSvg(
    {
      grid: { left: 170, right: 30, top: 34, bottom: 40 },
      legend: { top: 4, data: names },
      xAxis: {
        type: 'value',
        min: 0,
        max: Math.ceil(maxX),
        name: zh ? '自故障注入起的秒数' : 'seconds since the fault',
        nameLocation: 'middle',
        nameGap: 24,
      },
      yAxis: { type: 'category', data: rows, inverse: true, axisLabel: { fontSize: 10, width: 160, overflow: 'truncate' } },
      series: [
        { name: names[0], type: 'bar', barWidth: 16, itemStyle: { color: '#eceff1' }, data: observed, z: 1 },
        {
          name: names[1],
          type: 'bar',
          stack: 'heal',
          barGap: '-100%',
          barWidth: 8,
          itemStyle: { color: '#2e7d32' },
          data: faults.map((f) => (f.measuredS === null ? 0 : f.measuredS)),
          z: 2,
        },
        {
          name: names[2],
          type: 'bar',
          stack: 'heal',
          barWidth: 8,
          itemStyle: { color: '#ffb74d' },
          data: faults.map((f) => (f.measuredS === null ? 0 : f.simulatedBootS)),
          z: 2,
        },
        {
          name: names[3],
          type: 'scatter',
          symbolSize: 8,
          itemStyle: { color: '#1565c0' },
          data: points,
          z: 3,
          ...(o.thresholdS !== undefined
            ? {
                markLine: {
                  symbol: 'none',
                  silent: true,
                  data: [
                    {
                      xAxis: o.thresholdS,
                      label: {
                        formatter: zh ? `合同阈值 ${o.thresholdS} 秒` : `contract ${o.thresholdS} s`,
                        color: '#b00020',
                        position: 'start',
                      },
                      lineStyle: { color: '#b00020', type: 'dashed' },
                    },
                  ],
                },
              }
            : {}),
        },
      ],
    },
    W,
    h,
  );
  const notes: Bilingual[] = faults.map((f, i) => {
    const steps = f.milestones.map((m) => ({ zh: `${m.label.zh} ${m.atS.toFixed(1)} 秒`, en: `${m.label.en} ${m.atS.toFixed(1)} s` }));
    const total = f.measuredS === null ? null : f.measuredS + f.simulatedBootS;
    const verdict =
      total === null
        ? { zh: '未测得自愈时间', en: 'no self-heal time measured' }
        : {
            zh: `自愈时间 ${total.toFixed(1)} 秒（实测 ${f.measuredS!.toFixed(1)} 秒${f.bootPlayedS ? `，其中按实际时间停机等待的仿真启动 ${f.bootPlayedS.toFixed(1)} 秒` : ''}${f.simulatedBootS ? ` + 仿真启动 ${f.simulatedBootS.toFixed(1)} 秒` : ''}）${o.thresholdS !== undefined ? (total <= o.thresholdS ? `，≤ ${o.thresholdS} 秒` : `，超过 ${o.thresholdS} 秒`) : ''}`,
            en: `self-heal ${total.toFixed(1)} s (measured ${f.measuredS!.toFixed(1)} s${f.bootPlayedS ? `, of which a simulated boot of ${f.bootPlayedS.toFixed(1)} s played in real time` : ''}${f.simulatedBootS ? ` + simulated boot ${f.simulatedBootS.toFixed(1)} s` : ''})${o.thresholdS !== undefined ? (total <= o.thresholdS ? `, <= ${o.thresholdS} s` : `, more than ${o.thresholdS} s`) : ''}`,
          };
    return {
      zh: `${i + 1}. ${f.what}（运行第 ${f.startS.toFixed(1)} 秒注入）：${steps.map((x) => x.zh).join('；') || '无后续事件'}；${verdict.zh}。`,
      en: `${i + 1}. ${f.what} (injected at t = ${f.startS.toFixed(1)} s): ${steps.map((x) => x.en).join('; ') || 'no later event'}; ${verdict.en}.`,
    };
  });
  notes.unshift({
    zh: '浅灰：从注入到故障结束的观察时长；绿色：判定程序测得的自愈时间（重新注册、写入恢复全速、数据块恢复至目标副本数三者的最大值，实测）；橙色：仿真的服务器启动时间；三角：测试工具介入（不计为自愈）。',
    en: 'Light grey: watched from injection to the end of the fault; green: self-heal time measured by the checker (max of registered again, full write rate, chunks at goal); orange: simulated server boot; triangle: the harness stepped in (not counted as a heal).',
  });
  return { id: 'self-heal', title, svg, omitted: null, notes, nature: 'measured' };
}

const GRADE_ZH: Record<string, string> = { healthy: '健康', 'sub-healthy': '亚健康', faulty: '故障' };

/** Temperature, bad sectors and vibration of the disks involved; `why` says why not when there is no data. */
export function smartTrendChart(input: SmartTrendInput | null, lang: Lang, why?: Bilingual | null): Chart {
  const title = {
    zh: '相关硬盘的 SMART 趋势：坏扇区、温度、振动（数字孪生）',
    en: 'SMART trends of the disks involved: bad sectors, temperature, vibration (digital twins)',
  };
  if (!input || input.disks.length === 0 || input.disks.every((d) => d.points.length === 0)) {
    const reason =
      why ??
      (input
        ? {
            zh: '试运行期间没有硬盘达到问题分级（合同参数文件 trialRun.incidentDiskGrade），因此没有“相关硬盘”的 SMART 趋势，不绘制此图。',
            en: 'No disk reached the problem grade during the trial (profile trialRun.incidentDiskGrade), so there is no SMART trend of a disk involved: chart omitted.',
          }
        : {
            zh: '本报告目录中没有 SMART 趋势数据（smart-trends.json），不绘制此图。',
            en: 'The report folder has no SMART trend data (smart-trends.json): chart omitted.',
          });
    return omitted('smart-trends', title, reason, 'simulated');
  }
  const zh = lang === 'zh';
  const disks = input.disks.slice(0, 6);
  const palette = ['#1f4e79', '#c62828', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f'];
  const series: object[] = [];
  disks.forEach((d, k) => {
    const name = `${d.node}/${String(d.slot).padStart(2, '0')} ${d.serial}${zh ? `（${GRADE_ZH[d.grade] ?? d.grade}）` : ` (${d.grade})`}`;
    const line = { name, type: 'line', symbol: 'none', lineStyle: { width: 1.2, color: palette[k] } };
    series.push(
      {
        ...line,
        xAxisIndex: 0,
        yAxisIndex: 0,
        step: 'end',
        data: d.points.map((p) => [p.day, p.reallocated + p.pending + p.offlineUncorrectable]),
      },
      { ...line, xAxisIndex: 1, yAxisIndex: 1, data: d.points.map((p) => [p.day, p.temperatureC]) },
      { ...line, xAxisIndex: 2, yAxisIndex: 2, step: 'end', data: d.points.map((p) => [p.day, p.gSense]) },
    );
  });
  const days = Math.max(1, ...disks.flatMap((d) => d.points.map((p) => p.day)));
  const dayAxis =
    input.axis === 'ageing'
      ? axisName('硬盘老化第几日（虚拟时间）', 'day of disk ageing (virtual time)', lang)
      : axisName('试运行第几日（虚拟时间）', 'trial day (virtual time)', lang);
  const panel = (top: number) => ({ left: 56, right: 20, top, height: 96 });
  const svg = renderSvg(
    {
      legend: {
        top: 2,
        type: 'plain',
        textStyle: { fontSize: 10 },
        data: series.filter((_, i) => i % 3 === 0).map((s) => (s as { name: string }).name),
      },
      grid: [panel(64), panel(196), panel(328)],
      xAxis: [
        { type: 'value', gridIndex: 0, min: 0, max: days, axisLabel: { show: false } },
        { type: 'value', gridIndex: 1, min: 0, max: days, axisLabel: { show: false } },
        { type: 'value', gridIndex: 2, min: 0, max: days, name: dayAxis, nameLocation: 'middle', nameGap: 24 },
      ],
      yAxis: [
        { type: 'value', gridIndex: 0, name: axisName('坏扇区（5+197+198）', 'bad sectors (5+197+198)', lang), nameGap: 8, minInterval: 1 },
        { type: 'value', gridIndex: 1, name: axisName('温度 °C（194）', 'temperature °C (194)', lang), nameGap: 8, scale: true },
        {
          type: 'value',
          gridIndex: 2,
          name: axisName('振动（191 G-Sense 事件数）', 'vibration (191 G-Sense events)', lang),
          nameGap: 8,
          minInterval: 1,
        },
      ],
      series,
    },
    W,
    470,
  );
  const accel = input.accel
    ? { zh: `加速 ${formatNumber(input.accel, 'zh', 0)} 倍`, en: `acceleration ${formatNumber(input.accel, 'en', 0)}x` }
    : { zh: '加速倍数未记录', en: 'acceleration not recorded' };
  const from = {
    checks: {
      zh: '数据为每日经节点 BMC 接口读取的体检值（含深度体检）',
      en: 'points are the daily checks read through the nodes’ BMCs (deep checks included)',
    },
    twin: { zh: '数据为数字孪生每日记录的 SMART 样本', en: 'points are the twins’ own daily SMART samples' },
    mixed: {
      zh: '数据为经 BMC 读取的体检值，体检不足两次的硬盘用数字孪生的每日样本',
      en: 'points are the checks read through the BMCs; a disk with fewer than two checks uses the twin’s daily samples',
    },
  }[input.source ?? 'twin'];
  const shown =
    input.disks.length > disks.length
      ? { zh: `，仅显示前 ${disks.length} 块`, en: `, the first ${disks.length} shown` }
      : { zh: '', en: '' };
  const checked =
    input.checkedDisks !== undefined
      ? {
          zh: `（共体检 ${formatNumber(input.checkedDisks, 'zh', 0)} 块）`,
          en: ` (of ${formatNumber(input.checkedDisks, 'en', 0)} checked)`,
        }
      : { zh: '', en: '' };
  return {
    id: 'smart-trends',
    title,
    svg,
    omitted: null,
    notes: [
      {
        zh: `仿真值：数字孪生硬盘在虚拟时间中的老化（${accel.zh}），不是实测硬盘数据；${from.zh}。上图：重映射、待映射与离线不可纠正扇区之和（属性 5、197、198）；中图：温度（属性 194）；下图：振动（属性 191，G-Sense 事件数）。相关硬盘 ${input.disks.length} 块${checked.zh}${shown.zh}：注入介质缺陷、失效或分级为亚健康/故障的硬盘。`,
        en: `Simulated: twin disks ageing in virtual time (${accel.en}), not measured disk data; ${from.en}. Top: reallocated + pending + offline-uncorrectable sectors (5, 197, 198); middle: temperature (194); bottom: vibration (191, G-Sense events). ${input.disks.length} disks involved${checked.en}${shown.en}: a seeded media defect, a failure, or graded sub-healthy/faulty.`,
      },
    ],
    nature: 'simulated',
  };
}

function omitted(id: string, title: Bilingual, why: Bilingual, nature: Chart['nature']): Chart {
  return { id, title, svg: null, omitted: why, notes: [], nature };
}

export interface RunChartOptions {
  selfHealThresholdS?: number;
  rateWindows?: RateWindows;
  smart?: SmartTrendInput | null;
}

/** Every chart of the initial report, in the report's language. The SMART trends come from
 *  smart-trends.json when the folder has one, else from the history's disk checks. */
export function runCharts(events: readonly HistoryEvent[], lang: Lang, o: RunChartOptions = {}): Chart[] {
  const smart = o.smart ? { input: o.smart, why: null } : smartTrendsFromHistory(events);
  return [
    writeThroughputChart(events, lang),
    writeLatencyChart(events, lang),
    selfHealChart(events, lang, { thresholdS: o.selfHealThresholdS, rateWindows: o.rateWindows }),
    scaleOutChart(events, lang),
    smartTrendChart(smart.input, lang, smart.why),
  ];
}
