// 终验报告 (final acceptance report): the initial results, the trial ledger, the re-run of
// every clause at the end of the trial, and the manual slots for the three outside
// assessments (P6). A clause's final status comes from the re-run; what the re-run did
// not test is 无法判定 (or 人工确认 for document/person clauses), never carried over as
// 通过 from the initial acceptance.
import { CLAUSES, clauseById, countsAt } from '../acceptance/clauses';
import type { Profile } from '../profile/profile';
import type { Ledger } from '../acceptance/trial/ledger';
import type { TrialSummary } from '../acceptance/trial/summary';
import { combinedNature, type Bilingual, type Nature, type VerdictStatus } from '../sim/verdict';
import { clauseStatuses, conclusionOf, CONCLUSION_TEXT, countBy, figureName, restsOnSimulation, type ClauseStatus } from './clause-status';
import { contractParamsTable } from './contract-params';
import { tuningCell } from './core-tuning';
import { mergeTuning } from '../sim/checkers/core-config';
import { coverDigestLine, coverHtml, digestParagraph, documentHtml, sectionTitle, signatureBlock } from './document';
import { escapeHtml as h, hrefAttr, formatCNY, formatDate, formatDateTime, formatNumber, paren, unitText, type Lang } from './format';
import { conclusionSentence, thresholdText } from './initial-report';
import { relatedClausesOf, slotStates, withSlots, type Attachment, type Confirmation, type SlotState } from './manual-evidence';
import type { RunSummary } from './run-summary';
import { conclusionText as trialConclusionText, trialStatusText } from './trial-report';
import { caveatLines, NATURE_SHORT, SIMULATED_PASS_TEXT, STAND_IN_PASS_TEXT, STATUS_TEXT, statusLabel } from './verdict-text';

export interface FinalInputRun {
  folder: string;
  evidenceDigest: string | null;
  run: RunSummary;
  /** the documents attached to that folder and the panel's decisions on them (the 初验's conclusion rests on them) */
  slots?: SlotState[];
}

export interface FinalSummary {
  finalId: string;
  createdAt: number;
  initial: { folder: string; evidenceDigest: string | null };
  trial: { folder: string; evidenceDigest: string | null } | null;
  /** the end-of-trial re-runs, one run folder per scenario (copied to inputs/<input>/) */
  reruns: { folder: string; evidenceDigest: string | null; input: string }[];
  /** which scenarios of the registry were to be re-run, and who chose them */
  rerunPlan?: { registry: string[]; chosen: string[]; source: 'profile' | 'command line' | 'folders' };
}

export interface FinalReportInput {
  summary: FinalSummary;
  profile: Profile | null;
  initial: FinalInputRun;
  /** checkedDays: a field trial's days counted on which its checks ran (from its journal) */
  trial: { folder: string; evidenceDigest: string | null; trial: TrialSummary; ledger: Ledger; checkedDays?: number } | null;
  reruns: FinalInputRun[];
  attachments: Attachment[];
  /** the panel's recorded word on the attached documents */
  confirmations?: Confirmation[];
  evidence: { digest: string; fileCount: number } | null;
}

export const FINAL_REPORT_TITLE = { zh: '最终验收报告', en: 'Final Acceptance Report' };

export interface FinalClauseRow {
  id: string;
  initial: VerdictStatus;
  /** the initial acceptance's PASS rested on a twin or a modelled duration */
  initialSimulated: boolean;
  initialStandIn?: Bilingual;
  trialProblems: number;
  rerun: VerdictStatus | null;
  /** the re-run's PASS rested on a twin or a modelled duration */
  rerunSimulated: boolean;
  rerunStandIn?: Bilingual;
  /** what the deciding verdicts rest on beyond the core (a harness agent's heal) */
  caveats: Bilingual[];
  final: VerdictStatus;
  why: Bilingual;
  /** how the final status was reached: measured, simulated or mixed (null: no verdict, e.g. MANUAL) */
  nature: Nature | null;
  /** a final PASS resting wholly or partly on a twin, a modelled duration or a harness stand-in: not yet accepted */
  simulated: boolean;
  /** what a harness reference implementation stood in for, when the final PASS rests on one */
  standIn?: Bilingual;
}

/** The 终验's slots: a slot with nothing attached here keeps what the 初验 folder holds and the panel decided there. */
function finalSlots(input: Pick<FinalReportInput, 'initial' | 'attachments' | 'confirmations'>): SlotState[] {
  return slotStates(input.attachments, input.confirmations).map((s, i) =>
    s.files.length === 0 && input.initial.slots?.[i]?.files.length ? input.initial.slots[i]! : s,
  );
}

/** The final status of every clause: data-driven from the verdicts, the ledger and the slots. */
export function finalClauseRows(
  input: Pick<FinalReportInput, 'initial' | 'trial' | 'reruns' | 'attachments' | 'confirmations'>,
): FinalClauseRow[] {
  const initial = clauseStatuses(input.initial.run.verdicts, 'zh', input.initial.slots);
  // every re-run scenario's verdicts together: the worst status of a clause wins
  const rerun = input.reruns.length ? clauseStatuses(input.reruns.flatMap((r) => r.run.verdicts)) : null;
  const ledger = input.trial?.ledger ?? null;
  const notAllReal =
    !!input.trial?.trial.parts.some((p) => p.connected && p.nature === 'simulated') ||
    (input.trial?.trial.parts.some((p) => !p.connected) ?? false);
  // a field trial's days on which no check ran: nothing was measured on them
  const field = input.trial?.trial.field;
  const unchecked = field && ledger ? ledger.daysRun - (input.trial!.checkedDays ?? 0) : 0;
  const slots = finalSlots(input);
  return CLAUSES.map((c, i) => {
    const ini = initial[i]!;
    const re: ClauseStatus | null = rerun ? rerun[i]! : null;
    const problems = ledger ? ledger.incidents.filter((x) => x.clause === c.id).length : 0;
    let final: VerdictStatus;
    let why: Bilingual;
    if (c.id === 'P4' || c.id === 'P5') {
      if (!ledger) {
        final = 'INCONCLUSIVE';
        why = { zh: '未提供试运行台账', en: 'no trial ledger given' };
      } else if (ledger.status === 'termination-right') {
        final = 'FAIL';
        why = {
          zh: `试运行第 ${ledger.terminationRight!.day} 日出现 P5 情形`,
          en: `P5 reached on trial day ${ledger.terminationRight!.day}`,
        };
      } else if (ledger.status !== 'completed') {
        final = 'INCONCLUSIVE';
        why = { zh: '试运行未完结', en: 'the trial has not finished' };
      } else if (unchecked > 0) {
        final = 'MANUAL';
        why = {
          zh: `现场试运行期满，但其中 ${unchecked} 日未检查（当日未运行工具）；这些日的运行记录待甲方确认`,
          en: `field trial completed, but ${unchecked} of its days were not checked (the harness did not run); those days' record awaits the buyer's confirmation`,
        };
      } else if (notAllReal) {
        final = 'MANUAL';
        why = {
          zh: `试运行（含仿真，加速 ${input.trial!.trial.accel} 倍）期满；真实试运行记录待甲方确认`,
          en: `trial (partly simulated, ${input.trial!.trial.accel}x) completed; the real trial record awaits the buyer's confirmation`,
        };
      } else {
        final = 'PASS';
        why = { zh: '试运行期满，未出现 P5 情形', en: 'trial completed without P5' };
      }
    } else if (
      slots.some((s) => s.slot.clause === c.id) &&
      (re?.tested ? re.status === 'MANUAL' : c.decidedBy === 'document' || c.decidedBy === 'person')
    ) {
      // a document clause, or a measured one whose rest a person decides (S6, its re-run MANUAL):
      // the panel's recorded word on every document decides it; until then it waits. A measured
      // FAIL or INCONCLUSIVE is never overruled, and a measured clause the re-run missed stays untested.
      const own = slots.filter((s) => s.slot.clause === c.id);
      final = withSlots(c.id, 'MANUAL', own)!.status;
      const submitted = own.filter((s) => s.files.length).length;
      // the measured clauses a document clause rests on partly (W3: the monitoring and alarms of M3-M6, the drill's T6 and T9),
      // each with its status and its first figure held to a threshold
      const related = relatedClausesOf(c.id).map((id) => {
        const st = (rerun ?? initial).find((x) => x.clause.id === id)!;
        const nature = combinedNature(st.verdicts.map((v) => v.nature));
        const figure = st.verdicts.flatMap((v) => v.figures).find((f) => f.threshold && f.ok !== undefined);
        const shown = (lang: Lang) =>
          figure
            ? `${lang === 'zh' ? '：' : ': '}${figureName(figure, lang)} ${formatNumber(figure.value, lang)} ${unitText(figure.unit, lang)}${paren(thresholdText(figure.threshold!), lang)}`
            : '';
        const text = (lang: Lang) =>
          `${id} ${statusLabel(st, lang)}${nature ? paren(NATURE_SHORT[nature]![lang], lang) : ''}${shown(lang)}`;
        return { zh: text('zh'), en: text('en') };
      });
      const panel = final === 'MANUAL' ? null : own.map((x) => x.state);
      why = {
        zh: `${c.id === 'P6' ? '外部测评报告' : '证明文件'}已提交 ${submitted} / ${own.length} 份，${panel ? panel.map((x) => x.zh).join('；') : '结论待专家组确认'}${related.length ? `；相关测试：${related.map((r) => r.zh).join('、')}` : ''}`,
        en: `${submitted} of ${own.length} ${c.id === 'P6' ? 'outside assessment reports' : 'supporting documents'} submitted; ${panel ? panel.map((x) => x.en).join('; ') : 'the panel confirms them'}${related.length ? `; tested alongside: ${related.map((r) => r.en).join(', ')}` : ''}`,
      };
    } else if (re?.tested) {
      final = re.status;
      why = { zh: '以终验复测结果为准', en: 'from the end-of-trial re-run' };
    } else if (c.metBySigning === 'final') {
      final = 'MANUAL';
      why = { zh: '由双方签署本报告满足，不计入终验结论', en: 'met by both parties signing this report, not counted in its conclusion' };
    } else if (c.decidedBy === 'document' || c.decidedBy === 'person') {
      final = 'MANUAL';
      why = { zh: '需文件或现场人工核验', en: 'needs a document or an on-site check' };
    } else {
      final = 'INCONCLUSIVE';
      why = rerun
        ? { zh: '终验复测未覆盖该条款，须补测', en: 'the re-run did not cover this clause: to be tested' }
        : { zh: '未提供终验复测结果', en: 'no end-of-trial re-run given' };
    }
    if (problems > 0 && final === 'PASS') {
      final = 'INCONCLUSIVE';
      why = {
        zh: `试运行中该条款出现 ${problems} 个问题，须说明处理结果`,
        en: `${problems} trial problems against this clause: their handling must be shown`,
      };
    }
    const source = re?.tested ? re : ini.tested ? ini : null;
    // a clause the panel decided beside its measured part (S6) keeps that part's nature
    const panelBeside = !!source && final !== source.status && source.status === 'MANUAL' && (final === 'PASS' || final === 'FAIL');
    const fromVerdicts = !!source && c.id !== 'P4' && c.id !== 'P5' && c.id !== 'P6' && (final === source.status || panelBeside);
    const ledgerNature = c.id === 'P4' || c.id === 'P5' ? (notAllReal ? 'mixed' : 'measured') : null;
    const nature: Nature | null = (fromVerdicts ? combinedNature(source!.verdicts.map((v) => v.nature)) : null) ?? ledgerNature;
    // a pass on a harness stand-in for the product (T4's encrypting recording path) is not the product's either
    const standIn = final === 'PASS' && fromVerdicts ? source!.verdicts.find((v) => v.standIn)?.standIn : undefined;
    const simulated = final === 'PASS' && ((nature !== null && nature !== 'measured') || standIn !== undefined);
    return {
      id: c.id,
      initial: ini.status,
      initialSimulated: ini.simulated,
      ...(ini.standIn ? { initialStandIn: ini.standIn } : {}),
      trialProblems: problems,
      rerun: re ? (re.tested ? re.status : null) : null,
      rerunSimulated: !!re?.tested && re.simulated,
      ...(re?.tested && re.standIn ? { rerunStandIn: re.standIn } : {}),
      final,
      why,
      nature,
      simulated,
      ...(standIn ? { standIn } : {}),
      caveats: fromVerdicts ? source!.verdicts.flatMap((v) => v.caveats ?? []) : [],
    };
  });
}

export function renderFinalReport(input: FinalReportInput, lang: Lang = 'zh'): string {
  const zh = lang === 'zh';
  const T = (a: string, b: string) => (zh ? a : b);
  const project = input.initial.run.profile.project;
  const docId = `ZY-${input.summary.finalId}`;
  const rows = finalClauseRows(input);
  // P7 is met by both parties signing this report: not counted in its own conclusion
  const conclusion = conclusionOf(
    rows.filter((r) => countsAt(clauseById(r.id), 'final')).map((r) => ({ status: r.final, simulated: r.simulated })),
  );
  const counts = countBy(rows.map((r) => r.final));
  const initialConclusion = conclusionOf(
    clauseStatuses(input.initial.run.verdicts, lang, input.initial.slots).filter((s) => countsAt(s.clause, 'initial')),
  );
  const slots = finalSlots(input);
  const ledger = input.trial?.ledger ?? null;
  let n = 0;
  const sec = (a: string, b: string) => `<h2>${sectionTitle(++n, a, b, lang)}</h2>`;
  const cls = (c: string) => (c === 'PASS' ? 'PASS' : c === 'FAIL' ? 'FAIL' : 'INCONCLUSIVE');

  const cover = coverHtml({
    lang,
    projectName: project.name[lang],
    reportTitle: FINAL_REPORT_TITLE[lang],
    docId,
    rows: [
      [T('项目名称', 'Project'), h(project.name[lang])],
      [T('甲方（采购人）', 'Buyer'), h(project.buyer[lang])],
      [T('乙方（供应商）', 'Seller'), h(project.seller[lang])],
      [T('验收阶段', 'Stage'), T('最终验收（合同条款 P6、P7）', 'Final acceptance (clauses P6, P7)')],
      [T('初验测试编号', 'Initial run'), `<span class="mono">${h(input.initial.run.runId)}</span>`],
      [
        T('试运行编号', 'Trial'),
        input.trial
          ? `<span class="mono">${h(input.trial.trial.trialId)}</span>（${h(trialStatusText(input.trial.ledger.status, !!input.trial.trial.field)[lang])}）`
          : `<span class="tbc">${T('未提供', 'not given')}</span>`,
      ],
      [
        T('终验复测', 'Re-run'),
        input.reruns.length
          ? `${input.reruns.length}${input.summary.rerunPlan?.source !== 'folders' && input.summary.rerunPlan ? ` / ${input.summary.rerunPlan.registry.length}` : ''} ${T('个场景', 'scenarios')}${zh ? '：' : ': '}${h(input.reruns.map((r) => r.run.scenario.title?.[lang] ?? r.run.scenario.id).join(zh ? '、' : ', '))}`
          : `<span class="tbc">${T('未提供', 'not given')}</span>`,
      ],
      [T('终验结论', 'Conclusion'), `<span class="${cls(conclusion)}">${h(CONCLUSION_TEXT[conclusion][lang])}</span>`],
    ],
    dateText: formatDate(input.summary.createdAt, lang),
    footLines: [
      h(
        T(
          '本报告汇总初验结果、试运行台账、试运行结束时的复测结果与外部测评文件；外部测评结论由专家组审阅确认，工具不作判读。',
          'This report brings together the initial results, the trial ledger, the end-of-trial re-run and the outside assessments; the panel confirms the assessments, the harness does not read them.',
        ),
      ),
      coverDigestLine(lang, input.evidence?.digest),
    ],
  });

  const body: string[] = [];
  body.push(sec('项目概况', 'Project overview'));
  body.push(
    `<p>${T(
      `项目名称：${h(project.name.zh)}；合同总价 ${formatCNY(project.totalPriceCNY, 'zh')}。按合同付款条款，通过终验并提交合同总价 5% 的履约保函（${formatCNY(project.totalPriceCNY * 0.05, 'zh')}）后 10 个工作日内支付合同总价的 20%（${formatCNY(project.totalPriceCNY * 0.2, 'zh')}）；终验通过之日起进入免费质保期（W1）。`,
      `Project: ${h(project.name.en)}; contract price ${formatCNY(project.totalPriceCNY, 'en')}. The last 20% (${formatCNY(project.totalPriceCNY * 0.2, 'en')}) is due within 10 working days of passing final acceptance and handing in a 5% performance guarantee (${formatCNY(project.totalPriceCNY * 0.05, 'en')}); the free warranty (W1) starts on that day.`,
    )}</p>`,
  );
  if (input.profile) body.push(contractParamsTable(input.profile, lang));

  body.push(sec('终验依据', 'Basis'));
  body.push(`<ol>
<li>${T('合同 P6：试运行结束，且完成软件测评、等保测评、商密评估后，在 Z 个日历日内完成项目终验；', 'Clause P6: after the trial and the software, MLPS and commercial-cryptography assessments, final acceptance within Z calendar days;')}</li>
<li>${T('合同 P7：按技术合同约定的验收标准，在甲方提供的各类硬件运行环境下进行最终验收，通过后出具最终验收报告；', 'Clause P7: final acceptance against the contracted criteria on the buyer’s hardware; a final acceptance report follows;')}</li>
<li>${T(`初验报告（测试编号 ${h(input.initial.run.runId)}）、试运行报告${input.trial ? `（${h(input.trial.trial.trialId)}）` : ''}及其证据清单。`, `The initial acceptance report (run ${h(input.initial.run.runId)}), the trial report${input.trial ? ` (${h(input.trial.trial.trialId)})` : ''} and their evidence manifests.`)}</li>
</ol>`);

  body.push(sec('终验前提条件', 'Preconditions'));
  const pre: [string, string, string][] = [
    [
      T('初验', 'Initial acceptance'),
      `<span class="${cls(initialConclusion)}">${h(CONCLUSION_TEXT[initialConclusion][lang])}</span>`,
      `${h(input.initial.run.runId)}${input.initial.evidenceDigest ? `<br><code>${h(input.initial.evidenceDigest.slice(0, 32))}…</code>` : ''}`,
    ],
    [
      T('试运行（P4、P5）', 'Trial run (P4, P5)'),
      ledger
        ? `<span class="${trialStatusText(ledger.status, !!input.trial!.trial.field).cls}">${h(trialStatusText(ledger.status, !!input.trial!.trial.field)[lang])}</span>`
        : `<span class="tbc">${T('未提供', 'not given')}</span>`,
      input.trial
        ? `${h(input.trial.trial.trialId)}${input.trial.evidenceDigest ? `<br><code>${h(input.trial.evidenceDigest.slice(0, 32))}…</code>` : ''}`
        : '—',
    ],
    ...slots.map((s): [string, string, string] => [
      h(s.slot.title[lang]),
      `<span class="${s.status}">${STATUS_TEXT[s.status][lang]}</span>${zh ? '：' : ': '}${h(s.state[lang])}`,
      s.files.length ? s.files.map((f) => `<a href="${hrefAttr(f.path)}">${h(f.originalName)}</a>`).join('<br>') : '—',
    ]),
    [
      T('终验期限 Z', 'Final window Z'),
      input.profile
        ? input.profile.trial.finalAcceptanceWindowDays.value === null
          ? `<span class="tbc">${T('待确认', 'to be confirmed')}</span>`
          : `${input.profile.trial.finalAcceptanceWindowDays.value} ${T('日', 'days')}`
        : '—',
      T('合同 P6', 'clause P6'),
    ],
  ];
  body.push(
    `<table><thead><tr><th style="width:34%">${T('条件', 'Condition')}</th><th>${T('状态', 'State')}</th><th style="width:30%">${T('依据 / 证据', 'Evidence')}</th></tr></thead><tbody>${pre.map(([a, b, c]) => `<tr><td>${a}</td><td>${b}</td><td class="small">${c}</td></tr>`).join('')}</tbody></table>`,
  );

  body.push(sec('试运行情况', 'Trial run'));
  if (input.trial && ledger) {
    const field = input.trial.trial.field;
    body.push(`<p>${h(trialConclusionText(ledger, lang, !!field))}</p>`);
    if (field)
      body.push(
        `<p class="small">${T(
          `现场试运行（交付系统 ${h(field.target)}，真实日历日）共 ${ledger.daysRun} 日，其中检查 ${input.trial.checkedDays ?? 0} 日；问题 ${ledger.incidents.length} 个（人工登记 ${ledger.incidents.filter((x) => x.nature === 'reported').length} 个），延长 ${ledger.extensions.length} 次。详见试运行报告。`,
          `Field trial (delivered system ${h(field.target)}, real calendar days): ${ledger.daysRun} days, ${input.trial.checkedDays ?? 0} of them checked; ${ledger.incidents.length} problems (${ledger.incidents.filter((x) => x.nature === 'reported').length} entered by people), ${ledger.extensions.length} extensions. See the trial report.`,
        )}</p>`,
      );
    else
      body.push(
        `<p class="small">${T(
          `试运行共 ${ledger.daysRun} 日，问题 ${ledger.incidents.length} 个，延长 ${ledger.extensions.length} 次；时间加速 ${input.trial.trial.accel} 倍；未接入部分：${h(
            input.trial.trial.parts
              .filter((p) => !p.connected)
              .map((p) => p.zh)
              .join('、') || '无',
          )}。详见试运行报告。`,
          `${ledger.daysRun} days, ${ledger.incidents.length} problems, ${ledger.extensions.length} extensions; acceleration ${input.trial.trial.accel}x; not connected: ${h(
            input.trial.trial.parts
              .filter((p) => !p.connected)
              .map((p) => p.en)
              .join(', ') || 'none',
          )}. See the trial report.`,
        )}</p>`,
      );
  } else
    body.push(
      `<p class="tbc">${T('未提供试运行台账，试运行相关条款无法判定。', 'No trial ledger given: the trial clauses are inconclusive.')}</p>`,
    );

  body.push(sec('终验复测', 'End-of-trial re-run'));
  if (input.reruns.length) {
    const plan = input.summary.rerunPlan;
    const chosen = plan?.source === 'folders' ? input.reruns.map((r) => r.run.scenario.id) : (plan?.chosen ?? []);
    const skipped = plan ? plan.registry.filter((id) => !chosen.includes(id)) : [];
    body.push(
      `<p>${T(
        `试运行结束后，按场景登记表逐一重新执行各场景的基准变体（共 ${input.reruns.length} 个${plan ? `，由${plan.source === 'profile' ? '合同参数文件 final.rerunScenarios' : plan.source === 'command line' ? '命令行' : '指定的运行目录'}选定` : ''}）${skipped.length ? `；本次未复测：${h(skipped.join('、'))}（其条款为无法判定）` : ''}。`,
        `After the trial the reference variant of each scenario in the registry ran again (${input.reruns.length}${plan ? `, chosen by ${plan.source === 'profile' ? 'the profile’s final.rerunScenarios' : plan.source === 'command line' ? 'the command line' : 'the folders given'}` : ''})${skipped.length ? `; not re-run: ${h(skipped.join(', '))} (their clauses are inconclusive)` : ''}.`,
      )}</p>`,
    );
    body.push(
      `<table><thead><tr><th style="width:16%">${T('场景', 'Scenario')}</th><th style="width:9%">${T('条款', 'Clauses')}</th><th class="c" style="width:11%">${T('复测结论', 'Result')}</th><th style="width:24%">${T('测试编号 / 时间', 'Run / time')}</th><th>${T('复现命令', 'Replay')}</th></tr></thead><tbody>${input.reruns
        .map(({ run: r }) => {
          const st = conclusionOf(r.verdicts.map((v) => ({ status: v.status, simulated: v.status === 'PASS' && restsOnSimulation(v) })));
          const label =
            st === 'PASS'
              ? STATUS_TEXT.PASS[lang]
              : st === 'PENDING-SIMULATED'
                ? r.verdicts.some((v) => v.status === 'PASS' && v.standIn)
                  ? STAND_IN_PASS_TEXT[lang]
                  : SIMULATED_PASS_TEXT[lang]
                : st === 'FAIL'
                  ? STATUS_TEXT.FAIL[lang]
                  : STATUS_TEXT.INCONCLUSIVE[lang];
          return `<tr><td>${h(r.scenario.title?.[lang] ?? r.scenario.id)}</td><td>${h([...new Set(r.verdicts.map((v) => v.clause))].join(zh ? '、' : ', ') || '—')}</td><td class="c ${cls(st === 'PENDING-SIMULATED' ? 'PASS' : st)}">${h(label)}</td><td class="small"><span class="mono">${h(r.runId)}</span><br>${h(formatDateTime(r.startedAt, lang))}</td><td class="small"><code>${h(r.replay)}</code></td></tr>`;
        })
        .join('')}</tbody></table>`,
    );
  } else
    body.push(
      `<p class="tbc">${T('未提供终验复测结果：可测条款一律无法判定，须在试运行结束时重新执行 accept run。', 'No re-run given: every measurable clause is inconclusive; run accept run at the end of the trial.')}</p>`,
    );

  // the system under test as the verdicts found it: the initial acceptance and the re-runs
  body.push(
    `<p><b>${T('与出厂默认值不同的核心参数（初验与终验复测）：', "Core options differing from the core's shipped defaults (initial acceptance and re-runs): ")}</b>${tuningCell(
      mergeTuning([input.initial.run.coreTuning, ...input.reruns.map((r) => r.run.coreTuning)]),
      lang,
    )}</p>`,
  );
  body.push(sec('逐条终验结论', 'Final status per clause'));
  body.push(
    `<p>${T(`汇总：通过 ${counts.PASS}，不通过 ${counts.FAIL}，无法判定 ${counts.INCONCLUSIVE}，人工确认 ${counts.MANUAL}，不适用 ${counts['NOT-APPLICABLE']}（共 ${rows.length} 项）。`, `Summary: ${counts.PASS} passed, ${counts.FAIL} failed, ${counts.INCONCLUSIVE} inconclusive, ${counts.MANUAL} manual, ${counts['NOT-APPLICABLE']} not applicable (${rows.length}).`)}</p>`,
  );
  body.push(
    `<table><thead><tr><th class="c" style="width:7%">${T('条款', 'Clause')}</th><th>${T('合同要求', 'Requirement')}</th><th class="c" style="width:10%">${T('初验', 'Initial')}</th><th class="c" style="width:9%">${T('试运行问题', 'Trial problems')}</th><th class="c" style="width:10%">${T('终验复测', 'Re-run')}</th><th class="c" style="width:10%">${T('终验结论', 'Final')}</th><th class="c" style="width:8%">${T('实测/仿真', 'Nature')}</th><th style="width:19%">${T('说明', 'Why')}</th></tr></thead><tbody>${rows
      .map((r) => {
        const c = CLAUSES.find((x) => x.id === r.id)!;
        return `<tr><td class="c"><b>${r.id}</b></td><td class="small">${h(zh ? c.zh : c.en)}</td><td class="c small ${r.initial}">${statusLabel({ status: r.initial, simulated: r.initialSimulated, standIn: r.initialStandIn }, lang)}</td><td class="c">${r.trialProblems || '—'}</td><td class="c small ${r.rerun ?? ''}">${r.rerun ? statusLabel({ status: r.rerun, simulated: r.rerunSimulated, standIn: r.rerunStandIn }, lang) : '—'}</td><td class="c ${r.final}">${statusLabel({ status: r.final, simulated: r.simulated, standIn: r.standIn }, lang)}</td><td class="c small">${r.nature ? h(NATURE_SHORT[r.nature]![lang]) : '—'}</td><td class="small">${h(r.why[lang])}${caveatLines({ caveats: r.caveats }, lang)}</td></tr>`;
      })
      .join('')}</tbody></table>`,
  );

  body.push(
    sec('人工确认项（外部测评、服务记录与现场核验记录）', 'Manual items (outside assessments, service records and on-site records)'),
  );
  body.push(
    `<table><thead><tr><th style="width:30%">${T('文件', 'Document')}</th><th style="width:20%">${T('条款与依据', 'Clause and basis')}</th><th>${T('附件与 SHA-256', 'Attachment and SHA-256')}</th><th class="c" style="width:16%">${T('结论', 'Verdict')}</th></tr></thead><tbody>${slots
      .map(
        (s) =>
          `<tr><td>${h(s.slot.title[lang])}</td><td class="small"><b>${h(s.slot.clause)}</b> ${h(s.slot.basis[lang])}</td><td class="small">${s.files.length ? s.files.map((f) => `<a href="${hrefAttr(f.path)}">${h(f.originalName)}</a>（${f.size} ${T('字节', 'bytes')}）<br><code>${h(f.sha256)}</code>`).join('<br>') : `<span class="tbc">${T('未提交', 'not submitted')}</span>`}</td><td class="c"><span class="${s.status}">${STATUS_TEXT[s.status][lang]}</span><div class="small">${h(s.state[lang])}</div></td></tr>`,
      )
      .join('')}</tbody></table>`,
  );
  body.push(
    `<p class="small">${T('附件的 SHA-256 已列入本报告的证据清单；工具不判读其结论：专家组审阅后记录确认（accept report 目录 --confirm 槽位=pass|fail --by 姓名），确认只对当时的附件有效，未确认的仍为“人工确认”。', 'Each attachment’s SHA-256 is in this report’s evidence manifest; the harness does not read its conclusion: the panel records its decision (accept report DIR --confirm SLOT=pass|fail --by NAME), valid for the files attached then; an unconfirmed one stays manual.')}</p>`,
  );

  body.push(sec('问题与整改', 'Issues and remediation'));
  const open = rows.filter((r) => r.final === 'FAIL' || r.final === 'INCONCLUSIVE');
  // clauses with the same status and reason are one issue
  const groups = new Map<string, FinalClauseRow[]>();
  for (const r of open) groups.set(`${r.final}|${r.why[lang]}`, [...(groups.get(`${r.final}|${r.why[lang]}`) ?? []), r]);
  body.push(
    open.length
      ? `<table><thead><tr><th class="c" style="width:5%">${T('序号', 'No.')}</th><th style="width:20%">${T('条款', 'Clauses')}</th><th class="c" style="width:11%">${T('终验结论', 'Final')}</th><th>${T('问题', 'Issue')}</th><th style="width:14%">${T('完成时限', 'Due')}</th><th style="width:14%">${T('复测结论', 'Re-test')}</th></tr></thead><tbody>${[
          ...groups.values(),
        ]
          .map(
            (rs, i) =>
              `<tr><td class="c">${i + 1}</td><td>${rs.map((r) => r.id).join(zh ? '、' : ', ')}</td><td class="c ${rs[0]!.final}">${STATUS_TEXT[rs[0]!.final][lang]}</td><td>${h(rs[0]!.why[lang])}</td><td></td><td></td></tr>`,
          )
          .join('')}</tbody></table>`
      : `<p>${T('无。', 'None.')}</p>`,
  );

  body.push(sec('终验结论', 'Conclusion'));
  body.push(
    `<p><b>${T('终验结论：', 'Final acceptance: ')}</b><span class="${cls(conclusion)}">${h(CONCLUSION_TEXT[conclusion][lang])}</span>。${h(conclusionSentence(conclusion, lang))}</p>`,
  );
  body.push(
    `<p class="small">${T('合同 P7 要求终验在甲方提供的硬件环境下进行；本报告中的数字孪生仿真值不能替代该环境下的实测。', 'Clause P7 requires final acceptance on the buyer’s hardware; the twin simulations in this report do not replace measurements there.')}</p>`,
  );

  body.push(
    signatureBlock(lang, sectionTitle(++n, '签字栏', 'Signatures', lang), [
      { role: T('甲方（采购人）验收代表', 'Buyer’s representative'), name: project.buyer[lang] },
      { role: T('乙方（供应商）代表', 'Seller’s representative'), name: project.seller[lang] },
      { role: T('验收专家组', 'Acceptance panel'), name: '' },
    ]),
  );
  body.push(`<h2>${T('附件：证据清单', 'Appendix: evidence')}</h2>`);
  body.push(digestParagraph(lang, input.evidence?.digest ?? null, input.evidence?.fileCount));
  const srcRows: [string, { folder: string; evidenceDigest: string | null } | null][] = [
    [T('初验', 'Initial'), input.summary.initial],
    [T('试运行', 'Trial'), input.summary.trial],
    ...input.summary.reruns.map((r): [string, { folder: string; evidenceDigest: string | null }] => [
      `${T('终验复测', 'Re-run')} ${r.input.replace(/^rerun-/, '')}`,
      r,
    ]),
  ];
  if (!input.summary.reruns.length) srcRows.push([T('终验复测', 'Re-run'), null]);
  body.push(
    `<table><thead><tr><th style="width:16%">${T('来源', 'Source')}</th><th>${T('目录', 'Folder')}</th><th style="width:52%">${T('其证据清单 SHA-256', 'Its evidence manifest SHA-256')}</th></tr></thead><tbody>${srcRows
      .map(
        ([name, s]) =>
          `<tr><td>${h(name)}</td><td class="small">${s ? h(s.folder) : '—'}</td><td><code>${h(s?.evidenceDigest ?? '—')}</code></td></tr>`,
      )
      .join('')}</tbody></table>`,
  );
  body.push(
    `<p class="small">${T('以上来源目录的关键文件已复制到本目录 inputs/ 下，并列入本报告的证据清单。', 'The key files of these folders are copied under inputs/ and listed in this report’s evidence manifest.')}</p>`,
  );

  return documentHtml({
    lang,
    title: FINAL_REPORT_TITLE[lang],
    runningTitle: `${project.name[lang]} · ${FINAL_REPORT_TITLE[lang]}`,
    docId,
    evidenceDigest: input.evidence?.digest ?? null,
    cover,
    body: body.join('\n'),
    otherLangHref: `final-report.${zh ? 'en' : 'zh'}.html`,
  });
}
