// Staggered spin-up (T5): disks start in groups so that the 12 V surge stays within
// what ONE power supply can deliver (1+1 redundancy: either PSU must carry the node).
//
// Per-disk 12 V currents, Seagate product manuals (research/devices.md):
//  - DB35.4 SATA: 2.0 A at spin-up, 0.27 A idle            <- defaults
//  - Constellation ES SAS: 1.92 A DC peak at start (2.53-2.59 A AC peak), 0.21 A idle,
//    0.02 A while waiting for spin-up (PUIS / NOTIFY)         <- waiting current
// The current model is a step function: waiting -> spin-up for spinUpMs -> idle.

export interface DiskCurrentProfile {
  waitingAmps: number;
  spinUpAmps: number;
  idleAmps: number;
  /** how long a disk draws the spin-up current (motor reaching speed) */
  spinUpMs: number;
}

export const SEAGATE_SATA_PROFILE: DiskCurrentProfile = { waitingAmps: 0.02, spinUpAmps: 2.0, idleAmps: 0.27, spinUpMs: 10_000 };

export interface SpinUpPolicy {
  /** disks started together; >= disk count means all at once */
  groupSize: number;
  /** delay between the starts of two groups */
  groupDelayMs: number;
}

export interface PowerBudget {
  /** 12 V rail rating of ONE PSU, amperes */
  psu12vAmps: number;
  /** everything else on 12 V while disks spin up (board, CPUs at boot, fans), amperes */
  baselineAmps: number;
}

/**
 * Default budget: a 1200 W PSU gives at most 100 A on 12 V; ~300 W of board, CPUs
 * and fans at boot = 25 A. All 48 disks at once: 25 + 48 x 2.0 = 121 A > 100 A.
 */
export const DEFAULT_BUDGET: PowerBudget = { psu12vAmps: 100, baselineAmps: 25 };

export interface SpinUpPlan {
  /** start time (ms from power-on) per disk, in disk order */
  startMs: number[];
  policy: SpinUpPolicy;
}

export function planSpinUp(diskCount: number, policy: SpinUpPolicy): SpinUpPlan {
  if (!Number.isInteger(policy.groupSize) || policy.groupSize < 1)
    throw new RangeError(`groupSize must be an integer >= 1, got ${policy.groupSize}`);
  if (!(policy.groupDelayMs >= 0)) throw new RangeError(`groupDelayMs must be >= 0, got ${policy.groupDelayMs}`);
  const startMs = Array.from({ length: diskCount }, (_, i) => Math.floor(i / policy.groupSize) * policy.groupDelayMs);
  return { startMs, policy };
}

export interface CurrentSample {
  tMs: number;
  amps: number;
}

/** The 12 V current as a step function: one sample at every instant it changes. */
export function currentTimeline(plan: SpinUpPlan, profile: DiskCurrentProfile, baselineAmps: number): CurrentSample[] {
  const changes = new Map<number, number>();
  const add = (t: number, da: number) => changes.set(t, (changes.get(t) ?? 0) + da);
  add(0, baselineAmps + plan.startMs.length * profile.waitingAmps);
  for (const s of plan.startMs) {
    add(s, profile.spinUpAmps - profile.waitingAmps);
    add(s + profile.spinUpMs, profile.idleAmps - profile.spinUpAmps);
  }
  let amps = 0;
  return [...changes.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([tMs, da]) => {
      amps += da;
      return { tMs, amps: round(amps) };
    });
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export interface SpinUpReport {
  timeline: CurrentSample[];
  peakAmps: number;
  peakAtMs: number;
  psu12vAmps: number;
  withinRating: boolean;
  /** all disks at idle speed */
  readyAtMs: number;
}

export function spinUpReport(
  diskCount: number,
  policy: SpinUpPolicy,
  profile = SEAGATE_SATA_PROFILE,
  budget = DEFAULT_BUDGET,
): SpinUpReport {
  const plan = planSpinUp(diskCount, policy);
  const timeline = currentTimeline(plan, profile, budget.baselineAmps);
  const peak = timeline.reduce((m, s) => (s.amps > m.amps ? s : m), { tMs: 0, amps: -Infinity });
  const lastStart = plan.startMs.length ? Math.max(...plan.startMs) : 0;
  return {
    timeline,
    peakAmps: peak.amps,
    peakAtMs: peak.tMs,
    psu12vAmps: budget.psu12vAmps,
    withinRating: peak.amps <= budget.psu12vAmps,
    readyAtMs: diskCount ? lastStart + profile.spinUpMs : 0,
  };
}

/**
 * Largest group size that can never exceed the rating, in closed form. At most
 * m = ceil(spinUpMs / groupDelayMs) groups spin at once; every other disk draws at
 * most idleAmps. So peak <= baseline + m*g*spinUp + (N - m*g)*idle, which stays
 * within the rating while g <= (rating - baseline - N*idle) / (m*(spinUp - idle)).
 * Returns 0 if even one disk at a time does not fit.
 */
export function maxSafeGroupSize(diskCount: number, groupDelayMs: number, profile = SEAGATE_SATA_PROFILE, budget = DEFAULT_BUDGET): number {
  const overlap = groupDelayMs <= 0 ? Infinity : Math.ceil(profile.spinUpMs / groupDelayMs);
  const headroom = budget.psu12vAmps - budget.baselineAmps - diskCount * Math.max(profile.idleAmps, profile.waitingAmps);
  if (headroom < 0) return 0;
  if (!Number.isFinite(overlap)) return headroom >= diskCount * (profile.spinUpAmps - profile.idleAmps) ? diskCount : 0;
  const g = Math.floor(headroom / (overlap * (profile.spinUpAmps - profile.idleAmps)) + 1e-9);
  return Math.min(diskCount, g);
}
