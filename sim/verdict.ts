// A verdict per contract clause. No PASS by default: a checker that could not measure
// says INCONCLUSIVE with the reason; what only a person or a document can prove is MANUAL.
// The shapes are zod schemas (the TS types are inferred from them), so verdicts.json is
// checked when written and read, and its JSON Schema is generated from the same source
// (reports/verdicts-file.ts, `npm run schema`).
import { z } from 'zod';

export const verdictStatusSchema = z.enum(['PASS', 'FAIL', 'INCONCLUSIVE', 'MANUAL', 'NOT-APPLICABLE']);
export type VerdictStatus = z.infer<typeof verdictStatusSchema>;

/** measured = wall clock on the real core; simulated = a twin's model (with accel factor) */
export const natureSchema = z
  .enum(['measured', 'simulated', 'mixed'])
  .describe('measured: wall clock on the real core; simulated: a digital twin model in virtual time; mixed: both');
export type Nature = z.infer<typeof natureSchema>;

export const bilingualSchema = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof bilingualSchema>;

export const figureSchema = z.object({
  /** stable English key (tests and tools match on it) */
  name: z.string().describe('stable English key (tests and tools match on it)'),
  /** display name in both languages: the Chinese report shows label.zh (reports/clause-status.ts figureName) */
  label: bilingualSchema.optional().describe('display name in both languages'),
  /** null when it could not be measured */
  value: z.number().nullable().describe('null when it could not be measured'),
  unit: z.string(),
  /** e.g. '<= 60', '> 0'; absent for figures reported for information */
  threshold: z.string().optional().describe("e.g. '<= 60'; absent for figures reported for information"),
  ok: z.boolean().optional(),
  nature: natureSchema,
  note: z.string().optional(),
});
export type Figure = z.infer<typeof figureSchema>;

export const verdictSchema = z.object({
  clause: z.string().describe('contract clause id, e.g. T8'),
  /** which scenario/variant produced it, e.g. 'scaleout' or 'scaleout/control:cannot-receive-chunks' */
  scenario: z.string().describe("which scenario/variant produced it, e.g. 'scaleout' or 'scaleout/control:cannot-receive-chunks'"),
  status: verdictStatusSchema,
  figures: z.array(figureSchema),
  method: bilingualSchema,
  nature: natureSchema,
  /** why this status, one line per reason */
  reasons: z.array(z.string()).describe('why this status, one line per reason'),
  /** files in the run folder and history event kinds the verdict rests on */
  evidence: z.array(z.string()).describe('files in the run folder and history event kinds the verdict rests on'),
  /** said in the verdict line of every report, e.g. a heal that a harness agent standing in for the hardware performed */
  caveats: z
    .array(bilingualSchema)
    .optional()
    .describe('said in the verdict line of every report, e.g. a heal that a harness agent standing in for the hardware performed'),
  /** a pass that rests on a harness reference implementation standing in for the product (T4's encrypting
   *  recording path): it proves the checker, and the reports leave the conclusion pending on it */
  standIn: bilingualSchema
    .optional()
    .describe('what of the product a harness reference implementation stood in for: the pass proves the checker, not the product'),
  /** the parts of its clause this verdict judged, for a clause the catalog splits into parts
   *  (acceptance/clauses.ts): a part that no verdict covers leaves the clause untested */
  covers: z
    .array(z.string())
    .optional()
    .describe(
      'the parts of its clause this verdict judged, for a clause split into parts: a part no verdict covers leaves the clause untested',
    ),
  /** virtual-time acceleration, required when any figure is simulated */
  accel: z.number().optional().describe('virtual-time acceleration, present when a figure is simulated'),
  /**
   * The clause checker's own status before the background load (or a run that did not
   * complete) was folded in: a negative control must FAIL for its clause's reason, not
   * because the load failed (absent when nothing was folded in).
   */
  clauseStatus: verdictStatusSchema
    .optional()
    .describe("the clause checker's own status before the background load (or a run that did not complete) was folded in"),
});
export type Verdict = z.infer<typeof verdictSchema>;

export const figure = (f: Figure): Figure => f;

/** What several natures add up to: the one they share, 'mixed' when they differ, null for none. */
export function combinedNature(natures: Iterable<Nature>): Nature | null {
  const distinct = new Set(natures);
  return distinct.size === 0 ? null : distinct.size === 1 ? [...distinct][0]! : 'mixed';
}

/** The overall status, the worst wins: FAIL, then INCONCLUSIVE, then MANUAL (every judged clause
 *  passed and what is left is a person's to check), then PASS. No verdict, or MANUAL ones alone
 *  (nothing judged): INCONCLUSIVE. */
export function overallStatus(verdicts: readonly { status: string }[]): VerdictStatus {
  if (verdicts.length === 0) return 'INCONCLUSIVE';
  if (verdicts.some((v) => v.status === 'FAIL')) return 'FAIL';
  if (verdicts.some((v) => v.status !== 'PASS' && v.status !== 'MANUAL')) return 'INCONCLUSIVE';
  if (verdicts.every((v) => v.status === 'MANUAL')) return 'INCONCLUSIVE';
  return verdicts.some((v) => v.status === 'MANUAL') ? 'MANUAL' : 'PASS';
}

/** Exit 0: every clause the run could judge PASSed; clauses left to a person (MANUAL) wait in the reports. */
export const passedAsFarAsMeasurable = (verdicts: readonly { status: string }[]) => ['PASS', 'MANUAL'].includes(overallStatus(verdicts));
