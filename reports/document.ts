// The printed shape shared by 初验报告, 试运行报告 and 终验报告: A4 pages with running
// headers and page numbers (CSS @page margin boxes, so HTML and PDF are one document),
// a cover page, figures with captions, the signature block for both parties.
import type { Bilingual } from '../sim/verdict';
import type { Chart } from './charts/charts';
import { EVIDENCE_DIGEST_CLASS, EVIDENCE_DIGEST_META } from './evidence-manifest';
import { cssString, escapeHtml as h, hrefAttr, type Lang } from './format';

export interface DocumentParts {
  lang: Lang;
  /** e.g. 初步验收报告 */
  title: string;
  /** short running header, e.g. 'XX项目 · 初验报告' (plain text: it goes into a CSS string and <title>) */
  runningTitle: string;
  /** report number on every page */
  docId: string;
  /** SHA-256 of the evidence manifest (printed in the footer) */
  evidenceDigest: string | null;
  /** HTML built by the report, every outside string in it already escaped */
  cover: string;
  body: string;
  otherLangHref?: string;
}

const SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif';
const SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

function css(p: DocumentParts): string {
  const zh = p.lang === 'zh';
  const pageText = zh ? `"第 " counter(page) " 页  共 " counter(pages) " 页"` : `"Page " counter(page) " of " counter(pages)`;
  const digest = p.evidenceDigest ? `${zh ? '证据清单 SHA-256：' : 'Evidence manifest SHA-256: '}${p.evidenceDigest.slice(0, 16)}…` : '';
  return `
@page { size: A4; margin: 24mm 18mm 22mm 20mm;
  @top-left { content: ${cssString(p.runningTitle)}; font: 8pt ${SANS}; color: #444; vertical-align: bottom; padding-bottom: 2mm; border-bottom: .4pt solid #888; }
  @top-right { content: ${cssString(p.docId)}; font: 8pt ${SANS}; color: #444; vertical-align: bottom; padding-bottom: 2mm; border-bottom: .4pt solid #888; }
  @bottom-center { content: ${pageText}; font: 8.5pt ${SANS}; color: #222; }
  @bottom-right { content: ${cssString(digest)}; font: 6.5pt ${SANS}; color: #666; }
}
@page :first { @top-left { content: none; border: none; } @top-right { content: none; border: none; } @bottom-center { content: none; } @bottom-right { content: none; } }
html { font-family: ${SERIF}; font-size: 10.5pt; line-height: 1.65; color: #111; }
body { margin: 0 auto; max-width: 174mm; }
@media screen { body { padding: 1em 1.5em 4em; } }
h1, h2, h3, th, .sans, figcaption, .cover-meta { font-family: ${SANS}; }
h2 { font-size: 14pt; margin: 1.4em 0 .5em; padding-bottom: .15em; border-bottom: 1.2pt solid #1f2d3d; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 1em 0 .4em; break-after: avoid; }
p { margin: .35em 0; text-align: justify; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 .8em; font-size: 9pt; line-height: 1.45; }
thead { display: table-header-group; }
tr, figure, .keep { break-inside: avoid; }
th, td { border: .6pt solid #555; padding: 3pt 4pt; vertical-align: top; text-align: left; overflow-wrap: break-word; }
table.results { table-layout: fixed; }
html[lang=en] table.results, html[lang=en] table.results th { font-size: 8pt; }
html[lang=en] table.results td.c { font-family: ${SANS}; }
th { background: #e8ecf1; font-weight: 600; }
td.c, th.c { text-align: center; }
td.num { text-align: right; white-space: nowrap; }
.small { font-size: 8.5pt; color: #333; }
.muted { color: #666; }
code, .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; }
.PASS { color: #0a6b2b; font-weight: 700; } .FAIL { color: #b00020; font-weight: 700; }
.INCONCLUSIVE { color: #8a4b00; font-weight: 700; } .MANUAL { color: #6a4c00; font-weight: 700; } .NOT-APPLICABLE { color: #555; font-weight: 700; }
.tbc { color: #b00020; font-weight: 600; }
.badge { display: inline-block; border: .6pt solid currentColor; border-radius: 2pt; padding: 0 3pt; font-size: 8pt; font-family: ${SANS}; }
figure { margin: .8em 0 1em; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 9.5pt; text-align: center; font-weight: 600; margin-top: .2em; }
.fignote { font-size: 8.5pt; color: #333; margin: .15em 0; text-align: left; }
.omitted { border: .6pt dashed #888; padding: 6pt 8pt; font-size: 9pt; color: #333; background: #fafafa; }
.cover { break-after: page; display: flex; flex-direction: column; min-height: 245mm; }
.cover .docno { text-align: right; font: 9.5pt ${SANS}; }
.cover .ptitle { margin-top: 30mm; text-align: center; font: 600 20pt/1.5 ${SERIF}; letter-spacing: .05em; }
.cover .rtitle { text-align: center; font: 700 28pt/1.4 ${SANS}; letter-spacing: ${zh ? '.3em' : '.02em'}; margin: 6mm 0 20mm; }
.cover table.cover-meta { width: 80%; margin: 0 auto; font-size: 11pt; border: none; }
.cover table.cover-meta td { border: none; border-bottom: .6pt solid #999; padding: 5pt 6pt; }
.cover table.cover-meta td:first-child { width: 32%; font-weight: 600; white-space: nowrap; }
.cover .foot { margin-top: auto; text-align: center; font-size: 9pt; color: #333; }
.cover .foot .date { font: 12pt ${SANS}; margin-top: 4mm; color: #111; }
.sign { break-inside: avoid; margin-top: 1em; }
.sign table td { height: 16mm; vertical-align: bottom; }
.sign table th { width: 22%; }
.toc { font-size: 10pt; columns: 2; }
.lang-link { font-size: 8.5pt; }
@media print { .lang-link { display: none; } a { color: inherit; text-decoration: none; } }
`;
}

/** English pages get English punctuation where a shared template used the Chinese one. */
const WIDE: Record<string, string> = { '，': ', ', '；': '; ', '：': ': ', '（': ' (', '）': ')', '。': '. ', '、': ', ' };
export const englishPunctuation = (html: string) =>
  html
    .replace(/[，；：（）。、]/g, (c) => WIDE[c]!)
    .replace(/ {2,}\(/g, ' (')
    .replace(/\( /g, '(');

export function documentHtml(p: DocumentParts): string {
  const html = documentHtmlRaw(p);
  return p.lang === 'en' ? englishPunctuation(html) : html;
}

function documentHtmlRaw(p: DocumentParts): string {
  return `<!doctype html>
<html lang="${p.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${p.evidenceDigest ? `<meta name="${EVIDENCE_DIGEST_META}" content="${h(p.evidenceDigest)}">\n` : ''}<title>${h(p.runningTitle)} · ${h(p.docId)}</title>
<style>${css(p)}</style></head><body>
${p.otherLangHref ? `<p class="lang-link"><a href="${hrefAttr(p.otherLangHref)}">${p.lang === 'zh' ? 'English version' : '中文版'}</a></p>` : ''}
${p.cover}
${p.body}
</body></html>
`;
}

export interface CoverParts {
  lang: Lang;
  projectName: string;
  reportTitle: string;
  docId: string;
  /** [label (plain text), value (HTML, escaped by the caller)] */
  rows: [string, string][];
  dateText: string;
  /** HTML, escaped by the caller */
  footLines: string[];
}

export function coverHtml(c: CoverParts): string {
  return `<section class="cover">
<div class="docno">${c.lang === 'zh' ? '报告编号：' : 'Report No. '}<span class="mono">${h(c.docId)}</span></div>
<div class="ptitle">${h(c.projectName)}</div>
<div class="rtitle">${h(c.reportTitle)}</div>
<table class="cover-meta">${c.rows.map(([k, v]) => `<tr><td>${h(k)}</td><td>${v}</td></tr>`).join('')}</table>
<div class="foot">${c.footLines.map((l) => `<p style="text-align:center">${l}</p>`).join('')}<div class="date">${h(c.dateText)}</div></div>
</section>`;
}

/** Empty signature and date fields for both parties (and the panel), never pre-filled. */
export function signatureBlock(lang: Lang, heading: string, parties: { role: string; name: string }[]): string {
  const zh = lang === 'zh';
  return `<section class="sign"><h2>${h(heading)}</h2>
<p class="small">${zh ? '经双方确认，以上测试过程与结果属实。签字即表示对本报告所列结论的认可；人工确认项以所附文件及专家组意见为准。' : 'Both parties confirm that the tests and results above are true. Signing accepts the conclusions listed in this report; manual items follow the attached documents and the panel’s opinion.'}</p>
<table>
<thead><tr><th>${zh ? '单位' : 'Party'}</th><th>${zh ? '代表签字' : 'Signature of representative'}</th><th>${zh ? '盖章' : 'Seal'}</th><th style="width:20%">${zh ? '日期' : 'Date'}</th></tr></thead>
<tbody>${parties.map((p) => `<tr><th>${h(p.role)}<br><span class="small" style="font-weight:400">${h(p.name)}</span></th><td></td><td></td><td class="small" style="vertical-align:bottom">${zh ? '&emsp;&emsp;年&emsp;&emsp;月&emsp;&emsp;日' : '____ / __ / __'}</td></tr>`).join('')}</tbody>
</table></section>`;
}

export function chartFigure(chart: Chart, n: number, lang: Lang): string {
  const caption = `${lang === 'zh' ? '图' : 'Figure '}${n}　${h(chart.title[lang])}`;
  if (!chart.svg)
    return `<figure class="keep"><div class="omitted">${h(chart.omitted?.[lang] ?? '')}</div><figcaption>${caption}${lang === 'zh' ? '（未绘制）' : ' (omitted)'}</figcaption></figure>`;
  return `<figure>${chart.svg}<figcaption>${caption}</figcaption>${chart.notes.map((x) => `<p class="fignote">${h(x[lang])}</p>`).join('')}</figure>`;
}

export const bi = (b: Bilingual, lang: Lang) => b[lang];

/** Section numbering the Chinese way (一、二、…) or 1. 2. … in English. */
export function sectionTitle(i: number, zh: string, en: string, lang: Lang): string {
  const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
  return lang === 'zh' ? `${cn[i - 1]}、${zh}` : `${i}. ${en}`;
}

/** The cover's evidence digest line; `accept verify` reads it back (printedEvidenceDigests). */
export function coverDigestLine(lang: Lang, digest: string | null | undefined): string {
  if (!digest) return '';
  return `${lang === 'zh' ? '证据清单 SHA-256：' : 'Evidence manifest SHA-256: '}<span class="mono ${EVIDENCE_DIGEST_CLASS}">${h(digest)}</span>`;
}

export function digestParagraph(lang: Lang, digest: string | null, fileCount?: number): string {
  if (!digest) return `<p class="small">${lang === 'zh' ? '证据清单尚未生成。' : 'No evidence manifest yet.'}</p>`;
  return `<p class="small">${lang === 'zh' ? `证据清单 <code>evidence-manifest.json</code>${fileCount !== undefined ? `（${fileCount} 个文件）` : ''}的 SHA-256：` : `SHA-256 of the evidence manifest <code>evidence-manifest.json</code>${fileCount !== undefined ? ` (${fileCount} files)` : ''}: `}<br><code class="${EVIDENCE_DIGEST_CLASS}">${h(digest)}</code><br>${lang === 'zh' ? '核验方法：<code>accept verify &lt;报告目录&gt;</code>，输出的摘要须与此值一致，且无文件被修改、缺失或增加。' : 'To check: <code>accept verify &lt;report folder&gt;</code> must print this value and report no changed, missing or added file.'}</p>`;
}
