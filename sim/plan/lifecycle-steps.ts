// Steps of the node lifecycle and of link loss (T9), scheduled like faults. The runner
// hands them to sim/nemesis/lifecycle.ts; each records its start, progress and end in the
// history and never judges (sim/checkers/lifecycle.ts does).

/** Mark every disk of a node for removal and wait until the core says it can be removed. */
export interface DrainNodeStep {
  atSeconds: number;
  action: 'drain-node';
  id: string;
  node: string;
  /** give up waiting after this long (the checker judges against the profile's bound) */
  maxSeconds: number;
  pollMs: number;
  settleSeconds?: number;
}

/** Stop a node and delete it from the master's list of chunkservers. */
export interface RemoveNodeStep {
  atSeconds: number;
  action: 'remove-node';
  id: string;
  node: string;
  /** the operator's rule: a running node is removed only once its drain finished */
  onlyIfDrained: boolean;
  /** how long to watch the chunks get back to goal after the removal */
  maxSeconds: number;
  settleSeconds?: number;
}

/** Failover: a node dies under load (power cut, it stays off); wait until every chunk is back at goal. */
export interface FailNodeStep {
  atSeconds: number;
  action: 'fail-node';
  id: string;
  node: string;
  maxSeconds: number;
  settleSeconds?: number;
}

/** A node's switch port loses its link (the cable, through the switch twin) and gets it back. */
export interface LinkStep {
  atSeconds: number;
  action: 'link-down' | 'link-flap';
  id: string;
  node: string;
  /** link-down: 'until-detected' (the master lists the node disconnected) or seconds; link-flap: seconds */
  hold: 'until-detected' | number;
  /** link-down: longest wait for the master to notice */
  detectTimeoutSeconds: number;
  reconnectTimeoutSeconds: number;
  /** after the link is back, keep watching the master this long (a flap noticed late) */
  watchSeconds: number;
  settleSeconds?: number;
}

export type LifecycleStep = DrainNodeStep | RemoveNodeStep | FailNodeStep | LinkStep;

/** S6: mirror a node's switch port to the analyzer for a window of live traffic (not a fault). */
export interface MirrorProbeStep {
  atSeconds: number;
  action: 'mirror-probe';
  id: string;
  node: string;
  seconds: number;
}

export const LIFECYCLE_ACTIONS = ['drain-node', 'remove-node', 'fail-node', 'link-down', 'link-flap'] as const;

export const isLifecycleStep = (s: { action: string }): s is LifecycleStep => (LIFECYCLE_ACTIONS as readonly string[]).includes(s.action);
