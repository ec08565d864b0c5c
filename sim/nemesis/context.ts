// What every fault of the nemesis is performed with: apart from sim/nemesis/faults.ts,
// so that the faults it dispatches to (io-errors, spin-up) need not import it back.
import type { StorageCore } from '../core/adapter';
import type { HistoryWriter } from '../history';
import type { Rack } from '../topology/rack';

export interface SelfHealSettings {
  enabled: boolean;
  watchdogSeconds: number;
  simulatedBootSeconds: number;
  /** add the twin's staggered disk spin-up to a power loss's heal, as simulated (default true; the model runs measure the real core only) */
  simulatedSpinUp?: boolean;
  powerOffSeconds: number;
  observeMaxSeconds: number;
  /**
   * Also wait for every present bay of each registered node to be served (the twin's present
   * bays against the core's disk list), recorded as the nemesis's core.disks: the model runs,
   * whose next command needs the node whole. `served` says which of the core's statuses serve.
   */
  bays?: { served: (node: string, view: { status: string; serving?: boolean }) => boolean };
}

export interface NemesisContext {
  cluster: StorageCore;
  rack: Rack;
  history: HistoryWriter;
  selfHeal: SelfHealSettings;
  /** path (relative to the mount) of the newest acknowledged segment, for 'newest-chunks' */
  newestSegment: () => string | null;
  /** the run's work folder (I/O-error injection keeps each node's control files there) */
  workDir?: string;
  log: (msg: string) => void;
  signal?: AbortSignal;
}
