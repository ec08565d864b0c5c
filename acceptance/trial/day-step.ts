// What the trial driver runs for each virtual day. The driver owns the calendar, the
// journal and the ledger; a day step only says what happened that day. Parts plug in
// side by side (combineSteps): today the twins ageing in virtual time; the soak load
// (cameras writing against the real core) and the seeded fault arrivals are separate
// steps that implement this same interface (see SoakDayStep below).
import type { DayPart, DayRecord, Incident } from './ledger';

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
  close?(): Promise<void>;
}

/**
 * The hook for the real soak: cameras writing continuously against the real core during
 * the day's wall-clock budget, faults arriving at seeded rates, each clause violation an
 * Incident with nature 'measured'. Not built yet; a step of this type is appended to
 * the twins' step in `accept trial` when it exists.
 */
export type SoakDayStep = DayStep & { readonly kind: 'soak' | 'faults' };

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
      }
      return out;
    },
    artifacts() {
      return Object.assign({}, ...steps.map((s) => s.artifacts?.() ?? {}));
    },
    async close() {
      for (const s of steps) await s.close?.();
    },
  };
}
