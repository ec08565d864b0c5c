// M2 one-screen operations view, from the history: the page served by the harness loaded in
// headless Chromium, and after a real disk pull it showed the pulled bay AND the alarm for
// that bay within the profile's time. A page that does not update never shows them: FAIL.
import { firstOf, type HistoryEvent } from '../history';
import type { Figure, Verdict } from '../verdict';

export interface OpsViewThresholds {
  withinSeconds: number;
}

export function checkOpsView(events: readonly HistoryEvent[], t: OpsViewThresholds, scenario = 'operations'): Verdict {
  const base = {
    clause: 'M2',
    scenario,
    method: {
      zh: '测试工具在本机回环地址上提供一图值守页面（硬件：节点与槽位、网络、存储核心、业务、告警），由无界面 Chromium（playwright-core）打开；随机种子选定一个健康槽位，在真实核心上拔盘，计时至页面显示该槽位已拔出、且告警列表出现该槽位的拔盘告警（来自节点 BMC 事件日志）。截图存为证据。',
      en: "The harness serves the one-screen page on loopback (hardware: nodes and bays; network; storage core; business; alarms), opened in headless Chromium (playwright-core); a healthy bay chosen by the seed is pulled on the real core and the time is measured until the page shows that bay as pulled and the alarm list shows its removal alarm (from the node BMC's event log). Screenshot kept as evidence.",
    },
    nature: 'measured' as const,
    evidence: ['history.jsonl#m2.pull', 'history.jsonl#m2.page', 'evidence/ops-page.png'],
  };
  const p = firstOf(events, 'm2.page');
  if (!p) return { ...base, status: 'INCONCLUSIVE', figures: [], reasons: ['the page was not checked in this history'] };
  if (p.error) return { ...base, status: 'INCONCLUSIVE', figures: [], reasons: [`the page could not be checked: ${p.error}`] };
  const within = t.withinSeconds;
  const ok = (x: number | null | undefined) => typeof x === 'number' && x <= within;
  const figures: Figure[] = [
    {
      name: 'page loaded and drawn',
      label: { zh: '页面加载并绘制完成', en: 'page loaded and drawn' },
      value: p.loadSeconds ?? null,
      unit: 's',
      ok: p.loaded,
      nature: 'measured',
    },
    {
      name: `pulled bay ${p.node}/${p.slot} shown on the page`,
      label: { zh: `页面显示已拔出盘位 ${p.node}/${p.slot}`, en: `pulled bay ${p.node}/${p.slot} shown on the page` },
      value: p.baySeconds ?? null,
      unit: 's',
      threshold: `<= ${within}`,
      ok: ok(p.baySeconds),
      nature: 'measured',
    },
    {
      name: `removal alarm of ${p.node}/${p.slot} shown on the page`,
      label: { zh: `页面显示 ${p.node}/${p.slot} 拔盘告警`, en: `removal alarm of ${p.node}/${p.slot} shown on the page` },
      value: p.alarmSeconds ?? null,
      unit: 's',
      threshold: `<= ${within}`,
      ok: ok(p.alarmSeconds),
      nature: 'measured',
    },
    {
      name: 'snapshots the page server built',
      label: { zh: '页面服务生成的快照数', en: 'snapshots the page server built' },
      value: p.snapshots ?? null,
      unit: 'snapshots',
      nature: 'measured',
      note: `the page showed #${p.pageSeq}`,
    },
  ];
  const reasons: string[] = [];
  if (!p.loaded) reasons.push('the page did not load');
  if (!ok(p.baySeconds))
    reasons.push(
      `the pulled bay was ${p.baySeconds == null ? 'not shown' : `shown only after ${p.baySeconds} s`} (within ${within} s wanted)`,
    );
  if (!ok(p.alarmSeconds))
    reasons.push(
      `the alarm was ${p.alarmSeconds == null ? 'not shown' : `shown only after ${p.alarmSeconds} s`} (within ${within} s wanted)`,
    );
  const pass = reasons.length === 0;
  if (pass) reasons.push(`the page showed the pulled bay after ${p.baySeconds} s and its alarm after ${p.alarmSeconds} s`);
  return { ...base, status: pass ? 'PASS' : 'FAIL', figures, reasons, evidence: [...base.evidence] };
}
