// What a run hands to the report builders (saved as run.json in the run folder): the
// reports only format this and the verdicts; they never measure anything themselves.
import type { Verdict } from '../sim/verdict';
import type { CoreOptionSeen } from '../sim/checkers/core-config';
import type { NodeResources } from '../sim/observe/resources';

export interface RunSummary {
  runId: string;
  seed: string;
  /** the command that replays this run */
  replay: string;
  profile: {
    id: string;
    source: string;
    project: {
      name: { zh: string; en: string };
      buyer: { zh: string; en: string };
      seller: { zh: string; en: string };
      totalPriceCNY: number;
    };
  };
  scenario: { id: string; variant: string; title: { zh: string; en: string } };
  startedAt: number;
  finishedAt: number;
  /** a field run (accept probe) on a delivered system: the core itself was not read */
  field?: { target: string; core: string };
  /** roles: 'management-server' and 'storage-node' (the inventory's TargetRole); run.json files before them say 'mfsmaster' and 'chunkserver' */
  topology: { goal: number; nodes: { name: string; address: string; bays: number; role: string; arch: string }[]; master: string };
  workload: { cameras: number; bitrateMbps: number; segmentSeconds: number };
  versions: { core: string; coreImage: string; harness: string; node: string; docker: string };
  machine: { cpus: number; memoryGiB: number; kernel: string };
  timings: Record<string, number>;
  segments: { acked: number; verified: number; lost: number; unreadable?: number };
  /** each node's CPU (cores in use) and memory, idle and over the camera load (history core.resources; absent in older runs) */
  resources?: { idle: NodeResources[]; load: NodeResources[] };
  /** core options that differ from the core's shipped defaults (history core.config; absent in older runs) */
  coreTuning?: CoreOptionSeen[];
  /** the mount the read-back and the players read through, with its options (history verify.start; absent in older runs) */
  readMount?: { path: string; options: string[] };
  verdicts: Verdict[];
}
