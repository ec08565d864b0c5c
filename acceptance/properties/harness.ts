// The small reference cluster the model-based runs share, and their CI/heavy settings.
// One cluster serves every configuration: the goal is set per sequence directory, the
// restart policy per container, the defect on the node AddNode brings in.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RunClock } from '../../sim/clock';
import { HistoryWriter } from '../../sim/history';
import { COMMAND_KINDS } from '../../sim/model/model';
import { clausesOfKinds, type FaultKindName } from '../../sim/plan/faults';
import type { StorageCore } from '../../sim/core/adapter';
import { startReferenceCore } from '../../sim/core/cores';
import { syncBays } from '../../sim/topology/bays';
import { modelSystem, type ModelSystem, type SystemBounds } from '../../sim/model/system';
import type { DraftName } from '../../sim/model/commands';
import { OUT_ROOT, workRoot } from '../../lib/paths';
import { loadProfile, SYNCED_CHUNKSERVER, SYNCED_MASTER, type Profile } from '../../profile/profile';
import type { InvariantBounds } from './invariants';
import { coreRunId } from '../core-run-id';

export const HEAVY = process.env.ACCEPT_FC_HEAVY === '1';
/** CI's fast-check seed, sequences and length: the seed is one whose 20 sequences draw every command kind (acceptance/properties/draws.ts; unit-tested) */
export const CI_FC_SEED = 20261330;
export const CI_RUNS = 20;
export const CI_MAX_COMMANDS = 8;
export const BAYS_PER_NODE = 24;
export const BAY_MIB = 256;
// CI tunings of the master, stated with the figures: its chunk loop every 60 s (MooseFS:
// 300 s; 60 is its floor, it logs 'CHUNKS_LOOP_MIN_TIME value too low (10) increased to 60'),
// and the ci profile's lifecycle replication limits (faults.lifecycle.masterConfig):
// with MooseFS's 1 undergoal copy per server per loop a drain of ~40 chunks took 160-200 s
export const CI_MASTER_CONFIG = {
  ...SYNCED_MASTER,
  CHUNKS_LOOP_MIN_TIME: 60,
  CHUNKS_WRITE_REP_LIMIT: '4,4,1,4',
  CHUNKS_READ_REP_LIMIT: '20,20,2,5',
};
/** the clauses the model's faults are evidence for (each command's fault kind, sim/plan/faults.ts) */
export const MODEL_CLAUSES = clausesOfKinds(Object.values(COMMAND_KINDS).filter((k): k is FaultKindName => k !== null));
/** the contract's claim: goal 2 keeps every acknowledged segment through one failure domain */
export const TOLERATED_DOMAINS = 1;

/**
 * The invariants' bounds, each the profile's own value for the clause it stands for (one
 * definition per threshold): T6 and T8 from the contract thresholds, a write within the
 * hot-plug stall bound, T9's drain and reconnection bounds.
 */
export function contractBounds(p: Profile = loadProfile('ci').profile): InvariantBounds {
  return {
    writeMs: p.faults.hotplug.maxWriteStallSeconds * 1000,
    linkWriteMs: p.faults.linkLoss.maxWriteStallSeconds * 1000,
    selfHealSeconds: p.thresholds.T6.maxSelfHealSeconds,
    scaleOutSeconds: p.thresholds.T8.maxSecondsToFirstChunk,
    drainSeconds: p.faults.lifecycle.maxDrainSeconds,
    reconnectSeconds: p.faults.linkLoss.detectTimeoutSeconds,
  };
}
/** the ci profile's bounds, which the core suite's property runs use */
export const CI_BOUNDS: InvariantBounds = contractBounds();

// copies of each command among those fast-check draws from; a drain costs minutes on the
// reference core (MooseFS calls a drained node ready 160-200 s after its disks are marked,
// measured here), a master fault about 10 s, most others a second or less
export const WEIGHTS: Partial<Record<DraftName, number>> = {
  WriteSegments: 6,
  ReadBack: 2,
  PullBay: 4,
  InsertPulled: 4,
  CrashNode: 2,
  HangNode: 2,
  PowerLoss: 4,
  RestartOff: 4,
  AddNode: 2,
  CrashMaster: 1,
  HangMaster: 1,
  DrainNode: 1,
  PortDown: 2,
  PortUpDown: 4,
};

export interface ModelCluster {
  cluster: StorageCore;
  system: ModelSystem;
  runId: string;
  outDir: string;
  startSeconds: number;
  stop(): Promise<void>;
}

export async function startModelCluster(
  image: string,
  prefix: string,
  o: { seed: string; selfHealSeconds: number; log: (m: string) => void },
): Promise<ModelCluster> {
  const t0 = Date.now();
  const runId = coreRunId(prefix);
  // an acknowledged write must survive a power cut (the profile's default core.chunkserverConfig); a node added gets it too
  const coreConfig = { ...SYNCED_CHUNKSERVER };
  const cluster = await startReferenceCore({
    runId,
    runDir: join(workRoot(), 'runs', runId),
    image,
    goal: 2,
    replicationsDelayInit: 10,
    // the master's chunk loop visits every chunk at most every 300 s by default: a chunk
    // left under goal by a power cut waited up to 85 s here. CI tunes it to 60 s so that a
    // sequence starts from full redundancy within its time (stated with the figures)
    masterConfig: CI_MASTER_CONFIG,
    // mfsmount retries a read of a chunk that no server holds 30 times (minutes, in an
    // uninterruptible wait); a few retries make a lost segment an error within seconds.
    // DIRECT: a read-back goes to the chunkservers, never to the host's page cache
    mountOptions: ['mfsioretries=5', 'mfscachemode=DIRECT'],
    nodes: ['n1', 'n2', 'n3'].map((name) => ({ name, bays: BAYS_PER_NODE, baySizeMiB: BAY_MIB, coreConfig })),
    log: o.log,
  });
  const w = loadProfile('ci').profile.properties;
  const bounds: SystemBounds = {
    ...CI_BOUNDS,
    readMs: w.readSeconds * 1000,
    selfHealSeconds: o.selfHealSeconds,
    watchdogSeconds: w.watchdogSeconds,
    settleSeconds: w.settleSeconds,
  };
  const outDir = join(OUT_ROOT, 'properties', runId);
  let system: ModelSystem;
  let history: HistoryWriter | null = null;
  try {
    // the chunkservers' first folders reach the disks' journals before any bay is pulled
    // (its own bays only: a global sync would flush a power-cut control running beside it)
    const syncError = await syncBays(cluster.nodes.flatMap((n) => cluster.disksOf(n.name).bays));
    if (syncError) throw new Error(`a bay refused syncfs before the first command: ${syncError}`);
    // the run's history, as a scenario's: a failing sequence (shrunk or not) is read there like any run
    mkdirSync(outDir, { recursive: true });
    history = new HistoryWriter(join(outDir, 'history.jsonl'), new RunClock());
    history.append({ kind: 'run.start', runId, seed: o.seed, scenario: 'model-based', variant: prefix, clauses: MODEL_CLAUSES });
    system = await modelSystem(cluster, history, {
      runId,
      seed: o.seed,
      baySizeMiB: BAY_MIB,
      segmentBytes: 256 * 1024,
      bounds,
      log: o.log,
      coreConfig,
    });
  } catch (e) {
    history?.close();
    await cluster.stop();
    throw e;
  }
  return {
    cluster,
    system,
    runId,
    outDir,
    startSeconds: (Date.now() - t0) / 1000,
    async stop() {
      await system.close();
      await system.rack.close();
      await cluster.stop();
      system.history.close();
    },
  };
}
