// The fault scenarios' short versions for the core test suite: what `accept run` does in
// full, with fewer bays per node, fewer pulls and half the cameras (the claims are the same;
// half the read-back and half the harness's CPU on the 2 cores the test files share).
import { loadProfile, type Profile } from '../profile/profile';

export function shortProfile(): Profile {
  const { profile } = loadProfile('ci');
  profile.workload.cameras = 6;
  profile.topology.baysPerNode = 24;
  profile.faults.hotplug.pulls = 2;
  profile.faults.hotplug.warmupSeconds = 10;
  profile.faults.hotplug.outSeconds = 8;
  profile.faults.hotplug.settleSeconds = 15;
  profile.faults.selfHeal.warmupSeconds = 25;
  // each fault's baseline write rate over 10 s (30 segments of 6 cameras) instead of 20, and 12 s
  // of settling after each heal instead of 25, so the baseline starts after the previous heal
  profile.faults.selfHeal.baselineSeconds = 10;
  profile.faults.selfHeal.settleSeconds = 12;
  // the twin's BMC watchdog resets a hung node after 15 s instead of 30 (a simulated agent's setting)
  profile.faults.selfHeal.watchdogSeconds = 15;
  return profile;
}

/** T9 link loss's short version: 24 bays, 8 cameras, a short warm-up and watch. */
export function linkLossShortProfile(): Profile {
  const { profile } = loadProfile('ci');
  profile.topology.baysPerNode = 24;
  profile.workload.cameras = 8;
  profile.faults.linkLoss.warmupSeconds = 15;
  profile.faults.linkLoss.gapSeconds = 5;
  profile.faults.linkLoss.watchSeconds = 10;
  profile.faults.linkLoss.observeSeconds = 5;
  return profile;
}

/** T8 scale-out's short version: still 3 real nodes under load + 1 added, 24 bays each, 25 s watched. */
export function scaleOutShortProfile(): Profile {
  const { profile } = loadProfile('ci');
  profile.topology.baysPerNode = 24;
  profile.scaleout.newNodeBays = 24;
  profile.scaleout.warmupSeconds = 10;
  profile.scaleout.observeSeconds = 25;
  return profile;
}

/** T5 delayed kick's short version: 2 nodes x 24 bays, 6 cameras, a short warm-up and watch. */
export function delayedKickShortProfile(): Profile {
  const { profile } = loadProfile('ci');
  profile.topology.storageNodes = 2;
  profile.topology.baysPerNode = 24;
  profile.workload.cameras = 6;
  profile.faults.delayedKick.warmupSeconds = 6;
  profile.faults.delayedKick.burstObserveSeconds = 10;
  profile.faults.delayedKick.settleSeconds = 3;
  return profile;
}

/** T4 encryption's short version: 24 bays, 8 cameras, the probe after 12 s of load. */
export function encryptionShortProfile(): Profile {
  const { profile } = loadProfile('ci');
  profile.topology.baysPerNode = 24;
  profile.workload.cameras = 8;
  profile.encryption.probeAtSeconds = 12;
  profile.encryption.observeSeconds = 2;
  return profile;
}
