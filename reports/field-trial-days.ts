// The day table of a field trial's 试运行报告: each calendar day, whether it was checked, each
// check's status, the disks and the capacity in use with its change, and the day's probe folder.
import { dayCheckOf, type DayRecord, type Incident, type Ledger } from '../acceptance/trial/ledger';
import { escapeHtml as h, formatDate, formatNumber, hrefAttr, type Lang } from './format';

const NATURE_TEXT: Record<Incident['nature'], { zh: string; en: string }> = {
  measured: { zh: '实测', en: 'measured' },
  simulated: { zh: '仿真', en: 'simulated' },
  reported: { zh: '人工登记', en: 'entered' },
};
export const incidentNatureText = (n: Incident['nature'], lang: Lang) => NATURE_TEXT[n][lang];

const GIB = 2 ** 30;

const STATUS_TEXT: Record<string, { zh: string; en: string }> = {
  PASS: { zh: '通过', en: 'PASS' },
  FAIL: { zh: '不通过', en: 'FAIL' },
  INCONCLUSIVE: { zh: '无法判定', en: 'INCONCLUSIVE' },
  MANUAL: { zh: '人工确认', en: 'MANUAL' },
  'NOT-APPLICABLE': { zh: '不适用', en: 'not applicable' },
};

/**
 * The capacity trend of a field trial: bytes added per day between the first and the last
 * checked day that measured the mount (null: fewer than two such days), and the days until full
 * at that rate (null: no growth, or the size not read). Unchecked days are not looked at.
 */
export function capacityTrend(days: readonly DayRecord[]): {
  perDay: number | null;
  daysToFull: number | null;
  firstDay?: number;
  lastDay?: number;
} {
  const looked = days.filter((d) => !d.unchecked && d.observations['field.mountUsedBytes'] !== undefined);
  const first = looked[0];
  const last = looked.at(-1);
  const total = looked.map((d) => d.observations['field.mountTotalBytes']).findLast((x) => x !== undefined);
  if (!first || !last || last.day <= first.day) return { perDay: null, daysToFull: null, firstDay: first?.day, lastDay: last?.day };
  const usedLast = last.observations['field.mountUsedBytes']!;
  const perDay = (usedLast - first.observations['field.mountUsedBytes']!) / (last.day - first.day);
  return {
    perDay,
    daysToFull: perDay > 0 && total !== undefined ? (total - usedLast) / perDay : null,
    firstDay: first.day,
    lastDay: last.day,
  };
}

/** @param failed days whose checks a run started but did not complete, with why */
export function fieldDaysTable(
  days: readonly DayRecord[],
  ledger: Pick<Ledger, 'daysRun'>,
  failed: ReadonlyMap<number, string>,
  lang: Lang,
): string {
  const zh = lang === 'zh';
  const T = (a: string, b: string) => (zh ? a : b);
  const st = (s: string) =>
    `<span class="${s === 'PASS' ? 'PASS' : s === 'FAIL' ? 'FAIL' : 'INCONCLUSIVE'}">${(STATUS_TEXT[s] ?? STATUS_TEXT.INCONCLUSIVE!)[lang]}</span>`;
  // days journalled after an entry for an earlier day ended the trial (P5) are shown, not counted
  const counted = days.filter((d) => d.day <= ledger.daysRun);
  const checked = counted.filter((d) => !d.unchecked);
  const { perDay, daysToFull, firstDay, lastDay } = capacityTrend(counted);
  // beyond ten years a days-to-full figure says nothing a reader can act on
  const full =
    daysToFull === null
      ? T('，容量未增长', '; the capacity in use did not grow')
      : daysToFull > 3650
        ? T('，按此速度十年内不会写满', '; at that rate not full within ten years')
        : T(
            `，按此速度约 ${formatNumber(daysToFull, 'zh', 0)} 日后写满`,
            `; full in about ${formatNumber(daysToFull, 'en', 0)} days at that rate`,
          );
  const trend =
    perDay === null
      ? T('容量趋势：检查不足两日，尚无趋势。', 'Capacity trend: fewer than two checked days, no trend yet.')
      : T(
          `容量趋势：第 ${firstDay} 日至第 ${lastDay} 日平均每日变化 ${formatNumber(perDay / GIB, 'zh', 3)} GiB${full}。`,
          `Capacity trend: ${formatNumber(perDay / GIB, 'en', 3)} GiB a day on average from day ${firstDay} to day ${lastDay}${full}.`,
        );
  const rows = days
    .map((d) => {
      const date = h(formatDate(Date.parse(`${d.virtualDate}T00:00:00Z`), lang));
      const after =
        d.day > ledger.daysRun
          ? `<div class="small muted">${T('试运行已于此前结束，本日不计入', 'after the trial ended: not counted')}</div>`
          : '';
      if (d.unchecked) {
        const why = failed.get(d.day);
        return `<tr><td class="c">${d.day}</td><td class="c small">${date}</td><td colspan="4" class="small"><span class="tbc">${
          why
            ? T(
                `未完成检查（当日检查未完成：${h(why)}；该日仍计入试运行天数）`,
                `not checked (that day's checks did not complete: ${h(why)}; the day still counts)`,
              )
            : T('未检查（当日未运行工具；该日仍计入试运行天数）', 'unchecked (the harness did not run that day; the day still counts)')
        }</span>${after}</td></tr>`;
      }
      const cs = (d.checks ?? [])
        .map(
          (c) =>
            `${h(dayCheckOf(c.clause) ? T(dayCheckOf(c.clause)!.short.zh, dayCheckOf(c.clause)!.short.en) : c.clause)}：${st(c.status)}`,
        )
        .join('<br>');
      const u = d.observations['field.mountUsedBytes'];
      const t = d.observations['field.mountTotalBytes'];
      const hist = d.checks?.[0]?.history;
      return `<tr><td class="c">${d.day}</td><td class="c small">${date}${after}</td><td class="small">${cs || '—'}</td><td class="c small">${d.observations['field.drives'] ?? '—'}${d.observations['field.disksUnhealthy'] ? ` <span class="FAIL">(${d.observations['field.disksUnhealthy']} ${T('异常', 'unhealthy')})</span>` : ''}</td><td class="c small">${u !== undefined && t ? `${formatNumber(u / GIB, lang)} / ${formatNumber(t / GIB, lang)} GiB（${formatNumber((100 * u) / t, lang, 1)}%）` : '—'}</td><td class="small">${hist ? `<a href="${hrefAttr(hist)}">${h(hist.replace(/^days\//, '').replace(/\/history\.jsonl$/, ''))}</a>` : '—'}</td></tr>`;
    })
    .join('');
  return `<p>${T(
    `交付系统共 ${counted.length} 个试运行日，检查 ${checked.length} 日；未检查的日历日照常计入试运行天数。`,
    `${counted.length} trial days on the delivered system, ${checked.length} of them checked; an unchecked calendar day still counts as a trial day.`,
  )}</p>
<table><thead><tr><th class="c" style="width:6%">${T('日', 'Day')}</th><th class="c" style="width:13%">${T('日期', 'Date')}</th><th style="width:24%">${T('当日检查', 'Checks that day')}</th><th class="c" style="width:10%">${T('硬盘（BMC）', 'Drives (BMC)')}</th><th class="c" style="width:22%">${T('已用容量（挂载点）', 'Capacity in use (mount)')}</th><th>${T('当日探测', 'Day probe')}</th></tr></thead><tbody>${rows}</tbody></table>
<p class="small">${trend}</p>`;
}
