// Executes a scenario: topology -> workload + nemesis -> history. It records; it does
// not judge (checkers read the history afterwards, so a verdict can be recomputed from
// a saved history alone).
import { join } from 'node:path';
import type { Scenario } from '../scenarios/types';
import { RunClock, sleep } from './clock';
import { HistoryWriter } from './history';
import { streamFor } from './random';
import { MooseCluster } from './core/moosefs/cluster';
import { CameraLoad, type LoadProgress } from './workload/cameras';
import { verifyAcknowledged } from './workload/verify';
import { CoreObserver, recordPlacement } from './observe/core-observer';
import { scaleOut } from './nemesis/scaleout';

export interface RunContext {
  runId: string;
  seed: string;
  /** the harness's per-run folder for bays and mounts (outside the repository) */
  workDir: string;
  /** the run folder where history and reports go */
  outDir: string;
  image: string;
  log: (msg: string) => void;
  /** timed phases report progress through this */
  phase?: (name: string, seconds: number, progress: () => LoadProgress) => PhaseHandle;
}

export interface PhaseHandle {
  tick(elapsedS: number): void;
  done(): void;
}

export interface RunRecord {
  historyPath: string;
  timings: Record<string, number>;
  core: { name: string; version: string; masterAddress: string; masterArch: string; nodes: { name: string; address: string; bays: number; arch: string }[] };
  segments: { acked: number; verified: number; lost: number };
}

export async function runScenario(s: Scenario, ctx: RunContext): Promise<RunRecord> {
  const clock = new RunClock(1);
  const historyPath = join(ctx.outDir, 'history.jsonl');
  const history = new HistoryWriter(historyPath, clock);
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = clock.mono();
    const r = await fn();
    timings[name] = Math.round(clock.mono() - t0) / 1000;
    return r;
  };
  history.append({ kind: 'run.start', runId: ctx.runId, seed: ctx.seed, scenario: s.id, variant: s.variant, clauses: s.clauses, accel: clock.accel });

  let cluster: MooseCluster | undefined;
  let observer: CoreObserver | undefined;
  let load: CameraLoad | undefined;
  try {
    ctx.log(`starting the cluster: 1 master + ${s.topology.nodes.length} storage nodes x ${s.topology.nodes[0]?.bays} bays (real loop-mounted ext4 disks)`);
    cluster = await timed('clusterStartSeconds', () =>
      MooseCluster.start({ runId: ctx.runId, runDir: ctx.workDir, image: ctx.image, goal: s.topology.goal, nodes: s.topology.nodes, replicationsDelayInit: s.topology.replicationsDelayInitSeconds, log: ctx.log }),
    );
    const c = cluster;
    history.append({ kind: 'topology.up', core: c.name, version: c.version, master: c.masterAddress, nodes: c.nodes, goal: s.topology.goal, seconds: timings.clusterStartSeconds });
    ctx.log(`cluster up in ${timings.clusterStartSeconds} s (${c.name} ${c.version}, master ${c.masterAddress}, mounted at ${c.mountPoint})`);

    observer = new CoreObserver(c, history, s.pollMs);
    observer.start();
    load = new CameraLoad(s.workload, c.mountPoint, history, clock, streamFor(ctx.seed, 'workload/cameras'));
    load.start();
    const l = load;

    let elapsed = 0;
    for (const step of s.schedule) {
      await timedPhase(ctx, `load before ${step.action}`, step.atSeconds - elapsed, l);
      elapsed = step.atSeconds;
      if (step.action === 'add-node') {
        ctx.log(`scale-out: adding ${step.node.name} (${step.node.bays} bays${step.node.defect ? `, defect: ${step.node.defect}` : ''}) knowing only the master address`);
        const { address } = await scaleOut(c, step.node, history);
        ctx.log(`${step.node.name} powered on at ${address}`);
      }
    }
    await timedPhase(ctx, 'observe', s.observeSeconds, l);
    await l.stop();
    await observer.observeOnce();
    await observer.stop();

    ctx.log(`recording chunk placement of ${l.acked.length} acknowledged segments (mfsfileinfo)`);
    await timed('placementSeconds', () => recordPlacement(c, l.acked, history));
    ctx.log(`verifying every acknowledged segment (SHA-256)`);
    const v = await timed('verifySeconds', () => verifyAcknowledged(l.acked, c.mountPoint, history));
    history.append({ kind: 'run.end', ...v, acked: l.acked.length });
    return {
      historyPath,
      timings,
      core: { name: c.name, version: c.version, masterAddress: c.masterAddress, masterArch: c.masterArch, nodes: [...c.nodes] },
      segments: { acked: l.acked.length, ...v },
    };
  } catch (e) {
    history.append({ kind: 'run.error', error: (e as Error).message });
    throw e;
  } finally {
    await load?.stop().catch(() => undefined);
    await observer?.stop().catch(() => undefined);
    history.close();
    if (cluster) await timed('teardownSeconds', () => cluster!.stop());
  }
}

async function timedPhase(ctx: RunContext, name: string, seconds: number, load: CameraLoad) {
  if (seconds <= 0) return;
  const handle = ctx.phase?.(name, seconds, () => load.progress);
  const t0 = Date.now();
  while ((Date.now() - t0) / 1000 < seconds) {
    await sleep(Math.min(1000, seconds * 1000 - (Date.now() - t0)));
    handle?.tick((Date.now() - t0) / 1000);
  }
  handle?.done();
}
