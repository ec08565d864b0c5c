// T9 node lifecycle and failover under camera load, on the real core: a node added
// (build/extend), one drained (every disk marked for removal, its chunks copied elsewhere)
// and deleted from the master, then another one dying for good (failover) and deleted.
// Which nodes: seeded (same seed, same nodes). The control leaves no room for the drained
// node's chunks (as many nodes as the goal, none added): the drain can never finish, the
// node cannot be deleted, and T9 must FAIL. The same history judges T10's resource-pool part:
// the pool grown by the added node and shrunk by the drained one, reads and writes undisturbed.
import type { Profile } from '../profile/profile';
import { streamFor } from '../lib/random';
import { steadyStateOnly } from './faults';
import type { LifecycleStep } from '../sim/plan/lifecycle-steps';
import { backgroundLoad } from './load-library';
import type { Scenario, ScheduledAction, StorageNodeSpec } from '../sim/plan/scenario';
import { profileNodes, withCoreOptions } from './topology';

export const LIFECYCLE_VARIANTS = ['reference', 'control:cannot-drain'] as const;
export type LifecycleVariant = (typeof LIFECYCLE_VARIANTS)[number];

export interface LifecyclePlan {
  added: string | null;
  drained: string;
  failed: string | null;
  steps: ScheduledAction[];
}

/** The seeded plan: which node is drained and deleted, which one dies. A pure function of profile and seed. */
export function planLifecycle(
  profile: Profile,
  nodes: readonly StorageNodeSpec[],
  seed: string,
  o: { add: StorageNodeSpec | null; failover: boolean },
): LifecyclePlan {
  const L = profile.faults.lifecycle;
  const rnd = streamFor(seed, 'nemesis/lifecycle');
  const drained = rnd.pick(nodes).name;
  const others = nodes.filter((n) => n.name !== drained);
  const failed = o.failover && others.length ? rnd.pick(others).name : null;
  const steps: ScheduledAction[] = [];
  let t = L.warmupSeconds;
  const next = () => (t += L.gapSeconds);
  if (o.add) steps.push({ atSeconds: t, action: 'add-node', node: o.add });
  const settle = L.gapSeconds;
  // each wait runs a little past its bound, so a missing end is a FAIL, not a short watch
  const push = (s: LifecycleStep) => steps.push(s);
  push({
    atSeconds: next(),
    action: 'drain-node',
    id: `drain-${drained}`,
    node: drained,
    maxSeconds: L.maxDrainSeconds + 5,
    pollMs: 2000,
    settleSeconds: settle,
  });
  push({
    atSeconds: next(),
    action: 'remove-node',
    id: `remove-${drained}`,
    node: drained,
    onlyIfDrained: true,
    maxSeconds: 60,
    settleSeconds: settle,
  });
  if (failed) {
    push({
      atSeconds: next(),
      action: 'fail-node',
      id: `fail-${failed}`,
      node: failed,
      maxSeconds: L.maxFailoverSeconds + 5,
      settleSeconds: settle,
    });
    push({
      atSeconds: next(),
      action: 'remove-node',
      id: `remove-${failed}`,
      node: failed,
      onlyIfDrained: true,
      maxSeconds: 60,
      settleSeconds: settle,
    });
  }
  return { added: o.add?.name ?? null, drained, failed, steps };
}

export function lifecycleScenario(profile: Profile, seed: string, variant: LifecycleVariant = 'reference'): Scenario {
  const control = variant === 'control:cannot-drain';
  const goal = profile.core.goal;
  // the control: exactly `goal` nodes, so a drained node's chunks have nowhere to go
  const nodes = control ? profileNodes(profile).slice(0, goal) : profileNodes(profile);
  if (nodes.length < goal) throw new Error(`the lifecycle scenario needs at least ${goal} storage nodes (goal ${goal})`);
  const add: StorageNodeSpec | null = control
    ? null
    : withCoreOptions(profile, {
        name: `node${nodes.length + 1}`,
        bays: profile.scaleout.newNodeBays,
        baySizeMiB: profile.topology.baySizeMiB,
      });
  // failover only when goal copies still fit after one node drained and one dead
  const failover = !control && nodes.length + 1 - 2 >= goal;
  const plan = planLifecycle(profile, nodes, seed, { add, failover });
  return {
    id: 'lifecycle',
    variant,
    title: { zh: '集群管理：节点扩展、排空删除与故障迁移', en: 'Cluster management: extend, drain and delete a node, failover' },
    clauses: ['T9', 'T10'],
    topology: {
      goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      nodes,
      masterConfig: { ...profile.core.masterConfig, ...profile.faults.lifecycle.masterConfig },
    },
    workload: steadyStateOnly(backgroundLoad(profile)),
    schedule: plan.steps,
    observeSeconds: profile.faults.lifecycle.observeSeconds,
    pollMs: profile.scaleout.pollMs,
  };
}
