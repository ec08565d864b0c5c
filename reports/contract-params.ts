// The contract's process and warranty parameters as a table; values the OCR lost are
// shown as 待确认 (to be confirmed), never as a guess.
import type { Profile } from '../profile/profile';
import { escapeHtml as h, formatNumber, type Lang } from './format';

type Key = keyof Profile['trial'];

const NAMES: Record<Key, { zh: string; en: string; clause: string }> = {
  buildPeriodDays: { zh: '建设周期', en: 'Build period', clause: 'P1' },
  initialAcceptanceWindowDays: { zh: '实施完成后完成初验的期限', en: 'Initial acceptance window', clause: 'P2' },
  trialDays: { zh: '试运行期 X', en: 'Trial run X', clause: 'P4' },
  extensionDays: { zh: '出现问题后的延长期 Y', en: 'Extension per problem Y', clause: 'P4' },
  finalAcceptanceWindowDays: { zh: '终验期限 Z', en: 'Final acceptance window Z', clause: 'P6' },
  warrantyYears: { zh: '免费质保期', en: 'Free warranty', clause: 'W1' },
  responseHours: { zh: '响应时间', en: 'Response time', clause: 'W2' },
  repairDays: { zh: '修复或更换期限', en: 'Repair or replacement', clause: 'W2' },
};

const UNIT_ZH: Record<string, string> = { 'calendar days': '个日历日', years: '年', hours: '小时' };

export function contractValueText(v: Profile['trial'][Key], lang: Lang): string {
  const unit = lang === 'zh' ? (UNIT_ZH[v.unit] ?? v.unit) : v.unit;
  if (v.value === null)
    return `<span class="tbc">${lang === 'zh' ? '待确认（合同扫描件数字缺失）' : 'to be confirmed (lost in the contract scan)'}</span>`;
  const base = `${formatNumber(v.value, lang)} ${h(unit)}`;
  return v.status === 'to-be-confirmed' ? `${base} <span class="tbc">${lang === 'zh' ? '（待确认）' : '(to be confirmed)'}</span>` : base;
}

export function contractParamsTable(profile: Profile, lang: Lang): string {
  const zh = lang === 'zh';
  const rows = (Object.keys(NAMES) as Key[])
    .map((k) => {
      const v = profile.trial[k];
      return `<tr><td class="c">${NAMES[k].clause}</td><td>${h(NAMES[k][lang])}</td><td>${contractValueText(v, lang)}</td><td class="small">${h(v.note ?? '')}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th class="c" style="width:9%">${zh ? '条款' : 'Clause'}</th><th style="width:33%">${zh ? '合同参数' : 'Parameter'}</th><th style="width:30%">${zh ? '取值' : 'Value'}</th><th>${zh ? '说明' : 'Note'}</th></tr></thead><tbody>${rows}</tbody></table>`;
}
