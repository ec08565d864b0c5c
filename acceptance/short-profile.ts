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
