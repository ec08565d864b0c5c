// The storage core behind an interface, so a vendor can plug in its own image and API
// (DESIGN.md). The reference implementation is MooseFS (sim/core/moosefs/).

import type { StorageNodeSpec } from '../../scenarios/types';
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
  /** the core's own view of where the chunks of these files are (paths relative to the mount) */
  placement(paths: readonly string[]): Promise<ChunkPlacementOfFile[]>;
  stop(): Promise<void>;
}
