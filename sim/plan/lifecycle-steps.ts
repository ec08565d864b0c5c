// Steps of the node lifecycle and of link loss (T9), scheduled like faults. The runner
// hands them to sim/nemesis/lifecycle.ts; each records its start, progress and end in the
// history and never judges (sim/checkers/lifecycle.ts does).
import { z } from 'zod';

const at = { atSeconds: z.number().min(0), id: z.string().min(1), node: z.string().min(1) };
/** seconds the run waits after the step before the next one */
const settle = { settleSeconds: z.number().min(0).optional() };

/** Mark every disk of a node for removal and wait until the core says it can be removed. */
export const drainNodeStepSchema = z
  .object({
    ...at,
    action: z.literal('drain-node'),
    /** give up waiting after this long (the checker judges against the profile's bound) */
    maxSeconds: z.number().positive(),
    pollMs: z.number().int().positive(),
    ...settle,
  })
  .strict();

/** Stop a node and delete it from the core's list of storage nodes. */
export const removeNodeStepSchema = z
  .object({
    ...at,
    action: z.literal('remove-node'),
    /** the operator's rule: a running node is removed only once its drain finished */
    onlyIfDrained: z.boolean(),
    /** how long to watch the chunks get back to goal after the removal */
    maxSeconds: z.number().positive(),
    ...settle,
  })
  .strict();

/** Failover: a node dies under load (power cut, it stays off); wait until every chunk is back at goal. */
export const failNodeStepSchema = z
  .object({ ...at, action: z.literal('fail-node'), maxSeconds: z.number().positive(), ...settle })
  .strict();

/** A node's switch port loses its link (the cable, through the switch twin) and gets it back. */
export const linkStepSchema = z
  .object({
    ...at,
    action: z.enum(['link-down', 'link-flap']),
    /** link-down: 'until-detected' (the core lists the node disconnected) or seconds; link-flap: seconds */
    hold: z.union([z.literal('until-detected'), z.number().positive()]),
    /** link-down: longest wait for the core to notice */
    detectTimeoutSeconds: z.number().positive(),
    reconnectTimeoutSeconds: z.number().positive(),
    /** after the link is back, keep watching the core this long (a flap noticed late) */
    watchSeconds: z.number().min(0),
    ...settle,
  })
  .strict()
  .refine((s) => s.action === 'link-down' || s.hold !== 'until-detected', {
    message: "a flap holds the link down for seconds, not 'until-detected'",
    path: ['hold'],
  });

export type DrainNodeStep = z.infer<typeof drainNodeStepSchema>;
export type RemoveNodeStep = z.infer<typeof removeNodeStepSchema>;
export type FailNodeStep = z.infer<typeof failNodeStepSchema>;
export type LinkStep = z.infer<typeof linkStepSchema>;
export type LifecycleStep = DrainNodeStep | RemoveNodeStep | FailNodeStep | LinkStep;

/** S6: mirror a node's switch port to the analyzer for a window of live traffic (not a fault). */
export interface MirrorProbeStep {
  atSeconds: number;
  action: 'mirror-probe';
  id: string;
  node: string;
  seconds: number;
}

export const LIFECYCLE_ACTIONS = ['drain-node', 'remove-node', 'fail-node', 'link-down', 'link-flap'] as const;

export const isLifecycleStep = (s: { action: string }): s is LifecycleStep => (LIFECYCLE_ACTIONS as readonly string[]).includes(s.action);
