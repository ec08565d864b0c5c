// The storage core behind an interface, so a vendor can plug in its own image and API
// (DESIGN.md). The reference implementation is MooseFS (sim/core/moosefs/).

import type { StorageNodeSpec } from '../plan/scenario';
import type { CoreDiskView, NodeHardwareHost, StartedNode } from '../topology/node-host';
export type { StorageNodeSpec };
// the core's side of the hardware binding, defined where the twins are bound (sim/topology/)
export type { CoreDiskView, NodeHardwareHost, StartedNode };

export interface NodeState {
  address: string;
  registered: boolean;
  chunks: number;
  usedBytes: number;
  totalBytes: number;
}

export interface ChunkHealthCounts {
  missing: number;
  endangered: number;
  undergoal: number;
  stable: number;
  overgoal: number;
}

export interface ChunkPlacementOfFile {
  path: string;
  chunks: { id: string; copies: string[] }[];
}

export interface StorageCore {
  readonly name: string;
  readonly version: string;
  /** where the recording server sees the cluster (a mounted file system) */
  readonly mountPoint: string;
  readonly nodes: readonly StartedNode[];
  addNode(spec: StorageNodeSpec): Promise<StartedNode>;
  /** the core's own view of its storage nodes */
  nodeStates(): Promise<NodeState[]>;
  /** the core's own count of chunks by redundancy (missing / endangered / under goal / stable / over goal) */
  chunkHealth(): Promise<ChunkHealthCounts>;
  /** the core's own view of where the chunks of these files are (paths relative to the mount) */
  placement(paths: readonly string[]): Promise<ChunkPlacementOfFile[]>;
  /** every option the running core was configured with that differs from what the core ships (read from the nodes) */
  configDifferences(): Promise<CoreOption[]>;
  stop(): Promise<void>;
}

/** One option of the core as it runs, beside the value the core ships with (null: not set in the shipped file). */
export interface CoreOption {
  /** which part of the core reads it, e.g. 'mfsmaster.cfg', 'mfschunkserver.cfg', 'mfsmount' */
  file: string;
  key: string;
  value: string;
  shipped: string | null;
  /** 'tuning' changes how the core behaves; 'site' names addresses and paths of this installation */
  kind: 'tuning' | 'site';
}
