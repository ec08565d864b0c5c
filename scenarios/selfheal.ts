// T6: crash (kill -9), hang and power loss of a storage node and of the master under camera
// load, each healed by the node's own mechanism. The control turns self-heal off (no
// restart policy, no watchdog, no power-restore) and crashes one node: T6 must FAIL.
import type { Profile } from '../acceptance/profile';
import { planSelfHeal, steadyStateOnly, type CrashMode } from './faults';
import { backgroundLoad } from './load-library';
import type { Scenario } from './types';
import { profileNodes } from './topology';

export const SELFHEAL_VARIANTS = ['reference', 'control:no-self-heal'] as const;
export type SelfHealVariant = (typeof SELFHEAL_VARIANTS)[number];

export function selfHealScenario(
  profile: Profile,
  seed: string,
  variant: SelfHealVariant = 'reference',
  only: { modes?: readonly CrashMode[]; targets?: readonly ('node' | 'master')[] } = {},
): Scenario {
  const h = profile.faults.selfHeal;
  const nodes = profileNodes(profile);
  const control = variant === 'control:no-self-heal';
  const plan = control ? planSelfHeal(profile, nodes, seed, ['kill9'], ['node']) : planSelfHeal(profile, nodes, seed, only.modes, only.targets);
  return {
    id: 'selfheal',
    variant,
    title: { zh: '节点故障自愈（崩溃、挂起、断电）', en: 'Node self-heal (crash, hang, power loss)' },
    clauses: ['T6'],
    topology: { goal: profile.core.goal, replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds, nodes },
    workload: steadyStateOnly(backgroundLoad(profile)),
    schedule: plan.map((p) => ({ atSeconds: p.atSeconds, action: 'fault' as const, id: p.id, fault: p.fault })),
    nemesis: {
      selfHeal: !control,
      watchdogSeconds: h.watchdogSeconds,
      simulatedBootSeconds: h.simulatedBootSeconds,
      powerOffSeconds: h.powerOffSeconds,
      // the control must be watched past the threshold, or a missing heal proves nothing
      observeMaxSeconds: control ? Math.max(h.observeMaxSeconds, profile.thresholds.T6.maxSelfHealSeconds + 5) : h.observeMaxSeconds,
      settleSeconds: h.settleSeconds,
    },
    observeSeconds: h.settleSeconds,
    pollMs: profile.scaleout.pollMs,
  };
}
