// M5, M6 and M3: the reference operations stack (Prometheus + Alertmanager from Debian,
// the project's exporters and relay) watching a small real cluster and its twins, with
// the outside world (DingTalk, WeChat Work, SMS, web webhook, SMTP) as recording mocks.
// Controls, each an honest breakage that must FAIL its clause:
//   channel-errors          the SMS gateway answers 503 to everything           -> M5 FAIL
//   no-grouping             Alertmanager without grouping, re-sending every
//                           group interval (group_by ['...'], repeat = group)   -> M6 FAIL
//   no-capacity-rule        the predict_linear rule is missing                  -> M3 FAIL
//   no-maintenance-silence  the maintenance window is declared but not applied  -> M6 FAIL
//   no-severity-routing     one Alertmanager route: every severity to every
//                           channel (a warning pages the SMS on-call)           -> M6 FAIL (classification)
//   relay-drops             the relay answers Alertmanager 200 for DingTalk and
//                           forwards nothing: the statistics count deliveries
//                           nobody received                                     -> M6 FAIL (statistics)
import type { Profile } from '../profile/profile';
import { withCoreOptions } from './topology';
import { backgroundLoad } from './load-library';
import type { OpsPhase, OpsSpec } from '../sim/plan/ops-spec';
import type { Scenario, StorageNodeSpec } from '../sim/plan/scenario';
import { variantList } from './variant-list';

export const ALARM_VARIANTS = [
  'reference',
  'control:channel-errors',
  'control:no-grouping',
  'control:no-capacity-rule',
  'control:no-maintenance-silence',
  'control:no-severity-routing',
  'control:relay-drops',
] as const;
export type AlarmVariant = (typeof ALARM_VARIANTS)[number];

const CLAUSES: Record<AlarmVariant, string[]> = {
  reference: ['M5', 'M6', 'M3'],
  'control:channel-errors': ['M5'],
  'control:no-grouping': ['M6'],
  'control:no-capacity-rule': ['M3'],
  'control:no-maintenance-silence': ['M6'],
  'control:no-severity-routing': ['M6'],
  'control:relay-drops': ['M6'],
};

/**
 * The scenario of one variant, or of several controls at once: each breaks a different part
 * (a channel, a route, the relay, a silence), so one run's history shows every breakage to
 * its own check (the core suite judges three M6 controls from one run).
 */
export function alarmsScenario(profile: Profile, variant: AlarmVariant | readonly AlarmVariant[] = 'reference'): Scenario {
  const a = profile.alarms;
  const variants = variantList('alarms', variant);
  const has = (v: AlarmVariant) => variants.includes(v);
  const clauses = [...new Set(variants.flatMap((v) => CLAUSES[v]))];
  const phases: OpsPhase[] = [];
  if (clauses.includes('M5') || clauses.includes('M6')) phases.push('faults');
  if (clauses.includes('M3')) phases.push('fill');
  const nodes: StorageNodeSpec[] = Array.from({ length: a.nodes }, (_, i) =>
    withCoreOptions(profile, {
      name: `node${i + 1}`,
      bays: a.bays,
      baySizeMiB: a.baySizeMiB,
      // small bays: MooseFS would keep 256 MiB of each free by default (nothing left to fill)
      coreConfig: { HDD_LEAVE_SPACE_DEFAULT: '4MiB' },
    }),
  );
  const ops: OpsSpec = {
    scrapeSeconds: a.scrapeSeconds,
    evaluationSeconds: a.evaluationSeconds,
    groupWaitSeconds: a.groupWaitSeconds,
    groupIntervalSeconds: a.groupIntervalSeconds,
    repeatIntervalSeconds: a.repeatIntervalSeconds,
    grouping: !has('control:no-grouping'),
    routes: { critical: [...a.routes.critical], warning: [...a.routes.warning] },
    severityRouting: !has('control:no-severity-routing'),
    ...(has('control:relay-drops') ? { relayDrops: ['dingtalk' as const] } : {}),
    channelModes: has('control:channel-errors') ? { sms: 'errors' } : {},
    capacityRule: !has('control:no-capacity-rule'),
    // 8 MiB files: each its own small chunk, so a 128 MiB bay fills evenly (a 64 MiB chunk would hit ENOSPC on one bay long before the cluster is full)
    capacity: { ...a.capacity, fileMiB: 8 },
    phases,
    faults: {
      repeatSeconds: a.repeatSeconds,
      repeatEverySeconds: 2,
      mergeDisks: a.mergeDisks,
      maintenanceSilence: !has('control:no-maintenance-silence'),
      waitSeconds: Math.max(a.maxLatencySeconds, a.maxResolveSeconds) + 5,
    },
  };
  return {
    id: 'alarms',
    variant: variants.join('+'),
    title: {
      zh: '告警与运维（远程接警、告警降噪、容量趋势预警）',
      en: 'Alarms and operations (remote alarms, noise reduction, capacity trend)',
    },
    clauses,
    topology: {
      goal: profile.core.goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      masterConfig: profile.core.masterConfig,
      nodes,
    },
    // a light recording load in the background; its latency/gap thresholds are off because this
    // scenario fills the cluster on purpose (the recording-gap alarm reports those failures);
    // what stays judged: the cameras did record
    workload: backgroundLoad(profile, {
      cameras: 2,
      bitrateMbps: 2,
      readEveryMs: 0,
      thresholds: {
        write_failed: [],
        'write_latency{role:camera}': [],
        'segments_dropped{role:camera}': [],
        recording_gaps: [],
        segments_acked: ['count>0'],
      },
    }),
    schedule: [],
    ops,
    observeSeconds: 1,
    pollMs: 1000,
  };
}
