// The load library: named loads with k6-style thresholds, each usable on its own or as the
// background load of a fault scenario (the scenario names one, plus overrides).
//
//   steady  live cameras at a constant bitrate + one light player       (CI topology)
//   peak    steady + body cameras uploading from docking stations at shift change,
//           ramping-arrival-rate up to a peak and back                  (peak hour)
//   mixed   steady + several players + downloads of whole recordings     (write + playback + download)
//   soak    steady for hours, 10 s segments                              (the trial run)
//
// The numbers of `steady` were measured on the reference machine (see STEADY_DEFAULTS);
// every figure is wall clock on the real core.
import type { Profile } from '../profile/profile';
import type { VideoLoadSpec } from '../sim/plan/scenario';

export const LOAD_NAMES = ['steady', 'peak', 'mixed', 'soak'] as const;
export type LoadName = (typeof LOAD_NAMES)[number];

/**
 * What `steady` runs by default, and why: 64 cameras x 4 Mbps, 2 s segments = 256 Mbit/s =
 * 32 MB/s of acknowledged segments (64 MB/s to the chunkservers with goal 2), 32 segments
 * a second, each write + fsync + close. Measured on the reference machine (2 vCPU, shared
 * with other people's Docker tests, load average 5-35 during the runs), 3 chunkservers x 48
 * bays, goal 2, 60 s per run, thresholds as cameraThresholds(2):
 *   64 cameras   32 MB/s  PASS  write p99 68 ms (104 ms and 1.1 s in noisier runs), no drop,
 *                              harness 14 % of one core
 *  128 cameras   62 MB/s  no drop, no gap, but write p99 1.4 s / 2.03 s / 2.2 s (FAIL by
 *                              26 ms once): at the edge of the 2 s bound
 *  192 cameras   93 MB/s  PASS once (p99 1.2 s)
 *  256 cameras  103 MB/s  FAIL: 969 segments dropped, p99 5.7 s (the core's ceiling here)
 * So 64 holds with a margin of about 3x on this machine; more than ~128 does not hold
 * reliably while the machine is shared. The CI profile runs 12 cameras behind its fault
 * scenarios (their clauses are what CI judges); `steady` itself is the 64.
 */
export const STEADY_DEFAULTS = { cameras: 64, bitrateMbps: 4, segmentSeconds: 2, readEveryMs: 500 } as const;

export interface LoadOverrides {
  cameras?: number;
  bitrateMbps?: number;
  segmentSeconds?: number;
  /** the light player of steady/peak reads one segment this often (0: no player) */
  readEveryMs?: number;
  maxInFlightPerCamera?: number;
  writeBlockBytes?: number;
  /** undefined: a background load, ended by its scenario */
  durationSeconds?: number;
  /** soak only: how long, in hours (default 24) */
  soakHours?: number;
  /** per metric key, replaces the library's expressions for that key ([] removes it) */
  thresholds?: Record<string, string[]>;
  /** a playback or download read not answered within this has failed */
  playDeadlineSeconds?: number;
}

/**
 * What every live-camera load must hold (the contract's "业务不中断": service not interrupted):
 * no write fails; each segment is durable before the next one is complete (p99 below one
 * segment length, the real-time bound of a recording server); no segment is ever dropped
 * because the previous ones were still being written; no recording gap (录像断点).
 */
export function cameraThresholds(segmentSeconds: number): Record<string, string[]> {
  return {
    write_failed: ['rate==0'],
    'write_latency{role:camera}': [`p(99)<${segmentSeconds * 1000}`],
    'segments_dropped{role:camera}': ['count==0'],
    recording_gaps: ['count==0'],
  };
}

function mergeThresholds(base: Record<string, string[]>, over: Record<string, string[]> | undefined): Record<string, string[]> {
  const out = { ...base, ...over };
  for (const [k, v] of Object.entries(out)) if (v.length === 0) delete out[k];
  return out;
}

export function loadSpec(name: LoadName, o: LoadOverrides = {}): VideoLoadSpec {
  const segmentSeconds = o.segmentSeconds ?? (name === 'soak' ? 10 : STEADY_DEFAULTS.segmentSeconds);
  const readEveryMs = o.readEveryMs ?? STEADY_DEFAULTS.readEveryMs;
  const base: VideoLoadSpec = {
    name,
    cameras: o.cameras ?? STEADY_DEFAULTS.cameras,
    bitrateMbps: o.bitrateMbps ?? STEADY_DEFAULTS.bitrateMbps,
    segmentSeconds,
    readEveryMs,
    maxInFlightPerCamera: o.maxInFlightPerCamera ?? 2,
    writeBlockBytes: o.writeBlockBytes ?? 1 << 20,
    ...(readEveryMs > 0 ? { players: { vus: 1, thinkMs: readEveryMs } } : {}),
    ...(o.durationSeconds !== undefined ? { durationSeconds: o.durationSeconds } : {}),
    ...(o.playDeadlineSeconds !== undefined ? { playDeadlineSeconds: o.playDeadlineSeconds } : {}),
    thresholds: cameraThresholds(segmentSeconds),
  };
  const segMs = segmentSeconds * 1000;
  switch (name) {
    case 'steady':
      if (base.players) base.thresholds.read_failed = ['rate==0'];
      break;
    case 'peak':
      // docked body cameras upload 5-segment recordings at the cameras' bitrate; the rate
      // ramps 0 -> peak over 20 s, holds 20 s, ramps down over 20 s; peak = a quarter of the
      // live cameras' segment rate again, so the core sees 1.25 x steady at the top
      base.uploads = {
        stations: 16,
        bitrateMbps: base.bitrateMbps,
        segmentSeconds: segmentSeconds * 5,
        startRate: 0,
        stages: [
          { durationSeconds: 20, target: peakUploadRate(base) },
          { durationSeconds: 20, target: peakUploadRate(base) },
          { durationSeconds: 20, target: 0 },
        ],
        maxVUs: 16,
        startAfterSeconds: 10,
      };
      base.thresholds['write_failed{role:upload}'] = ['rate==0'];
      if (base.players) base.thresholds.read_failed = ['rate==0'];
      break;
    case 'mixed':
      base.players = { vus: 4, thinkMs: Math.max(250, readEveryMs) };
      base.downloads = { vus: 2, iterations: 2, segmentsPerRecording: 15, startAfterSeconds: 15 };
      base.thresholds.read_failed = ['rate==0'];
      base.thresholds.download_failed = ['rate==0'];
      // a player must get the next segment before it has played the current one
      base.thresholds['read_latency{op:play}'] = [`p(95)<${segMs}`];
      break;
    case 'soak':
      base.durationSeconds = o.durationSeconds ?? (o.soakHours ?? 24) * 3600;
      if (base.players) base.thresholds.read_failed = ['rate==0'];
      // over hours, also the latency while a fault is going on
      base.thresholds['write_latency{phase:during}'] = [`p(99)<${segMs * 2}`];
      break;
  }
  base.thresholds = mergeThresholds(base.thresholds, o.thresholds);
  return base;
}

/** upload segments per second at the peak: a quarter of the cameras' bytes per second again */
function peakUploadRate(s: VideoLoadSpec): number {
  const cameraSegmentsPerS = s.cameras / s.segmentSeconds;
  return Math.max(0.2, Math.round((cameraSegmentsPerS / 4 / 5) * 100) / 100);
}

/** The background load of a fault scenario under a profile: the profile's cameras, the
 *  library entry it names (default steady), its threshold overrides. */
/** a viewer waits for a segment at most as long as the contract lets the service be down (T6): past it, a failed playback */
export const playDeadlineOf = (p: Profile): number => p.thresholds.T6.maxSelfHealSeconds;

export function backgroundLoad(profile: Profile, overrides: LoadOverrides = {}): VideoLoadSpec {
  const p = profile;
  const w = profile.workload;
  return loadSpec(p.load?.background ?? 'steady', {
    cameras: w.cameras,
    bitrateMbps: w.bitrateMbps,
    segmentSeconds: w.segmentSeconds,
    readEveryMs: w.readEveryMs,
    playDeadlineSeconds: playDeadlineOf(p),
    ...overrides,
    thresholds: { ...p.load?.thresholds, ...overrides.thresholds },
  });
}
