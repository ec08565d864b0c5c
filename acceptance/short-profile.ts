// The scenarios' short versions for the core test suite: what `accept run` does in full, with
// 24 bays a node, fewer pulls, shorter windows and, for the fault scenarios, half the cameras
// (the claims are the same; half the read-back and half the harness's CPU on the 2 cores the
// test files share). Each is defined once, for the reference's file and its control's alike.
import { loadProfile, trialRunOf, type Profile } from '../profile/profile';

/** The ci profile with 24 bays a node (and this many cameras): where every short version starts. */
export function ci24(cameras?: number): Profile {
  const { profile } = loadProfile('ci');
  profile.topology.baysPerNode = 24;
  if (cameras !== undefined) profile.workload.cameras = cameras;
  return profile;
}

export function shortProfile(): Profile {
  const profile = ci24(6);
  profile.faults.hotplug = { ...profile.faults.hotplug, pulls: 2, warmupSeconds: 10, outSeconds: 8, settleSeconds: 15 };
  // each fault's baseline write rate over 10 s (30 segments of 6 cameras) instead of 20, and 12 s
  // of settling after each heal instead of 25, so the baseline starts after the previous heal;
  // the twin's BMC watchdog resets a hung node after 15 s instead of 30 (a simulated agent's setting)
  profile.faults.selfHeal = { ...profile.faults.selfHeal, warmupSeconds: 25, baselineSeconds: 10, settleSeconds: 12, watchdogSeconds: 15 };
  return profile;
}

/** T9 link loss's short version: 24 bays, 8 cameras, a short warm-up and watch. */
export function linkLossShortProfile(): Profile {
  const profile = ci24(8);
  profile.faults.linkLoss = { ...profile.faults.linkLoss, warmupSeconds: 15, gapSeconds: 5, watchSeconds: 10, observeSeconds: 5 };
  return profile;
}

/** T8 scale-out's short version: still 3 real nodes under load + 1 added, 24 bays each, 25 s watched. */
export function scaleOutShortProfile(): Profile {
  const profile = ci24();
  profile.scaleout = { ...profile.scaleout, newNodeBays: 24, warmupSeconds: 10, observeSeconds: 25 };
  return profile;
}

/** T5 delayed kick's short version: 2 nodes x 24 bays, 6 cameras, a short warm-up and watch. */
export function delayedKickShortProfile(): Profile {
  const profile = ci24(6);
  profile.topology.storageNodes = 2;
  profile.faults.delayedKick = { ...profile.faults.delayedKick, warmupSeconds: 6, burstObserveSeconds: 10, settleSeconds: 3 };
  return profile;
}

/** T4 encryption's short version: 24 bays, 8 cameras, the probe after 12 s of load. */
export function encryptionShortProfile(): Profile {
  const profile = ci24(8);
  profile.encryption = { ...profile.encryption, probeAtSeconds: 12, observeSeconds: 2 };
  return profile;
}

/** T10 elastic capacity's short version: 24 bays, 8 cameras, retention periods of seconds. */
export function elasticCapacityShortProfile(): Profile {
  const profile = ci24(8);
  profile.elasticCapacity = {
    ...profile.elasticCapacity,
    initialRetentionSeconds: 6,
    longerRetentionSeconds: 12,
    shorterRetentionSeconds: 4,
    warmupSeconds: 4,
    watchSeconds: 2,
    freeSeconds: 6,
    freeAtMostSeconds: 20,
    observeSeconds: 2,
  };
  return profile;
}

/** The trial's soak, short: 3 nodes x 24 bays, 6 cameras, a day of at least 25 s, one pull a day at most, only gross breakage failing the load. */
export function trialSoakShortProfile(): Profile {
  // 6 cameras as the fault scenarios' short versions: a pull day's read-back and the harness's CPU halved
  const profile = ci24(6);
  profile.faults.hotplug = { ...profile.faults.hotplug, outSeconds: 8, settleSeconds: 12 };
  // the trial's machinery is under test here, on a machine shared by several people (load
  // average 27 was seen): the load and stall bounds themselves are proven FAIL/PASS in
  // load-thresholds.core.test.ts, hotplug.core.test.ts and selfheal.core.test.ts; here only gross breakage fails
  profile.faults.hotplug.maxWriteStallSeconds = 60;
  profile.load = {
    background: 'steady',
    thresholds: { 'write_latency{role:camera}': ['p(99)<30000'], 'segments_dropped{role:camera}': ['count<1000'], recording_gaps: [] },
  };
  const base = trialRunOf(profile);
  profile.trialRun = {
    ...base,
    incidentDiskGrade: 'never',
    soak: { ...base.soak, minDaySeconds: 25, warmupSeconds: 12, faultsPerDay: { diskPull: 1, crash: 0 }, maxFaultsPerDay: 1 },
  };
  return profile;
}
