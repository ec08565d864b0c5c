// T6: crash (kill -9), hang and power loss of a storage node and of the master under camera
// load, each healed by the node's own mechanism. The control turns self-heal off (no
// restart policy, no watchdog, no power-restore) and crashes one node: T6 must FAIL.
// The control master-forgets-data is a broken core: its master keeps the metadata in
// memory only, so it comes back from a kill -9 without the files written before it; T6
// must FAIL naming the lost segments. The control unsynced-chunks is the core as shipped
// (the profile's chunkserver options removed: MooseFS does not fsync chunk files): one power
// loss of a storage node empties copies the core still counts, and T6 must FAIL naming them.
import { rateSettleOf, type Profile } from '../profile/profile';
import type { CrashMode } from '../sim/plan/faults';
import { planSelfHeal, steadyStateOnly } from './faults';
import { backgroundLoad } from './load-library';
import type { Scenario } from '../sim/plan/scenario';
import { profileNodes } from './topology';

export const SELFHEAL_VARIANTS = ['reference', 'control:no-self-heal', 'control:master-forgets-data', 'control:unsynced-chunks'] as const;
export type SelfHealVariant = (typeof SELFHEAL_VARIANTS)[number];

/** a control's load runs this long after its one fault: a few segments written to the healed or restarted core */
const CONTROL_TAIL_SECONDS = 5;
/** A control's watch runs this long past T6's bound: between the fault's start and the start of
 *  what the checker counts as watched (the power's return) up to 5.3 s went by on the loaded CI
 *  machine, and a margin of 5 s left a power-cut control watched 179.7 s of 180 (INCONCLUSIVE) */
const WATCH_MARGIN_SECONDS = 20;

export function selfHealScenario(
  profile: Profile,
  seed: string,
  variant: SelfHealVariant = 'reference',
  only: { modes?: readonly CrashMode[]; targets?: readonly ('node' | 'master')[] } = {},
): Scenario {
  const h = profile.faults.selfHeal;
  const control = variant === 'control:no-self-heal';
  const forgets = variant === 'control:master-forgets-data';
  const unsynced = variant === 'control:unsynced-chunks';
  const nodes = unsynced ? profileNodes({ ...profile, core: { ...profile.core, chunkserverConfig: {} } }) : profileNodes(profile);
  const oneFaultControl = control || forgets || unsynced;
  const plan = control
    ? planSelfHeal(profile, nodes, seed, ['kill9'], ['node'])
    : forgets
      ? planSelfHeal(profile, nodes, seed, ['kill9'], ['master'])
      : unsynced
        ? planSelfHeal(profile, nodes, seed, ['power-loss'], ['node'])
        : planSelfHeal(profile, nodes, seed, only.modes, only.targets);
  return {
    id: 'selfheal',
    variant,
    title: { zh: '节点故障自愈（崩溃、挂起、断电）', en: 'Node self-heal (crash, hang, power loss)' },
    clauses: ['T6'],
    topology: {
      goal: profile.core.goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      masterConfig: profile.core.masterConfig,
      nodes,
      ...(forgets ? { masterDefect: 'forgets-metadata' as const } : {}),
    },
    workload: steadyStateOnly(backgroundLoad(profile)),
    schedule: plan.map((p) => ({ atSeconds: p.atSeconds, action: 'fault' as const, id: p.id, fault: p.fault })),
    nemesis: {
      selfHeal: !control,
      watchdogSeconds: h.watchdogSeconds,
      simulatedBootSeconds: h.simulatedBootSeconds,
      powerOffSeconds: h.powerOffSeconds,
      // the control must be watched past the threshold, or a missing heal proves nothing; longer proves no more
      // the broken master is judged by the data it lost, which needs no long watch
      // (a power loss is judged from the power's return)
      observeMaxSeconds: control
        ? profile.thresholds.T6.maxSelfHealSeconds + WATCH_MARGIN_SECONDS
        : unsynced
          ? profile.thresholds.T6.maxSelfHealSeconds + h.powerOffSeconds + WATCH_MARGIN_SECONDS
          : forgets
            ? Math.min(h.observeMaxSeconds, 60)
            : h.observeMaxSeconds,
      // the controls are judged by the missing heal or the lost data, which no later window changes
      settleSeconds: oneFaultControl ? 0 : h.settleSeconds,
      // a slow return of the write rate is watched to its end or to the bound, not cut by the next fault
      ...(oneFaultControl ? {} : { untilFullRate: rateSettleOf(profile) }),
    },
    observeSeconds: oneFaultControl ? CONTROL_TAIL_SECONDS : h.settleSeconds,
    pollMs: profile.scaleout.pollMs,
  };
}
