// The core options a run differed from the core's shipped defaults by, as the reports print them.
import type { CoreOptionSeen } from '../sim/checkers/core-config';
import { escapeHtml as h, paren, type Lang } from './format';

/** The core options that differ from the shipped defaults (null: not recorded), each with its shipped value. */
export function tuningCell(options: readonly CoreOptionSeen[] | null | undefined, lang: Lang): string {
  const zh = lang === 'zh';
  if (!options) return zh ? '本次运行未记录（旧版历史）' : 'not recorded in this run (older history)';
  const tuned = options.filter((o) => o.kind === 'tuning');
  if (!tuned.length) return zh ? '无：核心以出厂默认参数运行' : 'none: the core ran with its shipped defaults';
  const rows = tuned.map(
    (o) =>
      `<code>${h(o.key)} = ${h(o.value)}</code>${paren(`${h(o.file)}${zh ? '；出厂值 ' : '; shipped '}${o.shipped === null ? (zh ? '未设置' : 'not set') : `<code>${h(o.shipped)}</code>`}`, lang)}`,
  );
  return `${rows.join('<br>')}<div class="small">${zh ? '全部判定均在上述参数下得出；交付系统须按相同参数配置，相应指标方可成立。' : 'Every verdict was reached with these options; the delivered system must be set the same way for the figures to hold.'}</div>`;
}
