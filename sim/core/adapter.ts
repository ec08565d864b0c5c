// The storage core behind an interface, so a vendor can plug in its own image and API
// (DESIGN.md). The reference implementation is MooseFS (sim/core/moosefs/).

import type { StorageNodeSpec } from '../plan/scenario';
import type { CoreDiskView, NodeHardwareHost, StartedNode } from '../topology/node-host';
import type { NodeBays } from '../topology/bays';
import type { Seen } from '../topology/link-loss';
export type { StorageNodeSpec };
// the core's side of the hardware binding, defined where the twins are bound (sim/topology/)
export type { CoreDiskView, NodeHardwareHost, StartedNode, Seen };

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
  /** of the stable, the chunks kept at one copy because their goal is 1: their one disk or node lost, they are lost (absent: the core does not tell) */
  oneCopyByGoal?: number;
}

export interface ChunkPlacementOfFile {
  path: string;
  chunks: { id: string; copies: string[] }[];
}

/** A file with chunks that no node holds a readable copy of (path from the mount's root, chunk indexes in the file). */
export interface FileWithoutCopy {
  path: string;
  chunks: number[];
}

/** A node's removal as the core reports it (T9 drain and delete). */
export interface RemovalState {
  seen: Seen;
  port: number | null;
  /** chunks on disks in service */
  regularChunks: number | null;
  /** the core's word: '-' (nothing marked), 'NOT READY' or 'READY' */
  removal: string | null;
  /** chunks on disks marked for removal */
  markedChunks: number | null;
}

/** how many disks say each status */
export function countByStatus(statuses: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

/** A drain is done when the node has disks and every one of them says the core's word for it. */
export const drained = (core: Pick<StorageCore, 'diskReadyForRemoval'>, statuses: readonly string[]): boolean =>
  statuses.length > 0 && statuses.every((s) => core.diskReadyForRemoval(s));

/** The master, as the target of a fault; any other target is a storage node's name. */
export const MASTER = 'master';

/** Which process runs a node now, to tell a restart from none (T3, T6). */
export interface ProcessIdentity {
  pid: number;
  startedAt: string;
  restartCount: number;
  running: boolean;
  paused: boolean;
}

/**
 * An operation a core cannot do, refused with the reason: the conformance suite expects the
 * refusal of what the core declares in `notProvided`, and what needs the operation is
 * INCONCLUSIVE with the reason, never a silent PASS.
 */
export class NotProvided extends Error {
  constructor(
    readonly core: string,
    readonly operation: string,
    readonly reason: string,
  ) {
    super(`${core} does not provide ${operation}: ${reason}`);
    this.name = 'NotProvided';
  }
}

/** A node's hardware made ready before it is powered on (its bays formatted and mounted). */
export interface PreparedNode {
  dir: string;
  disks: NodeBays;
}

/** One member of the cluster network, cabled to a port of the switch twin. */
export interface SwitchMember {
  name: string;
  role: 'master' | 'storage';
  container: string;
  address: string;
}

/**
 * Everything the drivers (load, faults, observers) do to a running core and read from it.
 * A target is MASTER or a storage node's name. The conformance suite
 * (sim/core/conformance.core.test.ts) states what an implementation must do.
 */
export interface StorageCore extends NodeHardwareHost {
  readonly name: string;
  readonly version: string;
  /** operations this core refuses with NotProvided, each with the reason (empty: it does everything) */
  readonly notProvided: Partial<Record<keyof StorageCore, string>>;
  /** where the recording server sees the cluster (a mounted file system) */
  readonly mountPoint: string;
  /** where read-backs read: a mount of the same cluster that bypasses the host's page cache */
  readonly readMount: { path: string; options: string[] };
  /** the run's work folder (bays, mount points) */
  readonly runDir: string;
  /** the address a new node needs to join, and the observers ask */
  readonly masterAddress: string;
  readonly nodes: readonly StartedNode[];
  /** members of the cluster network, master first */
  switchMembers(): SwitchMember[];

  // nodes in and out
  addNode(spec: StorageNodeSpec): Promise<StartedNode>;
  /** the two halves of addNode: the hardware, then power on knowing only the master's address */
  prepareNode(spec: StorageNodeSpec): Promise<PreparedNode>;
  powerOnNode(spec: StorageNodeSpec, prepared: PreparedNode): Promise<StartedNode>;
  /** takes a node out for good: its process, its disks and the core's record of it */
  removeNode(node: string): Promise<void>;
  /** an operator's decommission: the core moves the node's data elsewhere (false cancels it) */
  markDisksForRemoval(node: string, marked: boolean): Promise<void>;
  /** the core's word for a disk whose data has all moved elsewhere (a drain is done when every disk says it) */
  diskReadyForRemoval(status: string): boolean;
  /** how far the core is with removing the node at this address */
  removalState(address: string): Promise<RemovalState>;
  /** the core forgets a node that is gone (its last step of a removal) */
  forgetNode(address: string, port: number | null): Promise<{ ok: boolean; message: string }>;
  /** whether the core counts the node at this address as connected, disconnected, or not at all */
  nodeSeen(address: string): Promise<Seen>;

  // crash, hang and their self-heal
  processIdentity(target: string): Promise<ProcessIdentity>;
  /** kill -9 of the target's main process; resolves to the pid killed */
  crashProcess(target: string): Promise<number>;
  /** every process of the target frozen: connections stay open, nothing answers */
  freezeNode(target: string): Promise<void>;
  thawNode(target: string): Promise<void>;
  /** the target's own restart of a crashed process (off: the T6 control) */
  setRestartOnFailure(target: string, enabled: boolean): Promise<void>;
  /** can the target's OS still run a process within the time (a hung one cannot)? */
  petWatchdog(target: string, timeoutMs?: number): Promise<boolean>;
  /** does the master answer a status request within the time? */
  masterAnswers(timeoutMs?: number): Promise<boolean>;

  // capacity on demand (T10): a folder of the mount (e.g. '/'), its quota changed online
  /** sets the folder's hard limit on the sum of its files' lengths (bytes), or removes it (null) */
  setFolderQuota(folder: string, bytes: number | null): Promise<void>;
  /** the folder's use as the core counts it, and the quota in force */
  folderUsage(folder: string): Promise<{ lengthBytes: number; quotaBytes: number | null }>;
  /** files deleted under the folder free their space at once (no trash kept) */
  setNoTrash(folder: string): Promise<void>;
  /** what is written under the folder is kept in this many copies, each on another node (read back) */
  setFolderGoal(folder: string, copies: number): Promise<void>;

  // the core's own view
  nodeStates(): Promise<NodeState[]>;
  /** chunks by redundancy (missing / endangered / under goal / stable / over goal) */
  chunkHealth(): Promise<ChunkHealthCounts>;
  /** where the chunks of these files are (paths relative to the mount) */
  placement(paths: readonly string[]): Promise<ChunkPlacementOfFile[]>;
  /** the bay (slot) of this node whose disk holds a copy of this chunk (an id from placement), null if none */
  bayOfChunk(node: string, chunkId: string): Promise<number | null>;
  /** every file under the mount with a chunk no node holds a readable copy of, asked of the core now (rejects when it cannot tell) */
  filesWithoutCopy(): Promise<FileWithoutCopy[]>;
  /** every option the running core was configured with that differs from what the core ships */
  configDifferences(): Promise<CoreOption[]>;
  /** what each node really runs with, read back from the container runtime and the node itself (T7) */
  nodeEvidence(): Promise<NodeEvidence[]>;
  /** CPU used so far and memory now of the master and every node (issue 14: each core's cost per node, idle and under load) */
  resourceUsage(): Promise<NodeUsage[]>;
  /** the master's CPU architecture as it reports it */
  readonly masterArch: string;

  /** ends every request stuck in the recording servers' mount (a hung client or core) and mounts it afresh, saying what it did */
  replaceWriteMount(): Promise<string[]>;

  /** @param o.abort end the FUSE clients at once (an interrupt: requests may be stuck) */
  stop(o?: { abort?: boolean }): Promise<void>;
}

/** One node's resources as its cgroup counts them (null: not readable, e.g. the node is off). */
export interface NodeUsage {
  name: string;
  role: 'master' | 'storage';
  /** when its process (container) started: a counter read from another start is not comparable */
  startedAt: string | null;
  cpuSeconds: number | null;
  rssBytes: number | null;
  cacheBytes: number | null;
}

/** What starting a core needs: its nodes, goal and configuration (the reference core reads it as MooseFS options). */
export interface CoreStartSpec {
  runId: string;
  /** per-run folder on the host (bays, mount point); under the harness work root */
  runDir: string;
  image: string;
  goal: number;
  nodes: StorageNodeSpec[];
  /** master's REPLICATIONS_DELAY_INIT, seconds (MooseFS default 60) */
  replicationsDelayInit?: number;
  /** extra mfsmaster.cfg options, passed as MFSCFG_<KEY> (entrypoint.sh) */
  masterConfig?: Record<string, string | number>;
  /** a crashed process is restarted by the node itself (default true; false = the T6 control) */
  restartOnFailure?: boolean;
  /** a broken core for a negative control: the master keeps its metadata in memory only (tmpfs),
   *  so a restart comes back empty, as a master restored from nothing would */
  masterDefect?: 'forgets-metadata';
  /** extra mfsmount -o options, e.g. 'mfsioretries=5' (a read of a chunk no server holds fails sooner) */
  mountOptions?: string[];
  /** image of an arm64 node (StorageNodeSpec.arch); default: the reference recipe's arm64 tag */
  arm64Image?: string;
  log?: (msg: string) => void;
}

/** Starts a core and resolves when every node's disks are in service and the cluster is mounted. */
export type StartCore = (spec: CoreStartSpec) => Promise<StorageCore>;

/** What a core shows of itself to someone with its management access: the view a field run
 *  reads from a delivered system the harness did not start (its observer takes no more). */
export type CoreView = Pick<StorageCore, 'nodeStates' | 'chunkHealth'> & {
  /** every disk of every node as the core lists it (absent: its management access lists no disks) */
  diskStates?(): Promise<CoreDiskState[]>;
  /** whether the core counts the node at this address connected, disconnected, or not at all (absent: it does not say) */
  nodeSeen?: StorageCore['nodeSeen'];
  /** every node address the core knows, connected or not (absent: it does not say) */
  nodesKnown?(): Promise<string[]>;
  /** where the chunks of these files are (paths relative to `root`, a folder on a mount of this core; absent: it does not say) */
  placementUnder?(root: string, paths: readonly string[]): Promise<ChunkPlacementOfFile[]>;
};

/** A disk as a core's management access lists it: the node by its address, the disk by the core's own path for it. */
export interface CoreDiskState {
  address: string;
  path: string;
  status: string;
  serving: boolean;
}

/** cgroup limits as a node itself sees them */
export interface CgroupLimits {
  version: 1 | 2 | null;
  cpuQuotaUs: number | null;
  cpuPeriodUs: number | null;
  memoryLimitBytes: number | null;
  raw: string;
}

/** What a node really runs with, read back from Docker and from inside the node (T7 evidence). */
export interface NodeEvidence {
  name: string;
  address: string;
  bays: number;
  baySizeMiB: number;
  requested: { arch: string; cpus: number | null; memoryMiB: number | null };
  image: string;
  /** uname -m inside the node */
  arch: string;
  /** why the node does not run the requested architecture (null: it does) */
  archNote: string | null;
  /** Docker's record of the container's limits (HostConfig) */
  docker: { nanoCpus: number; cpuQuota: number; cpuPeriod: number; memoryBytes: number };
  /** the cgroup files the kernel enforces, read inside the node */
  cgroup: CgroupLimits;
  /** bay filesystems mounted inside the node (df under the bay root) */
  mountedBays: number;
  /** size and free space of those filesystems, bytes, as the node's own df reports them (not the core's view) */
  bayBytes: { total: number; free: number };
  /** MB/s of one SHA-256 stream of 32 MiB inside the node: how fast its CPU allowance really is (wall clock) */
  sha256MBps: number | null;
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
