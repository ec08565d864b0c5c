// Day step on the real core: one cluster for the trial session; each virtual day the
// cameras write through it for the day's wall-clock slice (the 'soak' load), the day's
// seeded faults (fault-schedule.ts) go through the twins' bindings (sim/nemesis), and the
// day's own history (days/day-NNN/history.jsonl) is judged by the same checkers as
// `accept run` (acceptance/judge.ts: T3 for pulls, T6 for crashes, load thresholds).
// A clause that FAILs that day is a trial problem (measured). The schedule is a pure
// function of seed and day; what the core measured is wall clock and is what it is.
// A day cut short leaves no journal line and runs again, from an empty day folder.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../../profile/profile';
import { rateSettleOf, trialRunOf } from '../../profile/profile';
import { judge } from '../judge';
import { steadyStateOnly } from '../../scenarios/faults';
import { loadSpec, playDeadlineOf } from '../../scenarios/load-library';
import { profileNodes } from '../../scenarios/topology';
import type { VideoLoadSpec } from '../../sim/plan/scenario';
import type { CoreOptionSeen } from '../../sim/checkers/core-config';
import type { Verdict } from '../../sim/verdict';
import { checkLoad } from '../../sim/checkers/load';
import { pathsByAcknowledgement, readBacksOf } from '../../sim/checkers/writes';
import { checkRedundancy } from '../../sim/checkers/redundancy';
import { RunClock, sleep } from '../../sim/clock';
import type { StartCore, StorageCore } from '../../sim/core/adapter';
import { mapLimit, run, startCommandsWith, type CommandHelper } from '../../sim/exec';
import { HistoryWriter, readHistory } from '../../sim/history';
import { runFault } from '../../sim/nemesis/faults';
import { WriteRateWatch } from '../../sim/nemesis/rate-watch';
import { CoreObserver } from '../../sim/observe/core-observer';
import { Spawner } from '../../sim/spawner';
import { buildRack, type Rack } from '../../sim/topology/rack';
import { verifyAcknowledged, verifySummary } from '../../sim/workload/verify';
import { VideoLoad } from '../../sim/workload/video-load';
import type { DayContext, DayOutcome, PrepareContext, SoakDayStep } from './day-step';
import { clausesOf, dayFaultPlan, type DayFault } from './fault-schedule';
import { incidentsOfDayChecks, type DayCheck } from './ledger';

export interface CoreSoakOptions {
  profile: Profile;
  /** the trial folder: day histories go to days/day-NNN/ */
  dir: string;
  trialId: string;
  /** names this session's containers and mounts (the reaper sweeps by it) */
  runId: string;
  /** the harness's work folder for this session's bays and mounts */
  workDir: string;
  /** the core's start and its image's tag (the command line picks them by --core) */
  startCore: StartCore;
  image: string;
  log: (msg: string) => void;
  /** the trial's replay command, written into each day's verdicts.json */
  replay?: string;
  /** writes a day's verdicts.json (and junit.xml): the command line hands in the checked writer of accept run */
  writeDayVerdicts: (dayDir: string, day: DayVerdicts) => void;
}

/** What a day's verdicts.json holds, as a run's does. */
export interface DayVerdicts {
  runId: string;
  seed: string;
  replay: string;
  profile: string;
  scenario: string;
  verdicts: Verdict[];
  coreTuning: CoreOptionSeen[];
  /** the day's wall-clock seconds on the real core, by scenario */
  seconds: Record<string, number>;
}

export class DayCutShort extends Error {}

export const dayFolder = (day: number) => join('days', `day-${String(day).padStart(3, '0')}`);

/** The soak of a trial day: the library's 'soak' at the profile's cameras, judged per day. */
export function soakLoadFor(profile: Profile, withFaults: boolean): VideoLoadSpec {
  const w = profile.workload;
  const spec = loadSpec('soak', {
    cameras: w.cameras,
    bitrateMbps: w.bitrateMbps,
    segmentSeconds: w.segmentSeconds,
    readEveryMs: w.readEveryMs,
    thresholds: profile.load?.thresholds,
    playDeadlineSeconds: playDeadlineOf(profile),
  });
  // a day's load is ended by the day, not by the library's 24 h
  delete spec.durationSeconds;
  // what a fault does to the load is judged by its clause (T3 stall bound, T6 full rate),
  // as in the fault scenarios; a threshold on the fault phase cannot hold through a master loss
  for (const k of Object.keys(spec.thresholds)) if (/phase\s*:\s*during/.test(k)) delete spec.thresholds[k];
  return withFaults ? steadyStateOnly(spec) : spec;
}

export class CoreSoakStep implements SoakDayStep {
  readonly name = 'soak+faults';
  readonly kinds = ['soak', 'faults'] as const;
  private cluster: StorageCore | null = null;
  private rack: Rack | null = null;
  private spawner: Spawner | null = null;
  private previousSpawner: CommandHelper | null = null;
  private history: HistoryWriter | null = null;
  private readonly nodes;
  private readonly settings;
  /** seconds the cluster was below goal when the last day ended: the next day inherits the debt */
  private belowGoalCarried = 0;

  constructor(private readonly o: CoreSoakOptions) {
    this.nodes = profileNodes(o.profile);
    this.settings = trialRunOf(o.profile).soak;
  }

  plan(seed: string, day: number): DayFault[] {
    return dayFaultPlan(seed, day, this.settings, this.nodes, this.o.profile.faults.hotplug.outSeconds);
  }

  async prepare(ctx: PrepareContext): Promise<void> {
    // the journal's faults must be the ones this seed gives: otherwise it is another trial
    for (const rec of ctx.previous) {
      if (!rec.faults) continue;
      const want = JSON.stringify(rec.faults.map((f) => f.id));
      const got = JSON.stringify(this.plan(ctx.seed, rec.day).map((f) => f.id));
      if (want !== got)
        throw new Error(
          `resume: replaying day ${rec.day} of the fault schedule gives ${got} but the journal has ${want}: the journal was written with another seed or profile`,
        );
    }
    const p = this.o.profile;
    this.spawner = Spawner.start();
    this.previousSpawner = startCommandsWith(this.spawner);
    this.o.log(`soak: starting the real core for the trial: 1 master + ${this.nodes.length} storage nodes x ${this.nodes[0]?.bays} bays`);
    this.cluster = await this.o.startCore({
      runId: this.o.runId,
      runDir: this.o.workDir,
      image: this.o.image,
      goal: p.core.goal,
      nodes: this.nodes,
      replicationsDelayInit: p.core.replicationsDelayInitSeconds,
      // as every scenario's master: each change written to the changelog before it is answered
      masterConfig: p.core.masterConfig,
      restartOnFailure: true,
      log: this.o.log,
    });
    // a day's recordings removed at its end are gone, not kept in a trash for a day more with
    // their chunks (a failed write's chunk with no copy would count as missing on the next day)
    await this.cluster.setNoTrash('/');
    this.rack = await buildRack(this.cluster, this.cluster.nodes, {
      seed: ctx.seed,
      baySizeMiB: this.nodes[0]?.baySizeMiB ?? 1024,
      record: (e) => this.history?.append(e),
    });
  }

  async run(ctx: DayContext): Promise<DayOutcome> {
    const c = this.cluster;
    const rack = this.rack;
    if (!c || !rack) throw new Error('soak step not prepared');
    const p = this.o.profile;
    const plan = this.plan(ctx.seed, ctx.day);
    const rel = dayFolder(ctx.day);
    const dayDir = join(this.o.dir, rel);
    // a day cut short earlier left a partial folder: the day runs again from nothing
    if (existsSync(dayDir)) rmSync(dayDir, { recursive: true, force: true });
    mkdirSync(dayDir, { recursive: true });
    const clock = new RunClock(1);
    const history = new HistoryWriter(join(dayDir, 'history.jsonl'), clock);
    this.history = history;
    // follows the day's writes from the first one: a fault's baseline rate is read from before it
    const rates = new WriteRateWatch(history);
    const clauses = clausesOf(plan);
    history.append({
      kind: 'run.start',
      runId: `${this.o.trialId}-day-${ctx.day}`,
      seed: ctx.seed,
      scenario: 'trial-day',
      variant: 'reference',
      clauses,
      accel: 1,
      trialDay: ctx.day,
      trialAccel: ctx.accel,
    });
    history.append({
      kind: 'topology.up',
      core: c.name,
      version: c.version,
      master: c.masterAddress,
      nodes: c.nodes,
      goal: p.core.goal,
      seconds: 0,
    });
    // the system under test as it runs each day: every option that differs from what the core ships
    const options = await c.configDifferences();
    history.append({ kind: 'core.config', options });
    const coreTuning = options.filter((o) => o.kind === 'tuning');
    const observer = new CoreObserver(c, history, p.scaleout.pollMs);
    observer.start();
    const spec = soakLoadFor(p, plan.length > 0);
    const load = new VideoLoad(spec, {
      mountPoint: c.mountPoint,
      readMountPoint: c.readMount.path,
      history,
      clock,
      seed: `${ctx.seed}/trial-day-${ctx.day}`,
      unblockMount: () => c.replaceWriteMount(),
    });
    // writer threads up before the first camera is due (their start-up is not the core's latency)
    await load.prepare();
    load.start();
    const t0 = Date.now();
    const elapsedS = () => (Date.now() - t0) / 1000;
    const daySeconds = Math.max(ctx.budgetMs / 1000, this.settings.minDaySeconds);
    const waitUntil = async (s: number) => {
      const ms = s * 1000 - (Date.now() - t0);
      if (ms > 0) await sleep(ms, ctx.signal);
      if (ctx.signal?.aborted) throw new DayCutShort(`day ${ctx.day} interrupted`);
    };
    let loadEnded = false;
    // crash faults of the day that had not healed when the nemesis' watch ended
    const unhealed: string[] = [];
    try {
      const h = p.faults.selfHeal;
      for (const f of plan) {
        // simulated arrival inside the day, mapped onto the day's wall-clock slice; a fault
        // never starts before the warm-up (the T6 baseline) nor while the nemesis still
        // waits for the previous one to heal (sim/heal/healed.ts, within observeMaxSeconds)
        await waitUntil(this.settings.warmupSeconds + f.atFraction * Math.max(0, daySeconds - this.settings.warmupSeconds));
        const outcome = await runFault(
          { id: f.id, atSeconds: elapsedS(), fault: f.fault },
          {
            cluster: c,
            rack,
            history,
            selfHeal: {
              enabled: true,
              watchdogSeconds: h.watchdogSeconds,
              simulatedBootSeconds: h.simulatedBootSeconds,
              powerOffSeconds: h.powerOffSeconds,
              observeMaxSeconds: h.observeMaxSeconds,
            },
            newestSegment: () => load.acked[load.acked.length - 1]?.path ?? null,
            log: this.o.log,
            signal: ctx.signal,
          },
        );
        // 'healed' as the day's T6 verdict reads it: the same definition, the same last observation
        if (outcome && !outcome.healed) {
          unhealed.push(f.id);
          this.o.log(
            `day ${ctx.day}: ${f.id} not healed after ${outcome.waitedSeconds} s (${outcome.pending.join('; ')}); the day's faults go on, on a cluster that has not healed`,
          );
        }
        if (f.fault.fault === 'crash') {
          // and until the write rate is back (T6's definition), or its bound: the next fault would cut a slow recovery short
          const r = await rates.settle(f.id, { ...rateSettleOf(p), minSeconds: h.settleSeconds }, undefined, ctx.signal);
          if (ctx.signal?.aborted) throw new DayCutShort(`day ${ctx.day} interrupted`);
          if (r.ended === 'bound')
            this.o.log(`day ${ctx.day}: ${f.id}: write rate not back within ${p.thresholds.T6.maxSelfHealSeconds} s`);
        } else await waitUntil(elapsedS() + p.faults.hotplug.gapSeconds);
      }
      rates.stop();
      if (plan.some((f) => f.fault.fault === 'disk-pull')) await waitUntil(elapsedS() + p.faults.hotplug.settleSeconds);
      await waitUntil(daySeconds);
      loadEnded = true;
      const outcome = await load.finish();
      writeFileSync(join(dayDir, 'load-summary.json'), JSON.stringify(outcome.summary, null, 2));
      await observer.observeOnce();
      await observer.stop();
      history.append({ kind: 'core.disks', disks: await c.diskViews() });
      const v = await verifyAcknowledged(load.acked, c.readMount, history, p.verify);
      this.o.log(`day ${ctx.day}: ${verifySummary(v, load.acked.length, p.verify)}`);
      history.append({ kind: 'run.end', ...v, acked: load.acked.length });
    } finally {
      if (!loadEnded) await load.abort('the trial day was cut short');
      await observer.stop().catch(() => undefined);
      history.close();
      this.history = null;
    }
    const wallSeconds = Math.round(elapsedS() * 10) / 10;
    // halted (its deadline, an interrupt) after the teardown freed what hung: not judged, not journalled
    if (ctx.signal?.aborted) throw new DayCutShort(`day ${ctx.day} halted`);

    const { events } = readHistory(join(dayDir, 'history.jsonl'));
    const verdicts = judge(events, p);
    // the day's verdicts as a run's (format 2, checked, with junit.xml); its faults are in the journal and the history
    this.o.writeDayVerdicts(dayDir, {
      runId: `${this.o.trialId}-day-${ctx.day}`,
      seed: ctx.seed,
      replay: this.o.replay ?? `npx accept trial --seed ${ctx.seed} --accel ${ctx.accel}`,
      profile: p.id,
      scenario: 'trial-day/reference',
      verdicts,
      coreTuning,
      seconds: { 'trial-day': wallSeconds },
    });
    // every recording the day began, acknowledged or not: a write the fault cut short can leave
    // a chunk with no copy, which the core would go on counting missing on every later day
    const written = pathsByAcknowledgement(events);
    await forgetDay(c.mountPoint, [...written.acknowledged, ...written.unacknowledged]);
    const checks: DayCheck[] = verdicts.map((v) => ({
      clause: v.clause,
      status: v.status,
      history: `${rel}/history.jsonl`,
      reasons: v.reasons.slice(0, 4),
    }));
    if (verdicts.length === 0) {
      const l = checkLoad(events);
      checks.push({
        clause: 'load',
        status: l.status === 'ABSENT' ? 'INCONCLUSIVE' : l.status,
        history: `${rel}/history.jsonl`,
        reasons: l.reasons.slice(0, 4),
      });
    }
    // chunks below goal past T6's bound are a heal that did not come, on whichever day they persist
    const redundancy = checkRedundancy(events, {
      maxBelowGoalSeconds: p.thresholds.T6.maxSelfHealSeconds,
      carriedSeconds: this.belowGoalCarried,
    });
    this.belowGoalCarried = redundancy.belowGoalAtEndSeconds;
    checks.push({
      clause: 'redundancy',
      status: redundancy.status,
      history: `${rel}/history.jsonl`,
      reasons: redundancy.reasons.slice(0, 4),
    });
    const lost = readBacksOf(events).filter((e) => e.outcome !== 'ok').length;
    if (lost > 0 && !clauses.includes('T3'))
      checks.push({
        clause: 'durability',
        status: 'FAIL',
        history: `${rel}/history.jsonl`,
        reasons: [`${lost} acknowledged segments lost or corrupt`],
      });
    const incidents = incidentsOfDayChecks(ctx.day, checks, this.name, { faults: plan.map((f) => f.id) });
    const segs = events.filter((e) => e.kind === 'segment.write' && e.outcome === 'ok').length;
    return {
      incidents,
      observations: {
        'soak.wallSeconds': wallSeconds,
        'soak.segments': segs,
        'soak.lost': lost,
        'faults.injected': plan.length,
        'faults.diskPull': plan.filter((f) => f.fault.fault === 'disk-pull').length,
        'faults.crash': plan.filter((f) => f.fault.fault === 'crash').length,
        'faults.unhealed': unhealed.length,
        'redundancy.longestBelowGoalSeconds': redundancy.spans.reduce((m, x) => Math.max(m, x.seconds), 0),
        'redundancy.belowGoalAtEndSeconds': redundancy.belowGoalAtEndSeconds,
        'checks.pass': checks.filter((k) => k.status === 'PASS').length,
        'checks.fail': checks.filter((k) => k.status === 'FAIL').length,
        'checks.inconclusive': checks.filter((k) => k.status === 'INCONCLUSIVE').length,
      },
      parts: [
        { name: 'soak', nature: 'measured' },
        { name: 'faults', nature: 'measured' },
      ],
      faults: plan.map((f) => ({ id: f.id, atFraction: f.atFraction, fault: { ...f.fault } })),
      checks,
      coreTuning,
    };
  }

  async close(o?: { abort?: boolean }): Promise<void> {
    await this.rack?.close().catch(() => undefined);
    this.rack = null;
    if (this.cluster) await this.cluster.stop(o).catch((e) => this.o.log(`soak: cluster stop failed: ${(e as Error).message}`));
    this.cluster = null;
    if (this.spawner) {
      startCommandsWith(this.previousSpawner);
      this.spawner.stop();
      this.spawner = null;
    }
  }
}

/**
 * The cameras' data of a judged day removed: the small pool keeps one day (retention). By
 * bounded commands, after the verdicts are written: a hung mount must not keep a day from its
 * verdict nor stop the event loop (a stuck unlink holds a libuv thread for good).
 */
async function forgetDay(mountPoint: string, paths: readonly string[]): Promise<void> {
  const batches: string[][] = [];
  for (let i = 0; i < paths.length; i += FORGET_BATCH) batches.push(paths.slice(i, i + FORGET_BATCH).map((p) => join(mountPoint, p)));
  let stuck = false;
  await mapLimit(batches, 4, async (files) => {
    if (stuck) return;
    const r = await run('rm', ['-f', '--', ...files], { timeoutMs: 60_000, allowFailure: true });
    if (r.code === 124) stuck = true;
  });
}

/** files per rm command */
const FORGET_BATCH = 200;
