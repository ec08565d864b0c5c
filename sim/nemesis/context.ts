// What every fault of the nemesis is performed with: apart from sim/nemesis/faults.ts,
// so that the faults it dispatches to (io-errors, spin-up) need not import it back.
import type { StorageCore } from '../core/adapter';
import type { HistoryWriter } from '../history';
import type { Rack } from '../topology/rack';

export interface SelfHealSettings {
  enabled: boolean;
  watchdogSeconds: number;
  simulatedBootSeconds: number;
  powerOffSeconds: number;
  observeMaxSeconds: number;
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
