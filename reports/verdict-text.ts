// Names of verdict statuses and figure natures as the acceptance panel reads them.
import type { Nature, VerdictStatus } from '../sim/verdict';
import type { Lang } from './format';

export const STATUS_TEXT: Record<VerdictStatus, Record<Lang, string>> = {
  PASS: { zh: '通过', en: 'Pass' },
  FAIL: { zh: '不通过', en: 'Fail' },
  INCONCLUSIVE: { zh: '无法判定', en: 'Inconclusive' },
  MANUAL: { zh: '人工确认', en: 'Manual' },
  'NOT-APPLICABLE': { zh: '不适用', en: 'Not applicable' },
};

export const NATURE_TEXT: Record<Nature, Record<Lang, string>> = {
  measured: { zh: '实测（真实存储核心，墙钟时间）', en: 'measured (real core, wall clock)' },
  simulated: { zh: '仿真（数字孪生，虚拟时间）', en: 'simulated (digital twin, virtual time)' },
  mixed: { zh: '实测与仿真结合', en: 'measured and simulated' },
};
