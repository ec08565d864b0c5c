// A scenario is a typed, declarative object: topology + workload + fault schedule +
// the clauses it is evidence for. The runner in sim/ executes it; it never judges.

export type ScheduledAction = { atSeconds: number; action: 'add-node'; node: StorageNodeSpec };

export interface Scenario {
  id: string;
  /** 'reference' or 'control:<how it is broken>' — a control must make its clauses FAIL */
  variant: string;
  title: { zh: string; en: string };
  clauses: string[];
  topology: { goal: number; replicationsDelayInitSeconds: number; nodes: StorageNodeSpec[] };
  workload: CameraLoadSpec;
  schedule: ScheduledAction[];
  /** seconds the run goes on after the last scheduled action */
  observeSeconds: number;
  pollMs: number;
}

export interface StorageNodeSpec {
  /** node name, also the twin's name: node1, node2, ... */
  name: string;
  bays: number;
  baySizeMiB: number;
  /** a deliberately broken node for negative controls: how it is broken */
  defect?: 'cannot-receive-chunks';
  cpus?: number;
  memoryMiB?: number;
}

export interface CameraLoadSpec {
  cameras: number;
  bitrateMbps: number;
  segmentSeconds: number;
  /** a player reads back one random acknowledged segment this often (0 = no player) */
  readEveryMs: number;
}
