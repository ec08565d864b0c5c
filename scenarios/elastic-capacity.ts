// Capacity on demand and retention changed online (T10) under camera load. The recording
// folder's quota is allocated, grown together with a longer retention period, and shrunk
// after a shorter one freed the space; the recording server deletes by age all along. The
// controls: a deleter that, after the shortening, deletes recordings still inside the period;
// and a quota cut to half of what the folder holds (writes are refused).
import type { Profile } from '../profile/profile';
import { backgroundLoad } from './load-library';
import type { Scenario } from '../sim/plan/scenario';
import { HEADER_BYTES } from '../sim/workload/segment';
import { segmentBytes } from '../sim/workload/cameras';
import { profileNodes } from './topology';

export const ELASTIC_CAPACITY_VARIANTS = ['reference', 'control:deletes-in-period', 'control:quota-below-data'] as const;
export type ElasticCapacityVariant = (typeof ELASTIC_CAPACITY_VARIANTS)[number];

/** the whole recording space: segments go to /<camera>/<day>/ under the mount */
export const RECORDING_FOLDER = '/';

export function elasticCapacityScenario(profile: Profile, variant: ElasticCapacityVariant = 'reference'): Scenario {
  const k = profile.elasticCapacity;
  const workload = backgroundLoad(profile);
  // what the cameras write a second: a quota is sized in seconds of recording
  const rate = (workload.cameras * (segmentBytes(workload) + HEADER_BYTES)) / workload.segmentSeconds;
  const worth = (seconds: number, headroom: number) => Math.ceil(rate * seconds * headroom);
  const t1 = k.warmupSeconds;
  const t2 = t1 + k.watchSeconds + 2;
  const t3 = t2 + k.watchSeconds + k.longerRetentionSeconds;
  const t4 = t3 + k.freeSeconds + 2;
  const w = k.watchSeconds;
  return {
    id: 'elastic-capacity',
    variant,
    title: { zh: '存储空间按需分配与保存周期在线调整', en: 'Capacity on demand and retention changed online' },
    clauses: ['T10'],
    topology: {
      goal: profile.core.goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      masterConfig: profile.core.masterConfig,
      nodes: profileNodes(profile),
    },
    workload,
    retention: {
      folder: RECORDING_FOLDER,
      initialSeconds: k.initialRetentionSeconds,
      sweepMs: k.sweepMs,
      ...(variant === 'control:deletes-in-period' ? { defect: 'deletes-in-period' as const } : {}),
    },
    schedule: [
      // allocated on demand: room for three periods of recording
      { atSeconds: t1, action: 'quota', id: 'quota-allocate', bytes: worth(k.initialRetentionSeconds, 3), watchSeconds: w },
      // a quota limits only if the core refuses writes past it: 4 MiB into a folder of 1 MiB beside the recordings
      { atSeconds: t1, action: 'quota-probe', id: 'quota-enforced', quotaBytes: 1 << 20, writeBytes: 4 << 20 },
      // capacity and retention grown together
      { atSeconds: t2, action: 'quota', id: 'quota-grow', bytes: worth(k.longerRetentionSeconds, 3), watchSeconds: 1 },
      { atSeconds: t2 + 1, action: 'retention', id: 'retention-lengthen', seconds: k.longerRetentionSeconds, watchSeconds: w },
      // shortened once the longer period has filled; then the quota follows it down
      {
        atSeconds: t3,
        action: 'retention',
        id: 'retention-shorten',
        seconds: k.shorterRetentionSeconds,
        watchSeconds: k.freeSeconds,
        watchAtMostSeconds: k.freeAtMostSeconds,
      },
      {
        atSeconds: t4,
        action: 'quota',
        id: 'quota-shrink',
        bytes: variant === 'control:quota-below-data' ? { ofHeld: 0.5 } : worth(k.shorterRetentionSeconds, 4),
        watchSeconds: w,
      },
    ],
    observeSeconds: k.observeSeconds,
    pollMs: profile.scaleout.pollMs,
  };
}
