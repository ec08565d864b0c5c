// Operations (T11, M7, M2, M4): under camera load on the real core, the twins' disks age and
// are checked through their BMCs, the faulty ones are lit and replaced in one batch, the
// one-screen page must show a pulled bay and its alarm, and the recordings are diagnosed.
// Each control breaks one thing, and the clause it breaks must FAIL:
//   smart-missing      the vendor's SMART API leaves out attributes T11 names    -> T11
//   led-ignored        the BMC accepts the locate-LED command and does nothing   -> M7
//   stale-page         the one-screen page never updates                         -> M2
//   recording-deleted  a recording is deleted inside its retention period        -> M4
import type { Profile } from '../profile/profile';
import { steadyStateOnly } from './faults';
import { backgroundLoad } from './load-library';
import { vendorApiDefect, type OperationsControl, type OperationsDrillSpec, type Scenario } from '../sim/plan/scenario';
import { profileNodes } from './topology';
import { variantList } from './variant-list';

export const OPERATIONS_VARIANTS = [
  'reference',
  'control:smart-missing',
  'control:led-ignored',
  'control:stale-page',
  'control:recording-deleted',
] as const;
export type OperationsVariant = (typeof OPERATIONS_VARIANTS)[number];

/** One variant, or several controls in one run (each breaks another part; at most one the vendor API). */
export function operationsScenario(profile: Profile, variant: OperationsVariant | readonly OperationsVariant[] = 'reference'): Scenario {
  const o = profile.operations;
  const variants = variantList('operations', variant);
  const controls = variants.filter((v) => v !== 'reference').map((v) => v.slice('control:'.length) as OperationsControl);
  vendorApiDefect(controls); // refused here, before anything starts
  const drill: OperationsDrillSpec = {
    agingDays: o.agingDays,
    defects: { faulty: o.faultyDisks, subHealthy: o.subHealthyDisks },
    rack: o.rack,
    page: o.page,
    ...(controls.length ? { controls } : {}),
  };
  return {
    id: 'operations',
    variant: variants.join('+'),
    title: {
      zh: '运维：硬盘体检、不良盘更换、一图值守、业务数据诊断',
      en: 'Operations: disk health, bad-disk replacement, one-screen view, recording diagnosis',
    },
    clauses: ['T11', 'M7', 'M2', 'M4'],
    topology: {
      goal: profile.core.goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      masterConfig: profile.core.masterConfig,
      nodes: profileNodes(profile),
    },
    workload: steadyStateOnly(backgroundLoad(profile)),
    schedule: [{ atSeconds: o.warmupSeconds, action: 'operations', drill }],
    observeSeconds: o.observeSeconds,
    pollMs: profile.scaleout.pollMs,
  };
}
