// `npm run bench:load`: is the harness's write path ever the bottleneck? On one real
// cluster mount, fio (Debian's) and the harness write the same files: the same block
// size, file size, number of files, concurrency and folder layout (a folder per writer and
// day), each file created, written in blocks (psync, buffered), fsync'ed and closed. fio runs C processes (numjobs); the harness runs
// the engine with C VUs (per-vu-iterations) doing the camera iteration (segment built from
// its payload seed, written on C writer threads, acknowledged into a history).
//
// What is timed, on both sides, is the I/O and nothing around it:
//   fio      its own per-job write runtime (do_io: opens, writes, fsyncs, closes), the
//            longest job's. fio 3.33's JSON has no per-job start time (job_start came in
//            3.36), but it releases all jobs at once after they are set up, so the longest
//            runtime is the span of the whole group.
//   harness  the writer threads' own clock: from the first open() to the last close(). The
//            engine's set-up, its end (thresholds, summary, the history's fsync on the host
//            disk) and the threads' start and end are outside, as fio's are.
// The harness builds each segment (payload + header) on its writer thread just before
// open(): a camera has its segment complete when it falls due, and a pipeline that built
// segment k+1 while k is written would hide the build's latency but not its CPU, which is
// what this 2-core machine runs short of. So the build stays inline (the ratio includes
// it), and an "I/O only" figure takes each writer's build time out, to show what it costs.
//
// Pairs of sides in ABBA order (fio-harness, harness-fio, ...), the first pairs a warm-up that
// is not counted. Before each side: the other side's files deleted (trash time 0, so they
// do not pile up in the trash), the host's dirty pages written out and Dirty + Writeback in
// /proc/meminfo down, so that no side pays for the write-back of the one before it.
// Prints per side MB/s and CPU (harness: process user + system, main and writer threads,
// over the I/O; fio: its jobs' usr + sys), mfsmount's and the cluster containers' CPU per
// GB, the machine's busy share; per pair the throughput ratio harness/fio (goal >= 0.9) and
// the CPU-per-GB ratio harness/fio (goal <= 1.2), each with median, IQR, min and max: both
// from the same pairs, so neither goal is met in one run and the other in another.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { preflight } from '../preflight';
import { workRoot } from '../../lib/paths';
import { sleep } from '../clock';
import type { StorageCore } from '../core/adapter';
import { CORES, CORE_NAMES } from '../core/cores';
import { run } from '../exec';
import { runCleanups } from '../topology/cleanup';
import { sweep } from '../topology/reaper';
import { type FioFigures, fioFigures, quantile, spread } from './figures';
import {
  benchArgs,
  clusterAndWritesArgs,
  pairsArgs,
  runBench,
  saveFigures,
  dirtyMiB,
  freeBytes,
  fuseClientPid,
  harnessSide,
  settleDirty,
  Watch,
  type Around,
  type HarnessSide,
} from './sides';

const MiB = 1 << 20;

const argsSchema = z
  .object({
    ...clusterAndWritesArgs,
    // two warm-up pairs: fresh bays (first chunk files, ext4's lazy inode-table init in the background)
    // made the first two pairs 0.70 and 0.72 where later ones were 0.8-1.0
    ...pairsArgs({ filesPerWriter: 32, rounds: 6, warmup: 2 }),
    // the core whose FUSE mount both sides write to (the reference by default)
    core: z.enum(CORE_NAMES).default('moosefs'),
  })
  .strict();
type BenchArgs = z.infer<typeof argsSchema>;

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const threadText = (t: { user: number; system: number }) => `${t.user.toFixed(2)} + ${t.system.toFixed(2)}`;

interface FioSide extends Around, FioFigures {
  /** the fio process from start to exit (set-up and report included): for comparison only */
  processSeconds: number;
}
interface Pair {
  pair: number;
  warmup: boolean;
  order: 'fio-harness' | 'harness-fio';
  fio: FioSide;
  harness: HarnessSide;
  ratio: number;
  ioOnlyRatio: number;
  /** harness CPU s/GB over fio's, in the same pair */
  cpuRatio: number;
}

// ------------------------------------------------------------------ machine figures

// ------------------------------------------------------------------ the two sides

async function fioSide(a: BenchArgs, dir: string, watch: () => Watch): Promise<FioSide> {
  // the harness's folder layout, a folder per camera and day as a recording server writes, made
  // before the runtime as the harness makes its own: on GlusterFS at 16 writers that layout alone
  // halves the rate against one folder, so a bench of the write path gives both sides the same
  for (let j = 0; j < a.concurrency; j++) mkdirSync(join(dir, `cam${j}`, 'day'), { recursive: true });
  const w = watch();
  const t0 = performance.now();
  const r = await run(
    'fio',
    [
      '--name=segments',
      `--directory=${dir}`,
      '--rw=write',
      `--bs=${a.blockKiB}k`,
      `--filesize=${a.fileMiB}m`,
      `--nrfiles=${a.filesPerWriter}`,
      '--filename_format=cam$jobnum/day/seg.$filenum',
      '--openfiles=1', // one file at a time per job: create, write, fsync, close, next
      '--file_service_type=sequential',
      `--numjobs=${a.concurrency}`,
      '--fsync_on_close=1', // as the harness: fsync before each close
      // and what a job wrote is durable when its runtime ends (in 3.33 the same end-of-job
      // fsync runs for fsync_on_close alone: this states it rather than changes it)
      '--end_fsync=1',
      '--create_on_open=1', // no lay-out pass that would write every file twice
      '--fallocate=none',
      '--ioengine=psync', // blocking write() calls, through the page cache, as the harness
      '--output-format=json',
    ],
    { timeoutMs: 30 * 60_000 },
  );
  const processSeconds = (performance.now() - t0) / 1000;
  const figures = fioFigures(r.stdout, {
    jobs: a.concurrency,
    files: a.concurrency * a.filesPerWriter,
    blocksPerFile: Math.ceil((a.fileMiB * 1024) / a.blockKiB),
  });
  return { ...figures, processSeconds, ...w.end(figures.bytes) };
}

// ------------------------------------------------------------------ main

async function main() {
  const a = benchArgs(
    argsSchema,
    'bench:load',
    `usage: npm run bench:load -- [--core ${CORE_NAMES.join('|')}] [--concurrency 16] [--blockKiB 1024] [--fileMiB 4] [--filesPerWriter 32] [--rounds 6] [--warmup 2] [--nodes 3] [--bays 48] [--goal 2]`,
  );
  await preflight();
  const moosefs = a.core === 'moosefs';
  for (const tool of ['fio', ...(moosefs ? ['mfssettrashtime', 'mfsgettrashtime'] : [])]) {
    const found = await run('sh', ['-c', `command -v ${tool}`], { allowFailure: true });
    if (found.code !== 0)
      throw new Error(`${tool} is not installed (Debian packages 'fio'${moosefs ? ", 'moosefs-client'" : ''}): run ./setup`);
  }
  const core = CORES[a.core];
  const fioVersion = (await run('fio', ['--version'])).stdout.trim();
  const root = workRoot();
  await sweep(root);
  const image = await core.ensure(root, log, 'amd64');
  const runId = `bench-load-${Date.now().toString(36)}`;
  const runDir = join(root, 'runs', runId);
  const outDir = mkdtempSync(join(tmpdir(), `${runId}-`));
  const perSide = a.concurrency * a.filesPerWriter * a.fileMiB * MiB;
  log(
    `cluster: ${core.title}, ${a.nodes} storage nodes x ${a.bays} bays, goal ${a.goal} (in containers, mounted on the host by its FUSE client)`,
  );
  let cluster: StorageCore | undefined;
  const pairs: Pair[] = [];
  const t0 = performance.now();
  try {
    cluster = await core.start({
      runId,
      runDir,
      image: image.tag,
      goal: a.goal,
      // the shortest chunk loop MooseFS allows (60 s, as the ci profile): deleted sides' chunks
      // are removed within about a minute rather than five
      ...(moosefs ? { masterConfig: { CHUNKS_LOOP_MIN_TIME: 60 } } : {}),
      nodes: Array.from({ length: a.nodes }, (_, i) => ({ name: `node${i + 1}`, bays: a.bays, baySizeMiB: 1024 })),
      log,
    });
    const c = cluster;
    // trash time 0 on the root, inherited by every folder made below: a deleted side's files
    // are freed at once instead of filling the bays from pair to pair
    await c.setNoTrash('/');
    const mfsmount = fuseClientPid(c.mountPoint);
    if (mfsmount === undefined) log('the FUSE client process not found: its CPU is not reported');
    const containers: string[] = [];
    for (const m of c.switchMembers()) containers.push((await run('docker', ['inspect', '-f', '{{.Id}}', m.container])).stdout.trim());
    log(
      `mounted at ${c.mountPoint}; ${fioVersion}; per side: ${a.concurrency} writers x ${a.filesPerWriter} files x ${a.fileMiB} MiB = ${(perSide / 1e9).toFixed(2)} GB, block ${a.blockKiB} KiB, fsync per file; ${a.warmup} warm-up + ${a.rounds} pairs`,
    );
    const chunkCopies = async () => (await c.nodeStates()).reduce((s, n) => s + (Number.isFinite(n.chunks) ? n.chunks : 0), 0);
    // A deleted side's chunk copies stay on the bays until the master's chunk loop removes
    // them, and MooseFS 3.0.117 does that slowly (seen: ~100 of 12,000 within 8 minutes, trash
    // time 0): the bays fill by about 4 GB a side, in sparse images on this machine's disk.
    // Only a disk running short is waited for; then the bench stops rather than fill it.
    const rawPerSide = perSide * a.goal;
    const side = async <T>(fn: (watch: () => Watch) => Promise<T>): Promise<T> => {
      const waitFrom = performance.now();
      while (freeBytes(runDir) < 3 * rawPerSide + 8e9 && performance.now() - waitFrom < 60_000) await sleep(2000);
      if (freeBytes(runDir) < 2 * rawPerSide + 4e9)
        throw new Error(`only ${(freeBytes(runDir) / 1e9).toFixed(1)} GB left on this machine's disk: stopping before the bays fill it`);
      const copies = await chunkCopies();
      await settleDirty();
      const dirty = dirtyMiB();
      return fn(() => new Watch(mfsmount, containers, dirty, copies));
    };
    for (let p = 0; p < a.warmup + a.rounds; p++) {
      const warmup = p < a.warmup;
      const order = p % 2 === 0 ? 'fio-harness' : 'harness-fio'; // F H | H F | F H ...: ABBA
      const label = warmup ? `warm-up ${p + 1}` : `pair ${p - a.warmup + 1}`;
      let f: FioSide | undefined;
      let h: HarnessSide | undefined;
      for (const s of order === 'fio-harness' ? (['fio', 'harness'] as const) : (['harness', 'fio'] as const)) {
        const name = `${s}-${p}`;
        if (s === 'fio') {
          f = await side((w) => fioSide(a, join(c.mountPoint, name), w));
          log(
            `${label}: fio ${f.mbps.toFixed(1)} MB/s over ${f.seconds.toFixed(2)} s (process ${f.processSeconds.toFixed(2)} s), CPU ${f.cpu.perGB.toFixed(2)} s/GB; dirty at start ${f.dirtyAtStartMiB.toFixed(0)} MiB, ${f.chunkCopiesAtStart} chunk copies`,
          );
        } else {
          h = await side((w) => harnessSide(a, c.mountPoint, outDir, name, w));
          log(
            `${label}: harness ${h.mbps.toFixed(1)} MB/s over ${h.seconds.toFixed(2)} s (I/O only ${h.ioOnlyMbps.toFixed(1)}), CPU ${h.cpu.perGB.toFixed(2)} s/GB (user ${(h.cpu.userSeconds / (h.bytes / 1e9)).toFixed(2)}; user + system by thread: main ${threadText(h.threads.main)}, writers ${threadText(h.threads.writers)}, other ${threadText(h.threads.other)}; the process idle before it ${h.idleCpuPerSecond.toFixed(3)} CPU s/s); dirty at start ${h.dirtyAtStartMiB.toFixed(0)} MiB, ${h.chunkCopiesAtStart} chunk copies`,
          );
          if (h.errors > 0) throw new Error(`the harness had ${h.errors} write errors in ${label}: not a valid measurement`);
        }
        if (p === 0 && s === 'fio' && moosefs)
          log(
            `trash time of the side's files (0 = deleted at once): ${(await run('mfsgettrashtime', ['-r', join(c.mountPoint, name)], { allowFailure: true })).stdout.replace(/\s+/g, ' ').trim()}`,
          );
        rmSync(join(c.mountPoint, name), { recursive: true, force: true });
      }
      pairs.push({
        pair: p - a.warmup + 1,
        warmup,
        order,
        fio: f!,
        harness: h!,
        ratio: h!.mbps / f!.mbps,
        ioOnlyRatio: h!.ioOnlyMbps / f!.mbps,
        cpuRatio: h!.cpu.perGB / f!.cpu.perGB,
      });
    }
  } finally {
    if (cluster) await cluster.stop();
    await runCleanups(log);
    await sweep(root, { only: runId }); // the run folder too, as accept run does
    rmSync(outDir, { recursive: true, force: true });
  }
  const totalSeconds = (performance.now() - t0) / 1000;

  const counted = pairs.filter((p) => !p.warmup);
  const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
  const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const out: string[] = [];
  out.push(
    '',
    `load bench — ${cluster?.name} ${cluster?.version}, ${a.nodes} nodes x ${a.bays} bays, goal ${a.goal}, mounted by its host FUSE client; ${fioVersion}; ${cpus().length} CPUs (shared machine)`,
  );
  out.push(
    `same work on both sides: ${a.concurrency} concurrent writers, ${a.filesPerWriter} files each, ${a.fileMiB} MiB per file (${(perSide / 1e9).toFixed(2)} GB a side), ${a.blockKiB} KiB write()s, psync, buffered, fsync + close per file`,
  );
  out.push(
    "timed: fio its jobs' write runtime; harness its writer threads from the first open() to the last close() (wall clock, measured)",
  );
  out.push(
    '',
    '  pair        order         fio MB/s  harness MB/s  (I/O only)  ratio   CPU s/GB: fio (usr+sys)   harness (usr+sys)  CPU h/f     client f/h   cluster f/h   busy f/h',
  );
  const gb = perSide / 1e9;
  const cpuCell = (c: { perGB: number; userSeconds: number; systemSeconds: number }) =>
    `${f2(c.perGB)} (${f2(c.userSeconds / gb)}+${f2(c.systemSeconds / gb)})`;
  for (const p of pairs) {
    const name = p.warmup ? 'warm-up' : String(p.pair);
    out.push(
      `  ${name.padEnd(8)}  ${p.order.padEnd(12)}  ${f1(p.fio.mbps).padStart(8)}  ${f1(p.harness.mbps).padStart(12)}  ${`(${f1(p.harness.ioOnlyMbps)})`.padStart(10)}  ${f2(p.ratio).padStart(5)}   ${cpuCell(p.fio.cpu).padStart(22)}  ${cpuCell(p.harness.cpu).padStart(18)}  ${f2(p.cpuRatio).padStart(7)}   ${`${f2(p.fio.clientCpuPerGB)}/${f2(p.harness.clientCpuPerGB)}`.padStart(12)}  ${`${f2(p.fio.clusterCpuPerGB)}/${f2(p.harness.clusterCpuPerGB)}`.padStart(12)}  ${`${pct(p.fio.hostBusy)}/${pct(p.harness.hostBusy)}`.padStart(9)}`,
    );
  }
  const r = spread(counted.map((p) => p.ratio));
  const rio = spread(counted.map((p) => p.ioOnlyRatio));
  const fm = spread(counted.map((p) => p.fio.mbps));
  const hm = spread(counted.map((p) => p.harness.mbps));
  const fc = spread(counted.map((p) => p.fio.cpu.perGB));
  const hc = spread(counted.map((p) => p.harness.cpu.perGB));
  const cr = spread(counted.map((p) => p.cpuRatio));
  const fmt = (s: ReturnType<typeof spread>, d = f2) =>
    `median ${d(s.median)}, IQR ${d(s.iqr)} (${d(s.q1)}..${d(s.q3)}), min ${d(s.min)}, max ${d(s.max)}`;
  const per = (side: 'fio' | 'harness', k: string) =>
    quantile(
      counted.map((p) => (p[side].perFile as unknown as Record<string, number>)[k]!),
      0.5,
    );
  out.push(
    '',
    `over ${counted.length} pairs (warm-up not counted):`,
    `  ratio harness/fio    ${fmt(r)}`,
    `  ratio, I/O only      ${fmt(rio)}   (each writer's build time taken out)`,
    `  fio MB/s             ${fmt(fm, f1)}`,
    `  harness MB/s         ${fmt(hm, f1)}`,
    `  fio CPU s/GB         ${fmt(fc)}   (its jobs' usr + sys)`,
    `  harness CPU s/GB     ${fmt(hc)}   (process user + system, first iteration to last acknowledgement)`,
    `  ratio CPU s/GB h/f   ${fmt(cr)}   (per pair)`,
    `  per file, medians:   fio ${f1(per('fio', 'totalMs'))} ms (write()s ${f1(per('fio', 'writeMs'))}, open + fsync + close ${f1(per('fio', 'otherMs'))});` +
      ` harness ${f1(per('harness', 'totalMs'))} ms (build ${f1(per('harness', 'buildMs'))}, open + write()s ${f1(per('harness', 'writeMs'))}, fsync ${f1(per('harness', 'fsyncMs'))}, close ${f1(per('harness', 'closeMs'))})`,
    '',
    `ratio harness/fio ${f2(r.median)}: ${r.median >= 0.9 ? 'goal >= 0.9 met' : 'BELOW the goal of 0.9'}; CPU per GB harness/fio ${f2(cr.median)}: ${cr.median <= 1.2 ? 'goal <= 1.2 met' : 'ABOVE the goal of 1.2'} (harness ${f2(hc.median)} s per GB written, fio ${f2(fc.median)}); ${counted.length} pairs; bench ${totalSeconds.toFixed(0)} s`,
    '',
  );
  process.stdout.write(out.join('\n'));
  saveFigures(runId, {
    runId,
    args: a,
    fio: fioVersion,
    core: `${cluster?.name} ${cluster?.version}`,
    cpus: cpus().length,
    totalSeconds,
    pairs,
    summary: {
      ratio: r,
      ioOnlyRatio: rio,
      fioMBps: fm,
      harnessMBps: hm,
      fioCpuSecondsPerGB: fc,
      harnessCpuSecondsPerGB: hc,
      cpuRatio: cr,
    },
  });
}

runBench('bench:load', main);
