// One disk's state: identity, raw SMART counters and the hidden degradation stage.
// Plain data plus the disk's own random stream, so a disk can be moved between bays
// (pulled and reinserted) and keep its history.
import { streamFor, type RandomStream } from '../../lib/random';

export interface DiskIdentity {
  serial: string;
  model: string;
  firmware: string;
  capacityBytes: number;
  rotationRpm: number;
}

/**
 * Hidden condition driving the counters (see degradation.ts):
 * sound -> reallocating (grown defects being remapped) -> scanErrors (unreadable
 * sectors found by reads or the offline scan). Failure can strike from any stage.
 */
export type DiskStage = 'sound' | 'reallocating' | 'scanErrors';

export interface DiskCounters {
  readErrors: number; // 1 (count semantics, see smart-attributes.ts)
  reallocated: number; // 5
  powerOnHours: number; // 9, fractional inside the model, floored on export
  powerCycles: number; // 12
  unexpectedPowerLoss: number; // 174
  gSense: number; // 191
  powerOffRetracts: number; // 192
  pending: number; // 197
  offlineUncorrectable: number; // 198
  crcErrors: number; // 199
  temperatureC: number; // 194; 190 (airflow) is derived
}

export interface DiskState {
  readonly identity: DiskIdentity;
  readonly rng: RandomStream;
  alive: boolean;
  stage: DiskStage;
  c: DiskCounters;
  minTempC: number;
  maxTempC: number;
  maxPending: number;
  /** total pending sectors ever raised; 197 can never exceed it */
  pendingRaised: number;
  /** power-on hour at which the disk failed, if it did */
  failedAtHours: number | null;
  /** next scheduled event per process, in power-on hours (see degradation.ts) */
  next: Record<DiskProcess, number>;
  /** how fast this disk's defects grow once it has left 'sound' (drawn at stage change) */
  severity: number;
  /** false until the first step draws the first event times */
  armed: boolean;
}

export type DiskProcess = 'failure' | 'stage' | 'readError' | 'reallocation' | 'pending' | 'pendingResolve' | 'crc' | 'gSense';

export const DISK_PROCESSES: readonly DiskProcess[] = [
  'failure',
  'stage',
  'readError',
  'reallocation',
  'pending',
  'pendingResolve',
  'crc',
  'gSense',
];

export const DEFAULT_DISK_MODEL = {
  model: 'TWIN-HDD 8TB SATA 7200', // a twin, not a real part number
  firmware: 'TW01',
  capacityBytes: 8_001_563_222_016,
  rotationRpm: 7200,
} as const;

export interface NewDiskOptions {
  seed: string;
  /** stream name, e.g. 'disk/node-1/07' (brief: streamFor(seed, 'disk/<node>/<bay>')) */
  component: string;
  startTempC?: number;
  model?: Partial<Omit<DiskIdentity, 'serial'>>;
}

export function newDisk(opts: NewDiskOptions): DiskState {
  const rng = streamFor(opts.seed, opts.component);
  const serial = 'TW' + rng.uint32().toString(36).toUpperCase().padStart(7, '0');
  const t = opts.startTempC ?? 30;
  const next = Object.fromEntries(DISK_PROCESSES.map((p) => [p, Infinity])) as Record<DiskProcess, number>;
  return {
    identity: { ...DEFAULT_DISK_MODEL, ...opts.model, serial },
    rng,
    alive: true,
    stage: 'sound',
    c: {
      readErrors: 0,
      reallocated: 0,
      powerOnHours: 0,
      powerCycles: 1, // the factory test power-up
      unexpectedPowerLoss: 0,
      gSense: 0,
      powerOffRetracts: 0,
      pending: 0,
      offlineUncorrectable: 0,
      crcErrors: 0,
      temperatureC: t,
    },
    minTempC: t,
    maxTempC: t,
    maxPending: 0,
    pendingRaised: 0,
    failedAtHours: null,
    next,
    armed: false,
    severity: 1,
  };
}

/** A copy of the raw values (for histories and property tests). */
export const snapshotCounters = (d: DiskState): DiskCounters => ({ ...d.c });
