// T5, staggered spin-up: SIMULATED. A container has no spindle motors, so the power-on
// current comes from each node's twin (devices/power/spin-up.ts, Seagate 12 V figures):
// the node's configured spin-up policy (its HBA/BIOS setting) applied to its populated
// disks, against the 12 V rating of ONE power supply (1+1 redundancy: either PSU must
// start the node alone). Nothing is slept: the timeline is computed (acceleration 1, no
// wall time passes). The control configures a node to start every disk at once.
import { DEFAULT_BUDGET, SEAGATE_SATA_PROFILE, maxSafeGroupSize, spinUpReport } from '../../devices';
import type { FaultSpec } from '../plan/faults';
import type { NemesisContext } from './context';

export type SpinUpTelemetry = Extract<FaultSpec, { fault: 'spin-up-telemetry' }>;

export async function spinUpTelemetry(id: string, f: SpinUpTelemetry, ctx: NemesisContext): Promise<void> {
  ctx.history.append({ kind: 'fault.start', id, fault: 'spin-up-telemetry', mode: f.mode, nature: 'simulated' });
  for (const [name, { twin }] of ctx.rack.nodes) {
    // the node's setting: all disks at once in the control, the twin's staggered policy otherwise
    if (f.mode === 'all-at-once') twin.spinUpPolicy = { groupSize: twin.bays.length, groupDelayMs: 0 };
    const disks = twin.bays.filter((b) => b.disk?.alive).length;
    const budget = { psu12vAmps: twin.inventory.psus.rail12vAmps, baselineAmps: DEFAULT_BUDGET.baselineAmps };
    const r = spinUpReport(disks, twin.spinUpPolicy, SEAGATE_SATA_PROFILE, budget);
    ctx.history.append({
      kind: 'twin.spinup',
      id,
      node: name,
      disks,
      policy: twin.spinUpPolicy,
      psu12vAmps: budget.psu12vAmps,
      baselineAmps: budget.baselineAmps,
      diskProfile: SEAGATE_SATA_PROFILE,
      peakAmps: r.peakAmps,
      peakAtMs: r.peakAtMs,
      readyAtMs: r.readyAtMs,
      withinRating: r.withinRating,
      maxSafeGroupSize: maxSafeGroupSize(disks, twin.spinUpPolicy.groupDelayMs, SEAGATE_SATA_PROFILE, budget),
      allAtOnceAmps: spinUpReport(disks, { groupSize: Math.max(1, disks), groupDelayMs: 0 }, SEAGATE_SATA_PROFILE, budget).peakAmps,
      timeline: r.timeline,
      nature: 'simulated',
      accel: 1,
    });
    ctx.log(
      `${id}: ${name} power-on (twin, simulated): ${disks} disks in groups of ${twin.spinUpPolicy.groupSize} every ${twin.spinUpPolicy.groupDelayMs / 1000} s, 12 V peak ${r.peakAmps.toFixed(1)} A vs PSU ${budget.psu12vAmps} A`,
    );
  }
  ctx.history.append({ kind: 'fault.end', id });
}
