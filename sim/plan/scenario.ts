// A scenario is a typed, declarative object: topology + workload + fault schedule +
// the clauses it is evidence for. The runner in sim/ executes it; it never judges.
// Declared here, in the engine, what a runnable scenario is: scenarios/ builds them from it.

import type { FaultSpec } from './faults';
import type { OpsSpec } from './ops-spec';
import type { LifecycleStep, MirrorProbeStep } from './lifecycle-steps';
import type { AddNodeStep, StorageNodeSpec } from './node-spec';
export type { StorageNodeSpec };

export type ScheduledAction =
  | AddNodeStep
  /** a fault through the twins; the runner waits for it to end (pulled disk back, power restored) */
  | { atSeconds: number; action: 'fault'; id: string; fault: FaultSpec }
  /** T9 node lifecycle and link loss: drain, remove, fail a node; a port's link down or flapping */
  | LifecycleStep
  /** S6: port mirroring shown by the traffic it copies, through the switch twin (not a fault) */
  | MirrorProbeStep
  /** the operations drill (T11, M7, M2, M4): disk checks, locate LEDs, batch replacement, the one-screen page */
  | { atSeconds: number; action: 'operations'; drill: OperationsDrillSpec }
  /** T4: known plaintext looked for on the bays' raw disk images and in what the download path returns (not a fault) */
  | EncryptionProbeStep
  /** T10: the recording server's retention period, or the recording space's quota, changed online */
  | RetentionStep
  | QuotaStep
  /** T10: a quota is a limit only if the core refuses writes past it (a probe folder beside the recordings) */
  | QuotaProbeStep;

/** T10: a probe folder gets a quota of `quotaBytes` and `writeBytes` (more) are written and synced into it. */
export interface QuotaProbeStep {
  atSeconds: number;
  action: 'quota-probe';
  id: string;
  quotaBytes: number;
  writeBytes: number;
}

/**
 * T10: the operator sets the retention period; the folder's use is watched `watchSeconds` after,
 * and on while it still falls, up to `watchAtMostSeconds` in all.
 */
export interface RetentionStep {
  atSeconds: number;
  action: 'retention';
  id: string;
  seconds: number;
  watchSeconds: number;
  watchAtMostSeconds?: number;
}

/** T10: the operator sets the recording folder's quota: bytes, a multiple of what it holds then, or none (null). */
export interface QuotaStep {
  atSeconds: number;
  action: 'quota';
  id: string;
  bytes: number | { ofHeld: number } | null;
  watchSeconds: number;
}

/** T4: `samples` acknowledged segments, regenerated from their seeds, are the known plaintext (sim/observe/encryption-probe.ts). */
export interface EncryptionProbeStep {
  atSeconds: number;
  action: 'encryption-probe';
  id: string;
  samples: number;
}

/** What the operations drill does (sim/maintenance/drill.ts); a control sets one defect. */
export type OperationsControl = 'smart-missing' | 'led-ignored' | 'stale-page' | 'recording-deleted';

/** The controls that put a non-compliant vendor API in front of the BMCs: one API, so one of them per run. */
export function vendorApiDefect(controls: readonly OperationsControl[]): 'smart-missing' | 'led-ignored' | null {
  const vendor = controls.filter((c): c is 'smart-missing' | 'led-ignored' => c === 'smart-missing' || c === 'led-ignored');
  if (vendor.length > 1) throw new Error(`one vendor API defect per run, not ${vendor.join(' and ')}`);
  return vendor[0] ?? null;
}

export interface OperationsDrillSpec {
  /** SIMULATED: virtual days the twins' disks age before the deep check, a basic check each day */
  agingDays: number;
  /** seeded media defects put into twin disks (simulated): graded faulty / sub-healthy */
  defects: { faulty: number; subHealthy: number };
  /** where the nodes stand: node i occupies units firstU + i*unitsPerNode .. (rack plan of the site) */
  rack: { name: string; firstU: number; unitsPerNode: number };
  /** the one-screen page: browser poll, snapshot refresh, how long the bay and alarm may take */
  page: { pollMs: number; refreshMs: number; withinSeconds: number };
  /** the negative controls, one or several at once (at most one at the vendor API): a vendor API
   *  omitting SMART attributes, a BMC ignoring the LED command, a page that never updates, a
   *  recording deleted inside its retention period */
  controls?: OperationsControl[];
}

export interface Scenario {
  id: string;
  /** 'reference' or 'control:<how it is broken>' — a control must make its clauses FAIL */
  variant: string;
  title: { zh: string; en: string };
  clauses: string[];
  topology: {
    goal: number;
    replicationsDelayInitSeconds: number;
    nodes: StorageNodeSpec[];
    /** extra mfsmaster.cfg options (e.g. CHUNKS_LOOP_MIN_TIME for a drain that ends in minutes) */
    masterConfig?: Record<string, string | number>;
    /** a deliberately broken master for a negative control (sim/core/moosefs/cluster.ts) */
    masterDefect?: 'forgets-metadata';
    /** a control of the read-back: every storage node is powered off after the load, before the
     *  final verification (acknowledged data no longer held anywhere) */
    dataGoneBeforeVerify?: boolean;
    /** a control of the read-back: every chunkserver acknowledges chunk writes and stores nothing
     *  (the I/O library preloaded in discard mode on every bay from the start) */
    chunkserversDiscardWrites?: boolean;
  };
  /** the twins' hardware read before the load (T1, T2, M1, S1; simulated): each storage node of
   *  the contracted bay count and a management server twin over Redfish, a switch twin with the
   *  contracted ports over its management interface (sim/inventory/twins.ts) */
  hardwareInventory?: { storageNodeBays: number; switchPorts: { geCopper: number; tenGeOptical: number } };
  /** the load that runs in the background for the whole scenario (scenarios/load-library.ts) */
  workload: VideoLoadSpec;
  /** T10: the recording server deletes by age (sim/workload/retention.ts) under `folder` of the mount,
   *  which keeps no trash; a control's defect deletes recordings still inside a shortened period */
  retention?: { folder: string; initialSeconds: number; sweepMs: number; defect?: 'deletes-in-period' };
  schedule: ScheduledAction[];
  /** how the nemesis behaves and how the nodes heal (fault scenarios) */
  nemesis?: {
    /** the nodes' own self-heal: restart policy, BMC watchdog, power-restore policy (false = the T6 control) */
    selfHeal: boolean;
    watchdogSeconds: number;
    /** SIMULATED firmware + OS boot seconds after power loss or reset: added to a storage node's measured heal, played in real time for the master */
    simulatedBootSeconds: number;
    powerOffSeconds: number;
    /** longest wait for a fault to heal before the run goes on */
    observeMaxSeconds: number;
    /** load keeps running this long after a fault healed, before the next one (so full rate can be seen) */
    settleSeconds: number;
    /** and after that, until the cameras write at the pre-fault rate again (T6's definition,
     *  sim/heal/write-rate.ts), at most `maxSeconds` after the fault or the power's return */
    untilFullRate?: { fullRateFraction: number; baselineSeconds: number; rateWindowSeconds: number; maxSeconds: number };
  };
  /** the reference operations stack (Prometheus, Alertmanager, channel mocks) started after the cluster */
  ops?: OpsSpec;
  /** seconds the run goes on after the last scheduled action */
  observeSeconds: number;
  pollMs: number;
}

/** T4's reference encrypting recording path (sim/workload/recording-cipher.ts). 'aes-256-ctr': a counter
 *  block of its own per segment; the control's 'aes-256-ctr-one-keystream': one for every segment, so that
 *  one known recording decodes every other without the key. */
export const RECORDING_ENCRYPTIONS = ['aes-256-ctr', 'aes-256-ctr-one-keystream'] as const;
export type RecordingEncryption = (typeof RECORDING_ENCRYPTIONS)[number];

export interface CameraLoadSpec {
  cameras: number;
  bitrateMbps: number;
  segmentSeconds: number;
  /** a player reads back one random acknowledged segment this often (0 = no player) */
  readEveryMs: number;
}

/**
 * A load from the library (scenarios/load-library.ts), run by sim/workload/video-load.ts on
 * the k6-style engine. The CameraLoadSpec fields describe the live cameras: each camera is a
 * constant-arrival-rate scenario, one segment every segmentSeconds.
 */
export interface VideoLoadSpec extends CameraLoadSpec {
  /** the library entry: steady, peak, mixed, soak (or a name of one's own) */
  name: string;
  /** segments of one camera that may be in flight at once; a segment that falls due while
   *  all are busy is DROPPED and counted (a recording gap), never started late */
  maxInFlightPerCamera: number;
  /** bytes per write() call; the recording server flushes its buffer in blocks this size */
  writeBlockBytes: number;
  /** body cameras uploading from docking stations at shift change (peak hour):
   *  ramping-arrival-rate of whole segments, not counted in recording gaps */
  uploads?: {
    stations: number;
    bitrateMbps: number;
    segmentSeconds: number;
    /** segments per second at the start, then linear to each stage's target */
    startRate: number;
    stages: { durationSeconds: number; target: number }[];
    maxVUs: number;
    startAfterSeconds: number;
  };
  /** playback: closed-loop viewers, each reading one random acknowledged segment, then thinking */
  players?: { vus: number; thinkMs: number };
  /** downloads of whole recordings (the last segmentsPerRecording segments of a camera) */
  downloads?: { vus: number; iterations: number; segmentsPerRecording: number; startAfterSeconds: number };
  /** a playback or download read not answered within this has failed (a hung client or core); absent: waited for */
  playDeadlineSeconds?: number;
  /** undefined: the load lasts until the scenario ends it (background of a fault scenario) */
  durationSeconds?: number;
  /** T4's reference encrypting recording path (sim/workload/recording-cipher.ts): the recording server
   *  encrypts every segment before it reaches the storage, with a key the harness holds; absent: as made */
  encryption?: RecordingEncryption;
  /** k6 thresholds: metric (or 'metric{tag:value}') -> expressions; a failed one fails the scenario */
  thresholds: Record<string, string[]>;
}
