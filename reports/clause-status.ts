// Every contract clause with the status a report shows for it, from the verdicts alone:
// a clause nobody judged is never shown as passed. Not judged + decided by a document
// or a person -> MANUAL (人工确认, pending); not judged + measurable -> INCONCLUSIVE.
import { CLAUSES, type Clause, type ClausePart } from '../acceptance/clauses';
import type { Bilingual, Figure, Verdict, VerdictStatus } from '../sim/verdict';
import type { Lang } from './format';
import { withSlots, type SlotState } from './manual-evidence';

export interface ClauseStatus {
  clause: Clause;
  status: VerdictStatus;
  /** verdicts of this run for the clause (several scenarios may judge one clause) */
  verdicts: Verdict[];
  tested: boolean;
  reasons: string[];
  /** a PASS that rests wholly or partly on a twin, a modelled duration or a harness stand-in: not yet accepted */
  simulated: boolean;
  /** what a harness reference implementation stood in for, when the PASS rests on one */
  standIn?: Bilingual;
  /** PASS or FAIL by the panel's recorded word on the clause's documents (reports/manual-evidence.ts) */
  confirmedByPanel?: boolean;
}

const ORDER: Record<VerdictStatus, number> = { FAIL: 4, INCONCLUSIVE: 3, MANUAL: 2, PASS: 1, 'NOT-APPLICABLE': 0 };

/** The worst status wins: one failing scenario fails the clause. */
export function worstStatus(statuses: readonly VerdictStatus[]): VerdictStatus {
  return statuses.reduce<VerdictStatus>((w, s) => (ORDER[s] > ORDER[w] ? s : w), 'NOT-APPLICABLE');
}

export const UNTESTED_REASON: Record<'measurable' | 'manual', Bilingual> = {
  measurable: { zh: '本次运行未测试该条款，不作结论，须补测', en: 'not tested in this run: no conclusion, to be tested' },
  manual: { zh: '需文件或现场人工核验，待提交', en: 'needs a document or an on-site check by a person: pending' },
};

const partUntested = (p: ClausePart, lang: Lang) =>
  lang === 'zh'
    ? `本次运行未测试该条款的“${p.zh}”部分（场景 ${p.scenario}），不作结论，须补测`
    : `the part "${p.en}" of this clause was not tested in this run (scenario ${p.scenario}): no conclusion, to be tested`;

/** Every clause's status; with `slots`, a MANUAL clause whose documents the panel confirmed takes the panel's word. */
export function clauseStatuses(verdicts: readonly Verdict[], lang: Lang = 'zh', slots: readonly SlotState[] = []): ClauseStatus[] {
  return judgedStatuses(verdicts, lang).map((st) => {
    const w = withSlots(st.clause.id, st.status, slots);
    if (!w || w.status === 'MANUAL') return w ? { ...st, reasons: [...st.reasons, ...w.reasons] } : st;
    return {
      ...st,
      status: w.status,
      reasons: [...st.reasons, ...w.reasons],
      simulated: w.status === 'PASS' && st.verdicts.some(restsOnSimulation),
      confirmedByPanel: true,
    };
  });
}

function judgedStatuses(verdicts: readonly Verdict[], lang: Lang): ClauseStatus[] {
  return CLAUSES.map((clause) => {
    const vs = verdicts.filter((v) => v.clause === clause.id);
    if (vs.length > 0) {
      // a clause in parts is decided only when every part was judged (a verdict without `covers` judged none of them); a FAIL needs no more
      const untested = (clause.parts ?? []).filter((p) => !vs.some((v) => v.covers?.includes(p.id)));
      const judged = worstStatus(vs.map((v) => v.status));
      const status = judged !== 'FAIL' && untested.length > 0 ? 'INCONCLUSIVE' : judged;
      return {
        clause,
        status,
        verdicts: vs,
        tested: true,
        reasons: [...vs.flatMap((v) => v.reasons), ...untested.map((p) => partUntested(p, lang))],
        simulated: status === 'PASS' && vs.some(restsOnSimulation),
        ...(status === 'PASS' && vs.some((v) => v.standIn) ? { standIn: vs.find((v) => v.standIn)!.standIn } : {}),
      };
    }
    const manual = clause.decidedBy === 'document' || clause.decidedBy === 'person';
    return {
      clause,
      status: manual ? 'MANUAL' : 'INCONCLUSIVE',
      verdicts: [],
      tested: false,
      reasons: [UNTESTED_REASON[manual ? 'manual' : 'measurable'][lang]],
      simulated: false,
    };
  });
}

/** A verdict that rests wholly or partly on a twin, a modelled duration or a harness stand-in for the product. */
export const restsOnSimulation = (v: Pick<Verdict, 'nature' | 'standIn'>) => v.nature !== 'measured' || v.standIn !== undefined;

export type Conclusion = 'PASS' | 'FAIL' | 'PENDING-TESTS' | 'PENDING-SIMULATED' | 'PENDING-MANUAL';

type Judged = VerdictStatus | { status: VerdictStatus; simulated?: boolean };

/** 通过 only when every clause passed on measurements (or does not apply); a FAIL anywhere is 不通过;
 *  a pass on a twin or a modelled duration leaves the conclusion pending. */
export function conclusionOf(items: readonly Judged[]): Conclusion {
  const all = items.map((x) => (typeof x === 'string' ? { status: x, simulated: false } : x));
  if (all.some((s) => s.status === 'FAIL')) return 'FAIL';
  if (all.some((s) => s.status === 'INCONCLUSIVE')) return 'PENDING-TESTS';
  if (all.some((s) => s.status === 'PASS' && s.simulated)) return 'PENDING-SIMULATED';
  if (all.some((s) => s.status === 'MANUAL')) return 'PENDING-MANUAL';
  return 'PASS';
}

export const CONCLUSION_TEXT: Record<Conclusion, Bilingual> = {
  PASS: { zh: '通过', en: 'Passed' },
  FAIL: { zh: '不通过', en: 'Not passed' },
  'PENDING-TESTS': { zh: '暂不具备结论条件（有条款无法判定，须补测）', en: 'No conclusion yet (clauses inconclusive: test them)' },
  'PENDING-SIMULATED': {
    zh: '暂不具备结论条件（部分通过项依据数字孪生、仿真时长或测试工具的参考实现，须在交付设备上实测）',
    en: 'No conclusion yet (some passes rest on a twin, a modelled duration or a harness reference implementation: measure them on the delivered equipment)',
  },
  'PENDING-MANUAL': {
    zh: '待人工确认（工具可判定部分均通过，人工确认项待审）',
    en: 'Pending manual confirmation (all machine-decidable clauses passed)',
  },
};

export function countBy(statuses: readonly VerdictStatus[]): Record<VerdictStatus, number> {
  const c: Record<VerdictStatus, number> = { PASS: 0, FAIL: 0, INCONCLUSIVE: 0, MANUAL: 0, 'NOT-APPLICABLE': 0 };
  for (const s of statuses) c[s]++;
  return c;
}

/** A figure's display name: a bilingual label when the checker gave one, else its name. */
export function figureName(f: Figure, lang: Lang): string {
  const label = (f as Figure & { label?: Bilingual }).label;
  return label?.[lang] ?? f.name;
}
