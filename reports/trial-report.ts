// 试运行报告 (trial-run report): 概况, 依据与规则 (P4/P5), 方案 (what ran, what was
// simulated and with which acceleration), 过程与数据, 问题及处理 (the ledger), 性能与稳定性,
// 结论, 签字栏, 证据. From trial.json, the ledger and the journal's day records.
import { dayCheckOf, type DayRecord, type Extension, type Ledger, type TrialStatus } from '../acceptance/trial/ledger';
import type { AchievedPace, ResolutionRecord } from '../acceptance/trial/journal';
import { fieldDaysTable, incidentNatureText } from './field-trial-days';
import { checkedDays } from '../acceptance/trial/reported';
import { mergeTuning } from '../sim/checkers/core-config';
import { tuningCell } from './core-tuning';
import type { TrialSummary } from '../acceptance/trial/summary';
import type { Profile } from '../profile/profile';
import { smartTrendChart } from './charts/charts';
import type { SmartTrendInput } from './charts/smart-trends';
import { diskHealthChart, trialCalendarChart } from './charts/trial-charts';
import { contractParamsTable, contractValueText } from './contract-params';
import { chartFigure, coverDigestLine, coverHtml, digestParagraph, documentHtml, sectionTitle, signatureBlock } from './document';
import { escapeHtml as h, hrefAttr, formatDate, formatDateTime, formatNumber, type Lang } from './format';

export interface TrialReportInput {
  trial: TrialSummary;
  ledger: Ledger;
  days: DayRecord[];
  smart: SmartTrendInput | null;
  profile: Profile | null;
  evidence: { digest: string; fileCount: number } | null;
  /** the acceleration achieved (journal wall times); absent: only the nominal one is printed */
  pace?: AchievedPace | null;
  /** how each problem was dealt with (a field trial's entries), by the problem's id */
  resolutions?: ReadonlyMap<string, ResolutionRecord>;
  /** a field trial's days whose checks a run started but did not complete, with why */
  failedDays?: ReadonlyMap<number, string>;
}

export const TRIAL_REPORT_TITLE = { zh: '试运行报告', en: 'Trial Run Report' };

export const TRIAL_STATUS_TEXT: Record<TrialStatus, { zh: string; en: string; cls: string }> = {
  completed: { zh: '试运行期满', en: 'Trial completed', cls: 'PASS' },
  'termination-right': { zh: '出现合同 P5 情形（甲方有权解除合同）', en: 'P5 reached (the buyer may terminate)', cls: 'FAIL' },
  'stopped-at-max-days': {
    zh: '仍在延长期中，已达最长运行天数，未完结',
    en: 'Still extended at the maximum length: not finished',
    cls: 'INCONCLUSIVE',
  },
  running: { zh: '进行中（已中断，可续跑）', en: 'Running (interrupted, resumable)', cls: 'INCONCLUSIVE' },
};

/** A field trial runs on between its daily runs: not interrupted. */
export const trialStatusText = (status: TrialStatus, field: boolean) =>
  field && status === 'running'
    ? { zh: '进行中（每日检查）', en: 'Running (checked daily)', cls: 'INCONCLUSIVE' }
    : TRIAL_STATUS_TEXT[status];

const DAY_MS = 86_400_000;

export function renderTrialReport(input: TrialReportInput, lang: Lang = 'zh'): string {
  const { trial, ledger, days } = input;
  const zh = lang === 'zh';
  const T = (a: string, b: string) => (zh ? a : b);
  const project = trial.profile.project;
  const docId = `SY-${trial.trialId}`;
  const st = trialStatusText(ledger.status, !!trial.field);
  const vDate = (day: number) => formatDate(trial.virtualStartMs + (day - 1) * DAY_MS, lang);
  const simulatedParts = trial.parts.filter((p) => p.connected && p.nature === 'simulated');
  // a field trial: real calendar days on a delivered system, no twin and no acceleration
  const field = trial.field;
  const entered = ledger.incidents.filter((x) => x.nature === 'reported').length;
  const checked = checkedDays(days, ledger);
  const missing = trial.parts.filter((p) => !p.connected);
  let n = 0;
  const sec = (a: string, b: string) => `<h2>${sectionTitle(++n, a, b, lang)}</h2>`;

  const soakDays = days.filter((d) => d.checks);
  const injected = soakDays.reduce((n, d) => n + (d.faults?.length ?? 0), 0);
  const measuredProblems = ledger.incidents.filter((x) => x.nature === 'measured').length;
  const soakWall = soakDays.reduce((n, d) => n + (d.observations['soak.wallSeconds'] ?? 0), 0);
  const cover = coverHtml({
    lang,
    projectName: project.name[lang],
    reportTitle: TRIAL_REPORT_TITLE[lang],
    docId,
    rows: [
      [T('项目名称', 'Project'), h(project.name[lang])],
      [T('甲方（采购人）', 'Buyer'), h(project.buyer[lang])],
      [T('乙方（供应商）', 'Seller'), h(project.seller[lang])],
      [T('阶段', 'Stage'), T('试运行（合同条款 P4、P5）', 'Trial run (clauses P4, P5)')],
      [T('试运行编号', 'Trial'), `<span class="mono">${h(trial.trialId)}</span>`],
      [
        field ? T('试运行日期', 'Trial dates') : T('试运行日期（虚拟）', 'Trial dates (virtual)'),
        `${h(vDate(1))} — ${h(vDate(Math.max(1, ledger.daysRun)))}，${T(`共 ${ledger.daysRun} 日`, `${ledger.daysRun} days`)}`,
      ],
      field
        ? [
            T('时间', 'Time'),
            T('真实日历日（北京时间），每日检查一次，无加速', 'real calendar days (Beijing time), checked once a day, no acceleration'),
          ]
        : [T('时间加速', 'Time acceleration'), accelerationText(trial, input.pace ?? null, soakDays.length > 0, lang)],
      ...(field
        ? [
            [
              T('交付系统（实测）', 'Delivered system (measured)'),
              T(
                `${h(field.target)}：${ledger.daysRun} 日中检查 ${checked} 日；问题 ${ledger.incidents.length} 个（检查发现 ${ledger.incidents.length - entered} 个，人工登记 ${entered} 个）`,
                `${h(field.target)}: checked on ${checked} of ${ledger.daysRun} days; ${ledger.incidents.length} problems (${ledger.incidents.length - entered} found by the checks, ${entered} entered by people)`,
              ),
            ] as [string, string],
          ]
        : []),
      ...(soakDays.length && !field
        ? [
            [
              T('真实核心（实测）', 'Real core (measured)'),
              T(
                `${soakDays.length} 日持续录像写入，注入故障 ${injected} 次，实测问题 ${measuredProblems} 个；墙钟合计 ${formatNumber(soakWall, lang, 0)} 秒（每日至少 ${trial.incidentRule.soak.minDaySeconds} 秒）`,
                `cameras writing on ${soakDays.length} days, ${injected} faults injected, ${measuredProblems} measured problems; ${formatNumber(soakWall, lang, 0)} wall seconds in all (at least ${trial.incidentRule.soak.minDaySeconds} s a day)`,
              ),
            ] as [string, string],
          ]
        : []),
      [T('结论', 'Outcome'), `<span class="${st.cls}">${h(st[lang])}</span>`],
    ],
    dateText: formatDate(trial.finishedAt, lang),
    footLines: [
      h(
        T(
          field
            ? `本次试运行在交付系统（${field.target}）上按真实日历日进行${ledger.incidents.some((x) => x.nature === 'simulated') ? '；部分问题来自数字孪生 BMC 的仿真应答，已标注“仿真”' : ''}。`
            : `本次试运行${simulatedParts.length ? '含仿真部分（' + simulatedParts.map((p) => p.zh).join('、') + '，加速 ' + accelNumber(trial.accel, 'zh') + ' 倍）' : ''}${missing.length ? '；未接入：' + missing.map((p) => p.zh).join('、') : ''}。`,
          field
            ? `This trial ran on the delivered system (${field.target}) in real calendar days${ledger.incidents.some((x) => x.nature === 'simulated') ? '; some problems come from a digital twin BMC’s simulated answers and are marked simulated' : ''}.`
            : `This trial ${simulatedParts.length ? 'has simulated parts (' + simulatedParts.map((p) => p.en).join(', ') + ', acceleration ' + accelNumber(trial.accel, 'en') + 'x)' : ''}${missing.length ? '; not connected: ' + missing.map((p) => p.en).join(', ') : ''}.`,
        ),
      ),
      coverDigestLine(lang, input.evidence?.digest),
    ],
  });

  const body: string[] = [];
  body.push(sec('试运行概况', 'Overview'));
  body.push(
    `<p>${T(
      `本报告记录“${h(project.name.zh)}”通过初验后的试运行。试运行按${field ? `真实日历日在交付系统（${h(field.target)}）上逐日推进（每日检查一次；问题也可由人员登记）` : '虚拟日历日逐日推进'}，每日的结果先写入只追加的试运行日志（journal.jsonl），再按合同 P4、P5 计入试运行台账（ledger.json）。共运行 ${ledger.daysRun} 日，发现问题 ${ledger.incidents.length} 个（分布在 ${ledger.problemDays.length} 日），试运行截止日为第 ${ledger.endDay} 日。`,
      `This report records the trial run of “${h(project.name.en)}” after initial acceptance. The trial advances by ${field ? `real calendar days on the delivered system (${h(field.target)}), checked once a day (problems may also be entered by people)` : 'virtual calendar days'}; each day is first written to the append-only journal (journal.jsonl), then counted in the ledger (ledger.json) under clauses P4 and P5. ${ledger.daysRun} days ran; ${ledger.incidents.length} problems were found (on ${ledger.problemDays.length} days); the trial ends on day ${ledger.endDay}.`,
    )}</p>`,
  );
  body.push(`<table><tbody>
<tr><th style="width:26%">${T('随机种子', 'Seed')}</th><td><code>${h(trial.seed)}</code></td></tr>
<tr><th>${T('复现命令', 'Replay')}</th><td><code>${h(trial.replay)}</code></td></tr>
<tr><th>${T('续跑命令', 'Resume')}</th><td><code>${h(trial.resume)}</code></td></tr>
<tr><th>${T('墙钟执行时间', 'Wall-clock time')}</th><td>${h(formatDateTime(trial.startedAt, lang))} — ${h(formatDateTime(trial.finishedAt, lang))}（${formatNumber(trial.wallSeconds, lang, 1)} ${T('秒', 's')}，${T(`${trial.sessions} 次运行会话`, `${trial.sessions} sessions`)}）</td></tr>
<tr><th>${field ? T('存储节点（交付系统，目标文件）', 'Storage nodes (delivered, target file)') : T('设备（数字孪生）', 'Devices (twins)')}</th><td>${trial.fleet.map((f) => (field ? h(f.id) : `${h(f.id)}：${h(f.model)}，${f.bays} ${T('盘位', 'bays')}，${h(f.arch)}`)).join(field ? '、' : '<br>')}</td></tr>
</tbody></table>`);

  body.push(sec('试运行依据与规则', 'Basis and rules'));
  body.push(`<ol>
<li>${T('合同 P4：通过初验后进入为期 X 个日历日的试运行期，期间如发生问题，自发现问题之日起试运行期将予以延长 Y 个日历日。', 'Clause P4: after initial acceptance a trial of X calendar days; a problem extends it by Y calendar days counted from the day it was found.')}</li>
<li>${T('合同 P5：延长期限内再次发生问题的，甲方有权解除合同并追究乙方的违约及赔偿责任。', 'Clause P5: a second problem inside an extension gives the buyer the right to terminate and claim damages.')}</li>
</ol>`);
  body.push(`<table><thead><tr><th style="width:30%">${T('规则参数', 'Rule')}</th><th style="width:22%">${T('本次取值', 'Used')}</th><th>${T('来源', 'Source')}</th></tr></thead><tbody>
<tr><td>${T('试运行期 X', 'Trial X')}</td><td>${ledger.rules.trialDays} ${T('日', 'days')}</td><td>${trial.ruleSources.trialDays === 'profile' ? T('合同参数文件：', 'contract profile: ') + contractValueText(trial.contract.trialDays, lang) : `<span class="tbc">${T('命令行指定（仅用于本次试运行；合同值：', 'given on the command line for this trial only (contract value: ')}</span>${contractValueText(trial.contract.trialDays, lang)}<span class="tbc">${T('）', ')')}</span>`}</td></tr>
<tr><td>${T('延长期 Y', 'Extension Y')}</td><td>${ledger.rules.extensionDays} ${T('日', 'days')}</td><td>${trial.ruleSources.extensionDays === 'profile' ? T('合同参数文件：', 'contract profile: ') + contractValueText(trial.contract.extensionDays, lang) : `<span class="tbc">${T('命令行指定（仅用于本次试运行；合同值：', 'given on the command line for this trial only (contract value: ')}</span>${contractValueText(trial.contract.extensionDays, lang)}<span class="tbc">${T('）', ')')}</span>`}</td></tr>
<tr><td>${T('问题的认定', 'What counts as a problem')}</td><td colspan="2">${h(incidentRuleText(trial, lang))}</td></tr>
<tr><td>${T('最长运行天数', 'Longest run')}</td><td>${ledger.rules.maxDays} ${T('日', 'days')}</td><td>${T('工具的安全上限（X + 合同参数文件 trialRun.maxExtraDays），不是合同条款', 'a safety limit of the harness (X + trialRun.maxExtraDays), not a contract term')}</td></tr>
</tbody></table>`);
  body.push(
    `<p class="small">${T(
      `对 P4 的解释（合同为扫描件，待双方确认）：第 d 日发现问题，则试运行至少持续到第 d + Y 日（截止日 = max(原截止日, d + Y)）；第 p + 1 日至第 p + Y 日为第 p 日问题的延长期，其间再次发现问题即为 P5 情形。延长期自发现之日起计算，可能与原试运行期重叠：此时截止日不变，但这段时间仍按第 p 日问题的延长期计入 P5（合同字面理解，待双方确认）。同一日发现的多个问题计为一次。`,
      `Reading of P4 (the contract is a scan; to be confirmed by both parties): a problem found on day d means the trial lasts at least until day d + Y (end = max(end, d + Y)); days p + 1 to p + Y are the extension of a problem found on day p, and a problem found inside it is the P5 case. The extension counts from the day found and may overlap the original period: the end day then stays, but those days still count as the extension of day p's problem for P5 (the contract's literal reading, to be confirmed). Several problems found on one day count once.`,
    )}</p>`,
  );
  if (input.profile) body.push(contractParamsTable(input.profile, lang));

  body.push(sec('试运行方案', 'How the trial ran'));
  body.push(
    `<table><thead><tr><th style="width:22%">${T('组成部分', 'Part')}</th><th class="c" style="width:12%">${T('状态', 'State')}</th><th class="c" style="width:16%">${T('性质', 'Nature')}</th><th>${T('说明', 'Note')}</th></tr></thead><tbody>${trial.parts
      .map(
        (p) =>
          `<tr><td>${h(zh ? p.zh : p.en)}</td><td class="c">${p.connected ? T('已执行', 'ran') : `<span class="tbc">${T('未接入', 'not connected')}</span>`}</td><td class="c">${p.connected ? (p.nature === 'simulated' ? (field ? T('含仿真（数字孪生 BMC）', 'partly simulated (twin BMCs)') : T(`仿真（加速 ${accelNumber(trial.accel, 'zh')} 倍）`, `simulated (${accelNumber(trial.accel, 'en')}x)`)) : T('实测', 'measured')) : '—'}</td><td class="small">${h(p.note[lang])}</td></tr>`,
      )
      .join('')}</tbody></table>`,
  );
  // the system under test as it ran on the real core's days
  if (trial.parts.some((p) => p.connected && p.nature === 'measured'))
    body.push(
      (trial.core ? `<p><b>${T('存储核心：', 'Storage core: ')}</b>${h(trial.core.title)}</p>` : '') +
        (field
          ? `<p class="small">${T('现场模式不读取存储核心的参数配置（交付系统的配置以乙方提交的文档为准）。', 'A field trial does not read the core’s options (the delivered system’s configuration is as the seller documents it).')}</p>`
          : `<p><b>${T('与出厂默认值不同的核心参数：', "Core options differing from the core's shipped defaults: ")}</b>${tuningCell(mergeTuning(input.days.map((d) => d.coreTuning)), lang)}</p>`),
    );
  if (missing.length) {
    body.push(
      `<p><b>${T('说明：', 'Note: ')}</b>${h(T(`本次试运行未接入${missing.map((p) => p.zh).join('、')}，因此本报告不含真实存储核心在试运行期间的实测性能与故障恢复数据；所列问题全部来自数字孪生的仿真。`, `This trial did not connect ${missing.map((p) => p.en).join(', ')}: the report has no measurement of the real core during the trial; every problem listed comes from the twins' simulation.`))}</p>`,
    );
  }

  body.push(sec('过程与数据', 'Course and data'));
  let fig = 0;
  body.push(chartFigure(trialCalendarChart(ledger, lang, !!field), ++fig, lang));
  if (field) body.push(fieldDaysTable(days, ledger, input.failedDays ?? new Map(), lang));
  else body.push(chartFigure(diskHealthChart(days, lang, trial.accel), ++fig, lang));
  const last = field ? undefined : days.at(-1);
  if (last) {
    body.push(
      `<p>${T(
        `第 ${last.day} 日结束时：健康 ${last.observations['twins.healthy'] ?? '—'} 块、亚健康 ${last.observations['twins.subHealthy'] ?? '—'} 块、故障 ${last.observations['twins.faulty'] ?? '—'} 块；试运行期间累计更换硬盘 ${days.reduce((s, d) => s + (d.observations['twins.replaced'] ?? 0), 0)} 块。`,
        `At the end of day ${last.day}: ${last.observations['twins.healthy'] ?? '—'} healthy, ${last.observations['twins.subHealthy'] ?? '—'} sub-healthy, ${last.observations['twins.faulty'] ?? '—'} faulty disks; ${days.reduce((s, d) => s + (d.observations['twins.replaced'] ?? 0), 0)} disks replaced during the trial.`,
      )}</p>`,
    );
  }

  body.push(sec('问题及处理（试运行台账）', 'Problems and handling (ledger)'));
  if (ledger.incidents.length === 0) body.push(`<p>${T('试运行期间未发现问题。', 'No problem was found during the trial.')}</p>`);
  else {
    const ext = new Map(ledger.extensions.map((e) => [e.foundDay, e]));
    body.push(
      `<table><thead><tr><th class="c" style="width:5%">${T('序号', 'No.')}</th><th class="c" style="width:11%">${T('发现日', 'Found')}</th><th class="c" style="width:6%">${T('条款', 'Clause')}</th><th>${T('问题', 'Problem')}</th><th class="c" style="width:7%">${T('性质', 'Nature')}</th><th class="c" style="width:12%">${T('延长期', 'Extension')}</th><th class="c" style="width:14%">${T('试运行截止日', 'Trial end day')}</th><th style="width:15%">${T('P5 判断', 'P5')}</th>${field ? `<th style="width:16%">${T('处理', 'Handling')}</th>` : ''}</tr></thead><tbody>${ledger.incidents
        .map((inc, i) => {
          const e = ext.get(inc.day)!;
          const tr = ledger.terminationRight;
          const p5 =
            tr && tr.day === inc.day
              ? `<span class="FAIL">${T(`在第 ${tr.insideExtensionOf} 日问题的延长期内（第 ${tr.insideExtensionOf + 1}—${tr.insideExtensionOf + ledger.rules.extensionDays} 日）`, `inside the extension of day ${tr.insideExtensionOf}'s problem (days ${tr.insideExtensionOf + 1}–${tr.insideExtensionOf + ledger.rules.extensionDays})`)}</span>`
              : T('不在此前问题的延长期内', 'not inside an earlier problem’s extension');
          return `<tr><td class="c">${i + 1}</td><td class="c">${T(`第 ${inc.day} 日`, `day ${inc.day}`)}<div class="small">${h(vDate(inc.day))}</div></td><td class="c">${h(inc.clause)}</td><td>${h(inc.summary[lang])}<div class="small muted">${h(inc.kind)} · <code>${h(inc.id)}</code></div></td><td class="c small">${h(incidentNatureText(inc.nature, lang))}</td><td class="c small">${extensionWindowText(e, lang)}</td><td class="c small">${endDayText(e, lang)}</td><td class="small">${p5}</td>${field ? `<td class="small">${resolutionCell(input.resolutions?.get(inc.id), lang)}</td>` : ''}</tr>`;
        })
        .join('')}</tbody></table>`,
    );
    if (ledger.extensions.some((e) => e.endAfter === e.endBefore)) {
      body.push(
        `<p class="small">${T('“截止日不变”：该问题的延长期（自发现之日起 Y 日）落在已有的试运行期内，截止日无需推后；这段时间仍是该问题的延长期，其间再次发现问题即为 P5 情形（合同字面理解，待双方确认）。', '“End day unchanged”: that problem’s extension (Y days from the day found) lies inside the trial period already set, so the end day did not move; those days are still that problem’s extension, and a problem found inside them is the P5 case (the contract’s literal reading, to be confirmed).')}</p>`,
      );
    }
    if (!field)
      body.push(
        `<p class="small">${T('处理：仿真中被评为故障的硬盘于次日更换为新盘（乙方服务承诺 W2）；亚健康硬盘列入观察。', 'Handling: a twin disk graded faulty is replaced by a new one the next day (the seller’s service promise, W2); sub-healthy disks are watched.')}</p>`,
      );
  }

  body.push(sec('性能与稳定性', 'Performance and stability'));
  if (!field) body.push(chartFigure(smartTrendChart(input.smart, lang), ++fig, lang));
  if (soakDays.length && !field) body.push(soakTable(soakDays, trial.accel, lang));
  if (field)
    body.push(
      `<p class="small">${T('交付系统每日检查的写入与回读、负载阈值及容量见上表；每日的探测运行目录（history.jsonl、verdicts.json、初验格式报告）在 days/ 下。', 'The daily write and read-back, the load thresholds and the capacity of the delivered system are in the table above; each day’s probe run folder (history.jsonl, verdicts.json, a report in the initial acceptance’s form) is under days/.')}</p>`,
    );
  if (missing.some((p) => p.name === 'soak'))
    body.push(
      `<p class="small">${T('真实负载（持续录像写入）未接入本次试运行，故无试运行期间的写入吞吐与延迟实测数据；见初验报告中的实测图表。', 'The real soak load was not connected in this trial: no measured write throughput or latency during the trial; see the measured charts of the initial acceptance report.')}</p>`,
    );

  body.push(sec('试运行结论', 'Conclusion'));
  body.push(
    `<p><b>${T('结论：', 'Outcome: ')}</b><span class="${st.cls}">${h(st[lang])}</span>。${h(conclusionText(ledger, lang, !!field))}</p>`,
  );
  if (simulatedParts.length)
    body.push(
      `<p class="small">${T(`本结论基于仿真（${h(simulatedParts.map((p) => p.zh).join('、'))}，时间加速 ${accelNumber(trial.accel, 'zh')} 倍），用于检验台账规则与试运行流程；合同约定的试运行须在甲方环境中按真实日历日进行。`, `This outcome rests on simulation (${h(simulatedParts.map((p) => p.en).join(', '))}, time acceleration ${accelNumber(trial.accel, 'en')}x): it exercises the ledger rules and the trial procedure; the contractual trial runs in the buyer's environment in real calendar days.`)}</p>`,
    );

  body.push(
    signatureBlock(lang, sectionTitle(++n, '签字栏', 'Signatures', lang), [
      { role: T('甲方（采购人）代表', 'Buyer’s representative'), name: project.buyer[lang] },
      { role: T('乙方（供应商）代表', 'Seller’s representative'), name: project.seller[lang] },
    ]),
  );
  body.push(`<h2>${T('附件：证据清单', 'Appendix: evidence')}</h2>`);
  body.push(digestParagraph(lang, input.evidence?.digest ?? null, input.evidence?.fileCount));
  body.push(
    `<p class="small">${T('试运行日志：', 'Journal: ')}<a href="journal.jsonl">journal.jsonl</a>；${T('台账：', 'ledger: ')}<a href="ledger.json">ledger.json</a>；${T('概要：', 'summary: ')}<a href="trial.json">trial.json</a>${input.smart ? `；SMART：<a href="smart-trends.json">smart-trends.json</a>` : ''}。</p>`,
  );

  return documentHtml({
    lang,
    title: TRIAL_REPORT_TITLE[lang],
    runningTitle: `${project.name[lang]} · ${TRIAL_REPORT_TITLE[lang]}`,
    docId,
    evidenceDigest: input.evidence?.digest ?? null,
    cover,
    body: body.join('\n'),
    otherLangHref: `trial-report.${zh ? 'en' : 'zh'}.html`,
  });
}

const accelNumber = (x: number, lang: Lang) => formatNumber(x, lang, x >= 100 ? 0 : 1);

/** Nominal acceleration (86 400 / accel s a day) and the one achieved by the journal's wall times:
 *  a soak day runs at least the profile's minimum and ends with a read-back. */
function accelerationText(trial: TrialSummary, pace: AchievedPace | null, soak: boolean, lang: Lang): string {
  const zh = lang === 'zh';
  const nominal = zh
    ? `名义 ${accelNumber(trial.accel, lang)} 倍（1 个虚拟日 ≈ ${formatNumber(86_400 / trial.accel, lang, 1)} 秒墙钟时间）`
    : `nominal ${accelNumber(trial.accel, lang)}x (1 virtual day ≈ ${formatNumber(86_400 / trial.accel, lang, 1)} wall-clock s)`;
  if (!pace) return nominal;
  const floor = soak && 86_400 / trial.accel < trial.incidentRule.soak.minDaySeconds;
  const why = floor
    ? zh
      ? `；真实负载每日至少运行 ${trial.incidentRule.soak.minDaySeconds} 秒并在日终回读校验，故实际慢于名义值`
      : `; a soak day runs at least ${trial.incidentRule.soak.minDaySeconds} s and ends with a read-back, hence slower than nominal`
    : '';
  const how =
    pace.from === 'day-starts'
      ? zh
        ? '按各日开始时刻计，不含集群启动等准备时间及各次运行会话的最后一日'
        : 'day start to day start, without the preparation (cluster start) and each session’s last day'
      : zh
        ? '按运行会话起止计，含准备时间'
        : 'whole sessions, preparation included';
  const skipped = pace.skippedSessions
    ? zh
      ? `；${pace.skippedSessions} 次运行会话不足两个完整日或无结束时间，未计入`
      : `; ${pace.skippedSessions} session(s) without two whole days or an end time not counted`
    : '';
  const achieved =
    pace.accel === null
      ? zh
        ? '实际倍数无法测得（日志中没有完整的试运行日，或用时不足 1 毫秒）'
        : 'achieved: not measurable (no whole trial day in the journal, or under 1 ms)'
      : zh
        ? `实际约 ${accelNumber(pace.accel, lang)} 倍（按试运行日志的墙钟时间：${pace.days} 个虚拟日用时 ${formatNumber(pace.wallSeconds, lang, 1)} 秒，${how}${why}${skipped}）`
        : `achieved about ${accelNumber(pace.accel, lang)}x (journal wall times: ${pace.days} virtual days in ${formatNumber(pace.wallSeconds, lang, 1)} s, ${how}${why}${skipped})`;
  return `${nominal}；<br>${achieved}`;
}

const FAULT_ZH: Record<string, string> = { kill9: '进程崩溃', hang: '挂起', 'power-loss': '断电' };

function faultText(f: NonNullable<DayRecord['faults']>[number], lang: Lang): string {
  const x = f.fault as { fault: string; node?: string; slot?: number; target?: string; mode?: string };
  if (x.fault === 'disk-pull') return lang === 'zh' ? `拔盘 ${x.node} ${x.slot} 号盘位` : `pull ${x.node} slot ${x.slot}`;
  const who = x.target === 'master' ? (lang === 'zh' ? '元数据服务器' : 'master') : String(x.target);
  return lang === 'zh' ? `${who} ${FAULT_ZH[x.mode ?? ''] ?? x.mode}` : `${who} ${x.mode}`;
}

/** The days on the real core: faults injected (seeded), checks judged from each day's history. */
function soakTable(days: readonly DayRecord[], accel: number, lang: Lang): string {
  const zh = lang === 'zh';
  const T = (a: string, b: string) => (zh ? a : b);
  const faults = days.reduce((n, d) => n + (d.faults?.length ?? 0), 0);
  const wall = days.reduce((n, d) => n + (d.observations['soak.wallSeconds'] ?? 0), 0);
  const segs = days.reduce((n, d) => n + (d.observations['soak.segments'] ?? 0), 0);
  const lost = days.reduce((n, d) => n + (d.observations['soak.lost'] ?? 0), 0);
  const fails = days.reduce((n, d) => n + (d.checks ?? []).filter((c) => c.status === 'FAIL').length, 0);
  const st = (s: string) =>
    `<span class="${s === 'PASS' ? 'PASS' : s === 'FAIL' ? 'FAIL' : 'INCONCLUSIVE'}">${s === 'PASS' ? T('通过', 'PASS') : s === 'FAIL' ? T('不通过', 'FAIL') : T('无法判定', 'INCONCLUSIVE')}</span>`;
  // a long trial lists the days that had a fault or a check other than PASS
  const shown = days.length > 40 ? days.filter((d) => d.faults?.length || d.checks?.some((c) => c.status !== 'PASS')) : days;
  return `<p>${T(
    `真实存储核心上共运行 ${days.length} 个试运行日（实测墙钟合计 ${formatNumber(wall, 'zh')} 秒；每个虚拟日按名义加速 ${accelNumber(accel, 'zh')} 倍折算为墙钟时段，不足时按合同参数文件的最短时长运行），注入按种子到达的故障 ${faults} 次，写入并回读校验录像段 ${segs} 个，丢失或损坏 ${lost} 个；当日判定不通过 ${fails} 项（每项计为试运行问题）。`,
    `${days.length} trial days ran on the real core (measured wall clock ${formatNumber(wall, 'en')} s in all; each virtual day maps to a wall-clock slice at the nominal ${accelNumber(accel, 'en')}x, at least the profile's minimum), ${faults} seeded faults injected, ${segs} segments written and read back, ${lost} lost or corrupt; ${fails} checks failed that day (each one a trial problem).`,
  )}</p>
<table><thead><tr><th class="c" style="width:8%">${T('日', 'Day')}</th><th style="width:33%">${T('注入故障（种子决定，虚拟时刻）', 'Faults (seeded, virtual time of day)')}</th><th style="width:22%">${T('当日判定', 'Checks that day')}</th><th class="c" style="width:10%">${T('墙钟秒', 'Wall s')}</th><th class="c" style="width:11%">${T('录像段', 'Segments')}</th><th>${T('当日历史', 'History')}</th></tr></thead><tbody>${shown
    .map((d) => {
      const fs =
        (d.faults ?? [])
          .map((f) => `${h(faultText(f, lang))} <span class="small muted">@${(f.atFraction * 24).toFixed(1)} h</span>`)
          .join('<br>') || '—';
      const cs =
        (d.checks ?? [])
          .map(
            (c) =>
              `${h(dayCheckOf(c.clause) ? T(dayCheckOf(c.clause)!.short.zh, dayCheckOf(c.clause)!.short.en) : c.clause)}：${st(c.status)}`,
          )
          .join('<br>') || '—';
      const hist = d.checks?.[0]?.history;
      return `<tr><td class="c">${d.day}</td><td class="small">${fs}</td><td class="small">${cs}</td><td class="c">${formatNumber(d.observations['soak.wallSeconds'] ?? null, lang)}</td><td class="c">${d.observations['soak.segments'] ?? '—'}${d.observations['soak.lost'] ? ` <span class="FAIL">(−${d.observations['soak.lost']})</span>` : ''}</td><td class="small">${hist ? `<a href="${hrefAttr(hist)}">${h(hist.replace(/^days\//, '').replace(/\/history\.jsonl$/, ''))}</a>` : '—'}</td></tr>`;
    })
    .join('')}</tbody></table>`;
}

function incidentRuleText(trial: TrialSummary, lang: Lang): string {
  const g = trial.incidentRule.incidentDiskGrade;
  const zh = lang === 'zh';
  const grade =
    g === 'faulty'
      ? zh
        ? '故障'
        : 'faulty'
      : g === 'sub-healthy'
        ? zh
          ? '亚健康或故障'
          : 'sub-healthy or faulty'
        : zh
          ? '（不计）'
          : '(none)';
  const soak = trial.parts.some((p) => p.name === 'soak' && p.connected);
  return zh
    ? `任一合同条款被违反即为问题；本次由各组成部分报告：数字孪生硬盘健康分级变为“${grade}”计为问题（合同参数文件 trialRun.incidentDiskGrade = ${g}）${soak ? '；真实存储核心上当日的条款判定（拔盘 T3、死机/断电 T6、负载阈值、数据完整）不通过计为问题（实测）；无法判定不计为问题，在当日判定中列出' : ''}。`
    : `Any clause violated is a problem; here each part reports its own: a twin disk graded ${grade} counts (profile trialRun.incidentDiskGrade = ${g})${soak ? '; a check on the real core that FAILs that day (pulls T3, crashes and power loss T6, load thresholds, durability) counts (measured); an inconclusive check is listed with the day but is not a problem' : ''}.`;
}

/** Days p + 1 … p + Y: the extension of the problem found on day p (none when Y = 0). */
function extensionWindowText(e: Extension, lang: Lang): string {
  if (e.windowEnd === e.foundDay) return lang === 'zh' ? '无（Y = 0）' : 'none (Y = 0)';
  return lang === 'zh' ? `第 ${e.foundDay + 1}—${e.windowEnd} 日` : `days ${e.foundDay + 1}–${e.windowEnd}`;
}

/** '第 90 日 → 第 95 日', or the end day unchanged with the reason. */
function endDayText(e: Extension, lang: Lang): string {
  if (e.endAfter !== e.endBefore)
    return lang === 'zh' ? `第 ${e.endBefore} 日 → <b>第 ${e.endAfter} 日</b>` : `day ${e.endBefore} → <b>day ${e.endAfter}</b>`;
  return lang === 'zh' ? `第 ${e.endBefore} 日（不变：延长期在原期限内）` : `day ${e.endBefore} (unchanged: the extension lies inside it)`;
}

export function conclusionText(l: Ledger, lang: Lang, field = false): string {
  const zh = lang === 'zh';
  const X = l.rules.trialDays;
  const Y = l.rules.extensionDays;
  switch (l.status) {
    case 'completed': {
      if (!l.extensions.length)
        return zh
          ? `试运行共 ${l.daysRun} 日，期间未发现问题，未出现合同 P5 情形。`
          : `The trial ran ${l.daysRun} days without a problem; P5 was not reached.`;
      const moved = l.endDay > X;
      return zh
        ? `试运行共 ${l.daysRun} 日（${l.problemDays.length} 日发现问题，${moved ? `试运行期自第 ${X} 日延长至第 ${l.endDay} 日` : `各问题自发现之日起 ${Y} 日的延长期均在原试运行期内，截止日仍为第 ${X} 日，未延长`}）；延长期内未再次发生问题，未出现合同 P5 情形。`
        : `The trial ran ${l.daysRun} days (problems found on ${l.problemDays.length} days; ${moved ? `the trial was extended from day ${X} to day ${l.endDay}` : `every extension (${Y} days from the day found) lay inside the original period, so the end stayed on day ${X}: not extended`}); no problem recurred inside an extension, so P5 was not reached.`;
    }
    case 'termination-right': {
      const tr = l.terminationRight!;
      const p = tr.insideExtensionOf;
      const e = l.extensions.find((x) => x.foundDay === p);
      const overlap = e && e.endAfter === e.endBefore;
      return zh
        ? `第 ${tr.day} 日发现的问题位于第 ${p} 日问题的延长期内（第 ${p + 1}—${p + Y} 日${overlap ? `；该延长期自发现之日起计算，与原试运行期重叠，截止日未因此推后，但仍计为延长期` : ''}），依合同 P5，甲方有权解除合同并追究乙方责任；试运行于当日停止记录。`
        : `The problem of day ${tr.day} fell inside the extension of the problem of day ${p} (days ${p + 1}–${p + Y}${overlap ? `; counted from the day found, that extension overlaps the original period, so the end day did not move, but it still counts as an extension` : ''}); under P5 the buyer may terminate the contract and claim damages; the trial stopped recording that day.`;
    }
    case 'stopped-at-max-days':
      return zh
        ? `运行 ${l.daysRun} 日后试运行仍在延长中（截止日第 ${l.endDay} 日），已达最长运行天数，试运行未完结。`
        : `After ${l.daysRun} days the trial was still extended (to day ${l.endDay}) and reached the longest run: not finished.`;
    case 'running':
      if (field)
        return zh
          ? `试运行进行中：已运行 ${l.daysRun} 日，截止日为第 ${l.endDay} 日；每日运行一次续跑命令进行当日检查。`
          : `The trial runs on: ${l.daysRun} days so far, ending on day ${l.endDay}; the resume command makes each day's checks once a day.`;
      return zh
        ? `试运行在第 ${l.daysRun} 日后中断，未完结，可按续跑命令继续。`
        : `The trial was interrupted after day ${l.daysRun}, not finished; resume it with the resume command.`;
  }
}

function resolutionCell(r: ResolutionRecord | undefined, lang: Lang): string {
  if (!r) return `<span class="tbc">${lang === 'zh' ? '未登记处理' : 'no handling entered'}</span>`;
  return `${h(r.resolution)}<div class="muted">${h(formatDateTime(r.resolvedAt, lang))} · ${h(r.by)}</div>`;
}
