// `npm run bench:load`: is the harness's write path ever the bottleneck? On one real
// cluster mount, fio (Debian's) and the harness write the same files: the same block
// size, file size, number of files and concurrency, each file created, written in blocks,
// fsync'ed and closed. fio runs C processes (numjobs); the harness runs the engine with
// C VUs (per-vu-iterations) doing the camera iteration (segment built with its SHA-256,
// written on C writer threads, acknowledged into a history). Rounds alternate fio and the
// harness, so that both see the same neighbours on a shared machine.
// Prints both throughputs, their ratio (goal >= 0.9) and the harness's CPU seconds per
// GB written (process.cpuUsage: main thread + writer threads, user + system).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { preflight } from '../../cli/preflight';
import { OUT_ROOT, workRoot } from '../../cli/paths';
import { RunClock } from '../clock';
import { ensureCoreImage } from '../core/moosefs/image';
import { MooseCluster } from '../core/moosefs/cluster';
import { run } from '../exec';
import { HistoryWriter } from '../history';
import { runCleanups } from '../topology/cleanup';
import { sweep } from '../topology/reaper';
import { HEADER_BYTES } from '../workload/segment';
import { VideoLoad } from '../workload/video-load';
import type { VideoLoadSpec } from '../../scenarios/types';

const MiB = 1 << 20;

const argsSchema = z
  .object({
    nodes: z.coerce.number().int().min(2).max(8).default(3),
    bays: z.coerce.number().int().refine((n) => [24, 36, 48].includes(n), 'a contracted node has 24, 36 or 48 bays').default(48),
    goal: z.coerce.number().int().min(1).max(3).default(2),
    concurrency: z.coerce.number().int().min(1).max(256).default(16),
    blockKiB: z.coerce.number().int().min(4).max(16 * 1024).default(1024),
    fileMiB: z.coerce.number().int().min(1).max(256).default(4),
    filesPerWriter: z.coerce.number().int().min(1).max(10_000).default(16),
    rounds: z.coerce.number().int().min(1).max(10).default(4),
  })
  .strict();
type BenchArgs = z.infer<typeof argsSchema>;

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

interface Round {
  round: number;
  fio: { bytes: number; seconds: number; mbps: number };
  harness: { bytes: number; seconds: number; mbps: number; cpuSeconds: number; cpuSecondsPerGB: number; errors: number; files: number };
  ratio: number;
}

async function fioRound(a: BenchArgs, dir: string): Promise<Round['fio']> {
  mkdirSync(dir, { recursive: true });
  const r = await run(
    'fio',
    [
      '--name=segments',
      `--directory=${dir}`,
      '--rw=write',
      `--bs=${a.blockKiB}k`,
      `--filesize=${a.fileMiB}m`,
      `--nrfiles=${a.filesPerWriter}`,
      '--openfiles=1', // one file at a time per job: create, write, fsync, close, next
      '--file_service_type=sequential',
      `--numjobs=${a.concurrency}`,
      '--fsync_on_close=1',
      '--create_on_open=1', // no lay-out pass that would write every file twice
      '--fallocate=none',
      '--ioengine=psync',
      '--group_reporting',
      '--output-format=json',
    ],
    { timeoutMs: 30 * 60_000 },
  );
  const json = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { jobs: { write: { io_bytes: number; runtime: number } }[] };
  const w = json.jobs[0]!.write;
  const seconds = w.runtime / 1000;
  return { bytes: w.io_bytes, seconds, mbps: w.io_bytes / 1e6 / seconds };
}

async function harnessRound(a: BenchArgs, mount: string, runDir: string, round: number): Promise<Round['harness']> {
  const clock = new RunClock();
  const history = new HistoryWriter(join(runDir, `history-harness-${round}.jsonl`), clock);
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
  const load = new VideoLoad(spec, { mountPoint: join(mount, `harness-${round}`), history, clock, seed: `bench-${round}`, writers: a.concurrency });
  await load.prepare(); // thread start-up is not part of the write path
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  load.start({
    scenarios: { writers: { executor: 'per-vu-iterations', vus: a.concurrency, iterations: a.filesPerWriter, maxDuration: '30m', gracefulStop: '1m', exec: 'camera' } },
    thresholds: { write_failed: ['rate==0'] },
  });
  const outcome = await load.done;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  history.close();
  const bytes = load.progress.bytes;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    bytes,
    seconds,
    mbps: bytes / 1e6 / seconds,
    cpuSeconds,
    cpuSecondsPerGB: cpuSeconds / (bytes / 1e9),
    errors: load.progress.writeErrors + (outcome.passed ? 0 : 1),
    files: load.progress.written,
  };
}

async function main() {
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(argsSchema.shape).map((k) => [k, { type: 'string' as const }])),
    allowPositionals: false,
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(`bench:load: ${z.prettifyError(parsed.error)}\nusage: npm run bench:load -- [--concurrency 16] [--blockKiB 1024] [--fileMiB 4] [--filesPerWriter 16] [--rounds 4] [--nodes 3] [--bays 48] [--goal 2]\n`);
    process.exit(2);
  }
  const a = parsed.data;
  await preflight();
  const fio = await run('sh', ['-c', 'command -v fio'], { allowFailure: true });
  if (fio.code !== 0) throw new Error("fio is not installed (Debian package 'fio'): apt-get install fio");
  const fioVersion = (await run('fio', ['--version'])).stdout.trim();
  const root = workRoot();
  await sweep(root);
  const image = await ensureCoreImage(root, log);
  const runId = `bench-load-${Date.now().toString(36)}`;
  const runDir = join(root, 'runs', runId);
  const outDir = mkdtempSync(join(tmpdir(), `${runId}-`));
  const perRound = a.concurrency * a.filesPerWriter * a.fileMiB * MiB;
  log(`cluster: 1 master + ${a.nodes} storage nodes x ${a.bays} bays, goal ${a.goal} (MooseFS in containers, host mfsmount)`);
  let cluster: MooseCluster | undefined;
  const rounds: Round[] = [];
  try {
    cluster = await MooseCluster.start({
      runId,
      runDir,
      image: image.tag,
      goal: a.goal,
      nodes: Array.from({ length: a.nodes }, (_, i) => ({ name: `node${i + 1}`, bays: a.bays, baySizeMiB: 1024 })),
      log,
    });
    log(`mounted at ${cluster.mountPoint}; ${fioVersion}; per round and side: ${a.concurrency} writers x ${a.filesPerWriter} files x ${a.fileMiB} MiB = ${(perRound / 1e9).toFixed(2)} GB, block ${a.blockKiB} KiB, fsync per file`);
    // Each side starts from the same state: the other side's files deleted and the host's
    // dirty pages (the bays' loop images) written out, so that no side pays for the
    // write-back of the one before it; and the order alternates from round to round.
    const settle = async () => {
      await run('sync', []);
      await new Promise((r) => setTimeout(r, 2000));
    };
    for (let i = 1; i <= a.rounds; i++) {
      const fioFirst = i % 2 === 1;
      let f: Round['fio'] | undefined;
      let h: Round['harness'] | undefined;
      for (const side of fioFirst ? (['fio', 'harness'] as const) : (['harness', 'fio'] as const)) {
        await settle();
        if (side === 'fio') {
          log(`round ${i}: fio`);
          f = await fioRound(a, join(cluster.mountPoint, `fio-${i}`));
          log(`round ${i}: fio ${f.mbps.toFixed(1)} MB/s`);
          rmSync(join(cluster.mountPoint, `fio-${i}`), { recursive: true, force: true });
        } else {
          log(`round ${i}: harness`);
          h = await harnessRound(a, cluster.mountPoint, outDir, i);
          log(`round ${i}: harness ${h.mbps.toFixed(1)} MB/s, ${h.cpuSecondsPerGB.toFixed(2)} CPU s/GB`);
          rmSync(join(cluster.mountPoint, `harness-${i}`), { recursive: true, force: true });
          if (h.errors > 0) throw new Error(`the harness had ${h.errors} write errors in round ${i}: not a valid measurement`);
        }
      }
      rounds.push({ round: i, fio: f!, harness: h!, ratio: h!.mbps / f!.mbps });
    }
  } finally {
    if (cluster) await cluster.stop();
    await runCleanups(log);
    await sweep(root, { only: runId }); // the run folder too, as accept run does
  }

  const median = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const out: string[] = [];
  out.push('', `load bench — ${cluster?.name} ${cluster?.version}, ${a.nodes} nodes x ${a.bays} bays, goal ${a.goal}, host mfsmount; ${cpus().length} CPUs (shared machine)`);
  out.push(`same work on both sides: ${a.concurrency} concurrent writers, ${a.filesPerWriter} files each, ${a.fileMiB} MiB per file, ${a.blockKiB} KiB blocks, fsync + close per file (wall clock, measured)`);
  out.push('', '  round   fio MB/s   harness MB/s   ratio   harness CPU s/GB');
  for (const r of rounds) {
    out.push(`  ${String(r.round).padStart(5)}   ${r.fio.mbps.toFixed(1).padStart(8)}   ${r.harness.mbps.toFixed(1).padStart(12)}   ${r.ratio.toFixed(2).padStart(5)}   ${r.harness.cpuSecondsPerGB.toFixed(2).padStart(16)}`);
  }
  const ratio = median(rounds.map((r) => r.ratio));
  const cpuPerGB = median(rounds.map((r) => r.harness.cpuSecondsPerGB));
  out.push(
    `  median   ${median(rounds.map((r) => r.fio.mbps)).toFixed(1).padStart(8)}   ${median(rounds.map((r) => r.harness.mbps)).toFixed(1).padStart(12)}   ${ratio.toFixed(2).padStart(5)}   ${cpuPerGB.toFixed(2).padStart(16)}`,
  );
  out.push('', `ratio harness/fio ${ratio.toFixed(2)}: ${ratio >= 0.9 ? 'goal >= 0.9 met' : 'BELOW the goal of 0.9'}; harness CPU ${cpuPerGB.toFixed(2)} s per GB written`, '');
  process.stdout.write(out.join('\n'));
  mkdirSync(OUT_ROOT, { recursive: true });
  const file = join(OUT_ROOT, `${runId}.json`);
  writeFileSync(file, JSON.stringify({ runId, args: a, fio: fioVersion, core: `${cluster?.name} ${cluster?.version}`, cpus: cpus().length, rounds, medianRatio: ratio, medianCpuSecondsPerGB: cpuPerGB }, null, 2));
  process.stdout.write(`figures saved to ${file}\n`);
}

main().catch(async (e) => {
  process.stderr.write(`bench:load failed: ${(e as Error).stack ?? e}\n`);
  await runCleanups(log);
  process.exit(1);
});
