// The shape of verdicts.json (format 2) as zod types: the writer, the JUnit view and the
// committed JSON Schema all take it from here.
import { z } from 'zod';
import { verdictSchema, verdictStatusSchema } from '../sim/verdict';

export const VERDICTS_FORMAT = 2;
export const coreOptionSchema = z.object({
  file: z.string().describe("the part of the core that reads it, e.g. 'mfsmaster.cfg', 'mfsmount'"),
  key: z.string(),
  value: z.string(),
  shipped: z.string().nullable().describe('the value the core ships with (null: not set in its shipped file)'),
  kind: z.enum(['tuning', 'site']),
});

export const controlResultSchema = z.object({
  scenario: z.string(),
  variant: z.string().describe("'control:<name>'"),
  folder: z.string().describe('the control run folder, relative to this file'),
  overall: z.union([verdictStatusSchema, z.literal('ERROR')]).describe('ERROR: the run did not complete'),
  asRequired: z.boolean().describe('the control FAILed its target clause by that clause’s own checker, as it must'),
  error: z.string().optional(),
  seconds: z.number().nonnegative().optional().describe('wall-clock seconds the control run took'),
});
export type ControlResult = z.infer<typeof controlResultSchema>;

const fields = {
  runId: z.string(),
  seed: z.string(),
  replay: z.string().describe('the command that replays the run'),
  profile: z.string().describe('profile id'),
  scenario: z.string().describe("'<scenario>/<variant>', or 'all' for a suite"),
  overall: verdictStatusSchema.describe(
    'the worst status: FAIL, INCONCLUSIVE, MANUAL (every judged verdict PASS, the rest left to a person), PASS only when every verdict is PASS',
  ),
  verdicts: z.array(verdictSchema),
  controls: z.array(controlResultSchema).optional().describe('the negative controls of this run or suite'),
  seconds: z
    .record(z.string(), z.number().nonnegative())
    .optional()
    .describe('wall-clock seconds per scenario, its reference and controls together (absent: not recorded)'),
  coreTuning: z
    .array(coreOptionSchema)
    .optional()
    .describe("core options that differ from the core's shipped defaults: every verdict was reached with them (absent: not recorded)"),
};

export const verdictsFileSchema = z
  .object({ format: z.literal(VERDICTS_FORMAT), ...fields })
  .meta({ title: 'verdicts.json', description: 'Verdicts per contract clause of an `accept run` folder (format 2)' });
export type VerdictsFile = z.infer<typeof verdictsFileSchema>;

/** format 1: the same fields without `format` */
export const legacySchema = z.object(fields);
