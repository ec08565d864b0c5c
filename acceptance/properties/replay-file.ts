// A failing sequence as a scenario file a person (or CI) replays: the configuration the
// core ran with, the bounds, the fast-check seed and path, and the shrunk command list.
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { CommandSpecSchema } from '../../sim/model/model';

export const REPLAY_FORMAT = 'accept-model-replay/1';

export const SystemConfigSchema = z.object({
  goal: z.number().int().min(1).max(9),
  selfHeal: z.boolean(),
  addedNodeDefect: z.literal('cannot-receive-chunks').optional(),
});

export const ReplayFileSchema = z.object({
  format: z.literal(REPLAY_FORMAT),
  /** which configuration: 'reference' or the name of a deliberately broken one */
  kind: z.string().min(1),
  config: SystemConfigSchema,
  // drain and reconnect bounds came with DrainNode and PortDown/PortUp: older files get the CI values
  bounds: z.object({
    writeMs: z.number().positive(),
    linkWriteMs: z.number().positive().optional(),
    selfHealSeconds: z.number().positive(),
    scaleOutSeconds: z.number().positive(),
    drainSeconds: z.number().positive().default(300),
    reconnectSeconds: z.number().positive().default(60),
  }),
  toleratedDomains: z.number().int().min(0),
  fastCheck: z.object({
    seed: z.number().int(),
    path: z.string(),
    numRuns: z.number().int().positive(),
    maxCommands: z.number().int().positive(),
  }),
  failure: z.object({ invariant: z.string(), detail: z.string(), clauses: z.array(z.string()) }),
  /** the first counterexample found, before shrinking */
  original: z.array(CommandSpecSchema),
  /** the shrunk sequence: what replay runs */
  commands: z.array(CommandSpecSchema).min(1),
  shrink: z.object({
    foundAtSequence: z.number().int().optional(),
    shrinkRuns: z.number().int().optional(),
    fromCommands: z.number().int(),
    toCommands: z.number().int(),
    seconds: z.number(),
  }),
  replay: z.string(),
  /** the run's history and the sequences (model.sequence's dir) of the first failure and of the shrunk one */
  history: z.object({ file: z.string(), firstFailing: z.string(), shrunk: z.string() }).optional(),
});
export type ReplayFile = z.infer<typeof ReplayFileSchema>;

export function writeReplayFile(path: string, f: ReplayFile): void {
  writeFileSync(path, JSON.stringify(ReplayFileSchema.parse(f), null, 2) + '\n');
}

/** Reads and validates a replay file; a hand-edited file with a mistake says where. */
export function readReplayFile(path: string): ReplayFile {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const r = ReplayFileSchema.safeParse(raw);
  if (!r.success)
    throw new Error(`${path} is not a valid replay file: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export const replayCommandLine = (file: string) =>
  `ACCEPT_FC_REPLAY=${file} npx vitest run --project core acceptance/properties/cluster-model.core.test.ts`;
