// Two runs side by side (issue 14: the same scenarios on two cores): per clause and scenario
// each side's status, and per figure both values against the threshold. Rows are matched by
// clause, scenario (its variant kept) and figure name; what one side lacks is said, and where
// the statuses differ each side's reasons are kept. Pure: the command and the page read it.
import { z } from 'zod';
import { bilingualSchema, natureSchema, verdictStatusSchema, type Figure, type Verdict } from '../sim/verdict';

export interface ComparedSide {
  /** e.g. 'MooseFS 4.57.5' from the run's run.json, else the folder's name */
  label: string;
  runId: string;
  verdicts: readonly Verdict[];
}

/** the file a comparison is kept in: beside the pages of `accept compare`, and in a run folder whose 初验报告 appends it */
export const COMPARE_FILE = 'compare.json';

const sideFigureSchema = z.object({ value: z.number().nullable(), ok: z.boolean().nullable(), nature: natureSchema }).nullable();

const comparedFigureSchema = z.object({
  name: z.string(),
  /** the figure's display name in both languages, where a side's verdict gives one */
  label: bilingualSchema.optional(),
  unit: z.string(),
  threshold: z.string().nullable(),
  a: sideFigureSchema,
  b: sideFigureSchema,
});
export type ComparedFigure = z.infer<typeof comparedFigureSchema>;

const comparedVerdictSchema = z.object({
  clause: z.string(),
  scenario: z.string(),
  a: verdictStatusSchema.nullable(),
  b: verdictStatusSchema.nullable(),
  same: z.boolean(),
  figures: z.array(comparedFigureSchema),
  /** where the statuses differ: each side's own reasons (empty when it has no verdict) */
  why: z.object({ a: z.array(z.string()), b: z.array(z.string()) }).nullable(),
});
export type ComparedVerdict = z.infer<typeof comparedVerdictSchema>;

const runSideSchema = z.object({ label: z.string(), runId: z.string() });
export const comparisonSchema = z.object({
  a: runSideSchema,
  b: runSideSchema,
  rows: z.array(comparedVerdictSchema),
  /** rows whose statuses differ */
  differ: z.number().int().nonnegative(),
});
export type Comparison = z.infer<typeof comparisonSchema>;

/** a comparison as written, checked: a file that does not parse is an error naming it */
export function parseComparison(json: unknown, path: string): Comparison {
  // a comparison kept in a run folder must have that run as its side A (see render-run.ts)
  const r = comparisonSchema.safeParse(json);
  if (!r.success)
    throw new Error(`${path} is not a comparison of two runs: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
  return r.data;
}

const keyOf = (v: Pick<Verdict, 'clause' | 'scenario'>) => `${v.clause}\u0000${v.scenario}`;

/** the clause order of the contract (T, M, S, P, W; then by number), then the scenario */
function clauseOrder(a: ComparedVerdict, b: ComparedVerdict): number {
  const rank = (c: string) => ['T', 'M', 'S', 'P', 'W'].indexOf(c[0] ?? '');
  const num = (c: string) => Number(/\d+/.exec(c)?.[0] ?? 0);
  return (
    rank(a.clause) - rank(b.clause) ||
    num(a.clause) - num(b.clause) ||
    a.clause.localeCompare(b.clause) ||
    a.scenario.localeCompare(b.scenario)
  );
}

function figures(a: Verdict | undefined, b: Verdict | undefined): ComparedFigure[] {
  const names = [...new Set([...(a?.figures ?? []), ...(b?.figures ?? [])].map((f) => f.name))];
  const side = (f: Figure | undefined) => (f ? { value: f.value, ok: f.ok ?? null, nature: f.nature } : null);
  return names.map((name) => {
    const fa = a?.figures.find((f) => f.name === name);
    const fb = b?.figures.find((f) => f.name === name);
    const any = (fa ?? fb)!;
    // the threshold is the profile's: both runs judged by one profile show one; two are shown as 'a | b'
    const thresholds = [...new Set([fa?.threshold, fb?.threshold].filter((t): t is string => t !== undefined))];
    const label = fa?.label ?? fb?.label;
    return {
      name,
      ...(label ? { label } : {}),
      unit: any.unit,
      threshold: thresholds.length ? thresholds.join(' | ') : null,
      a: side(fa),
      b: side(fb),
    };
  });
}

export function compareRuns(a: ComparedSide, b: ComparedSide): Comparison {
  const byKey = (vs: readonly Verdict[]) => {
    const m = new Map<string, Verdict>();
    for (const v of vs) {
      if (m.has(keyOf(v))) throw new Error(`two verdicts for ${v.clause} in ${v.scenario}: a run folder has one per clause and scenario`);
      m.set(keyOf(v), v);
    }
    return m;
  };
  const ma = byKey(a.verdicts);
  const mb = byKey(b.verdicts);
  const rows: ComparedVerdict[] = [];
  for (const key of new Set([...ma.keys(), ...mb.keys()])) {
    const va = ma.get(key);
    const vb = mb.get(key);
    const any = (va ?? vb)!;
    const same = va?.status === vb?.status;
    rows.push({
      clause: any.clause,
      scenario: any.scenario,
      a: va?.status ?? null,
      b: vb?.status ?? null,
      same,
      figures: figures(va, vb),
      why: same ? null : { a: va?.reasons ?? [], b: vb?.reasons ?? [] },
    });
  }
  rows.sort(clauseOrder);
  return { a: { label: a.label, runId: a.runId }, b: { label: b.label, runId: b.runId }, rows, differ: rows.filter((r) => !r.same).length };
}
