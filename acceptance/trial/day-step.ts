// What the trial driver runs for each virtual day. The driver owns the calendar, the
// journal and the ledger; a day step only says what happened that day. Parts plug in
// side by side (combineSteps): the twins ageing in virtual time (twin-ageing-step.ts),
// and the soak on the real core with the seeded faults (soak-step.ts).
import type { DayCheck, DayPart, DayRecord, Incident } from './ledger';

export interface DayContext {
  seed: string;
  accel: number;
  /** trial day, from 1 */
  day: number;
  /** virtual epoch ms of the start of day 1 */
  virtualStartMs: number;
  /** wall-clock ms this virtual day is given (86 400 000 / accel) */
  budgetMs: number;
  signal?: AbortSignal;
}

export interface DayOutcome {
  incidents: Incident[];
  /** numbers for the report (per part, prefixed by the part's name) */
  observations: Record<string, number>;
  parts: DayPart[];
  faults?: DayRecord['faults'];
  checks?: DayCheck[];
  coreTuning?: DayRecord['coreTuning'];
}

export interface PrepareContext {
  seed: string;
  accel: number;
  virtualStartMs: number;
  /** days already in the journal (resume): a deterministic step rebuilds its state from them */
  previous: readonly DayRecord[];
}

export interface DayStep {
  readonly name: string;
  prepare(ctx: PrepareContext): Promise<void>;
  run(ctx: DayContext): Promise<DayOutcome>;
  /** files for the trial folder at the end, name -> JSON value */
  artifacts?(): Record<string, unknown>;
  /** @param o.abort requests may be stuck in the core's mount (a day past its deadline, an interrupt): end them at once */
  close?(o?: { abort?: boolean }): Promise<void>;
}

/** A step on the real core (soak-step.ts): its parts are named in `kinds`. */
export type SoakDayStep = DayStep & { readonly kinds: readonly ('soak' | 'faults')[] };

export function combineSteps(steps: readonly DayStep[]): DayStep {
  return {
    name: steps.map((s) => s.name).join('+'),
    async prepare(ctx) {
      for (const s of steps) await s.prepare(ctx);
    },
    async run(ctx) {
      const out: DayOutcome = { incidents: [], observations: {}, parts: [] };
      for (const s of steps) {
        const r = await s.run(ctx);
        out.incidents.push(...r.incidents);
        Object.assign(out.observations, r.observations);
        out.parts.push(...r.parts);
        if (r.faults) out.faults = [...(out.faults ?? []), ...r.faults];
        if (r.checks) out.checks = [...(out.checks ?? []), ...r.checks];
      }
      return out;
    },
    artifacts() {
      return Object.assign({}, ...steps.map((s) => s.artifacts?.() ?? {}));
    },
    async close(o) {
      for (const s of steps) await s.close?.(o);
    },
  };
}
