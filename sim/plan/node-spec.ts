// A storage node as a plan asks for it (the topology at start, a scale-out's new node), and the
// add-node step that brings one in: declared once for plans, the fault registry and checks.
import { z } from 'zod';

export const storageNodeSpecSchema = z
  .object({
    /** node name, also the twin's name: node1, node2, ... */
    name: z.string().min(1),
    bays: z.number().int().positive(),
    baySizeMiB: z.number().int().positive(),
    /** a deliberately broken node for negative controls: how it is broken */
    defect: z.literal('cannot-receive-chunks').optional(),
    cpus: z.number().positive().optional(),
    memoryMiB: z.number().int().positive().optional(),
    /** CPU architecture of the node's image (default amd64); arm64 runs under qemu user-mode emulation (T7) */
    arch: z.enum(['amd64', 'arm64']).optional(),
    /** when this machine cannot run `arch` (no image, no binfmt_misc), run the node as amd64 and
     *  record why instead of failing the start (T7 then judges the architecture part INCONCLUSIVE) */
    archOptional: z.boolean().optional(),
    /** extra storage-node options of the core for this node (e.g. HDD_ERROR_TOLERANCE_COUNT) */
    coreConfig: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    /** a library preloaded into the storage process only (fault injection at the syscall boundary) */
    preload: z.object({ hostDir: z.string(), library: z.string() }).strict().optional(),
  })
  .strict();
export type StorageNodeSpec = z.infer<typeof storageNodeSpecSchema>;

/** T8: a node powered on and joined knowing only the master's address. */
export const addNodeStepSchema = z
  .object({ atSeconds: z.number().min(0), action: z.literal('add-node'), node: storageNodeSpecSchema })
  .strict();
export type AddNodeStep = z.infer<typeof addNodeStepSchema>;
