// What a user writes: k6-style options (scenarios + thresholds), validated with zod.
// Input types keep k6's strings ('30s'); the parsed (output) types carry milliseconds.
import * as z from 'zod';
import { DurationError, parseDuration } from './duration';
import { STATS_BY_TYPE, parseStat } from './metrics';

const TREND_STATS: readonly string[] = STATS_BY_TYPE.trend;

/** A k6 duration string (or ms number) -> milliseconds, with the parser's message as the zod issue. */
export const durationSchema = z.union([z.string(), z.number()]).transform((v, ctx) => {
  try {
    return parseDuration(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof DurationError ? e.message : String(e) });
    return z.NEVER;
  }
});

const positiveDuration = durationSchema.refine((ms) => ms > 0, 'must be longer than 0');
const posInt = z.number().int().positive();
const nonNegInt = z.number().int().nonnegative();
const tagsSchema = z.record(z.string(), z.string());

/** not k6: how late after its due time an iteration may still start its real work; later,
 *  it is dropped (counted, never run late). Absent: no limit, the delay is only measured. */
const startGraceSchema = durationSchema.optional();

const common = {
  /** offset from the start of the run; k6 default 0s */
  startTime: durationSchema.prefault('0s'),
  /** how long in-flight iterations may finish after the scenario's end; k6 default 30s */
  gracefulStop: durationSchema.prefault('30s'),
  tags: tagsSchema.default({}),
  /** name of the iteration function to run, when the engine is given several */
  exec: z.string().optional(),
};

export const constantArrivalRateSchema = z
  .object({
    executor: z.literal('constant-arrival-rate'),
    rate: z.number().positive(),
    timeUnit: positiveDuration.prefault('1s'),
    duration: positiveDuration,
    preAllocatedVUs: nonNegInt,
    maxVUs: posInt.optional(),
    startGrace: startGraceSchema,
    ...common,
  })
  .strict();

export const stageSchema = z.object({ duration: durationSchema, target: z.number().nonnegative() }).strict();

export const rampingArrivalRateSchema = z
  .object({
    executor: z.literal('ramping-arrival-rate'),
    startRate: z.number().nonnegative().default(0),
    timeUnit: positiveDuration.prefault('1s'),
    stages: z.array(stageSchema).min(1, 'needs at least one stage'),
    preAllocatedVUs: nonNegInt,
    maxVUs: posInt.optional(),
    startGrace: startGraceSchema,
    ...common,
  })
  .strict();

export const constantVusSchema = z
  .object({
    executor: z.literal('constant-vus'),
    vus: posInt.default(1),
    duration: positiveDuration,
    ...common,
  })
  .strict();

export const perVuIterationsSchema = z
  .object({
    executor: z.literal('per-vu-iterations'),
    vus: posInt.default(1),
    iterations: posInt.default(1),
    maxDuration: positiveDuration.prefault('10m'),
    ...common,
  })
  .strict();

export const scenarioSchema = z
  .discriminatedUnion('executor', [constantArrivalRateSchema, rampingArrivalRateSchema, constantVusSchema, perVuIterationsSchema])
  .superRefine((s, ctx) => {
    if ((s.executor === 'constant-arrival-rate' || s.executor === 'ramping-arrival-rate') && s.maxVUs !== undefined) {
      if (s.maxVUs < s.preAllocatedVUs) {
        ctx.addIssue({ code: 'custom', path: ['maxVUs'], message: `maxVUs (${s.maxVUs}) is below preAllocatedVUs (${s.preAllocatedVUs})` });
      }
    }
  })
  .transform((s) =>
    // k6: maxVUs defaults to preAllocatedVUs; 0 VUs could never run anything.
    s.executor === 'constant-arrival-rate' || s.executor === 'ramping-arrival-rate'
      ? { ...s, maxVUs: Math.max(1, s.maxVUs ?? s.preAllocatedVUs) }
      : s,
  );

export const thresholdLongFormSchema = z
  .object({
    threshold: z.string(),
    abortOnFail: z.boolean().default(false),
    /** k6: wait this long after the run's start before an abortOnFail threshold may abort */
    delayAbortEval: durationSchema.prefault('0s'),
  })
  .strict();

export const thresholdEntrySchema = z.union([z.string(), thresholdLongFormSchema]);

export const loadOptionsSchema = z
  .object({
    scenarios: z
      .record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'scenario names: letters, digits, _ and - only'), scenarioSchema)
      .refine((r) => Object.keys(r).length > 0, 'needs at least one scenario'),
    /** metric (or 'metric{tag:value}') -> threshold expressions */
    thresholds: z.record(z.string(), z.union([thresholdEntrySchema, z.array(thresholdEntrySchema)])).default({}),
    /** extra sub-metrics to track and show, e.g. 'write_latency{phase:during}' */
    subMetrics: z.array(z.string()).default([]),
    summaryTrendStats: z
      .array(
        z.string().refine((t) => TREND_STATS.includes(parseStat(t)?.kind ?? ''), {
          error: (i) => `'${String(i.input)}' is not a trend stat (avg, min, med, max, count, p(N) with N in 0..100)`,
        }),
      )
      .default(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)']),
    tags: tagsSchema.default({}),
  })
  .strict();

export type LoadOptionsInput = z.input<typeof loadOptionsSchema>;
export type LoadOptions = z.output<typeof loadOptionsSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ConstantArrivalRate = Extract<Scenario, { executor: 'constant-arrival-rate' }>;
export type RampingArrivalRate = Extract<Scenario, { executor: 'ramping-arrival-rate' }>;
export type ConstantVus = Extract<Scenario, { executor: 'constant-vus' }>;
export type PerVuIterations = Extract<Scenario, { executor: 'per-vu-iterations' }>;
export type ThresholdEntryInput = z.input<typeof thresholdEntrySchema>;

export class LoadOptionsError extends Error {
  override name = 'LoadOptionsError';
}

/** Validates user options; the error lists every problem with its path (scenarios.x.duration ...). */
export function parseLoadOptions(input: unknown): LoadOptions {
  const r = loadOptionsSchema.safeParse(input);
  if (!r.success) throw new LoadOptionsError(`invalid load options:\n${z.prettifyError(r.error)}`);
  return r.data;
}
