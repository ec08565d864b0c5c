// Charts of the trial report: the trial calendar (base period, extensions, problems,
// termination right) and the daily health of the twin disks. From the ledger and the
// journal's day records only.
import type { DayRecord, Ledger } from '../../acceptance/trial/ledger';
import { formatNumber, type Lang } from '../format';
import type { Chart } from './charts';
import { renderSvg } from './render-svg';

const W = 640;

/** @param real a field trial's real calendar days (else virtual ones) */
export function trialCalendarChart(ledger: Ledger, lang: Lang, real = false): Chart {
  const zh = lang === 'zh';
  const X = ledger.rules.trialDays;
  const rows = [
    zh ? '试运行期 X' : 'trial X',
    ...ledger.extensions.map((e, i) => (zh ? `问题 ${i + 1} 的延长期` : `extension ${i + 1}`)),
    zh ? '实际运行' : 'days run',
  ];
  const offsets = [0, ...ledger.extensions.map((e) => e.foundDay), 0];
  const lengths = [X, ...ledger.extensions.map((e) => e.windowEnd - e.foundDay), ledger.daysRun];
  const colors = ['#90a4ae', ...ledger.extensions.map(() => '#ef6c00'), ledger.status === 'termination-right' ? '#c62828' : '#2e7d32'];
  const maxDay = Math.max(ledger.endDay, ledger.daysRun, ...ledger.extensions.map((e) => e.windowEnd));
  const markData = [
    ...ledger.problemDays.map((d, i) => ({
      xAxis: d,
      label: { formatter: zh ? `问题${i + 1}` : `P${i + 1}`, color: '#c62828' },
      lineStyle: { color: '#c62828', type: 'dashed' },
    })),
    ...(ledger.terminationRight
      ? [
          {
            xAxis: ledger.terminationRight.day,
            label: { formatter: zh ? 'P5 解除权' : 'P5 right', color: '#b00020', fontWeight: 'bold' },
            lineStyle: { color: '#b00020', width: 2 },
          },
        ]
      : []),
  ];
  const h = 70 + rows.length * 26;
  const svg = renderSvg(
    {
      grid: { left: 110, right: 30, top: 26, bottom: 36 },
      xAxis: {
        type: 'value',
        min: 0,
        max: maxDay,
        minInterval: 1,
        name: real
          ? zh
            ? '试运行日（日历日）'
            : 'trial day (calendar days)'
          : zh
            ? '试运行日（虚拟日历日）'
            : 'trial day (virtual calendar days)',
        nameLocation: 'middle',
        nameGap: 24,
      },
      yAxis: { type: 'category', data: rows, inverse: true, axisLabel: { fontSize: 11 } },
      series: [
        { type: 'bar', stack: 'a', itemStyle: { color: 'transparent' }, data: offsets, silent: true },
        {
          type: 'bar',
          stack: 'a',
          barWidth: 12,
          data: lengths.map((v, i) => ({ value: v, itemStyle: { color: colors[i] } })),
          label: {
            show: true,
            position: 'right',
            fontSize: 10,
            formatter: (p: { value: number; dataIndex: number }) => `${offsets[p.dataIndex]! + 1}–${offsets[p.dataIndex]! + p.value}`,
          },
          markLine: { symbol: 'none', silent: true, data: markData },
        },
      ],
    },
    W,
    h,
  );
  return {
    id: 'trial-calendar',
    title: {
      zh: '试运行日历：试运行期、各问题的延长期与实际运行天数',
      en: 'Trial calendar: trial period, extension per problem, days run',
    },
    svg,
    omitted: null,
    notes: [
      {
        zh: `灰色：合同试运行期 X = ${X} 日；橙色：每个问题自发现之日起的延长期 Y = ${ledger.rules.extensionDays} 日；${ledger.status === 'termination-right' ? '红色' : '绿色'}：实际运行的天数（${ledger.daysRun} 日）。虚线：发现问题之日。`,
        en: `Grey: contract trial period X = ${X} days; orange: each problem's extension, Y = ${ledger.rules.extensionDays} days from the day it was found; ${ledger.status === 'termination-right' ? 'red' : 'green'}: days run (${ledger.daysRun}). Dashed: days a problem was found.`,
      },
    ],
    nature: 'simulated',
  };
}

export function diskHealthChart(days: readonly DayRecord[], lang: Lang, accel: number): Chart {
  const zh = lang === 'zh';
  const title = { zh: '数字孪生硬盘每日健康分级', en: 'Daily health grades of the twin disks' };
  const has = days.some((d) => d.observations['twins.disks'] !== undefined);
  if (!has)
    return {
      id: 'disk-health',
      title,
      svg: null,
      omitted: { zh: '日志中没有数字孪生硬盘的观测数据，不绘制此图。', en: 'The journal has no twin-disk observations: chart omitted.' },
      notes: [],
      nature: 'simulated',
    };
  const o = (d: DayRecord, k: string) => d.observations[k] ?? 0;
  const names = zh ? ['亚健康', '故障', '当日失效', '当日更换'] : ['sub-healthy', 'faulty', 'failed that day', 'replaced that day'];
  const svg = renderSvg(
    {
      grid: { left: 50, right: 50, top: 36, bottom: 40 },
      legend: { top: 4, data: names },
      xAxis: {
        type: 'value',
        min: 1,
        max: Math.max(1, days.length),
        minInterval: 1,
        name: zh ? '试运行日' : 'trial day',
        nameLocation: 'middle',
        nameGap: 24,
      },
      yAxis: [
        { type: 'value', name: zh ? '硬盘数' : 'disks', minInterval: 1 },
        { type: 'value', name: zh ? '最高温度 °C' : 'max temp °C', scale: true, splitLine: { show: false } },
      ],
      series: [
        {
          name: names[0],
          type: 'line',
          step: 'end',
          symbol: 'none',
          lineStyle: { color: '#ef6c00' },
          data: days.map((d) => [d.day, o(d, 'twins.subHealthy')]),
        },
        {
          name: names[1],
          type: 'line',
          step: 'end',
          symbol: 'none',
          lineStyle: { color: '#c62828' },
          data: days.map((d) => [d.day, o(d, 'twins.faulty')]),
        },
        {
          name: names[2],
          type: 'bar',
          barWidth: 4,
          itemStyle: { color: '#6a1b9a' },
          data: days.map((d) => [d.day, o(d, 'twins.failedToday')]),
        },
        {
          name: names[3],
          type: 'bar',
          barWidth: 4,
          itemStyle: { color: '#2e7d32' },
          data: days.map((d) => [d.day, o(d, 'twins.replaced')]),
        },
        {
          name: zh ? '最高温度' : 'max temperature',
          type: 'line',
          yAxisIndex: 1,
          symbol: 'none',
          lineStyle: { color: '#9e9e9e', type: 'dotted' },
          data: days.map((d) => [d.day, o(d, 'twins.maxTempC')]),
        },
      ],
    },
    W,
    240,
  );
  const disks = days[0]?.observations['twins.disks'] ?? 0;
  return {
    id: 'disk-health',
    title,
    svg,
    omitted: null,
    notes: [
      {
        zh: `仿真值：${disks} 块数字孪生硬盘在虚拟时间中老化（加速 ${formatNumber(accel, 'zh', accel >= 100 ? 0 : 1)} 倍）；点线为当日最高盘温（右轴）。`,
        en: `Simulated: ${disks} twin disks ageing in virtual time (acceleration ${formatNumber(accel, 'en', accel >= 100 ? 0 : 1)}x); dotted: the day's highest disk temperature (right axis).`,
      },
    ],
    nature: 'simulated',
  };
}
