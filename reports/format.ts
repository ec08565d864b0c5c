// Formatting for a Chinese government reader: dates in Beijing time written 2026年11月24日,
// numbers grouped with the zh-CN locale; English when asked.
export type Lang = 'zh' | 'en';

export function formatDateTime(epochMs: number, lang: Lang): string {
  const d = new Date(epochMs);
  if (lang === 'en') return d.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'medium' }) + ' (UTC+8)';
  const p = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).formatToParts(d);
  const g = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${g('year')}年${g('month')}月${g('day')}日 ${g('hour')}:${g('minute')}:${g('second')}`;
}

export function formatDate(epochMs: number, lang: Lang): string {
  if (lang === 'en') return new Date(epochMs).toLocaleDateString('en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'long' });
  return formatDateTime(epochMs, lang).split(' ')[0]!;
}

/** Parentheses the way each language writes them. */
export const paren = (s: string, lang: Lang) => (lang === 'zh' ? `（${s}）` : ` (${s})`);

export function formatNumber(x: number | null, lang: Lang, digits = 2): string {
  if (x === null || !Number.isFinite(x)) return lang === 'zh' ? '未测得' : 'not measured';
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits }).format(x);
}

export function formatCNY(x: number, lang: Lang): string {
  return lang === 'zh' ? `人民币 ${formatNumber(x, 'zh')} 元` : `CNY ${formatNumber(x, 'en')}`;
}

const UNITS_ZH: Record<string, string> = {
  s: '秒',
  '%': '%',
  segments: '个',
  chunks: '个',
  files: '个',
  bytes: '字节',
  // the hardware inventory's counts (profile/hardware-requirements.ts)
  bays: '个',
  drives: '块',
  fans: '个',
  PSUs: '个',
  ports: '个',
  cores: '核',
  CPUs: '颗',
};
export const unitText = (unit: string, lang: Lang) => (lang === 'zh' ? (UNITS_ZH[unit] ?? unit) : unit);

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** A CSS string literal that is inert inside a <style> element: the HTML parser ends <style> at
 *  '</style' whatever the quotes, and entities are not decoded there, so every ASCII character
 *  other than a letter, digit or space (and every control character) becomes a CSS hex escape. */
export const cssString = (s: string) =>
  `"${s.replace(/[^A-Za-z0-9 \u00A0-\u2027\u202A-\uFFFF]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;

/** An href for a link to a file of the report folder, escaped for the attribute; a value with a
 *  URL scheme (javascript:, data:, http:) is made a relative path so a click cannot run or fetch anything. */
export const hrefAttr = (path: string) => escapeHtml(/^\s*[a-z][a-z0-9+.-]*:/i.test(path) ? `./${path.trim()}` : path);
