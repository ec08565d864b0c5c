// The seeded plans of the fault scenarios (T3 hot-plug,
// T6 crash / hang / power loss with self-heal). A plan is a pure function of the profile
// and the run seed: the same seed chooses the same nodes, bays, modes and times. What a
// fault is (FaultSpec, PlannedFault) belongs to the engine that performs it: sim/plan/faults.ts.
// Targets that depend on where the core put the data ('the bay with the newest chunks')
// are resolved when the fault runs, by a fixed rule, and recorded in the history.
import type { Profile } from '../profile/profile';
import { streamFor } from '../lib/random';
import type { VideoLoadSpec } from '../sim/plan/scenario';
import { CRASH_MODES, type CrashMode, type PlannedFault } from '../sim/plan/faults';

/** T3: several pulls one after another; the first is the bay with the newest chunks. */
export function planHotplug(
  profile: Profile,
  nodes: readonly { name: string; bays: number }[],
  seed: string,
  o: { reinsert?: 'same' | 'blank' | 'alternate' } = {},
): PlannedFault[] {
  const h = profile.faults.hotplug;
  const rnd = streamFor(seed, 'nemesis/hotplug');
  const out: PlannedFault[] = [];
  const used = new Set<string>();
  let t = h.warmupSeconds;
  for (let k = 0; k < h.pulls; k++) {
    const reinsert = o.reinsert === 'same' || o.reinsert === 'blank' ? o.reinsert : k % 2 === 0 ? 'same' : 'blank';
    let node = 'newest-chunk-holder';
    let slot: number | 'newest-chunks' = 'newest-chunks';
    if (k > 0) {
      // a seeded bay not pulled before in this run
      do {
        const n = rnd.pick(nodes);
        node = n.name;
        slot = rnd.int(0, n.bays - 1);
      } while (used.has(`${node}/${slot}`));
      used.add(`${node}/${slot}`);
    }
    out.push({ id: `pull-${k + 1}`, atSeconds: t, fault: { fault: 'disk-pull', node, slot, outSeconds: h.outSeconds, reinsert } });
    t += h.outSeconds + h.gapSeconds;
  }
  return out;
}

/**
 * T6: each crash mode on a seeded storage node, then on the master. The times are
 * earliest starts: a fault begins only after the previous one healed (or the wait ran out).
 */
export function planSelfHeal(
  profile: Profile,
  nodes: readonly { name: string }[],
  seed: string,
  modes: readonly CrashMode[] = CRASH_MODES,
  targets: readonly ('node' | 'master')[] = ['node', 'master'],
): PlannedFault[] {
  const rnd = streamFor(seed, 'nemesis/selfheal');
  const out: PlannedFault[] = [];
  let t = profile.faults.selfHeal.warmupSeconds;
  for (const kind of targets) {
    for (const mode of modes) {
      const target = kind === 'master' ? 'master' : rnd.pick(nodes).name;
      out.push({ id: `${kind}-${mode}`, atSeconds: t, fault: { fault: 'crash', target, mode } });
      t += 1;
    }
  }
  return out;
}

/**
 * The background load of a fault scenario keeps its thresholds for the steady state before
 * the first fault ('phase:before'); what the faults do to the load is judged by the clause's
 * own checker (T3: stall and read-error bounds; T6: time back to full rate), not by
 * steady-state numbers that a fault is expected to break for a while.
 */
export function steadyStateOnly(load: VideoLoadSpec): VideoLoadSpec {
  const thresholds: Record<string, string[]> = {};
  for (const [key, exprs] of Object.entries(load.thresholds)) {
    const m = /^([^{}]+)(?:\{(.*)\})?$/.exec(key.trim());
    if (!m || /(^|,)\s*phase\s*:/.test(m[2] ?? '')) {
      thresholds[key] = exprs;
      continue;
    }
    thresholds[`${m[1]}{${m[2] ? `${m[2]},` : ''}phase:before}`] = exprs;
  }
  return { ...load, thresholds };
}
