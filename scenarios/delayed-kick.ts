// T5: delayed disk kick on the real core, staggered spin-up on the twins (simulated).
//  - a burst of I/O errors (profile: burstErrors) on one seeded bay: the disk must stay in
//    service; then persistent errors on another seeded bay: the core must eject it, and
//    not at the first error. Both run with the core's shipped error tolerance.
//  - the twins' power-on telemetry against one PSU's 12 V rating.
// Controls: 'kick-at-once' sets MooseFS's lowest tolerance (HDD_ERROR_TOLERANCE_COUNT = 1,
// its minimum: 0 is raised to 1) so the same burst ejects the disk; 'no-stagger' starts
// every disk of a node at once. Each must make T5 FAIL.
import type { Profile } from '../profile/profile';
import { streamFor } from '../lib/random';
import type { PlannedFault } from '../sim/plan/faults';
import { steadyStateOnly } from './faults';
import { backgroundLoad } from './load-library';
import type { Scenario } from '../sim/plan/scenario';
import { profileNodes } from './topology';

export const DELAYEDKICK_VARIANTS = ['reference', 'control:kick-at-once', 'control:no-stagger'] as const;
export type DelayedKickVariant = (typeof DELAYEDKICK_VARIANTS)[number];

/** MooseFS 3.0 hddspacemgr.c: HDD_ERROR_TOLERANCE_COUNT below 1 is changed to 1 */
export const LOWEST_TOLERANCE_COUNT = 1;

/**
 * The seeded plan: the spin-up reading, a burst on one bay, persistent errors on a bay of
 * another node (same seed, same bays and order). Times are earliest starts; each fault
 * runs to its end before the next begins.
 */
export function planDelayedKick(
  profile: Profile,
  nodes: readonly { name: string; bays: number }[],
  seed: string,
  o: { persistent?: boolean; spinUp?: 'configured' | 'all-at-once'; ioErrors?: boolean } = {},
): PlannedFault[] {
  const d = profile.faults.delayedKick;
  const rnd = streamFor(seed, 'nemesis/delayedkick');
  const burstNode = rnd.pick(nodes);
  const burstSlot = rnd.int(0, burstNode.bays - 1);
  const others = nodes.length > 1 ? nodes.filter((n) => n.name !== burstNode.name) : nodes;
  const persistentNode = rnd.pick(others);
  let persistentSlot = rnd.int(0, persistentNode.bays - 1);
  if (persistentNode.name === burstNode.name && persistentSlot === burstSlot) persistentSlot = (persistentSlot + 1) % persistentNode.bays;
  const t = d.warmupSeconds;
  const plan: PlannedFault[] = [{ id: 'spin-up', atSeconds: t, fault: { fault: 'spin-up-telemetry', mode: o.spinUp ?? 'configured' } }];
  if (o.ioErrors === false) return plan;
  plan.push({
    id: 'burst-1',
    atSeconds: t,
    fault: {
      fault: 'io-errors',
      node: burstNode.name,
      slot: burstSlot,
      mode: 'burst',
      count: d.burstErrors,
      maxWaitSeconds: d.burstMaxWaitSeconds,
      observeSeconds: d.burstObserveSeconds,
    },
  });
  if (o.persistent !== false) {
    plan.push({
      id: 'persistent-1',
      atSeconds: t + 1,
      fault: {
        fault: 'io-errors',
        node: persistentNode.name,
        slot: persistentSlot,
        mode: 'persistent',
        count: 0,
        maxWaitSeconds: d.maxEjectionSeconds + 10,
        observeSeconds: 0,
      },
    });
  }
  return plan;
}

export function delayedKickScenario(profile: Profile, seed: string, variant: DelayedKickVariant = 'reference'): Scenario {
  const d = profile.faults.delayedKick;
  const kickAtOnce = variant === 'control:kick-at-once';
  const noStagger = variant === 'control:no-stagger';
  const nodes = profileNodes(profile).map((n) =>
    kickAtOnce ? { ...n, coreConfig: { ...n.coreConfig, HDD_ERROR_TOLERANCE_COUNT: LOWEST_TOLERANCE_COUNT } } : n,
  );
  // each control breaks one part and runs only what shows it (shorter runs)
  const plan = planDelayedKick(profile, nodes, seed, {
    persistent: !kickAtOnce,
    spinUp: noStagger ? 'all-at-once' : 'configured',
    ioErrors: !noStagger,
  });
  return {
    id: 'delayedkick',
    variant,
    title: { zh: '延迟踢盘与硬盘交错启动', en: 'Delayed disk kick and staggered spin-up' },
    clauses: ['T5'],
    topology: {
      goal: profile.core.goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      masterConfig: profile.core.masterConfig,
      nodes,
    },
    workload: steadyStateOnly(backgroundLoad(profile)),
    schedule: plan.map((p) => ({ atSeconds: p.atSeconds, action: 'fault' as const, id: p.id, fault: p.fault })),
    nemesis: {
      selfHeal: true,
      watchdogSeconds: 30,
      simulatedBootSeconds: 0,
      powerOffSeconds: 10,
      observeMaxSeconds: d.maxEjectionSeconds + 10,
      settleSeconds: d.settleSeconds,
    },
    observeSeconds: d.settleSeconds,
    pollMs: profile.scaleout.pollMs,
  };
}
