// Executes a scenario: topology -> workload + nemesis -> history. It records; it does
// not judge (checkers read the history afterwards, so a verdict can be recomputed from
// a saved history alone).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from './plan/scenario';
import { RunClock, sleep, waitAtMost } from './clock';
import { HistoryWriter } from './history';
import type { StartCore, StorageCore } from './core/adapter';
import { startReferenceCore } from './core/cores';
import type { LoadProgress } from './workload/cameras';
import { VideoLoad } from './workload/video-load';
import { DEFAULT_VERIFY_BOUNDS, verifyAcknowledged, verifySummary, type VerifyBounds } from './workload/verify';
import { CoreObserver, recordPlacement } from './observe/core-observer';
import { resourcesBetween, type NodeResources } from './observe/resources';
import { probeEncryption } from './observe/encryption-probe';
import { RetentionSweeper } from './workload/retention';
import { changeQuota, probeQuota, watchUsage } from './maintenance/quota-steps';
import { scaleOut } from './nemesis/scaleout';
import { runFault } from './nemesis/faults';
import { WriteRateWatch, type RateSettle } from './nemesis/rate-watch';
import { LifecycleDriver } from './nemesis/lifecycle';
import { isLifecycleStep } from './plan/lifecycle-steps';
import { refuseMalformedSteps } from './plan/faults';
import { preloadDirOf, scheduleHasIoErrors, withIoErrorInjection } from './nemesis/io-errors';
import { IoErrorControl } from './nemesis/ioerr/control';
import { buildRack, type Rack } from './topology/rack';
import { inventoryTwins } from './inventory/twins';
import { claimRunDir } from './topology/reaper';
import { startCommandsWith } from './exec';
import { Spawner } from './spawner';
import { runOps } from './ops/stack';
import { driveAlarms } from './ops/drive';
import { runOperationsDrill } from './maintenance/drill';

export interface RunContext {
  runId: string;
  seed: string;
  /** the harness's per-run folder for bays and mounts (outside the repository) */
  workDir: string;
  /** the run folder where history and reports go */
  outDir: string;
  image: string;
  /** the storage core to start from `image` (default the reference) */
  startCore?: StartCore;
  log: (msg: string) => void;
  /** timed phases report progress through this */
  phase?: (name: string, seconds: number, progress: () => LoadProgress) => PhaseHandle;
  /** the final read-back's bounds (the profile's `verify`) */
  verify?: VerifyBounds;
  /** the whole run's work ends by this (the profile's `run.deadlineMinutes`): past it the run is torn down and `run.error` recorded */
  deadlineSeconds?: number;
}

export interface PhaseHandle {
  tick(elapsedS: number): void;
  done(): void;
}

export interface RunRecord {
  historyPath: string;
  timings: Record<string, number>;
  core: {
    name: string;
    version: string;
    masterAddress: string;
    masterArch: string;
    nodes: { name: string; address: string; bays: number; arch: string }[];
  };
  /** lost: every segment not read back intact (lost, corrupt or unreadable) */
  segments: { acked: number; verified: number; lost: number; unreadable?: number };
  /** each node's CPU (cores in use) and memory, idle and over the camera load */
  resources: { idle: NodeResources[]; load: NodeResources[] };
  /** the background load's verdict and its k6-like summary (load-summary.json in outDir) */
  load?: { name: string; passed: boolean; failures: string[]; summaryPath: string };
}

export async function runScenario(s: Scenario, ctx: RunContext): Promise<RunRecord> {
  // a plan is code or a file: checked against each kind's parameters before any harm is done
  refuseMalformedSteps(s.schedule);
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
  history.append({
    kind: 'run.start',
    runId: ctx.runId,
    seed: ctx.seed,
    scenario: s.id,
    variant: s.variant,
    clauses: s.clauses,
    accel: clock.accel,
  });

  // every host command of the run from a helper forked before the mount exists (spawner.ts)
  const spawner = Spawner.start();
  const previousSpawner = startCommandsWith(spawner);
  let cluster: StorageCore | undefined;
  let rack: Rack | undefined;
  let observer: CoreObserver | undefined;
  let load: VideoLoad | undefined;
  let loadEnded = false;
  let lifecycle: LifecycleDriver | undefined;
  let retention: RetentionSweeper | undefined;
  // the run's work; raced against its deadline below, so that a core that hangs it still reaches
  // teardown and verdicts. At the deadline `halt` stops what the work would still start.
  const halt = new AbortController();
  const goOn = (where: string) => {
    if (halt.signal.aborted) throw new RunDeadlineError(`halted at the deadline ${where}`);
  };
  const work = async (): Promise<RunRecord> => {
    ctx.log(
      `starting the cluster: 1 master + ${s.topology.nodes.length} storage nodes x ${s.topology.nodes[0]?.bays} bays (real loop-mounted ext4 disks)`,
    );
    claimRunDir(ctx.workDir);
    const startNodes = await nodesToStart(s, ctx.workDir);
    const started = await timed('clusterStartSeconds', () =>
      (ctx.startCore ?? startReferenceCore)({
        runId: ctx.runId,
        runDir: ctx.workDir,
        image: ctx.image,
        goal: s.topology.goal,
        nodes: startNodes,
        replicationsDelayInit: s.topology.replicationsDelayInitSeconds,
        masterConfig: s.topology.masterConfig,
        masterDefect: s.topology.masterDefect,
        restartOnFailure: s.nemesis?.selfHeal ?? true,
        log: ctx.log,
      }),
    );
    // a start that ended after the deadline's teardown: nothing else will stop it
    if (halt.signal.aborted) await started.stop();
    goOn('after the cluster started');
    cluster = started;
    const c = started;
    history.append({
      kind: 'topology.up',
      core: c.name,
      version: c.version,
      master: c.masterAddress,
      nodes: c.nodes,
      goal: s.topology.goal,
      seconds: timings.clusterStartSeconds,
    });
    // the system under test as it runs: every option that differs from what the core ships
    history.append({ kind: 'core.config', options: await c.configDifferences() });
    // T7: what each node really runs with (limits, architecture, disks), read back before the load
    if (s.clauses.includes('T7')) history.append({ kind: 'topology.evidence', nodes: await c.nodeEvidence() });
    // each node's cost with no load: a short window, so that every run (and both cores) reports it
    const idleFrom = { at: Date.now(), usage: await c.resourceUsage() };
    await sleep(IDLE_RESOURCE_SECONDS * 1000, halt.signal);
    const idle = resourcesBetween(idleFrom.usage, await c.resourceUsage(), (Date.now() - idleFrom.at) / 1000);
    history.append({ kind: 'core.resources', phase: 'idle', seconds: (Date.now() - idleFrom.at) / 1000, nodes: idle });
    goOn('after the idle window');
    ctx.log(
      `cluster up in ${timings.clusterStartSeconds} s (${c.name} ${c.version}, master ${c.masterAddress}, mounted at ${c.mountPoint})`,
    );

    const driver = () =>
      (lifecycle ??= new LifecycleDriver({
        cluster: c,
        history,
        runId: ctx.runId,
        workDir: ctx.workDir,
        log: ctx.log,
        signal: halt.signal,
      }));
    const switchSteps = s.schedule.filter((st) => isLifecycleStep(st) || st.action === 'mirror-probe');
    // the switch is bound before the load starts: binding a port under load would be part of the fault
    if (switchSteps.length) await driver().prepare(switchSteps);
    if (s.hardwareInventory || s.schedule.some((st) => st.action === 'fault' || st.action === 'operations') || s.ops) {
      // the twins of the nodes, bound to them; their hardware events go to the history
      rack = await buildRack(c, c.nodes, {
        seed: ctx.seed,
        baySizeMiB: s.topology.nodes[0]?.baySizeMiB ?? 1024,
        record: (e) => history.append(e),
      });
    }
    // T1, T2, M1, S1: the hardware as its BMCs and the switch describe it, before any load or fault
    if (s.hardwareInventory && rack) {
      // held to T1/T2 by the bay count the node was declared with, judged by the count its BMC reports
      const bmcs = c.nodes.map((n) => ({ name: n.name, bays: n.bays, url: rack!.node(n.name).bmc.url }));
      await inventoryTwins(history, bmcs, { ...s.hardwareInventory, log: ctx.log });
    }
    observer = new CoreObserver(c, history, s.pollMs);
    observer.start();
    ctx.log(
      `load '${s.workload.name}': ${s.workload.cameras} cameras x ${s.workload.bitrateMbps} Mbps, ${s.workload.segmentSeconds} s segments (k6-style engine, open model)`,
    );
    // follows the writes from the first one: a fault's baseline rate is read from before it
    const rates = s.nemesis?.untilFullRate ? new WriteRateWatch(history) : null;
    // players read through the direct mount: a playback must come from the disks, not the host's cache
    load = new VideoLoad(s.workload, {
      mountPoint: c.mountPoint,
      readMountPoint: c.readMount.path,
      history,
      clock,
      seed: ctx.seed,
      unblockMount: () => c.replaceWriteMount(),
    });
    // the cameras' folders first, as on a recording server that has been running (a core that is slow
    // to make folders pays it here, recorded apart, not in the first segments of the steady state)
    const { folderSeconds } = await load.prepare();
    ctx.log(`the day folders of the cameras (and stations) made in ${folderSeconds} s, before the first segment`);
    goOn("after the cameras' folders were made");
    const loadFrom = { at: Date.now(), usage: await c.resourceUsage() };
    load.start();
    const l = load;
    // T10: the recording server deletes by age from the first segment; deleted files free their space at once
    const capacity = s.retention ? { cluster: c, history, folder: s.retention.folder, log: ctx.log } : null;
    if (s.retention) {
      await c.setNoTrash(s.retention.folder);
      retention = new RetentionSweeper({
        mountPoint: c.mountPoint,
        readMountPoint: c.readMount.path,
        clock,
        recordingKey: l.recordingKey,
        history,
        acked: l.acked,
        retire: (path) => l.retire(path),
        sweepMs: s.retention.sweepMs,
        ...(s.retention.defect ? { defect: s.retention.defect } : {}),
      });
      retention.set('retention-initial', s.retention.initialSeconds);
      retention.start();
    }

    // the reference operations stack watches the alarm scenario (M3, M5, M6), then stops
    if (s.ops)
      await runOps(
        s.ops,
        { cluster: c, rack: rack!, history, outDir: ctx.outDir, log: ctx.log, loadProgress: () => l.progress },
        driveAlarms,
      );
    const h = s.nemesis;
    // a step starts at its time from the start of the load, or at once when an earlier
    // fault ran late (a fault waits for its own healing)
    const loadT0 = Date.now();
    for (const step of s.schedule) {
      await timedPhase(
        ctx,
        `load before ${step.action === 'fault' ? step.id : step.action}`,
        step.atSeconds - (Date.now() - loadT0) / 1000,
        l,
        halt.signal,
      );
      goOn(`before the ${step.action} step at ${step.atSeconds} s`);
      if (step.action === 'fault') {
        await runFault(
          { id: step.id, atSeconds: step.atSeconds, fault: step.fault },
          {
            cluster: c,
            rack: rack!,
            history,
            selfHeal: {
              enabled: h?.selfHeal ?? true,
              watchdogSeconds: h?.watchdogSeconds ?? 30,
              simulatedBootSeconds: h?.simulatedBootSeconds ?? 0,
              powerOffSeconds: h?.powerOffSeconds ?? 10,
              observeMaxSeconds: h?.observeMaxSeconds ?? 200,
            },
            newestSegment: () => l.acked[l.acked.length - 1]?.path ?? null,
            workDir: ctx.workDir,
            log: ctx.log,
            signal: halt.signal,
          },
        );
        if (h?.untilFullRate && rates) await settleUntilFullRate(ctx, step.id, rates, h.settleSeconds, h.untilFullRate, l, halt.signal);
        else await timedPhase(ctx, `settle after ${step.id}`, h?.settleSeconds ?? 0, l, halt.signal);
      } else if (step.action === 'operations') {
        await runOperationsDrill(step.drill, {
          cluster: c,
          rack: rack!,
          history,
          load: l,
          outDir: ctx.outDir,
          seed: ctx.seed,
          log: ctx.log,
        });
      } else if (isLifecycleStep(step)) {
        await driver().run(step);
        await timedPhase(ctx, `settle after ${step.id}`, step.settleSeconds ?? 0, l, halt.signal);
      } else if (step.action === 'mirror-probe') {
        await driver().probeMirror(step);
      } else if (step.action === 'retention' || step.action === 'quota') {
        if (!retention || !capacity) throw new Error(`${step.id}: a ${step.action} step needs the scenario's retention settings`);
        const sweeper = retention;
        // the use just before the change: what a shortened period should free is reckoned from it
        await watchUsage(`${step.id}:before`, 0, capacity);
        if (step.action === 'retention') {
          ctx.log(`${step.id}: retention period set to ${step.seconds} s`);
          sweeper.set(step.id, step.seconds);
        } else await changeQuota(step, capacity);
        const atMost = step.action === 'retention' ? (step.watchAtMostSeconds ?? step.watchSeconds) : step.watchSeconds;
        const handle = ctx.phase?.(`watch the recording space after ${step.id}`, step.watchSeconds, () => l.progress);
        await watchUsage(step.id, step.watchSeconds, capacity, (t) => handle?.tick(t), {
          atMost,
          behind: () => sweeper.overdue(),
          signal: halt.signal,
        });
        handle?.done();
      } else if (step.action === 'quota-probe') {
        if (!capacity) throw new Error(`${step.id}: a quota probe needs the scenario's retention settings`);
        await probeQuota(step, { ...capacity, mountPoint: c.mountPoint });
      } else if (step.action === 'encryption-probe') {
        await probeEncryption(step, { cluster: c, history, acked: l.acked, recordingKey: l.recordingKey, seed: ctx.seed, log: ctx.log });
      } else if (step.action === 'add-node') {
        ctx.log(
          `scale-out: adding ${step.node.name} (${step.node.bays} bays${step.node.defect ? `, defect: ${step.node.defect}` : ''}) knowing only the master address`,
        );
        const { address } = await scaleOut(c, step.node, history);
        ctx.log(`${step.node.name} powered on at ${address}`);
      }
    }
    // every fault has settled: the writes of the tail and the read-back need no following
    rates?.stop();
    await timedPhase(ctx, 'observe', s.observeSeconds, l, halt.signal);
    goOn('before the load ended');
    const underLoad = resourcesBetween(loadFrom.usage, await c.resourceUsage(), (Date.now() - loadFrom.at) / 1000);
    history.append({ kind: 'core.resources', phase: 'load', seconds: (Date.now() - loadFrom.at) / 1000, nodes: underLoad });
    loadEnded = true;
    const outcome = await l.finish();
    await retention?.stop();
    const summaryPath = join(ctx.outDir, 'load-summary.json');
    writeFileSync(summaryPath, JSON.stringify(outcome.summary, null, 2));
    ctx.log(`load summary (k6-style; JSON: ${summaryPath})\n${outcome.text}`);
    await observer.observeOnce();
    await observer.stop();
    // the core's last word on every disk (T3: a blank replacement disk in use)
    history.append({ kind: 'core.disks', disks: await c.diskViews() });

    ctx.log(`recording chunk placement of ${l.acked.length} acknowledged segments (the core's own placement)`);
    await timed('placementSeconds', () => recordPlacement(c, l.acked, history));
    if (s.topology.dataGoneBeforeVerify) {
      // the control of the read-back: a core that acknowledged every segment and holds none
      // of it any more (every storage node powered off), as the reader finds it
      ctx.log('control: every storage node powered off before the read-back');
      for (const n of c.nodes) await c.killNode(n.name);
      history.append({
        kind: 'nemesis.nodes-off',
        nodes: c.nodes.map((n) => n.name),
        why: 'control: the read-back meets a core that holds none of the acknowledged data',
      });
    }
    const bounds = ctx.verify ?? DEFAULT_VERIFY_BOUNDS;
    ctx.log(
      `verifying every acknowledged segment (byte for byte) through ${c.readMount.path} (-o ${c.readMount.options.join(',')}): ${bounds.readDeadlineSeconds} s per read, ${bounds.parallel} at once, at most ${bounds.maxTotalSeconds} s`,
    );
    // segments the recording server deleted by age are not looked for (T10 judges each deletion against the period)
    const kept = retention ? l.acked.filter((a) => !retention!.deleted.has(a.path)) : l.acked;
    const v = await timed('verifySeconds', () => verifyAcknowledged(kept, c.readMount, history, bounds, undefined, l.recordingKey));
    ctx.log(
      verifySummary(v, kept.length, bounds) +
        (kept.length < l.acked.length ? ` (${l.acked.length - kept.length} deleted by age before)` : ''),
    );
    history.append({ kind: 'run.end', ...v, acked: l.acked.length, ...(retention ? { deletedByAge: l.acked.length - kept.length } : {}) });
    return {
      historyPath,
      timings,
      core: { name: c.name, version: c.version, masterAddress: c.masterAddress, masterArch: c.masterArch, nodes: [...c.nodes] },
      segments: { acked: l.acked.length, ...v },
      resources: { idle, load: underLoad },
      load: { name: s.workload.name, passed: outcome.passed, failures: outcome.failures, summaryPath },
    };
  };
  const running = work();
  try {
    return await withinDeadline(running, ctx.deadlineSeconds, halt);
  } catch (e) {
    history.append({ kind: 'run.error', error: (e as Error).message });
    throw e;
  } finally {
    await retention?.stop().catch(() => undefined);
    if (load && !loadEnded) await load.abort('the run failed');
    await observer?.stop().catch(() => undefined);
    await rack?.close();
    await lifecycle?.close().catch(() => undefined);
    history.close();
    if (cluster) await timed('teardownSeconds', () => cluster!.stop());
    // work abandoned at the deadline meets the closed history or the halt soon: awaited, within bounds
    if (halt.signal.aborted && !(await waitAtMost(running, ABANDONED_WORK_MS)))
      ctx.log(`the run's abandoned work still waits ${ABANDONED_WORK_MS / 1000} s after the teardown (a call that hangs); left behind`);
    startCommandsWith(previousSpawner);
    spawner.stop();
  }
}

/** how long the teardown waits for work abandoned at the deadline to end */
const ABANDONED_WORK_MS = 30_000;
/** the idle window of each run's resource figures: CPU counters tick in 10 ms, so 2 s resolves 0.5 % of a core */
const IDLE_RESOURCE_SECONDS = 2;

/** T5: a run that injects I/O errors starts its chunkservers with the injection library preloaded. */
async function nodesToStart(s: Scenario, workDir: string) {
  const faults = s.schedule.flatMap((st) => (st.action === 'fault' ? [st.fault] : []));
  if (s.topology.chunkserversDiscardWrites) {
    // the read-back's control: every bay of every node acknowledges chunk data and keeps none, from the start
    const nodes = await withIoErrorInjection(s.topology.nodes, workDir);
    for (const n of nodes) {
      const control = IoErrorControl.open(preloadDirOf(workDir, n.name));
      for (let slot = 0; slot < n.bays; slot++) control.discardWrites(slot);
    }
    return nodes;
  }
  return scheduleHasIoErrors(faults) ? withIoErrorInjection(s.topology.nodes, workDir) : s.topology.nodes;
}

/** Settles after a fault: at least `minSeconds`, then until the write rate is back (T6's definition) or its bound. */
async function settleUntilFullRate(
  ctx: RunContext,
  id: string,
  rates: WriteRateWatch,
  minSeconds: number,
  o: RateSettle,
  load: VideoLoad,
  signal: AbortSignal,
) {
  const handle = ctx.phase?.(
    `settle after ${id} (until the write rate is back, at most ${o.maxSeconds} s)`,
    minSeconds,
    () => load.progress,
  );
  const r = await rates.settle(id, { ...o, minSeconds }, (waited) => handle?.tick(waited), signal);
  handle?.done();
  if (r.ended !== 'rate back')
    ctx.log(`${id}: settled ${Math.round(r.waitedS)} s: ${r.ended === 'bound' ? `write rate not back within ${o.maxSeconds} s` : r.ended}`);
  else if (r.waitedS > minSeconds + 1)
    ctx.log(`${id}: write rate back ${r.fullRateS} s after the fault (or the power's return); settled ${Math.round(r.waitedS)} s`);
}

async function timedPhase(ctx: RunContext, name: string, seconds: number, load: VideoLoad, signal?: AbortSignal) {
  if (seconds <= 0) return;
  const handle = ctx.phase?.(name, seconds, () => load.progress);
  const t0 = Date.now();
  while ((Date.now() - t0) / 1000 < seconds && !signal?.aborted) {
    await sleep(Math.min(1000, seconds * 1000 - (Date.now() - t0)), signal);
    handle?.tick((Date.now() - t0) / 1000);
  }
  handle?.done();
}

/** A run that did not end by its deadline (a hung core or client): torn down; judged on what it measured before (a PASS becomes INCONCLUSIVE). */
export class RunDeadlineError extends Error {}

async function withinDeadline(work: Promise<RunRecord>, seconds: number | undefined, halt: AbortController): Promise<RunRecord> {
  if (seconds === undefined) return work;
  if (await waitAtMost(work, seconds * 1000)) return work;
  halt.abort();
  // the work goes on awaiting what hangs until the teardown frees it; its later failure is not this run's news
  work.catch(() => undefined);
  throw new RunDeadlineError(
    `the run did not end within its deadline of ${seconds} s (run.deadlineMinutes): a hung core or client; torn down`,
  );
}
