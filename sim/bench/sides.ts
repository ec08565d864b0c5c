// What the benches measure around one side (a batch of camera writes on a core's mount): the
// machine's and the cluster's CPU, dirty pages, free space, and the harness's own side.
import { mkdirSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { join } from 'node:path';
import { OUT_ROOT } from '../../lib/paths';
import { RunClock, sleep } from '../clock';
import { runCleanups } from '../topology/cleanup';
import { cgroupUsage } from '../core/node-containers';
import { run } from '../exec';
import { HistoryWriter } from '../history';
import type { VideoLoadSpec } from '../plan/scenario';
import { fuseClientsUnder } from '../topology/fuse';
import { HEADER_BYTES } from '../workload/segment';
import { VideoLoad } from '../workload/video-load';
import { harnessFigures, type HarnessFigures } from './figures';

const MiB = 1 << 20;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/** The options both benches take for the cluster and a side's writes (each adds its own counts and defaults). */
export const clusterAndWritesArgs = {
  nodes: z.coerce.number().int().min(2).max(8).default(3),
  bays: z.coerce
    .number()
    .int()
    .refine((n) => [24, 36, 48].includes(n), 'a contracted node has 24, 36 or 48 bays')
    .default(48),
  goal: z.coerce.number().int().min(1).max(3).default(2),
  concurrency: z.coerce.number().int().min(1).max(256).default(16),
  blockKiB: z.coerce
    .number()
    .int()
    .min(4)
    .max(16 * 1024)
    .default(1024),
  fileMiB: z.coerce.number().int().min(1).max(256).default(4),
};

/** The counts of a bench that alternates sides in pairs, each bench with its own defaults. */
export const pairsArgs = (d: { filesPerWriter: number; rounds: number; warmup: number }) => ({
  filesPerWriter: z.coerce.number().int().min(1).max(10_000).default(d.filesPerWriter),
  /** measured pairs (one side of each kind a pair) */
  rounds: z.coerce.number().int().min(1).max(20).default(d.rounds),
  /** pairs run first and not counted */
  warmup: z.coerce.number().int().min(0).max(4).default(d.warmup),
});

/** The command line as the schema declares it (--name value each); a bad value ends the bench with its usage, exit 2. */
export function benchArgs<S extends z.ZodObject>(schema: S, bench: string, usage: string): z.infer<S> {
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(schema.shape).map((k) => [k, { type: 'string' as const }])),
    allowPositionals: false,
  });
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(`${bench}: ${z.prettifyError(parsed.error)}\n${usage}\n`);
    process.exit(2);
  }
  return parsed.data;
}

/** the work of one side: concurrency writers, each writing filesPerWriter files of fileMiB in blockKiB write()s */
export interface HarnessWork {
  concurrency: number;
  blockKiB: number;
  fileMiB: number;
  filesPerWriter: number;
}

/** What both sides share: figures of the machine and the cluster over the side's run. */
export interface Around {
  /** the core's FUSE client's (mfsmount, glusterfs) CPU seconds (user + system) per GB written */
  clientCpuPerGB: number;
  /** the cluster's containers' (master or management server, storage nodes) CPU seconds per GB written */
  clusterCpuPerGB: number;
  /** share of the machine's CPU time that was busy (everyone's, not only this bench) */
  hostBusy: number;
  /** Dirty + Writeback when the side started, MiB */
  dirtyAtStartMiB: number;
  /** chunk copies on the storage nodes when the side started (the earlier sides' deleted ones still going) */
  chunkCopiesAtStart: number;
}
/** Where the harness side's CPU went, user and system seconds per GB written, by thread group. */
export interface ThreadCpu {
  /** the engine, metrics and history (the thread that runs the load) */
  main: { user: number; system: number };
  /** the writer threads started for this side (segment build, open/write/fsync/close) */
  writers: { user: number; system: number };
  /** the process's other threads: V8's compiler and garbage collector, libuv's pool */
  other: { user: number; system: number };
}

export interface HarnessSide extends Around, HarnessFigures {
  errors: number;
  threads: ThreadCpu;
  /** the bench process's own CPU while it waits, CPU seconds per second, over 2 s before the side: what is not the harness's write path */
  idleCpuPerSecond: number;
}

const CLK_TCK = 100; // USER_HZ: what /proc/<pid>/stat counts in on Linux (getconf CLK_TCK)

/** utime and stime (clock ticks) from a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat */
function statTicks(path: string): { user: number; system: number } {
  const stat = readFileSync(path, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 on
  return { user: Number(f[11]), system: Number(f[12]) };
}

/** utime and stime of each thread of this process, in clock ticks */
export function threadTicks(): Map<number, { user: number; system: number }> {
  const out = new Map<number, { user: number; system: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      out.set(Number(tid), statTicks(`/proc/self/task/${tid}/stat`));
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return out;
}

/** Per thread group, the CPU spent between two threadTicks() snapshots, in seconds per GB. */
export function threadCpu(
  from: Map<number, { user: number; system: number }>,
  to: Map<number, { user: number; system: number }>,
  writers: ReadonlySet<number>,
  gb: number,
): ThreadCpu {
  const sum = { main: { user: 0, system: 0 }, writers: { user: 0, system: 0 }, other: { user: 0, system: 0 } };
  for (const [tid, t] of to) {
    const f = from.get(tid) ?? { user: 0, system: 0 };
    const g = tid === process.pid ? sum.main : writers.has(tid) ? sum.writers : sum.other;
    g.user += (t.user - f.user) / CLK_TCK / gb;
    g.system += (t.system - f.system) / CLK_TCK / gb;
  }
  return sum;
}

export function procCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const t = statTicks(`/proc/${pid}/stat`);
    return (t.user + t.system) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** the FUSE client process serving `mountPoint` (mfsmount, glusterfs), from the command lines in /proc */
export function fuseClientPid(mountPoint: string): number | undefined {
  return fuseClientsUnder(mountPoint).find((c) => c.mountPoint === mountPoint)?.pid;
}

/** CPU seconds of these containers so far, from their cgroups (NaN when one cannot be read) */
export function containersCpuSeconds(ids: readonly string[]): number {
  return ids.reduce((sum, id) => sum + (cgroupUsage(id)?.cpuSeconds ?? NaN), 0);
}

export function hostJiffies(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal (guest is inside user)
  const idle = f[3]! + f[4]!; // idle + iowait
  return { busy: total - idle, total };
}

/** bytes free for root on the filesystem holding `path` (the bays' images live there) */
export function freeBytes(path: string): number {
  const s = statfsSync(path);
  return s.bfree * s.bsize;
}

export function dirtyMiB(): number {
  const m = readFileSync('/proc/meminfo', 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(m)?.[1] ?? 0);
  return (kb('Dirty') + kb('Writeback')) / 1024;
}

/** sync, then wait until Dirty + Writeback stay low (chunkservers may still be writing) */
export async function settleDirty(limitMiB = 32, timeoutMs = 60_000): Promise<void> {
  await run('sync', [], { timeoutMs });
  const t0 = performance.now();
  let calm = 0;
  while (performance.now() - t0 < timeoutMs) {
    if (dirtyMiB() <= limitMiB) {
      if (++calm >= 3) return; // three readings 100 ms apart
    } else calm = 0;
    await sleep(100);
  }
  log(`dirty pages still ${dirtyMiB().toFixed(0)} MiB after ${timeoutMs / 1000} s: going on`);
}

export class Watch {
  private readonly cpu0: number;
  private readonly mnt0: number;
  private readonly host0 = hostJiffies();
  constructor(
    private readonly client: number | undefined,
    private readonly containers: readonly string[],
    private readonly dirtyAtStartMiB: number,
    private readonly chunkCopiesAtStart: number,
  ) {
    this.cpu0 = containersCpuSeconds(containers);
    this.mnt0 = procCpuSeconds(client);
  }
  end(bytes: number): Around {
    const gb = bytes / 1e9;
    const h = hostJiffies();
    return {
      clientCpuPerGB: (procCpuSeconds(this.client) - this.mnt0) / gb,
      clusterCpuPerGB: (containersCpuSeconds(this.containers) - this.cpu0) / gb,
      hostBusy: (h.busy - this.host0.busy) / Math.max(1, h.total - this.host0.total),
      dirtyAtStartMiB: this.dirtyAtStartMiB,
      chunkCopiesAtStart: this.chunkCopiesAtStart,
    };
  }
}

export async function harnessSide(a: HarnessWork, mount: string, runDir: string, name: string, watch: () => Watch): Promise<HarnessSide> {
  const clock = new RunClock();
  const history = new HistoryWriter(join(runDir, `history-${name}.jsonl`), clock);
  const segmentSeconds = 1;
  const payload = a.fileMiB * MiB - HEADER_BYTES; // header + payload = exactly fio's file size
  const spec: VideoLoadSpec = {
    name: 'bench',
    cameras: a.concurrency,
    bitrateMbps: (payload * 8) / (segmentSeconds * 1e6),
    segmentSeconds,
    readEveryMs: 0,
    maxInFlightPerCamera: 1,
    writeBlockBytes: a.blockKiB * 1024,
    thresholds: {},
  };
  const load = new VideoLoad(spec, { mountPoint: join(mount, name), history, clock, seed: `bench-${name}`, writers: a.concurrency });
  // writer threads up and the cameras' folders made: a recording server has both before
  // its first segment, and fio makes its threads and folder before its runtime starts too
  const before = threadTicks();
  await load.prepare();
  const writerTids = new Set([...threadTicks().keys()].filter((t) => !before.has(t)));
  // what the process spends with nothing to write (the cluster's client libraries, timers): counted in the side's CPU too
  const idle0 = process.cpuUsage();
  await sleep(2000);
  const idle = process.cpuUsage(idle0);
  const idleCpuPerSecond = (idle.user + idle.system) / 1e6 / 2;
  const expected = a.concurrency * a.filesPerWriter;
  let acks = 0;
  let cpuAtLastAck: NodeJS.CpuUsage | undefined;
  const w = watch();
  const cpu0 = process.cpuUsage();
  const ticks0 = threadTicks();
  let ticksAtLastAck: ReturnType<typeof threadTicks> | undefined;
  // the process's CPU up to the last acknowledgement: the engine's end is not the write path
  const unsubscribe = history.subscribe((e) => {
    if (e.kind === 'segment.write' && ++acks === expected) {
      cpuAtLastAck = process.cpuUsage(cpu0);
      ticksAtLastAck = threadTicks();
    }
  });
  load.start({
    scenarios: {
      writers: {
        executor: 'per-vu-iterations',
        vus: a.concurrency,
        iterations: a.filesPerWriter,
        maxDuration: '30m',
        gracefulStop: '1m',
        exec: 'camera',
      },
    },
    thresholds: { write_failed: ['rate==0'] },
  });
  const outcome = await load.done;
  unsubscribe();
  const cpu = cpuAtLastAck ?? process.cpuUsage(cpu0);
  history.close();
  const figures = harnessFigures(load.acked, cpu);
  const threads = threadCpu(ticks0, ticksAtLastAck ?? threadTicks(), writerTids, figures.bytes / 1e9);
  return { ...figures, threads, errors: load.progress.writeErrors + (outcome.passed ? 0 : 1), idleCpuPerSecond, ...w.end(figures.bytes) };
}

/** The bench's figures as reports/out/<id>.json, its path printed. */
export function saveFigures(id: string, figures: unknown): void {
  mkdirSync(OUT_ROOT, { recursive: true });
  const file = join(OUT_ROOT, `${id}.json`);
  writeFileSync(file, JSON.stringify(figures, null, 2));
  process.stdout.write(`figures saved to ${file}\n`);
}

/** Runs a bench's main: a failure is printed with its stack, whatever it left is cleaned up, exit 1. */
export function runBench(bench: string, main: () => Promise<void>): void {
  main().catch(async (e) => {
    process.stderr.write(`${bench} failed: ${(e as Error).stack ?? e}\n`);
    await runCleanups(log);
    process.exit(1);
  });
}
