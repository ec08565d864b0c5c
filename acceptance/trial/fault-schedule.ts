// The faults of one trial day: a pure function of (trial seed, day, profile rates, nodes).
// Each fault family is a Poisson process over the virtual day, drawn from its own stream
// 'trial/faults/day-<d>/<family>', so a day's faults never depend on earlier days, on the
// wall clock or on what the core did: a resumed trial injects exactly the same faults.
import type { Profile } from '../../profile/profile';
import { clausesOfKinds, type CrashMode, type FaultSpec } from '../../sim/plan/faults';
import { streamFor, type RandomStream } from '../../lib/random';

export type SoakSettings = NonNullable<Profile['trialRun']>['soak'];

export interface DayFault {
  /** stable inside a trial: d<day>-<family>-<k> */
  id: string;
  /** when in the virtual day it arrives, 0..1 (simulated time; the real fault runs in order, at wall clock) */
  atFraction: number;
  fault: FaultSpec;
}

/** Arrival times in [0, 1) of a Poisson process with `rate` events per unit. */
function arrivals(rnd: RandomStream, rate: number): number[] {
  const out: number[] = [];
  if (!(rate > 0)) return out;
  for (let t = rnd.exponential(1 / rate); t < 1; t += rnd.exponential(1 / rate)) out.push(t);
  return out;
}

/** 4 decimals, down: an arrival in [0, 1) stays below 1 (rounded, 0.99995 and up became 1: seed 's1ob', day 3) */
const r4 = (x: number) => Math.floor(x * 10_000) / 10_000;

export function dayFaultPlan(
  seed: string,
  day: number,
  s: SoakSettings,
  nodes: readonly { name: string; bays: number }[],
  outSeconds: number,
): DayFault[] {
  if (!Number.isInteger(day) || day < 1) throw new RangeError(`trial day must be a whole number >= 1, got ${day}`);
  if (nodes.length === 0) throw new RangeError('no storage node to put faults on');
  const pulls = streamFor(seed, `trial/faults/day-${day}/disk-pull`);
  const crashes = streamFor(seed, `trial/faults/day-${day}/crash`);
  const out: DayFault[] = [];
  arrivals(pulls, s.faultsPerDay.diskPull).forEach((at, k) => {
    const n = pulls.pick(nodes);
    out.push({
      id: `d${day}-pull-${k + 1}`,
      atFraction: r4(at),
      fault: { fault: 'disk-pull', node: n.name, slot: pulls.int(0, n.bays - 1), outSeconds, reinsert: 'same' },
    });
  });
  arrivals(crashes, s.faultsPerDay.crash).forEach((at, k) => {
    const kind = crashes.pick(s.crashTargets);
    const mode: CrashMode = crashes.pick(s.crashModes);
    const target = kind === 'master' ? 'master' : crashes.pick(nodes).name;
    out.push({ id: `d${day}-crash-${k + 1}`, atFraction: r4(at), fault: { fault: 'crash', target, mode } });
  });
  // the day's cap keeps the earliest arrivals
  return out.sort((a, b) => a.atFraction - b.atFraction || a.id.localeCompare(b.id)).slice(0, s.maxFaultsPerDay);
}

/** The clauses a day's faults are evidence for (the fault registry's: T3 for pulls, T6 for crashes). */
export const clausesOf = (plan: readonly DayFault[]): string[] => clausesOfKinds(plan.map((f) => f.fault.fault));
