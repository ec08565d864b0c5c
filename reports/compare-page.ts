// The side-by-side table of two runs as a page (zh first, en beside it) and as printed text: per clause and
// scenario both statuses, per figure both values against the threshold, and where the
// statuses differ each side's reasons. The same table the command prints.
import { coverHtml, documentHtml, sectionTitle } from './document';
import { escapeHtml as h, formatDateTime, formatNumber, unitText, type Lang } from './format';
import { STATUS_TEXT } from './verdict-text';
import type { VerdictStatus } from '../sim/verdict';
import type { Comparison, ComparedFigure } from './compare-runs';

const status = (s: VerdictStatus | null, lang: Lang) =>
  s === null ? (lang === 'zh' ? '（无此判定）' : '(no verdict)') : STATUS_TEXT[s][lang];

function value(side: ComparedFigure['a'], unit: string, lang: Lang): string {
  if (!side) return '—';
  const mark = side.ok === false ? (lang === 'zh' ? '（超限）' : ' (out of bound)') : '';
  const sim = side.nature !== 'measured' ? (lang === 'zh' ? '（仿真）' : ' (simulated)') : '';
  return `${h(formatNumber(side.value, lang))} ${h(unitText(unit, lang))}${mark}${sim}`;
}

/** The table itself (its note above it), for the page and for the 初验报告's appendix. */
export function comparisonTable(c: Comparison, lang: Lang): string {
  const zh = lang === 'zh';
  const rows = c.rows
    .map((r) => {
      const head = `<tr class="${r.same ? '' : 'differ'}"><th>${h(r.clause)}</th><td>${h(r.scenario)}</td><td>${h(status(r.a, lang))}</td><td>${h(status(r.b, lang))}</td><td>${r.same ? (zh ? '相同' : 'same') : zh ? '<b>不同</b>' : '<b>differ</b>'}</td></tr>`;
      const figs = r.figures
        .map(
          (f) =>
            `<tr class="fig"><td></td><td class="small">${h(f.label?.[lang] ?? f.name)}</td><td class="small">${value(f.a, f.unit, lang)}</td><td class="small">${value(f.b, f.unit, lang)}</td><td class="small">${f.threshold ? h(f.threshold) : '—'}</td></tr>`,
        )
        .join('');
      const why = r.why
        ? `<tr class="why"><td></td><td class="small">${zh ? '原因' : 'why'}</td><td class="small">${r.why.a.map(h).join('<br>') || '—'}</td><td class="small">${r.why.b.map(h).join('<br>') || '—'}</td><td></td></tr>`
        : '';
      return head + figs + why;
    })
    .join('\n');
  return `<p class="small">${zh ? '每条判定下列出其各项指标：两侧的测得值与阈值（两侧阈值不同时以“|”并列）；判定不同之处列出两侧各自的原因。' : 'Under each verdict its figures: both measured values against the threshold (both, separated by “|”, where they differ); where the verdicts differ, each side’s own reasons.'}</p>
<table class="compare"><thead><tr><th style="width:7%">${zh ? '条款' : 'Clause'}</th><th style="width:27%">${zh ? '场景／指标' : 'Scenario / figure'}</th><th style="width:25%">${zh ? '测试 A' : 'A'}: ${h(c.a.label)}</th><th style="width:25%">${zh ? '测试 B' : 'B'}: ${h(c.b.label)}</th><th>${zh ? '对照／阈值' : 'Same? / threshold'}</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

export function comparisonHtml(c: Comparison, lang: Lang, generatedAt: number, otherLangHref?: string): string {
  const zh = lang === 'zh';
  const title = zh ? '两个存储核心的验收结果对照' : 'Acceptance results of two storage cores side by side';
  const cover = coverHtml({
    lang,
    projectName: zh ? '视频存储集群验收' : 'Video storage cluster acceptance',
    reportTitle: title,
    docId: `CMP-${c.a.runId}-${c.b.runId}`,
    rows: [
      [zh ? '测试 A' : 'A', `${h(c.a.label)}<br><span class="mono small">${h(c.a.runId)}</span>`],
      [zh ? '测试 B' : 'B', `${h(c.b.label)}<br><span class="mono small">${h(c.b.runId)}</span>`],
      [zh ? '判定不同的条目' : 'Verdicts that differ', `${c.differ} / ${c.rows.length}`],
    ],
    dateText: formatDateTime(generatedAt, lang),
    footLines: [],
  });
  const body = `<section><h2>${sectionTitle(1, '逐条对照', 'Clause by clause', lang)}</h2>
${comparisonTable(c, lang)}</section>`;
  return documentHtml({
    lang,
    title,
    runningTitle: title,
    docId: `CMP-${c.a.runId}-${c.b.runId}`,
    evidenceDigest: null,
    cover,
    body,
    otherLangHref,
  });
}

/** the table as printed: one line per verdict, its figures under it, each side's reasons where they differ */
export function comparisonText(c: Comparison): string {
  const out = [`A  ${c.a.label}  (${c.a.runId})`, `B  ${c.b.label}  (${c.b.runId})`, ''];
  const cell = (s: string | null) => (s ?? '(none)').padEnd(13);
  out.push(`${'clause'.padEnd(7)}${'scenario'.padEnd(34)}${cell('A')}${cell('B')}`);
  for (const r of c.rows) {
    out.push(`${r.clause.padEnd(7)}${r.scenario.padEnd(34)}${cell(r.a)}${cell(r.b)}${r.same ? '' : 'DIFFER'}`);
    for (const f of r.figures) {
      const v = (s: (typeof f)['a']) => (s ? `${s.value ?? 'n/a'}${s.ok === false ? '!' : ''}` : '—');
      out.push(`       · ${f.name.padEnd(32)} ${v(f.a).padEnd(13)}${v(f.b).padEnd(13)}${f.unit}${f.threshold ? `  (${f.threshold})` : ''}`);
    }
    if (r.why) {
      for (const x of r.why.a) out.push(`       A: ${x}`);
      for (const x of r.why.b) out.push(`       B: ${x}`);
    }
  }
  out.push('', `${c.differ} of ${c.rows.length} verdicts differ ('!': a figure out of its bound)`);
  return out.join('\n');
}
