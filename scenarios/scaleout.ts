// T8: add one storage node under camera load. The control variant adds a node whose
// disks are all marked for removal, so it registers but can never receive a chunk:
// T8 must FAIL on it, or the checker proves nothing.
import type { Profile } from '../profile/profile';
import { backgroundLoad } from './load-library';
import type { Scenario, StorageNodeSpec } from '../sim/plan/scenario';
import { addedNodes, profileNodes } from './topology';

export const SCALEOUT_VARIANTS = ['reference', 'control:cannot-receive-chunks'] as const;
export type ScaleOutVariant = (typeof SCALEOUT_VARIANTS)[number];

export function scaleOutScenario(profile: Profile, variant: ScaleOutVariant = 'reference'): Scenario {
  const nodes = profileNodes(profile);
  const newNode: StorageNodeSpec = {
    ...addedNodes(profile, 1)[0]!,
    ...(variant === 'control:cannot-receive-chunks' ? { defect: 'cannot-receive-chunks' as const } : {}),
  };
  return {
    id: 'scaleout',
    variant,
    title: { zh: '弹性扩容（新增存储节点）', en: 'Scale-out (add a storage node)' },
    clauses: ['T8'],
    topology: {
      goal: profile.core.goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      masterConfig: profile.core.masterConfig,
      nodes,
    },
    workload: backgroundLoad(profile),
    schedule: [{ atSeconds: profile.scaleout.warmupSeconds, action: 'add-node', node: newNode }],
    observeSeconds: profile.scaleout.observeSeconds,
    pollMs: profile.scaleout.pollMs,
  };
}
