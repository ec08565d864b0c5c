// T7: one cluster of 24/36/48-bay storage nodes with different CPU and memory limits
// (cgroups) and, where this machine can emulate it, an arm64 node, under camera load.
// The control makes one node unable to take any new chunk (every disk marked for
// removal): it registers, but placement cannot follow free space, so T7 must FAIL.
import type { Profile } from '../profile/profile';
import { withCoreOptions } from './topology';
import { backgroundLoad } from './load-library';
import type { Scenario, StorageNodeSpec } from '../sim/plan/scenario';

export const MIXED_VARIANTS = ['reference', 'control:mixed-node-refuses-chunks'] as const;
export type MixedVariant = (typeof MIXED_VARIANTS)[number];

export function mixedNodes(profile: Profile, variant: MixedVariant = 'reference'): StorageNodeSpec[] {
  const m = profile.mixed;
  // the control breaks the node with the most bays: it should take the largest share
  const biggest = m.nodes.reduce((best, n, i) => (n.bays > m.nodes[best]!.bays ? i : best), 0);
  return m.nodes.map((n, i) =>
    withCoreOptions(profile, {
      name: `node${i + 1}`,
      bays: n.bays,
      baySizeMiB: profile.topology.baySizeMiB,
      cpus: n.cpus,
      memoryMiB: n.memoryMiB,
      arch: n.arch,
      // a machine that cannot run arm64 still runs the rest of T7; the checker says INCONCLUSIVE for the architecture part
      ...(n.arch !== 'amd64' ? { archOptional: true } : {}),
      ...(variant === 'control:mixed-node-refuses-chunks' && i === biggest ? { defect: 'cannot-receive-chunks' as const } : {}),
    }),
  );
}

export function mixedScenario(profile: Profile, variant: MixedVariant = 'reference'): Scenario {
  return {
    id: 'mixed',
    variant,
    title: {
      zh: '异构存储节点混合组网（24/36/48 盘位、不同性能、不同 CPU 架构）',
      en: 'Mixed cluster (24/36/48 bays, different performance and CPU architectures)',
    },
    clauses: ['T7'],
    topology: {
      goal: profile.core.goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      masterConfig: profile.core.masterConfig,
      nodes: mixedNodes(profile, variant),
    },
    workload: backgroundLoad(profile),
    schedule: [],
    observeSeconds: profile.mixed.observeSeconds,
    pollMs: profile.mixed.pollMs,
  };
}
