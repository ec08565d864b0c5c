// A verdict per contract clause. No PASS by default: a checker that could not measure
// says INCONCLUSIVE with the reason; what only a person or a document can prove is MANUAL.
export type VerdictStatus = 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'MANUAL' | 'NOT-APPLICABLE';

/** measured = wall clock on the real core; simulated = a twin's model (with accel factor) */
export type Nature = 'measured' | 'simulated' | 'mixed';

export interface Figure {
  /** stable English key (tests and tools match on it) */
  name: string;
  /** display name in both languages: the Chinese report shows label.zh (reports/clause-status.ts figureName) */
  label?: Bilingual;
  /** null when it could not be measured */
  value: number | null;
  unit: string;
  /** e.g. '<= 60', '> 0'; absent for figures reported for information */
  threshold?: string;
  ok?: boolean;
  nature: Nature;
  note?: string;
}

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Verdict {
  clause: string;
  /** which scenario/variant produced it, e.g. 'scaleout' or 'scaleout/control:cannot-receive-chunks' */
  scenario: string;
  status: VerdictStatus;
  figures: Figure[];
  method: Bilingual;
  nature: Nature;
  /** why this status, one line per reason */
  reasons: string[];
  /** files in the run folder and history event kinds the verdict rests on */
  evidence: string[];
  /** virtual-time acceleration, required when any figure is simulated */
  accel?: number;
  /**
   * The clause checker's own status before the background load was folded in: a negative
   * control must FAIL for its clause's reason, not because the load failed (absent when
   * the run had no load judgement).
   */
  clauseStatus?: VerdictStatus;
}

export const figure = (f: Figure): Figure => f;

/** The overall exit status: 0 only if every verdict is PASS. */
export function overallStatus(verdicts: readonly Verdict[]): VerdictStatus {
  if (verdicts.length === 0) return 'INCONCLUSIVE';
  if (verdicts.some((v) => v.status === 'FAIL')) return 'FAIL';
  if (verdicts.every((v) => v.status === 'PASS')) return 'PASS';
  return 'INCONCLUSIVE';
}
