// Faults a scenario, the trial soak or a model-based sequence can put on the cluster, each
// kind declared once: its parameters (zod, for what a plan, a journal or a history holds),
// the contract clauses it is evidence for, and what 'healed' means after it. Declared in the
// engine so that sim/ never imports scenarios/; the seeded plans are in scenarios/faults.ts,
// the performers in sim/nemesis/. The model-based properties perform every fault through the
// nemeses too: crashes, hangs, drains and adds in one go, bay pulls, port downs and power losses
// in two steps (out, and back at a later command).
import { z } from 'zod';
import { drainNodeStepSchema, failNodeStepSchema, linkStepSchema, removeNodeStepSchema } from './lifecycle-steps';
import { addNodeStepSchema } from './node-spec';

export const CRASH_MODES = ['kill9', 'hang', 'power-loss'] as const;
export const crashModeSchema = z.enum(CRASH_MODES);
export type CrashMode = z.infer<typeof crashModeSchema>;

const diskPullSchema = z
  .object({
    fault: z.literal('disk-pull'),
    /** a node name, or 'newest-chunk-holder': a node holding a copy of the newest acknowledged segment */
    node: z.string(),
    /** a slot, or 'newest-chunks': the bay of that node holding the newest segment's chunk */
    slot: z.union([z.number().int().min(0), z.literal('newest-chunks')]),
    outSeconds: z.number().positive(),
    /** put the same disk back, or a new blank one */
    reinsert: z.enum(['same', 'blank']),
  })
  .strict();

const crashSchema = z
  .object({
    fault: z.literal('crash'),
    /** a storage node's name, or 'master' */
    target: z.string(),
    mode: crashModeSchema,
  })
  .strict();

/** T5: EIO from the chunkserver's chunk I/O on one bay (sim/nemesis/io-errors.ts) */
const ioErrorsSchema = z
  .object({
    fault: z.literal('io-errors'),
    node: z.string(),
    slot: z.number().int().min(0),
    /** burst: exactly `count` failed calls, then none; persistent: until the core ejects the disk */
    mode: z.enum(['burst', 'persistent']),
    /** a burst's failed calls (at least one); a persistent fault's is unused */
    count: z.number().int().min(0),
    /** longest wait for the burst to be used up / for the ejection */
    maxWaitSeconds: z.number().positive(),
    /** after a burst: how long the disk is watched for still being in service */
    observeSeconds: z.number().min(0),
  })
  .strict()
  .refine((f) => f.mode !== 'burst' || f.count >= 1, { message: 'a burst needs at least one failed call', path: ['count'] });

/** T5: the twins' power-on telemetry (staggered spin-up, SIMULATED) */
const spinUpSchema = z
  .object({
    fault: z.literal('spin-up-telemetry'),
    /** configured: each node's own staggered policy; all-at-once: the control's misconfigured nodes */
    mode: z.enum(['configured', 'all-at-once']),
  })
  .strict();

export const faultSpecSchema = z.discriminatedUnion('fault', [diskPullSchema, crashSchema, ioErrorsSchema, spinUpSchema]);
export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface PlannedFault {
  id: string;
  atSeconds: number;
  fault: FaultSpec;
}

/**
 * What 'healed' means after a kind, with where that rule is written once for the waiter and
 * the checker alike (the waiters call it directly; nothing dispatches on this tag yet):
 *  node-healed      registered again, writes back at full rate, every chunk at goal (sim/heal/healed.ts healedNow, sim/heal/write-rate.ts)
 *  disk-served      the bay back in the core's service, nothing lost (diskServing in sim/history-events.ts)
 *  disk-ejected     a persistently failing disk taken out of service by the core, timed from its first error (not diskServing)
 *  chunks-at-goal   every chunk at goal again on the nodes left, those missing before aside (sim/heal/healed.ts atGoalNow)
 *  drained          the core calls every disk of the node ready for removal (drained in sim/core/adapter.ts)
 *  reconnected      the node listed connected again, its processes not restarted
 *  receiving        the added node listed and holding a chunk (sim/heal/receiving.ts)
 *  none             nothing to heal (a reading of telemetry)
 */
export type HealedMeaning =
  'node-healed' | 'disk-served' | 'disk-ejected' | 'chunks-at-goal' | 'drained' | 'reconnected' | 'receiving' | 'none';

export interface FaultKind {
  zh: string;
  en: string;
  /** what a plan holds for it: a fault's spec, or the whole scheduled step of a lifecycle kind */
  params: z.ZodType;
  /** the contract clauses its outcome is evidence for */
  clauses: readonly string[];
  healed: HealedMeaning;
}

/** Every fault kind and lifecycle step the harness performs, by the name plans and scenarios' schedules use. */
export const FAULT_KINDS = {
  'disk-pull': { zh: '热拔插硬盘', en: 'disk pulled and reinserted', params: diskPullSchema, clauses: ['T3'], healed: 'disk-served' },
  crash: {
    zh: '节点或主控死机（kill -9、挂起、断电）',
    en: 'node or master crash (kill -9, hang, power loss)',
    params: crashSchema,
    clauses: ['T6'],
    healed: 'node-healed',
  },
  'io-errors': { zh: '硬盘 I/O 错误', en: 'disk I/O errors', params: ioErrorsSchema, clauses: ['T5'], healed: 'disk-ejected' },
  'spin-up-telemetry': {
    zh: '硬盘上电启动（仿真）',
    en: 'disk spin-up (simulated)',
    params: spinUpSchema,
    clauses: ['T5'],
    healed: 'none',
  },
  'add-node': { zh: '新增节点', en: 'node added', params: addNodeStepSchema, clauses: ['T8', 'T9', 'T10'], healed: 'receiving' },
  'drain-node': { zh: '节点排空', en: 'node drained', params: drainNodeStepSchema, clauses: ['T9', 'T10'], healed: 'drained' },
  'remove-node': { zh: '删除节点', en: 'node deleted', params: removeNodeStepSchema, clauses: ['T9', 'T10'], healed: 'chunks-at-goal' },
  'fail-node': {
    zh: '节点永久失效（故障迁移）',
    en: 'node dead for good (failover)',
    params: failNodeStepSchema,
    clauses: ['T9'],
    healed: 'chunks-at-goal',
  },
  'link-down': { zh: '节点链路中断', en: 'node link down', params: linkStepSchema, clauses: ['T9'], healed: 'reconnected' },
  'link-flap': { zh: '节点链路抖动', en: 'node link flap', params: linkStepSchema, clauses: ['T9'], healed: 'reconnected' },
} as const satisfies Record<string, FaultKind>;
export type FaultKindName = keyof typeof FAULT_KINDS;

/** The clauses these kinds are evidence for, each once, in the catalog's order (T9 before T10). */
export const clausesOfKinds = (kinds: Iterable<FaultKindName>): string[] =>
  [...new Set([...kinds].flatMap((k) => FAULT_KINDS[k].clauses))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/** Every fault, lifecycle step and added node of a plan checked against its kind's parameters: the first bad one named, before anything runs. */
export function refuseMalformedSteps(schedule: readonly object[]): void {
  for (const step of schedule as readonly { action: string; id?: string; fault?: { fault?: unknown } }[]) {
    const kind = step.action === 'fault' ? String(step.fault?.fault) : step.action;
    if (!(kind in FAULT_KINDS)) continue;
    const r = FAULT_KINDS[kind as FaultKindName].params.safeParse(step.action === 'fault' ? step.fault : step);
    if (!r.success) throw new Error(`plan step ${step.id ?? kind}: not a valid ${kind}: ${z.prettifyError(r.error)}`);
  }
}
