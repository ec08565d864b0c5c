// T11 硬盘体检报告 and M7 故障槽位导出, from a run's history alone (disk.check, disk.trend,
// m7.faulty-slots): one disk or a batch, HTML (printable, A4) and PDF, Chinese first with
// English; trend charts of bad sectors, temperature and vibration per disk.
import { gradeFromRaw, T11_ATTRIBUTES } from '../devices/disk/health-check';
import { eventsOf, firstOf, type HistoryEvent } from '../sim/history';
import { diskChecks, type DiskCheckEvent } from '../sim/checkers/disk-health';
import { renderSvg } from './charts/render-svg';
import { coverHtml, documentHtml } from './document';
import { escapeHtml as h, formatDate, formatDateTime, formatNumber, type Lang } from './format';

export interface TrendPointRow {
  atMs: number;
  temperatureC: number;
  reallocated: number;
  pending: number;
  offlineUncorrectable: number;
  gSense: number;
}

export interface DiskDossier {
  node: string;
  slot: number;
  serial: string;
  model: string | null;
  checks: DiskCheckEvent[];
  trend: readonly TrendPointRow[];
}

/** Every disk (by serial) the history checked, with its checks in order and its trend. */
export function diskDossiers(events: readonly HistoryEvent[]): DiskDossier[] {
  const trends = new Map(eventsOf(events, 'disk.trend').map((e) => [e.serial, e.points]));
  const by = new Map<string, DiskDossier>();
  for (const c of diskChecks(events)) {
    if (!c.serial) continue;
    const d: DiskDossier = by.get(c.serial) ?? {
      node: c.node,
      slot: c.slot,
      serial: c.serial,
      model: c.model ?? null,
      checks: [],
      trend: trends.get(c.serial) ?? [],
    };
    d.checks.push(c);
    by.set(c.serial, d);
  }
  return [...by.values()].sort((a, b) => a.node.localeCompare(b.node) || a.slot - b.slot || a.checks[0]!.i - b.checks[0]!.i);
}

const GRADE_TEXT: Record<string, { zh: string; en: string }> = {
  healthy: { zh: '健康', en: 'healthy' },
  'sub-healthy': { zh: '亚健康', en: 'sub-healthy' },
  faulty: { zh: '故障', en: 'faulty' },
};
const gradeText = (g: string | null, lang: Lang) => (g ? (GRADE_TEXT[g]?.[lang] ?? g) : lang === 'zh' ? '无法分级' : 'not gradable');
const GRADE_CLASS: Record<string, string> = { healthy: 'PASS', 'sub-healthy': 'INCONCLUSIVE', faulty: 'FAIL' };

const latest = (d: DiskDossier) => d.checks.filter((c) => c.check === 'deep').at(-1) ?? d.checks.at(-1)!;
const grading = (c: DiskCheckEvent) => gradeFromRaw(c.responding, c.smartPassed, c.attributes);

/** The trend as the checks read it through the vendor API (daily basic checks + deep checks);
 *  the twin's own daily samples only when the checks lack an attribute. */
function trendPoints(d: DiskDossier): readonly TrendPointRow[] {
  const fromChecks = d.checks
    .filter((c) => c.responding && [5, 191, 194, 197, 198].every((id) => c.attributes[id] !== undefined))
    .map((c) => ({
      atMs: Number(c.twinVirtualMs ?? c.wall),
      temperatureC: c.attributes[194]!,
      reallocated: c.attributes[5]!,
      pending: c.attributes[197]!,
      offlineUncorrectable: c.attributes[198]!,
      gSense: c.attributes[191]!,
    }));
  return fromChecks.length >= 2 ? fromChecks : d.trend;
}

function trendChart(d: DiskDossier, lang: Lang): string | null {
  const points = trendPoints(d);
  if (points.length < 2) return null;
  d = { ...d, trend: points };
  const t0 = d.trend[0]!.atMs;
  const day = (p: TrendPointRow) => Math.round(((p.atMs - t0) / 86_400_000) * 10) / 10;
  const zh = lang === 'zh';
  const grid = (top: number) => ({ left: 60, right: 16, top, height: 62 });
  return renderSvg(
    {
      grid: [grid(18), grid(112), grid(206)],
      xAxis: [0, 1, 2].map((i) => ({
        type: 'value',
        gridIndex: i,
        min: 0,
        axisLabel: { show: i === 2, fontSize: 9 },
        ...(i === 2 ? { name: zh ? '天（虚拟时间）' : 'day (virtual time)', nameLocation: 'middle', nameGap: 22 } : {}),
      })),
      // 62 px per panel: three ticks at most, small labels (six 12 px labels overlapped)
      yAxis: [
        {
          type: 'value',
          gridIndex: 0,
          name: zh ? '坏扇区（5+197+198）' : 'bad sectors (5+197+198)',
          nameGap: 6,
          minInterval: 1,
          splitNumber: 2,
          axisLabel: { fontSize: 9 },
          nameTextStyle: { align: 'left', fontSize: 10 },
        },
        {
          type: 'value',
          gridIndex: 1,
          name: zh ? '温度 °C（194）' : 'temperature °C (194)',
          nameGap: 6,
          scale: true,
          splitNumber: 2,
          axisLabel: { fontSize: 9 },
          nameTextStyle: { align: 'left', fontSize: 10 },
        },
        {
          type: 'value',
          gridIndex: 2,
          name: zh ? '振动事件（191）' : 'vibration events (191)',
          nameGap: 6,
          minInterval: 1,
          splitNumber: 2,
          axisLabel: { fontSize: 9 },
          nameTextStyle: { align: 'left', fontSize: 10 },
        },
      ],
      series: [
        {
          type: 'line',
          xAxisIndex: 0,
          yAxisIndex: 0,
          step: 'end',
          symbol: 'none',
          lineStyle: { color: '#c62828', width: 1.4 },
          data: d.trend.map((p) => [day(p), p.reallocated + p.pending + p.offlineUncorrectable]),
        },
        {
          type: 'line',
          xAxisIndex: 1,
          yAxisIndex: 1,
          symbol: 'none',
          lineStyle: { color: '#ef6c00', width: 1.2 },
          data: d.trend.map((p) => [day(p), p.temperatureC]),
        },
        {
          type: 'line',
          xAxisIndex: 2,
          yAxisIndex: 2,
          step: 'end',
          symbol: 'none',
          lineStyle: { color: '#1f4e79', width: 1.4 },
          data: d.trend.map((p) => [day(p), p.gSense]),
        },
      ],
    },
    620,
    300,
  );
}

function diskSection(d: DiskDossier, lang: Lang, n: number): string {
  const zh = lang === 'zh';
  const c = latest(d);
  const g = grading(c);
  const rows = T11_ATTRIBUTES.map(
    (a) =>
      `<tr><td>${a.id}</td><td>${h(a[lang])}</td><td class="num">${c.attributes[a.id] === undefined ? `<span class="FAIL">${zh ? '接口未提供' : 'not given by the API'}</span>` : formatNumber(c.attributes[a.id]!, lang, 0)}</td></tr>`,
  );
  const extra: [number, string, string][] = [
    [194, '温度 °C', 'temperature °C'],
    [197, '待映射扇区', 'pending sectors'],
    [198, '离线不可纠正扇区', 'offline uncorrectable'],
    [199, 'UDMA CRC 错误', 'UDMA CRC errors'],
  ];
  for (const [id, z, e] of extra)
    rows.push(
      `<tr><td>${id}</td><td>${zh ? z : e}</td><td class="num">${c.attributes[id] === undefined ? '—' : formatNumber(c.attributes[id]!, lang, 0)}</td></tr>`,
    );
  const findings = g?.findings.length
    ? g.findings.map((f) => `${f.rule}: ${h(f.detail)} → ${gradeText(f.level, lang)}`).join('<br>')
    : zh
      ? '无规则触发'
      : 'no rule triggered';
  const hist = d.checks
    .map(
      (x) =>
        `<tr><td>${h(x.round)}</td><td>${x.check === 'deep' ? (zh ? '深度体检' : 'deep') : zh ? '体检' : 'basic'}</td><td>${formatDate(Number((x as { twinVirtualMs?: number }).twinVirtualMs ?? x.wall), lang)}</td><td class="${GRADE_CLASS[grading(x)?.grade ?? ''] ?? ''}">${gradeText(grading(x)?.grade ?? null, lang)}</td><td class="num">${x.attributes[5] ?? '—'}</td><td class="num">${x.attributes[197] ?? '—'}</td><td class="num">${x.attributes[194] ?? '—'}</td><td class="num">${x.attributes[191] ?? '—'}</td></tr>`,
    )
    .join('');
  const svg = trendChart(d, lang);
  return `<section class="disk" id="disk-${h(d.node)}-${d.slot}-${h(d.serial)}">
<h2>${n}. ${h(d.node)} ${zh ? '槽位' : 'slot'} ${d.slot} · ${h(d.serial)}</h2>
<table><tbody>
<tr><th>${zh ? '型号' : 'Model'}</th><td>${h(d.model ?? '—')}</td><th>${zh ? '健康状态' : 'Health'}</th><td class="${GRADE_CLASS[g?.grade ?? ''] ?? ''}">${gradeText(g?.grade ?? null, lang)}</td></tr>
<tr><th>${zh ? 'SMART 总体' : 'SMART overall'}</th><td>${c.smartPassed === null ? '—' : c.smartPassed ? 'PASSED' : 'FAILED'}</td><th>${zh ? '厂商分级' : 'vendor grade'}</th><td>${gradeText(c.reportedGrade ?? null, lang)}</td></tr>
</tbody></table>
<h3>${zh ? '深度体检（合同所列健康值）' : 'Deep check (health values the contract names)'}</h3>
<table><thead><tr><th style="width:12%">ID</th><th>${zh ? '属性' : 'Attribute'}</th><th style="width:22%">${zh ? '原始值' : 'Raw value'}</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="small">${zh ? '分级依据（书面规则 R1–R8，devices/disk/grading.ts）：' : 'Grading (written rules R1–R8, devices/disk/grading.ts): '}${findings}</p>
<h3>${zh ? '体检历史' : 'History of checks'}</h3>
<table><thead><tr><th>${zh ? '轮次' : 'Round'}</th><th>${zh ? '类型' : 'Kind'}</th><th>${zh ? '日期（虚拟）' : 'Date (virtual)'}</th><th>${zh ? '分级' : 'Grade'}</th><th>5</th><th>197</th><th>194</th><th>191</th></tr></thead><tbody>${hist}</tbody></table>
${svg ? `<figure>${svg}<figcaption>${zh ? '坏扇区、温度、振动变化趋势' : 'Bad sectors, temperature and vibration over time'}</figcaption></figure>` : `<div class="omitted">${zh ? '趋势数据不足，未绘制曲线。' : 'Not enough trend data: chart omitted.'}</div>`}
</section>`;
}

export interface DiskReportOptions {
  lang: Lang;
  runId: string;
  /** SIMULATED acceleration of the twins' ageing, printed next to the figures */
  accel: number | null;
  generatedAt: number;
}

/** The report of one disk (one dossier) or a batch (summary table + every disk's section). */
export function diskHealthHtml(disks: readonly DiskDossier[], o: DiskReportOptions): string {
  const zh = o.lang === 'zh';
  const batch = disks.length !== 1;
  const title = zh ? (batch ? '硬盘体检报告（批量）' : '硬盘体检报告') : batch ? 'Disk health reports (batch)' : 'Disk health report';
  const docId = `DH-${o.runId}${batch ? '' : `-${disks[0]!.node}-${disks[0]!.slot}`}`;
  const count = (g: string) => disks.filter((d) => grading(latest(d))?.grade === g).length;
  const summary = batch
    ? `<h2>${zh ? '汇总' : 'Summary'}</h2><p>${zh ? `共 ${disks.length} 块硬盘：健康 ${count('healthy')}，亚健康 ${count('sub-healthy')}，故障 ${count('faulty')}。` : `${disks.length} disks: ${count('healthy')} healthy, ${count('sub-healthy')} sub-healthy, ${count('faulty')} faulty.`}</p>
<table><thead><tr><th>#</th><th>${zh ? '节点' : 'Node'}</th><th>${zh ? '槽位' : 'Slot'}</th><th>${zh ? '序列号' : 'Serial'}</th><th>${zh ? '健康状态' : 'Health'}</th><th>5</th><th>197</th><th>198</th><th>194</th><th>191</th></tr></thead><tbody>${disks
        .map((d, i) => {
          const c = latest(d);
          const g = grading(c)?.grade ?? null;
          return `<tr><td>${i + 1}</td><td>${h(d.node)}</td><td>${d.slot}</td><td class="mono">${h(d.serial)}</td><td class="${GRADE_CLASS[g ?? ''] ?? ''}">${gradeText(g, o.lang)}</td>${[5, 197, 198, 194, 191].map((id) => `<td class="num">${c.attributes[id] ?? '—'}</td>`).join('')}</tr>`;
        })
        .join('')}</tbody></table>`
    : '';
  const note = `<p class="small">${zh ? `数据来源：节点 BMC 的 HTTP 接口（Redfish 形态，SMART 为 smartctl JSON），记录于运行历史 history.jsonl。硬盘为数字孪生，老化在虚拟时间中仿真${o.accel ? `（加速约 ${formatNumber(o.accel, o.lang, 0)} 倍）` : ''}，不是实测硬盘数据。` : `Source: each node BMC's HTTP API (Redfish-shaped, SMART as smartctl JSON), recorded in the run history history.jsonl. The disks are digital twins ageing in virtual time${o.accel ? ` (acceleration about ${formatNumber(o.accel, o.lang, 0)}x)` : ''}: simulated, not measured disk data.`}</p>`;
  const cover = coverHtml({
    lang: o.lang,
    projectName: zh ? '云存储硬盘健康管理' : 'Cloud storage disk health',
    reportTitle: title,
    docId,
    rows: [
      [zh ? '运行' : 'Run', h(o.runId)],
      [zh ? '硬盘数' : 'Disks', String(disks.length)],
    ],
    dateText: formatDateTime(o.generatedAt, o.lang),
    footLines: [],
  });
  return documentHtml({
    lang: o.lang,
    title,
    runningTitle: title,
    docId,
    evidenceDigest: null,
    cover,
    body: SCREEN_CSS + summary + note + disks.map((d, i) => diskSection(d, o.lang, i + 1)).join('\n'),
  });
}

/** On screen (the browser, the evidence PNG) the cover is not an A4 page: no page-high blank
 *  space before the report; print and PDF keep the A4 cover. */
const SCREEN_CSS =
  '<style>@media screen { .cover { min-height: 0; } .cover .ptitle { margin-top: 6mm; } .cover .rtitle { margin-bottom: 8mm; } .cover .foot { margin-top: 6mm; } }</style>';

// ---- M7: faulty slots' physical positions --------------------------------------------------

export interface FaultySlotRow {
  node: string;
  slot: number;
  serial: string | null;
  label: string;
  row: number;
  column: number;
  rack: string;
  uFrom: number;
  uTo: number;
  health: string | null;
}

export const faultySlotsOf = (events: readonly HistoryEvent[]): readonly FaultySlotRow[] | null =>
  firstOf(events, 'm7.faulty-slots')?.slots ?? null;

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV with a UTF-8 BOM so that a spreadsheet opens the Chinese header correctly. */
export function faultySlotsCsv(rows: readonly FaultySlotRow[]): string {
  const head = ['机柜 rack', 'U位 units', '节点 node', '槽位 slot', '行 row', '列 column', '标签 label', '序列号 serial', '健康 health'];
  const lines = rows.map((r) =>
    [r.rack, `U${r.uFrom}-U${r.uTo}`, r.node, r.slot, r.row, r.column, r.label, r.serial, r.health].map(csvCell).join(','),
  );
  return '\ufeff' + [head.join(','), ...lines].join('\r\n') + '\r\n';
}

export function faultySlotsHtml(rows: readonly FaultySlotRow[], o: DiskReportOptions): string {
  const zh = o.lang === 'zh';
  const title = zh ? '故障槽位物理位置清单' : 'Physical positions of faulty slots';
  const docId = `FS-${o.runId}`;
  const body = `<h2>${title}</h2><p>${zh ? `共 ${rows.length} 个故障槽位（按厂商 BMC 分级），定位灯已经 BMC 点亮。` : `${rows.length} faulty slots (by the vendor BMC's grading), locate LEDs lit through the BMC.`}</p>
<table><thead><tr><th>${zh ? '机柜' : 'Rack'}</th><th>${zh ? 'U 位' : 'Units'}</th><th>${zh ? '节点' : 'Node'}</th><th>${zh ? '槽位' : 'Slot'}</th><th>${zh ? '行' : 'Row'}</th><th>${zh ? '列' : 'Column'}</th><th>${zh ? '标签' : 'Label'}</th><th>${zh ? '序列号' : 'Serial'}</th></tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr><td>${h(r.rack)}</td><td>U${r.uFrom}–U${r.uTo}</td><td>${h(r.node)}</td><td>${r.slot}</td><td>${r.row}</td><td>${r.column}</td><td>${h(r.label)}</td><td class="mono">${h(r.serial ?? '—')}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  const cover = coverHtml({
    lang: o.lang,
    projectName: zh ? '云存储不良盘更换' : 'Bad-disk replacement',
    reportTitle: title,
    docId,
    rows: [[zh ? '运行' : 'Run', h(o.runId)]],
    dateText: formatDateTime(o.generatedAt, o.lang),
    footLines: [],
  });
  return documentHtml({ lang: o.lang, title, runningTitle: title, docId, evidenceDigest: null, cover, body });
}
