// Link loss under camera load (T9 failover, judged by T3's rules): a seeded node's switch
// port goes down until the master lists the node disconnected, then up again; later a
// short flap on a seeded node. The control keeps one copy of every chunk (goal 1) and holds
// the link down longer: data on the cut node cannot be read meanwhile, T9 must FAIL. During the
// warm-up a node's port is mirrored to the analyzer (S6: mirroring shown by the traffic it copies).
import type { Profile } from '../profile/profile';
import { streamFor } from '../lib/random';
import { steadyStateOnly } from './faults';
import type { LinkStep, MirrorProbeStep } from '../sim/plan/lifecycle-steps';
import { backgroundLoad } from './load-library';
import type { Scenario } from '../sim/plan/scenario';
import { profileNodes } from './topology';

export const LINKLOSS_VARIANTS = ['reference', 'control:link-goal-1'] as const;
export type LinkLossVariant = (typeof LINKLOSS_VARIANTS)[number];

/** After a link comes back, how long the core is watched to list the node connected again. */
export const RECONNECT_TIMEOUT_SECONDS = 90;

/** After a link-down's node is connected again, how long it is watched for a late disconnect. */
export const LINK_DOWN_SETTLE_SECONDS = 5;

/** The control holds the link down this long: far beyond any stall or read bound. */
export const CONTROL_HOLD_SECONDS = 40;

export function planLinkLoss(profile: Profile, nodes: readonly { name: string }[], seed: string, control = false): LinkStep[] {
  const k = profile.faults.linkLoss;
  const rnd = streamFor(seed, 'nemesis/linkloss');
  const down = rnd.pick(nodes).name;
  const flap = rnd.pick(nodes).name;
  const common = {
    detectTimeoutSeconds: k.detectTimeoutSeconds,
    reconnectTimeoutSeconds: RECONNECT_TIMEOUT_SECONDS,
    settleSeconds: k.gapSeconds,
  };
  return [
    {
      atSeconds: k.warmupSeconds,
      action: 'link-down',
      id: `link-down-${down}`,
      node: down,
      hold: control ? CONTROL_HOLD_SECONDS : 'until-detected',
      watchSeconds: LINK_DOWN_SETTLE_SECONDS,
      ...common,
    },
    {
      atSeconds: k.warmupSeconds + 1,
      action: 'link-flap',
      id: `link-flap-${flap}`,
      node: flap,
      hold: k.flapSeconds,
      watchSeconds: k.watchSeconds,
      ...common,
    },
  ];
}

/** S6: the first node's port mirrored during the warm-up, ending before the first link step. */
export function planMirrorProbe(profile: Profile, nodes: readonly { name: string }[]): MirrorProbeStep {
  const k = profile.faults.linkLoss;
  // the profile guarantees the room (warmupSeconds >= 2 x mirrorProbeSeconds + 4)
  const atSeconds = k.warmupSeconds - 2 * k.mirrorProbeSeconds - 3;
  return { atSeconds, action: 'mirror-probe', id: 'mirror-probe', node: nodes[0]!.name, seconds: k.mirrorProbeSeconds };
}

export function linkLossScenario(profile: Profile, seed: string, variant: LinkLossVariant = 'reference'): Scenario {
  const control = variant === 'control:link-goal-1';
  const nodes = profileNodes(profile);
  return {
    id: 'linkloss',
    variant,
    title: { zh: '节点链路中断与抖动', en: 'Link loss and flap of a node' },
    clauses: ['T9'],
    topology: {
      goal: control ? 1 : profile.core.goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      masterConfig: profile.core.masterConfig,
      nodes,
    },
    workload: steadyStateOnly(backgroundLoad(profile)),
    schedule: [planMirrorProbe(profile, nodes), ...planLinkLoss(profile, nodes, seed, control)],
    observeSeconds: profile.faults.linkLoss.observeSeconds,
    pollMs: profile.scaleout.pollMs,
  };
}
