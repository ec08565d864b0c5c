// What the hardware layer needs of a running core: its started nodes, its view of their
// disks, and the host that does to a real node what the node's twin says happened. The
// storage core (sim/core/adapter.ts) implements these; topology binds twins through them
// and never imports a core.
import type { NodeBays } from './bays';

export interface StartedNode {
  name: string;
  /** the node's address on the cluster network: all a new node needs to be known by */
  address: string;
  bays: number;
  /** CPU architecture as the node reports it (uname -m) */
  arch: string;
}

/** One disk as the core itself sees it. */
export interface CoreDiskView {
  node: string;
  /** the bay's folder name, e.g. bay07 */
  bay: string;
  /** the core's word: MooseFS says ok, damaged, invalid, marked for removal, ...; GlusterFS online, offline */
  status: string;
  /** the core serves data from it: what that word means is the core's (MooseFS 'ok', GlusterFS a brick online) */
  serving: boolean;
  chunks: number;
  /** when the core last saw an I/O error on it (its own text), null if never */
  lastError: string | null;
}

/**
 * What a node's hardware does to the real node: the disk backends of its bays, the
 * core's view of its disks, the hot-plug agent's rescan, and power. The device twins are
 * bound to a core through this (node-binding.ts).
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
  /** a clean operating-system shutdown, forced after `graceSeconds` */
  shutdownNode(node: string, graceSeconds?: number): Promise<void>;
  bootNode(node: string): Promise<void>;
  /**
   * Chunk files on the node's bays (mounted on the host, the node still off) whose content is
   * gone: what a power cut left that the core would count as copies until it reads them.
   * `among`: only these files (found before), those still there and still damaged.
   */
  damagedChunkFiles(node: string, among?: readonly string[]): Promise<string[]>;
  isRunning(node: string): Promise<boolean>;
}
