// Names of verdict statuses and figure natures as the acceptance panel reads them.
import type { Nature, Verdict, VerdictStatus } from '../sim/verdict';
import { escapeHtml, type Lang } from './format';

export const STATUS_TEXT: Record<VerdictStatus, Record<Lang, string>> = {
  PASS: { zh: '通过', en: 'Pass' },
  FAIL: { zh: '不通过', en: 'Fail' },
  INCONCLUSIVE: { zh: '无法判定', en: 'Inconclusive' },
  MANUAL: { zh: '人工确认', en: 'Manual' },
  'NOT-APPLICABLE': { zh: '不适用', en: 'Not applicable' },
};

/** A PASS that rests wholly or partly on a twin or a modelled duration proves the checker, not the
 *  delivered hardware: it is shown as such and never concludes acceptance. */
export const SIMULATED_PASS_TEXT: Record<Lang, string> = { zh: '通过（仿真）', en: 'PASS (simulated)' };

/** A PASS that rests on a harness reference implementation standing in for the product (T4). */
export const STAND_IN_PASS_TEXT: Record<Lang, string> = { zh: '通过（参考实现）', en: 'PASS (reference implementation)' };

/** The status as a report shows it: a PASS that is not wholly measured, or rests on a stand-in, says so. */
export function statusLabel(s: { status: VerdictStatus; simulated?: boolean; nature?: Nature; standIn?: unknown }, lang: Lang): string {
  if (s.status === 'PASS' && s.standIn !== undefined) return STAND_IN_PASS_TEXT[lang];
  const sim = s.simulated ?? (s.nature !== undefined && s.nature !== 'measured');
  return s.status === 'PASS' && sim ? SIMULATED_PASS_TEXT[lang] : STATUS_TEXT[s.status][lang];
}

export const NATURE_TEXT: Record<Nature, Record<Lang, string>> = {
  measured: { zh: '实测（真实存储核心，墙钟时间）', en: 'measured (real core, wall clock)' },
  simulated: { zh: '仿真（数字孪生，虚拟时间）', en: 'simulated (digital twin, virtual time)' },
  mixed: { zh: '实测与仿真结合', en: 'measured and simulated' },
};

/** The short nature column of the clause tables: how a verdict was reached, or, for an untested clause, how it would be. */
export const NATURE_SHORT: Record<string, { zh: string; en: string }> = {
  measured: { zh: '实测', en: 'measured' },
  simulated: { zh: '仿真', en: 'simulated' },
  mixed: { zh: '实测＋仿真', en: 'mixed' },
  core: { zh: '实测（待测）', en: 'measured (to do)' },
  twin: { zh: '仿真（待测）', en: 'simulated (to do)' },
  document: { zh: '文件', en: 'document' },
  person: { zh: '人工', en: 'person' },
};

/** What the verdict rests on beyond the core (a harness agent's heal), under its status. */
export const caveatLines = (v: Pick<Verdict, 'caveats'>, lang: Lang): string =>
  v.caveats?.length ? `<div class="small">${v.caveats.map((c) => escapeHtml(c[lang])).join('<br>')}</div>` : '';
