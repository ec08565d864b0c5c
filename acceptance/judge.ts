// From a saved history to verdicts: each clause a scenario claims is judged by its
// checker with the profile's thresholds. Used by `accept run` and `accept recheck`.
import { firstOf, type HistoryEvent } from '../sim/history';
import { checkScaleOut } from '../sim/checkers/scaleout';
import { checkHotplug } from '../sim/checkers/hotplug';
import { checkSelfHeal } from '../sim/checkers/selfheal';
import { checkClusterManagement } from '../sim/checkers/lifecycle';
import { checkDelayedKick } from '../sim/checkers/delayed-kick';
import { checkMixed } from '../sim/checkers/mixed';
import { checkLoad, foldLoad } from '../sim/checkers/load';
import { foldUnfinishedRun, untilRunError } from '../sim/checkers/unfinished-run';
import type { Verdict } from '../sim/verdict';
import { checkDiskHealth } from '../sim/checkers/disk-health';
import { checkSlotService } from '../sim/checkers/slot-service';
import { checkOpsView } from '../sim/checkers/ops-view';
import { checkRecordingDiagnosis } from '../sim/checkers/recording-diagnosis';
import { checkM5, checkM6, type AlarmThresholds } from '../sim/checkers/alarms';
import { checkCapacityTrend } from '../sim/checkers/capacity-trend';
import { rateWindowsOf, type Profile } from '../profile/profile';
import { coreTuningOf, tuningReason } from '../sim/checkers/core-config';
import { checkHardwareInventory, inventoriesOf } from '../sim/checkers/hardware-inventory';
import { HARDWARE_REQUIREMENTS, SWITCH_PORT_REQUIREMENTS } from '../profile/hardware-requirements';
import { checkSwitchMirroring, MIRRORED } from '../sim/checkers/switch-mirroring';
import { checkSwitchPorts, switchInventoriesOf } from '../sim/checkers/switch-ports';
import { checkEncryption } from '../sim/checkers/encryption';
import { checkElasticClause } from '../sim/checkers/elastic-capacity';

type Checker = (events: readonly HistoryEvent[], profile: Profile, scenario: string) => Verdict;

const CHECKERS: Record<string, Checker> = {
  M5: (events, p, scenario) => checkM5(events, alarmThresholds(p), scenario),
  M6: (events, p, scenario) => checkM6(events, alarmThresholds(p), scenario),
  M3: (events, p, scenario) =>
    checkCapacityTrend(
      events,
      { minLeadSeconds: p.alarms.capacity.minLeadSeconds, horizonSeconds: p.alarms.capacity.horizonSeconds },
      scenario,
    ),
  T11: (events, p, scenario) => checkDiskHealth(events, { minCheckRounds: p.operations.minCheckRounds }, scenario),
  M7: (events, p, scenario) => checkSlotService(events, { maxReplaceSeconds: p.operations.maxReplaceSeconds }, scenario),
  M2: (events, p, scenario) => checkOpsView(events, { withinSeconds: p.operations.page.withinSeconds }, scenario),
  M4: (events, p, scenario) =>
    checkRecordingDiagnosis(events, { retentionDays: p.operations.retentionDays, maxGapSeconds: p.operations.maxGapSeconds }, scenario),
  T8: (events, p, scenario) => checkScaleOut(events, p.thresholds.T8, scenario),
  T4: (events, _p, scenario) => checkEncryption(events, scenario),
  T10: (events, p, scenario) =>
    checkElasticClause(
      events,
      { maxWriteStallSeconds: p.elasticCapacity.maxWriteStallSeconds, minFreedShare: p.elasticCapacity.minFreedShare },
      lifecycleThresholds(p),
      scenario,
    ),
  T3: (events, p, scenario) => checkHotplug(events, p.faults.hotplug, scenario),
  T7: (events, p, scenario) => checkMixed(events, { shareTolerancePp: p.mixed.shareTolerancePp, minCopies: p.mixed.minCopies }, scenario),
  T5: (events, p, scenario) => checkDelayedKick(events, p.faults.delayedKick, scenario),
  T9: (events, p, scenario) => checkClusterManagement(events, { lifecycle: lifecycleThresholds(p), link: p.faults.linkLoss }, scenario),
  T6: (events, p, scenario) =>
    checkSelfHeal(events, { maxSelfHealSeconds: p.thresholds.T6.maxSelfHealSeconds, ...rateWindowsOf(p.faults.selfHeal) }, scenario),
  // S1: the switch's ports read from its management interface
  S1: (events, _p, scenario) => checkSwitchPorts(events, SWITCH_PORT_REQUIREMENTS, scenario),
  // S6: port mirroring shown by traffic; IGMP snooping and MAC binding left to a person
  S6: (events, _p, scenario) => checkSwitchMirroring(events, MIRRORED, scenario),
  // T1, T2, M1: the Redfish inventory against profile/hardware-requirements.ts
  ...Object.fromEntries(
    HARDWARE_REQUIREMENTS.map((c): [string, Checker] => [c.clause, (events, _p, scenario) => checkHardwareInventory(events, c, scenario)]),
  ),
};

/** Hardware clauses a history can show without its scenario claiming them: a role inventoried, a switch read, a mirror probed. */
function inventoryClauses(events: readonly HistoryEvent[], claimed: readonly string[]): string[] {
  const hardware = HARDWARE_REQUIREMENTS.filter((c) => inventoriesOf(events, c.role).length > 0).map((c) => c.clause);
  const switches = switchInventoriesOf(events).length > 0 ? ['S1'] : [];
  const mirroring = events.some((e) => e.kind === 'switch.mirror' || e.kind === 'switch.mirror.error') ? ['S6'] : [];
  return [...hardware, ...switches, ...mirroring].filter((c) => !claimed.includes(c));
}

/** T9's bounds for a node added, drained, deleted or failed; T10's resource pool is held to the same */
const lifecycleThresholds = (p: Profile) => ({ ...p.faults.lifecycle, maxSecondsToFirstChunk: p.thresholds.T8.maxSecondsToFirstChunk });

function alarmThresholds(p: Profile): AlarmThresholds {
  const a = p.alarms;
  return {
    maxLatencySeconds: a.maxLatencySeconds,
    maxResolveSeconds: a.maxResolveSeconds,
    routes: a.routes,
    repeatIntervalSeconds: a.repeatIntervalSeconds,
  };
}

export function judge(all: readonly HistoryEvent[], profile: Profile): Verdict[] {
  // a run that ended in an error is judged on what it measured before: its teardown (a load
  // aborted, writes cut) and work it abandoned at a deadline are not the core's doing
  const { events, error } = untilRunError(all);
  const start = firstOf(events, 'run.start');
  if (!start) throw new Error('history has no run.start event: not a history written by this harness');
  const scenario = start.variant === 'reference' ? start.scenario : `${start.scenario}/${start.variant}`;
  // a failed load threshold fails the scenario, hence each of its clause verdicts
  const load = checkLoad(events);
  const tuned = tuningReason(coreTuningOf(events));
  const claimed = start.clauses.map((clause) => {
    // what a run that ended in an error measured stands; a PASS on part of its plan does not
    const v = foldUnfinishedRun(foldLoad(judgeClause(clause), load), error);
    return tuned && v.status !== 'NOT-APPLICABLE' ? { ...v, reasons: [...v.reasons, tuned] } : v;
  });
  // hardware read from BMCs does not depend on the load or the core's tuning: judged as found
  return [...claimed, ...inventoryClauses(events, start.clauses).map(judgeClause)];
  function judgeClause(clause: string): Verdict {
    const checker = CHECKERS[clause];
    if (!checker) {
      return {
        clause,
        scenario,
        status: 'INCONCLUSIVE',
        figures: [],
        method: { zh: '—', en: '—' },
        nature: 'measured',
        reasons: [`no checker for ${clause} yet`],
        evidence: [],
      } satisfies Verdict;
    }
    return checker(events, profile, scenario);
  }
}
