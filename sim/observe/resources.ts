// What each node of the core costs (issue 14, item 5): CPU and memory from the nodes' cgroups,
// sampled twice; the CPU between the samples as cores in use (CPU seconds per wall second),
// the memory as at the second sample. Idle is a short window after the start with no load;
// under load is the whole camera load.
import type { NodeUsage } from '../core/adapter';

export interface NodeResources {
  name: string;
  role: 'master' | 'storage';
  /** CPU seconds per wall-clock second between the samples (1 = one core busy); null when a sample is missing or the node restarted */
  cpuCores: number | null;
  rssBytes: number | null;
  cacheBytes: number | null;
}

/** what the nodes used between two samples `seconds` apart (a node started again in between, crash or power cut, counts from zero: not comparable) */
export function resourcesBetween(before: readonly NodeUsage[], after: readonly NodeUsage[], seconds: number): NodeResources[] {
  return after.map((a) => {
    const b = before.find((x) => x.name === a.name);
    const cpu =
      b?.cpuSeconds != null && a.cpuSeconds != null && a.startedAt === b.startedAt && a.cpuSeconds >= b.cpuSeconds && seconds > 0
        ? Math.round(((a.cpuSeconds - b.cpuSeconds) / seconds) * 1000) / 1000
        : null;
    return { name: a.name, role: a.role, cpuCores: cpu, rssBytes: a.rssBytes, cacheBytes: a.cacheBytes };
  });
}
