// Seeded degradation model: how a disk's SMART counters evolve in virtual time.
//
// Calibration (published field data, the project's research notes, shared/research/devices.md):
//  - Backblaze Drive Stats: annualized failure rate AFR = failures / drive-years;
//    2016 1.95%, 2024 1.57%, quarterly 1.41-1.55%. Default target: 1.57%.
//  - Pinheiro, Weber, Barroso, "Failure Trends in a Large Disk Drive Population",
//    FAST '07: after the first scan error a drive is 39x more likely to fail within
//    60 days than drives without one; drives with reallocations fail 3-6x more often;
//    36% of failed drives showed no SMART signal; temperature correlates only weakly.
//  - Schroeder & Gibson, "Disk failures in the real world", FAST '07: field
//    replacement rates usually 2-4% a year (datasheet MTTF would imply <= 0.88%).
//
// Model: a three-stage Markov chain per disk, in power-on hours,
//   sound --a--> reallocating --b--> scanErrors,   sound --c--> scanErrors,
// with failure hazard lb (sound), 4.5*lb (reallocating: middle of Pinheiro's 3-6x),
// 39*lb (scanErrors: Pinheiro's 39x read as a hazard ratio, valid while 60-day
// probabilities are small). lb is solved so that the first-year AFR of a new
// population equals targetAfr (calibrateBaseHazard). Counters are Poisson processes
// whose rates depend on the stage. Each process keeps its next event time, drawn from
// an exponential; a step only touches a disk's processes when one falls due, so a
// 1-hour step costs one comparison and one temperature update per disk.
import type { DiskProcess, DiskStage, DiskState } from './disk-state';
import { DISK_PROCESSES } from './disk-state';

export const HOURS_PER_YEAR = 8766;

export interface DegradationParams {
  /** target annualized failure rate of a new population in its first year */
  targetAfr: number;
  /** stage onsets, per year of power-on time */
  reallocOnsetPerYear: number; // a
  scanOnsetFromReallocPerYear: number; // b
  scanOnsetFromSoundPerYear: number; // c
  reallocFailureMultiplier: number;
  scanFailureMultiplier: number;
  readErrorsPerHour: Record<DiskStage, number>;
  reallocationsPerHour: Record<DiskStage, number>;
  /** a grown defect remaps 1..n sectors at once */
  reallocationBurstMax: number;
  pendingPerHour: Record<DiskStage, number>;
  /**
   * Defect growth is heavy-tailed in the field (most drives with reallocations have a
   * handful, a few have thousands): each disk leaving 'sound' draws a lognormal
   * severity exp(N(0, sigma)) that multiplies its read-error, reallocation and pending rates.
   */
  severitySigma: number;
  /** mean hours until one pending sector is rewritten (then cleared or remapped) */
  pendingResolveMeanHours: number;
  /** a rewritten pending sector is remapped (5 += 1) with this probability, else cleared */
  pendingRemapProbability: number;
  /** a new pending sector is also found by the offline scan (198 += 1) with this probability */
  offlineFoundProbability: number;
  /** cable/backplane link errors; bursts of 1..5 */
  crcBurstsPerHour: number;
  /** background shocks (G-sense); the node adds shocks for hot-plug next door */
  gSensePerHour: number;
  /** disk temperature relaxes to its target with this time constant (hours) */
  tempTauHours: number;
  /** stationary standard deviation of temperature noise (deg C) */
  tempNoiseC: number;
  /** multiplies every hazard and counter rate; > 1 ages disks faster (tests, demos) */
  acceleration: number;
}

export const DEFAULT_DEGRADATION: DegradationParams = {
  targetAfr: 0.0157,
  // onsets chosen so that ~38% of first-year failures are silent (Pinheiro: 36%)
  // and ~11% of new disks show a signal (5, 197 or 198 > 0) within a year
  reallocOnsetPerYear: 0.05,
  scanOnsetFromReallocPerYear: 1.0,
  scanOnsetFromSoundPerYear: 0.07,
  reallocFailureMultiplier: 4.5,
  scanFailureMultiplier: 39,
  readErrorsPerHour: { sound: 1 / 500, reallocating: 1 / 50, scanErrors: 1 / 10 },
  reallocationsPerHour: { sound: 0, reallocating: 1 / 672, scanErrors: 1 / 336 },
  reallocationBurstMax: 8,
  pendingPerHour: { sound: 0, reallocating: 0, scanErrors: 1 / 480 },
  severitySigma: 1.5,
  pendingResolveMeanHours: 72,
  pendingRemapProbability: 0.7,
  offlineFoundProbability: 0.5,
  crcBurstsPerHour: 1 / (3 * HOURS_PER_YEAR),
  gSensePerHour: 1 / 2000,
  tempTauHours: 0.5,
  tempNoiseC: 0.7,
  acceleration: 1,
};

/** Parameters with per-hour hazards resolved once (calibration is not free). */
export interface ResolvedDegradation extends DegradationParams {
  baseFailurePerHour: number;
  failurePerHour: Record<DiskStage, number>;
  onsetPerHour: { a: number; b: number; c: number };
}

export function resolveDegradation(overrides: Partial<DegradationParams> = {}): ResolvedDegradation {
  const p: DegradationParams = { ...DEFAULT_DEGRADATION, ...overrides };
  const lb = calibrateBaseHazard(p);
  const k = p.acceleration;
  return {
    ...p,
    baseFailurePerHour: lb,
    failurePerHour: {
      sound: lb * k,
      reallocating: lb * p.reallocFailureMultiplier * k,
      scanErrors: lb * p.scanFailureMultiplier * k,
    },
    onsetPerHour: {
      a: (p.reallocOnsetPerYear / HOURS_PER_YEAR) * k,
      b: (p.scanOnsetFromReallocPerYear / HOURS_PER_YEAR) * k,
      c: (p.scanOnsetFromSoundPerYear / HOURS_PER_YEAR) * k,
    },
  };
}

export interface FirstYearExpectation {
  /** failures per drive-year (Backblaze's AFR formula) */
  afr: number;
  /** share of failures that struck a disk with no SMART signal (still 'sound') */
  silentShare: number;
  /** share of disks that left 'sound' (show 5, 197 or 198 > 0) within the year */
  signalledShare: number;
}

/** Expected first-year figures of a new population, by integrating the chain (Euler, 6 h steps). */
export function expectFirstYear(p: DegradationParams, lb: number): FirstYearExpectation {
  const a = p.reallocOnsetPerYear / HOURS_PER_YEAR;
  const b = p.scanOnsetFromReallocPerYear / HOURS_PER_YEAR;
  const c = p.scanOnsetFromSoundPerYear / HOURS_PER_YEAR;
  const fr = lb * p.reallocFailureMultiplier;
  const fs = lb * p.scanFailureMultiplier;
  let s = 1,
    r = 0,
    e = 0,
    failed = 0,
    silent = 0,
    driveHours = 0,
    everSignalled = 0;
  const dt = 6;
  for (let t = 0; t < HOURS_PER_YEAR; t += dt) {
    const fSound = lb * s * dt,
      fRe = fr * r * dt,
      fScan = fs * e * dt;
    const toR = a * s * dt,
      toE1 = c * s * dt,
      toE2 = b * r * dt;
    driveHours += (s + r + e) * dt;
    failed += fSound + fRe + fScan;
    silent += fSound;
    everSignalled += toR + toE1;
    s -= fSound + toR + toE1;
    r += toR - toE2 - fRe;
    e += toE1 + toE2 - fScan;
  }
  return { afr: failed / (driveHours / HOURS_PER_YEAR), silentShare: silent / failed, signalledShare: everSignalled };
}

/** Solves the sound-stage hazard lb (per hour) so that the first-year AFR equals targetAfr. */
export function calibrateBaseHazard(p: DegradationParams): number {
  let lo = 0,
    hi = p.targetAfr / HOURS_PER_YEAR;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (expectFirstYear(p, mid).afr < p.targetAfr) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function rateOf(d: DiskState, proc: DiskProcess, p: ResolvedDegradation): number {
  const k = p.acceleration;
  switch (proc) {
    case 'failure':
      return p.failurePerHour[d.stage];
    case 'stage':
      if (d.stage === 'sound') return p.onsetPerHour.a + p.onsetPerHour.c;
      return d.stage === 'reallocating' ? p.onsetPerHour.b : 0;
    case 'readError':
      return p.readErrorsPerHour[d.stage] * k * d.severity;
    case 'reallocation':
      return p.reallocationsPerHour[d.stage] * k * d.severity;
    case 'pending':
      return p.pendingPerHour[d.stage] * k * d.severity;
    case 'pendingResolve':
      return (d.c.pending * k) / p.pendingResolveMeanHours;
    case 'crc':
      return p.crcBurstsPerHour * k;
    case 'gSense':
      return p.gSensePerHour * k;
  }
}

function schedule(d: DiskState, proc: DiskProcess, p: ResolvedDegradation, now: number): void {
  const rate = rateOf(d, proc, p);
  d.next[proc] = rate > 0 ? now + d.rng.exponential(1 / rate) : Infinity;
}

const nextDue = (d: DiskState): DiskProcess | null => {
  let best: DiskProcess | null = null;
  let at = Infinity;
  for (const proc of DISK_PROCESSES) {
    if (d.next[proc] < at) {
      at = d.next[proc];
      best = proc;
    }
  }
  return best;
};

/** bit flags returned by advanceDisk */
export const StepResult = { Nothing: 0, Changed: 1, Failed: 2 } as const;
export type StepResult = number;

function raisePending(d: DiskState, p: ResolvedDegradation, now: number, offline: boolean): void {
  d.c.pending += 1;
  d.pendingRaised += 1;
  if (d.c.pending > d.maxPending) d.maxPending = d.c.pending;
  if (offline) d.c.offlineUncorrectable += 1;
  schedule(d, 'pendingResolve', p, now);
}

function apply(d: DiskState, proc: DiskProcess, p: ResolvedDegradation, now: number): StepResult {
  const rng = d.rng;
  switch (proc) {
    case 'failure':
      d.alive = false;
      d.failedAtHours = now;
      return StepResult.Failed;
    case 'stage': {
      const { a, c } = p.onsetPerHour;
      const toScan = d.stage === 'reallocating' || rng.next() < c / (a + c);
      if (d.stage === 'sound') d.severity = Math.exp(p.severitySigma * standardNormal(d));
      d.stage = toScan ? 'scanErrors' : 'reallocating';
      // entering scanErrors IS the first scan error (Pinheiro's signal): 197 and 198 appear
      if (toScan) raisePending(d, p, now, true);
      for (const q of ['failure', 'stage', 'readError', 'reallocation', 'pending'] as const) schedule(d, q, p, now);
      return StepResult.Changed;
    }
    case 'readError':
      d.c.readErrors += 1;
      break;
    case 'reallocation':
      d.c.reallocated += rng.int(1, p.reallocationBurstMax);
      break;
    case 'pending':
      raisePending(d, p, now, rng.next() < p.offlineFoundProbability);
      break;
    case 'pendingResolve':
      d.c.pending -= 1;
      if (rng.next() < p.pendingRemapProbability) d.c.reallocated += 1;
      break;
    case 'crc':
      d.c.crcErrors += rng.int(1, 5);
      break;
    case 'gSense':
      d.c.gSense += 1;
      break;
  }
  schedule(d, proc, p, now);
  return StepResult.Changed;
}

/**
 * Advances a powered, present disk by dtHours of power-on time; targetTempC is where the
 * chassis airflow would settle this disk. Returns Failed if the disk died in the step.
 */
export function advanceDisk(d: DiskState, dtHours: number, targetTempC: number, p: ResolvedDegradation): StepResult {
  if (!d.alive || dtHours <= 0) return StepResult.Nothing;
  const start = d.c.powerOnHours;
  if (!d.armed) {
    for (const proc of DISK_PROCESSES) schedule(d, proc, p, start);
    d.armed = true;
  }
  const end = start + dtHours;
  let result = StepResult.Nothing;
  for (let proc = nextDue(d); proc !== null && d.next[proc] <= end; proc = nextDue(d)) {
    const at = d.next[proc];
    d.c.powerOnHours = at;
    result |= apply(d, proc, p, at);
    if (!d.alive) return result;
  }
  d.c.powerOnHours = end;
  relaxTemperature(d, dtHours, targetTempC, p);
  return result;
}

/** Ornstein-Uhlenbeck step, exact for any dt: mean-reverting with stationary sd tempNoiseC. */
function relaxTemperature(d: DiskState, dt: number, target: number, p: DegradationParams): void {
  const decay = Math.exp(-dt / p.tempTauHours);
  const t = target + (d.c.temperatureC - target) * decay + p.tempNoiseC * Math.sqrt(1 - decay * decay) * standardNormal(d);
  d.c.temperatureC = t;
  if (t > d.maxTempC) d.maxTempC = t;
  if (t < d.minTempC) d.minTempC = t;
}

/** Box-Muller, from the disk's own stream */
function standardNormal(d: DiskState): number {
  const u1 = 1 - d.rng.next(),
    u2 = d.rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Power leaves the disk. An unexpected loss (or a hot pull) forces an emergency head retract. */
export function powerOffDisk(d: DiskState, kind: 'graceful' | 'unexpected'): void {
  if (kind === 'unexpected') {
    d.c.unexpectedPowerLoss += 1;
    d.c.powerOffRetracts += 1;
  }
}

export function powerOnDisk(d: DiskState): void {
  d.c.powerCycles += 1;
}

/** Shocks felt by the drive (hot-plug in a neighbouring bay, a knock on the chassis). */
export function shockDisk(d: DiskState, count = 1): void {
  d.c.gSense += count;
}

/** Link errors, e.g. from a badly seated connector after an insertion. */
export function crcBurst(d: DiskState, count: number): void {
  d.c.crcErrors += count;
}
