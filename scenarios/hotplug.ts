// T3: disks pulled under camera load, one after another, chosen by the seed (the first is
// the bay holding the newest chunks). The control keeps one copy of every chunk (goal 1)
// and puts blank disks back, so the data on a pulled disk is really gone: T3 must FAIL.
// The control 'data-not-kept' is a core that acknowledged every segment and holds none of
// it at the read-back (every storage node powered off before it): the read-back must end
// within the profile's bounds with the segments unreadable, and T3 must FAIL on them.
// 'acks-not-stored': every chunkserver acknowledges chunk writes and stores nothing (the
// I/O library of T5 preloaded in discard mode): the same must hold.
import type { Profile } from '../profile/profile';
import { planHotplug, steadyStateOnly } from './faults';
import { backgroundLoad } from './load-library';
import type { Scenario } from '../sim/plan/scenario';
import { profileNodes } from './topology';

export const HOTPLUG_VARIANTS = ['reference', 'control:goal-1', 'control:data-not-kept', 'control:acks-not-stored'] as const;
export type HotplugVariant = (typeof HOTPLUG_VARIANTS)[number];

export function hotplugScenario(profile: Profile, seed: string, variant: HotplugVariant = 'reference'): Scenario {
  const nodes = profileNodes(profile);
  const control = variant === 'control:goal-1';
  const plan = planHotplug(profile, nodes, seed, control ? { reinsert: 'blank' } : {});
  return {
    id: 'hotplug',
    variant,
    title: { zh: '硬盘热插拔', en: 'Disk hot-plug' },
    clauses: ['T3'],
    topology: {
      goal: control ? 1 : profile.core.goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      masterConfig: profile.core.masterConfig,
      nodes,
      ...(variant === 'control:data-not-kept' ? { dataGoneBeforeVerify: true } : {}),
      ...(variant === 'control:acks-not-stored' ? { chunkserversDiscardWrites: true } : {}),
    },
    workload: steadyStateOnly(backgroundLoad(profile)),
    schedule: plan.map((p) => ({ atSeconds: p.atSeconds, action: 'fault' as const, id: p.id, fault: p.fault })),
    observeSeconds: profile.faults.hotplug.settleSeconds,
    pollMs: profile.scaleout.pollMs,
  };
}
