// The storage core behind an interface, so a vendor can plug in its own image and API
// (DESIGN.md). The reference implementation is MooseFS (sim/core/moosefs/).

import type { StorageNodeSpec } from '../plan/scenario';
import type { NodeBays } from '../topology/bays';
export type { StorageNodeSpec };

export interface StartedNode {
  name: string;
  /** the node's address on the cluster network: all a new node needs to be known by */
  address: string;
  bays: number;
  /** CPU architecture as the node reports it (uname -m) */
  arch: string;
}

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

/** One disk as the core itself sees it. */
export interface CoreDiskView {
  node: string;
  /** the bay's folder name, e.g. bay07 */
  bay: string;
  /** the core's word: MooseFS says ok, damaged, invalid, marked for removal, ... */
  status: string;
  chunks: number;
  /** when the core last saw an I/O error on it (its own text), null if never */
  lastError: string | null;
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

/**
 * What a node's hardware does to the real node: the disk backends of its bays, the
 * core's view of its disks, the hot-plug agent's rescan, and power. The device twins are
 * bound to a core through this (sim/topology/node-binding.ts).
 */
export interface NodeHardwareHost {
  disksOf(node: string): NodeBays;
  diskViews(): Promise<CoreDiskView[]>;
  /** the core re-reads its disk configuration (MooseFS: SIGHUP to the chunkserver) */
  rescanDisks(node: string): Promise<void>;
  /** a disk put in is made usable: owned by the core's unprivileged user and in the core's disk list */
  adoptBay(node: string, bay: string): Promise<void>;
  /** power gone: every process killed at once */
  killNode(node: string): Promise<void>;
  /** a clean operating-system shutdown */
  shutdownNode(node: string): Promise<void>;
  bootNode(node: string): Promise<void>;
  isRunning(node: string): Promise<boolean>;
}
