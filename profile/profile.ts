// The contract profile: every number of the contract and of the test set-up that a
// person may change, validated with zod so that an error names the bad field.
// Values the OCR of the contract lost are 'to-be-confirmed' and shown as such in reports.
import { CRASH_MODES, crashModeSchema } from '../sim/plan/faults';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BUILTIN_METRICS } from '../sim/load/engine';
import type { MetricType, ValueKind } from '../sim/load/metrics';
import { type MetricRegistryView, type Threshold, ThresholdParseError, parseThresholds, thresholdTypeError } from '../sim/load/thresholds';
import { VIDEO_METRICS } from '../sim/workload/video-metrics';

/** A contract value (days, hours, years). The contract counts days and years in whole units,
 *  so those must be whole numbers; every one is a duration, so it must be above zero. */
const contractValue = (whole: boolean) =>
  z
    .object({
      value: (whole ? z.number().int('whole days or years (no fractions)') : z.number())
        .positive('a duration in the contract must be above zero')
        .nullable(),
      unit: z.string(),
      status: z.enum(['confirmed', 'to-be-confirmed']),
      note: z.string().optional(),
    })
    .strict()
    .refine((v) => v.status === 'to-be-confirmed' || v.value !== null, { message: 'a confirmed value needs a number' });

// the core's own option names (MooseFS: upper case), refused at load rather than when the node starts
const coreOptions = z.record(z.string(), z.union([z.string(), z.number()])).superRefine((options, ctx) => {
  for (const key of Object.keys(options))
    if (!/^[A-Z][A-Z0-9_]*$/.test(key))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `'${key}' is not a core option's name: upper case, as in the core's own file (e.g. HDD_FSYNC_BEFORE_CLOSE)`,
      });
});

/** MooseFS ships HDD_FSYNC_BEFORE_CLOSE 0: a power cut then empties chunk files whose writes were
 *  acknowledged, and the master counts them as copies until it reads them (README, issue 18 item 11). */
export const SYNCED_CHUNKSERVER: Readonly<Record<string, number>> = { HDD_FSYNC_BEFORE_CLOSE: 1 };

/** MooseFS ships CHANGELOG_SAVE_MODE 0: the master answers a change before a background process
 *  has written it to its changelog, so a master that dies loses acknowledged files (seen in the
 *  self-heal reference: segments gone or corrupt after a master kill). 1: written before the answer,
 *  which a dying master process keeps (the harness's master faults); 2 would also fsync it, what a
 *  real power cut needs, and slowed the master's deletions under CI load (README). */
export const SYNCED_MASTER: Readonly<Record<string, number>> = { CHANGELOG_SAVE_MODE: 1 };

/** T6 self-heal: how faults are given, how long they are watched, how 'writes back at full rate' is measured */
const selfHealSchema = z
  .object({
    warmupSeconds: z.number().positive().default(20),
    /** the node's BMC watchdog resets a node whose OS stopped petting it (cannot run a process) this long (real seconds) */
    watchdogSeconds: z.number().positive().default(30),
    /** SIMULATED firmware POST + OS boot of a real server after a power loss or a reset; the vendor
     *  should confirm it on the delivered machines. A storage node's is added to the measured time;
     *  the master is kept down for it in real time (its clocks run on through a boot). Shown apart. */
    simulatedBootSeconds: z.number().min(0).default(60),
    /** how long the power stays off in a power-loss fault (real seconds) */
    powerOffSeconds: z.number().positive().default(10),
    /** throughput counts as back at full rate at this fraction of the baseline before the fault */
    fullRateFraction: z.number().min(0.1).max(1).default(0.9),
    /** the pre-fault rate is the cameras' acknowledged bytes over this many seconds before the fault */
    baselineSeconds: z.number().positive().default(20),
    /** the rate after the fault is measured over windows of this many seconds (several segments long) */
    rateWindowSeconds: z.number().positive().default(5),
    /** longest the harness waits for a recovery; beyond the threshold a missing recovery is FAIL */
    observeMaxSeconds: z.number().positive().default(200),
    /** after a heal the load runs this long before the next fault (the next fault's 'before' and the full-rate window need it) */
    settleSeconds: z.number().min(0).default(25),
  })
  .strict();

export const profileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    description: z.string(),
    project: z
      .object({
        name: z.object({ zh: z.string(), en: z.string() }).strict(),
        buyer: z.object({ zh: z.string(), en: z.string() }).strict(),
        seller: z.object({ zh: z.string(), en: z.string() }).strict(),
        totalPriceCNY: z.number().positive(),
      })
      .strict(),
    core: z
      .object({
        goal: z.number().int().min(1).max(9),
        replicationsDelayInitSeconds: z.number().int().min(0).max(3600),
        /** every storage node's core options (each listed in the reports as differing from the shipped defaults) */
        chunkserverConfig: coreOptions.default(SYNCED_CHUNKSERVER),
        /** the master's core options (mfsmaster.cfg; listed in the reports as differing from the shipped defaults) */
        masterConfig: coreOptions.default(SYNCED_MASTER),
      })
      .strict(),
    topology: z
      .object({
        storageNodes: z.number().int().min(1).max(16),
        baysPerNode: z
          .number()
          .int()
          .refine((n) => [24, 36, 48].includes(n), 'a contracted node has 24, 36 or 48 bays'),
        baySizeMiB: z
          .number()
          .int()
          .min(512, 'MooseFS leaves 64 MiB free per disk; a bay below 512 MiB holds almost nothing')
          .max(1024 * 1024),
      })
      .strict(),
    workload: z
      .object({
        cameras: z.number().int().min(1).max(1024),
        bitrateMbps: z.number().positive().max(100),
        segmentSeconds: z.number().positive().max(600),
        readEveryMs: z.number().int().min(0),
      })
      .strict(),
    scaleout: z
      .object({
        warmupSeconds: z.number().positive(),
        observeSeconds: z.number().positive(),
        pollMs: z.number().int().min(100).max(10_000),
        newNodeBays: z
          .number()
          .int()
          .refine((n) => [24, 36, 48].includes(n), 'a contracted node has 24, 36 or 48 bays'),
      })
      .strict(),
    thresholds: z
      .object({
        T8: z
          .object({
            maxSecondsToFirstChunk: z.number().positive(),
            maxMigratedFraction: z.number().min(0).max(1),
            minWindowCopies: z.number().int().min(1),
            /** (c) the new node's share of new chunk copies must be above this (0: any copy at all) */
            minNewCopyShare: z.number().min(0).max(1).default(0),
            /** (c) and reach this fraction of an equal share (1 / nodes after the add): a few copies
             *  that rebalancing moved there later are not new writes landing on the new node */
            minNewCopyShareOfEqual: z.number().min(0).max(1).default(0.5),
          })
          .strict(),
        T6: z.object({ maxSelfHealSeconds: z.number().positive() }).strict(),
      })
      .strict(),
    trial: z
      .object({
        buildPeriodDays: contractValue(true),
        initialAcceptanceWindowDays: contractValue(true),
        trialDays: contractValue(true),
        extensionDays: contractValue(true),
        finalAcceptanceWindowDays: contractValue(true),
        warrantyYears: contractValue(true),
        // a response time may be given in fractions of an hour (0.5 h = 30 min)
        responseHours: contractValue(false),
        repairDays: contractValue(true),
      })
      .strict(),
    /** fault scenarios (T3, T6, link loss); optional, defaults below */
    faults: z
      .object({
        hotplug: z
          .object({
            /** bays pulled per run, one after the other (the first is the bay with the newest chunks) */
            pulls: z.number().int().min(1).max(48).default(3),
            warmupSeconds: z.number().positive().default(15),
            outSeconds: z.number().positive().default(10),
            gapSeconds: z.number().min(0).default(5),
            settleSeconds: z.number().min(0).default(20),
            /** a field pull: how long each step's effect is waited for (by the BMC after the answer, by the core after the BMC) */
            noticeWatchSeconds: z.number().positive().default(60),
            /** T3 'service not interrupted': the longest time any camera went without an acknowledged segment */
            maxWriteStallSeconds: z.number().positive().default(10),
            maxReadErrors: z.number().int().min(0).default(0),
          })
          .strict()
          .prefault({}),
        selfHeal: selfHealSchema.prefault({}),
        /** T5 delayed disk kick: I/O errors injected into the real chunkserver (sim/nemesis/io-errors.ts) */
        delayedKick: z
          .object({
            warmupSeconds: z.number().positive().default(10),
            /** failed chunk I/O calls in one burst; a core that tolerates transient errors keeps the disk
             *  (MooseFS: more than HDD_ERROR_TOLERANCE_COUNT, default 2, errors in the period eject it) */
            burstErrors: z.number().int().min(1).max(100).default(2),
            /** how long the disk is watched after a burst: it must stay ok and in use */
            burstObserveSeconds: z.number().positive().default(20),
            /** a burst waits this long for the bay to see enough I/O */
            burstMaxWaitSeconds: z.number().positive().default(90),
            /** a persistently failing disk must be ejected within this (else it keeps failing I/O) */
            maxEjectionSeconds: z.number().positive().default(120),
            /** a disk ejected at fewer errors than this was kicked 'at once' */
            minErrorsBeforeEjection: z.number().int().min(2).default(2),
            settleSeconds: z.number().min(0).default(10),
          })
          .strict()
          .prefault({}),
        /** T9 node lifecycle and failover (sim/nemesis/lifecycle.ts): add, drain, delete a node; a node dying under load */
        lifecycle: z
          .object({
            warmupSeconds: z.number().positive().default(20),
            /** the load runs this long after each step before the next one */
            gapSeconds: z.number().min(0).default(5),
            /** the core must declare a drained node ready for removal within this (MooseFS 3.0.117 needs at least
             *  two chunk loops of CHUNKS_LOOP_MIN_TIME >= 60 s: one to copy, one more to say 'ready') */
            maxDrainSeconds: z.number().positive().default(300),
            /** a node dead for good: every chunk back at goal on the other nodes within this */
            maxFailoverSeconds: z.number().positive().default(180),
            /** the longest time any camera may go without an acknowledged segment while a node dies */
            maxWriteStallSeconds: z.number().positive().default(10),
            observeSeconds: z.number().min(0).default(15),
            /** mfsmaster.cfg options for the lifecycle runs (replication pace; see scenarios/lifecycle.ts) */
            masterConfig: z
              .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.union([z.string(), z.number()]))
              .default({ CHUNKS_LOOP_MIN_TIME: 60, CHUNKS_WRITE_REP_LIMIT: '4,4,1,4', CHUNKS_READ_REP_LIMIT: '20,20,2,5' }),
          })
          .strict()
          .prefault({}),
        /** link loss of a node's switch port (T9 failover, judged by T3's rules) */
        linkLoss: z
          .object({
            warmupSeconds: z.number().positive().default(15),
            /** the link stays down until the master lists the node disconnected, at most this long */
            detectTimeoutSeconds: z.number().positive().default(60),
            /** a short flap: the link down this long */
            flapSeconds: z.number().positive().default(2),
            /** after the link is back, watch the master this long (a flap noticed late) */
            watchSeconds: z.number().min(0).default(15),
            gapSeconds: z.number().min(0).default(10),
            maxWriteStallSeconds: z.number().positive().default(15),
            maxReadErrors: z.number().int().min(0).default(0),
            /** the longest a playback read may take while a link is out: a read hangs on the cut node until the
             *  master declares it gone (MooseFS 3.0.117: MATOCS_TIMEOUT 10 s; 14 s measured on a loaded machine),
             *  then goes to another copy; longer means no reachable copy (the goal-1 control) */
            maxReadSeconds: z.number().positive().default(20),
            observeSeconds: z.number().min(0).default(10),
            /** S6: a node's port mirrored to the analyzer this long under the load (and watched as long after),
             *  during the warm-up, before the link steps */
            mirrorProbeSeconds: z.number().positive().default(5),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** the load behind the fault scenarios (scenarios/load-library.ts); optional */
    load: z
      .object({
        /** library entry run in the background: steady, peak, mixed or soak (default steady) */
        background: z.enum(['steady', 'peak', 'mixed', 'soak']).default('steady'),
        /** k6 thresholds replacing the library's for the same metric key, e.g.
         *  { "write_latency{role:camera}": ["p(99)<3000"] }; [] removes one */
        thresholds: z.record(z.string(), z.array(z.string())).optional(),
      })
      .strict()
      .optional(),
    /** T7 mixed cluster: 24/36/48-bay nodes with different CPU/memory limits and CPU architectures; optional, defaults below */
    mixed: z
      .object({
        nodes: z
          .array(
            z
              .object({
                bays: z
                  .number()
                  .int()
                  .refine((n) => [24, 36, 48].includes(n), 'a contracted node has 24, 36 or 48 bays'),
                /** CPU limit (cgroup CFS quota), cores */
                cpus: z.number().positive().max(64),
                /** memory limit (cgroup), MiB */
                memoryMiB: z.number().int().min(128),
                /** arm64 runs under qemu user-mode emulation; where this machine cannot, that part of T7 is INCONCLUSIVE */
                arch: z.enum(['amd64', 'arm64']).default('amd64'),
              })
              .strict(),
          )
          .min(2)
          .default([
            { bays: 48, cpus: 1, memoryMiB: 768, arch: 'amd64' },
            { bays: 36, cpus: 0.5, memoryMiB: 512, arch: 'amd64' },
            // emulation costs the arm64 node CPU that a real arm64 server does not pay
            { bays: 24, cpus: 0.75, memoryMiB: 384, arch: 'arm64' },
          ]),
        /** the load runs this long (real seconds); every acknowledged segment is new data */
        observeSeconds: z.number().positive().default(60),
        pollMs: z.number().int().min(100).max(10_000).default(1000),
        /** each node's share of new chunk copies may differ from its share of free space by at most this, percentage points */
        shareTolerancePp: z.number().positive().max(50).default(10),
        /** fewer chunk copies than this and the shares mean nothing (INCONCLUSIVE) */
        minCopies: z.number().int().min(1).default(100),
      })
      .strict()
      .prefault({}),
    /** the encryption scenario (T4): when the probe looks for known plaintext at rest and in downloads; optional, defaults below */
    encryption: z
      .object({
        /** seconds of camera load before the probe: the segments it samples are acknowledged by then */
        probeAtSeconds: z.number().positive().default(20),
        /** acknowledged segments whose plaintext is looked for (two at least: keystreams are compared in pairs) */
        samples: z.number().int().min(2).max(64).default(8),
        /** the load goes on this long after the probe */
        observeSeconds: z.number().min(0).default(5),
      })
      .strict()
      .prefault({}),
    /** the elastic-capacity scenario (T10): retention periods in seconds of wall clock (the contract's days, shortened
     *  for a run), when the quota and the period change, and the bounds; optional, defaults below */
    elasticCapacity: z
      .object({
        initialRetentionSeconds: z.number().positive().default(10),
        longerRetentionSeconds: z.number().positive().default(20),
        shorterRetentionSeconds: z.number().positive().default(6),
        /** the load before the first change; each later change after the previous one's watch */
        warmupSeconds: z.number().positive().default(6),
        /** how long the folder's use is watched after a change */
        watchSeconds: z.number().positive().default(4),
        /** after the shortening, long enough for what it frees to go (sweeps + deletions) */
        freeSeconds: z.number().positive().default(10),
        /** and on while the folder's use still falls, up to this in all (a deleter slowed by a loaded machine catches up) */
        freeAtMostSeconds: z.number().positive().default(30),
        sweepMs: z.number().int().min(200).max(10_000).default(1000),
        maxWriteStallSeconds: z.number().positive().default(15),
        minFreedShare: z.number().min(0.1).max(1).default(0.5),
        observeSeconds: z.number().min(0).default(4),
      })
      .strict()
      .prefault({}),
    /** the read-back of every acknowledged segment at the end of a run (sim/workload/verify.ts); optional, defaults below */
    verify: z
      .object({
        /** a segment not read back within this is 'unreadable' (mfsmount retries a chunk no server holds for minutes) */
        readDeadlineSeconds: z.number().positive().default(30),
        /** the whole read-back ends within this, so a run always reaches its verdicts; what is not read by then is 'unreadable' */
        maxTotalSeconds: z.number().positive().default(900),
        /** reads in flight at once */
        parallel: z.number().int().min(1).max(64).default(4),
      })
      .strict()
      .prefault({}),
    /** one scenario's run ends by this whatever hangs in it (a hung core or client): torn down, judged on what it measured (no PASS); optional */
    run: z
      .object({ deadlineMinutes: z.number().positive().default(120) })
      .strict()
      .prefault({}),
    /** the model-based property runs' own windows (the clause bounds are the thresholds above); optional, defaults below */
    properties: z
      .object({
        /** a read of one segment by the model system is given up after this */
        readSeconds: z.number().positive().default(20),
        /** the twin's BMC watchdog resets a hung node after this much silence (a simulated agent's setting) */
        watchdogSeconds: z.number().positive().default(5),
        /** a sequence starts once every chunk is at goal again, within this */
        settleSeconds: z.number().positive().default(90),
        /** the self-heal bound of the no-self-heal kind: its crashed node never comes back, so a shorter watch proves the same */
        brokenSelfHealSeconds: z.number().positive().default(30),
        /** the scale-out bound of the cannot-receive-chunks kind: its added node never gets a chunk (the reference's: 6-16 s) */
        brokenScaleOutSeconds: z.number().positive().default(30),
      })
      .strict()
      .prefault({}),
    /** the alarm scenario (M3, M5, M6): reference operations stack timings, routes, bounds */
    alarms: z
      .object({
        /** its own small cluster: the fill for M3 must end in minutes */
        nodes: z.number().int().min(2).max(4).default(2),
        bays: z
          .number()
          .int()
          .refine((n) => [24, 36, 48].includes(n), 'a contracted node has 24, 36 or 48 bays')
          .default(24),
        baySizeMiB: z.number().int().min(96).max(1024).default(128),
        /** Prometheus scrape and rule evaluation interval (test profile: short, so checks end in minutes) */
        scrapeSeconds: z.number().positive().default(1),
        evaluationSeconds: z.number().positive().default(1),
        /** Alertmanager route timings */
        groupWaitSeconds: z.number().positive().default(2),
        groupIntervalSeconds: z.number().positive().default(5),
        repeatIntervalSeconds: z.number().positive().default(3600),
        /** M5: fault in the twin -> message at each channel, wall clock */
        maxLatencySeconds: z.number().positive().default(30),
        /** M5: fault repaired -> resolution notice at each channel */
        maxResolveSeconds: z.number().positive().default(60),
        routes: z
          .object({
            critical: z
              .array(z.enum(['dingtalk', 'wecom', 'sms', 'email', 'webhook']))
              .min(1)
              .default(['dingtalk', 'wecom', 'sms', 'email', 'webhook']),
            warning: z
              .array(z.enum(['dingtalk', 'wecom', 'sms', 'email', 'webhook']))
              .min(1)
              .default(['dingtalk', 'wecom', 'email', 'webhook']),
          })
          .strict()
          .prefault({}),
        /** M6 de-duplication: the same fault re-reported for this long */
        repeatSeconds: z.number().positive().default(20),
        /** M6 merging: disks of one node failing at once */
        mergeDisks: z.number().int().min(2).max(8).default(3),
        capacity: z
          .object({
            /** predict_linear look-ahead N: exhaustion predicted within N seconds warns. The test
             *  cluster fills in minutes, so N is scaled to it; a deployment would use days (7 d = 604800 s) */
            horizonSeconds: z.number().positive().default(60),
            /** predict_linear range window */
            windowSeconds: z.number().positive().default(20),
            /** M3: the warning must come at least this long before exhaustion */
            minLeadSeconds: z.number().min(0).default(10),
            fillMaxSeconds: z.number().positive().default(300),
            /** the cluster counts as exhausted below this free share (or at the first ENOSPC) */
            exhaustedBelowPercent: z.number().min(0).max(50).default(1),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** the operations scenario (T11, M7, M2, M4); optional, defaults below */
    operations: z
      .object({
        warmupSeconds: z.number().positive().default(15),
        observeSeconds: z.number().min(0).default(10),
        /** SIMULATED virtual days the twins' disks age (a basic check each day) */
        agingDays: z.number().int().min(1).max(3650).default(14),
        /** seeded media defects put into twin disks: graded faulty / sub-healthy */
        faultyDisks: z.number().int().min(0).max(16).default(2),
        subHealthyDisks: z.number().int().min(0).max(16).default(2),
        rack: z
          .object({
            name: z.string().default('R01'),
            firstU: z.number().int().min(1).default(1),
            unitsPerNode: z.number().int().min(1).max(8).default(4),
          })
          .strict()
          .prefault({}),
        page: z
          .object({
            pollMs: z.number().int().min(100).default(500),
            refreshMs: z.number().int().min(100).default(1000),
            withinSeconds: z.number().positive().default(10),
          })
          .strict()
          .prefault({}),
        /** T11: checks each disk must have in its history */
        minCheckRounds: z.number().int().min(1).default(7),
        /** M7: longest a single replacement may take (pull, blank insert, the core lists it ok) */
        maxReplaceSeconds: z.number().positive().default(60),
        /** M4: the contract's 录像周期 and the longest gap in a camera's kept recording */
        retentionDays: z.number().int().positive().default(30),
        maxGapSeconds: z.number().positive().default(10),
      })
      .strict()
      .prefault({}),
    /** how `accept trial` counts problems (P4/P5); optional, defaults below */
    trialRun: z
      .object({
        /** a twin disk reaching this health grade is a trial problem; 'never': none counted */
        incidentDiskGrade: z.enum(['sub-healthy', 'faulty', 'never']).default('faulty'),
        /** replace a faulty twin disk the next day (the service plan, W2) */
        replaceFaultyDisks: z.boolean().default(true),
        /** the driver stops a trial still being extended after trialDays + this many days */
        maxExtraDays: z.number().int().min(0).default(180),
        /** the soak of each trial day: cameras on the real core, faults at seeded rates */
        soak: z
          .object({
            enabled: z.boolean().default(true),
            /** each day's load runs at least this many wall seconds (a day of 86400/accel s may be shorter) */
            minDaySeconds: z.number().min(0).default(30),
            /** load before the day's first fault (T6's full-rate baseline needs 20 s) */
            warmupSeconds: z.number().min(0).default(25),
            /** mean faults per virtual day (Poisson), drawn from the trial seed and the day */
            faultsPerDay: z
              .object({ diskPull: z.number().min(0).max(10).default(0.3), crash: z.number().min(0).max(10).default(0.2) })
              .strict()
              .prefault({}),
            maxFaultsPerDay: z.number().int().min(0).max(10).default(3),
            crashModes: z
              .array(crashModeSchema)
              .min(1)
              .default([...CRASH_MODES]),
            crashTargets: z
              .array(z.enum(['node', 'master']))
              .min(1)
              .default(['node', 'master']),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .optional(),
    /** `accept final`: which scenarios' reference variants run again after the trial */
    final: z
      .object({
        /** 'all': every scenario of the registry (scenarios/index.ts); or a list of scenario ids (a short mode) */
        rerunScenarios: z.union([z.literal('all'), z.array(z.string()).min(1)]).default('all'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const goal = p.core.goal;
    // a goal above the node count can never be met: every chunk would stay endangered
    if (goal > p.topology.storageNodes)
      issue(['core', 'goal'], `goal ${goal} is above topology.storageNodes ${p.topology.storageNodes}: no chunk could reach its goal`);
    if (goal > p.mixed.nodes.length)
      issue(['core', 'goal'], `goal ${goal} is above the ${p.mixed.nodes.length} nodes of mixed.nodes (T7's cluster)`);
    if (goal > p.alarms.nodes)
      issue(['core', 'goal'], `goal ${goal} is above alarms.nodes ${p.alarms.nodes} (the alarm scenario's cluster)`);
    // S6's mirror probe (two windows) must end in the link-loss warm-up, before the first link step
    const cap = p.elasticCapacity;
    if (!(cap.shorterRetentionSeconds < cap.initialRetentionSeconds && cap.initialRetentionSeconds < cap.longerRetentionSeconds))
      issue(
        ['elasticCapacity', 'shorterRetentionSeconds'],
        `retention periods ${cap.shorterRetentionSeconds} < ${cap.initialRetentionSeconds} < ${cap.longerRetentionSeconds} s required: the period is lengthened, then shortened below where it started`,
      );
    if (p.run.deadlineMinutes * 60 <= p.verify.maxTotalSeconds)
      issue(
        ['run', 'deadlineMinutes'],
        `deadlineMinutes ${p.run.deadlineMinutes} is not above verify.maxTotalSeconds ${p.verify.maxTotalSeconds} s: every run would end at its deadline in its read-back`,
      );
    if (cap.freeAtMostSeconds < cap.freeSeconds)
      issue(
        ['elasticCapacity', 'freeAtMostSeconds'],
        `freeAtMostSeconds ${cap.freeAtMostSeconds} is below freeSeconds ${cap.freeSeconds}: the watch after a shortening is at least freeSeconds`,
      );
    const ll = p.faults.linkLoss;
    if (ll.warmupSeconds < 2 * ll.mirrorProbeSeconds + 4)
      issue(
        ['faults', 'linkLoss', 'warmupSeconds'],
        `warmupSeconds ${ll.warmupSeconds} is below 2 x mirrorProbeSeconds + 4 = ${2 * ll.mirrorProbeSeconds + 4}: the mirror probe would run into the first link step`,
      );
    if (p.faults.hotplug.pulls > p.topology.baysPerNode)
      issue(['faults', 'hotplug', 'pulls'], `${p.faults.hotplug.pulls} pulls but a node has ${p.topology.baysPerNode} bays`);
    if (p.alarms.mergeDisks > p.alarms.bays)
      issue(['alarms', 'mergeDisks'], `${p.alarms.mergeDisks} disks failing at once but an alarm node has ${p.alarms.bays} bays`);
    const ops = p.operations;
    const bays = p.topology.storageNodes * p.topology.baysPerNode;
    if (ops.faultyDisks + ops.subHealthyDisks > bays)
      issue(
        ['operations', 'faultyDisks'],
        `${ops.faultyDisks} faulty + ${ops.subHealthyDisks} sub-healthy disks but the cluster has ${bays} bays`,
      );
    // the harness stops watching at observeMaxSeconds: a heal inside the contract's bound but after that would read as 'not healed'
    if (p.faults.selfHeal.observeMaxSeconds < p.thresholds.T6.maxSelfHealSeconds) {
      issue(
        ['faults', 'selfHeal', 'observeMaxSeconds'],
        `${p.faults.selfHeal.observeMaxSeconds} s is shorter than thresholds.T6.maxSelfHealSeconds ${p.thresholds.T6.maxSelfHealSeconds} s: a heal within the contract's bound would not be seen`,
      );
    }
    // the next fault's baseline is the write rate over the baselineSeconds before it: shorter settling would count the previous recovery
    if (p.faults.selfHeal.settleSeconds > 0 && p.faults.selfHeal.settleSeconds < p.faults.selfHeal.baselineSeconds) {
      issue(
        ['faults', 'selfHeal', 'settleSeconds'],
        `${p.faults.selfHeal.settleSeconds} s is shorter than faults.selfHeal.baselineSeconds ${p.faults.selfHeal.baselineSeconds} s: the next fault's baseline write rate would include the previous fault's recovery`,
      );
    }
    // load thresholds are parsed here, not when the load starts on a running cluster
    for (const message of loadThresholdProblems(p.load?.thresholds ?? {})) issue(['load', 'thresholds'], message);
  });

/** The metrics a profile's load thresholds may name: the camera load's and the engine's own. */
const LOAD_METRICS: Record<string, { type: MetricType; contains?: ValueKind }> = { ...BUILTIN_METRICS, ...VIDEO_METRICS };

/** Every problem of a profile's load.thresholds: syntax (k6 expressions), unknown metrics, an aggregation the metric's type has not. */
export function loadThresholdProblems(thresholds: Record<string, string[]>): string[] {
  let parsed: Threshold[];
  try {
    parsed = parseThresholds(thresholds);
  } catch (e) {
    if (e instanceof ThresholdParseError) return e.message.split('\n');
    throw e;
  }
  // the same type check the load engine makes at its start, against the known metric types
  const view = {
    get: (name: string) => (LOAD_METRICS[name] ? { name, ...LOAD_METRICS[name] } : undefined),
    find: () => undefined,
  } as unknown as MetricRegistryView;
  return parsed.flatMap((t) => {
    if (!LOAD_METRICS[t.metric.name])
      return [
        `threshold '${t.source}' on '${t.metricKey}': unknown metric '${t.metric.name}' (known: ${Object.keys(LOAD_METRICS).sort().join(', ')})`,
      ];
    const typeError = thresholdTypeError(t, view);
    return typeError ? [typeError] : [];
  });
}

export type Profile = z.infer<typeof profileSchema>;

const profilesDir = fileURLToPath(new URL('./profiles/', import.meta.url));

export class ProfileError extends Error {}

/** Loads a profile by name (profile/profiles/<name>.json) or by path. */
export function loadProfile(nameOrPath: string): { profile: Profile; source: string } {
  const source = existsSync(nameOrPath) ? nameOrPath : join(profilesDir, `${nameOrPath}.json`);
  if (existsSync(source) && statSync(source).isDirectory()) throw new ProfileError(`profile ${nameOrPath} is a folder, not a JSON file`);
  if (!existsSync(source)) {
    throw new ProfileError(`profile '${nameOrPath}' not found: neither a file nor one of ${listProfiles().join(', ')}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(source, 'utf8'));
  } catch (e) {
    throw new ProfileError(`${source}: not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
  return { profile: parseProfile(raw, source), source };
}

export function parseProfile(raw: unknown, source = 'profile'): Profile {
  const r = profileSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ProfileError(`${source} is not a valid profile:\n${lines.join('\n')}`);
  }
  return r.data;
}

export function listProfiles(): string[] {
  return readdirSync(profilesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));
}

/**
 * A soak day's own worst case beyond its length, in seconds: the warm-up, each fault watched to
 * its end and the write rate awaited to T6's bound, the read-back's cap. `accept trial` refuses
 * a run.deadlineMinutes not above it (a slow but healthy day would be stopped as hung).
 */
export function trialDayWorstSeconds(p: Profile): number {
  const soak = trialRunOf(p).soak;
  return (
    soak.warmupSeconds +
    soak.maxFaultsPerDay * (p.faults.selfHeal.observeMaxSeconds + p.thresholds.T6.maxSelfHealSeconds) +
    p.verify.maxTotalSeconds
  );
}

/** trialRun with its defaults when the profile has none */
export function trialRunOf(p: Profile): NonNullable<Profile['trialRun']> {
  return p.trialRun ?? (profileSchema.shape.trialRun.unwrap().parse({}) as NonNullable<Profile['trialRun']>);
}

/** How long a run waits for the write rate after a self-heal fault: T6's windows, up to its bound. */
export const rateSettleOf = (p: Pick<Profile, 'faults' | 'thresholds'>) => ({
  ...rateWindowsOf(p.faults.selfHeal),
  maxSeconds: p.thresholds.T6.maxSelfHealSeconds,
});

/** How T6 measures 'writes back at full rate': one definition for the checker and the charts. */
export const rateWindowsOf = (
  sh: Pick<z.infer<typeof selfHealSchema>, 'fullRateFraction' | 'baselineSeconds' | 'rateWindowSeconds'> = selfHealSchema.parse({}),
) => ({
  fullRateFraction: sh.fullRateFraction,
  baselineSeconds: sh.baselineSeconds,
  rateWindowSeconds: sh.rateWindowSeconds,
});
