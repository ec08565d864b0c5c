// `npm run bench:cores`: both storage cores under the same camera load (issue 14 item 5). Each
// core runs as the acceptance runs start it (the ci profile's core options, the same nodes, bays
// and goal), both clusters up at once; the harness writes the same batch of segments to each
// core's FUSE mount in turn, in ABBA order over pairs (the first pairs a warm-up, not counted),
// each side after the machine's dirty pages are written out. Printed per side: MB/s (the writer
// threads' own clock, first open() to last close()), the harness's, the FUSE client's and the
// cluster containers' CPU per GB, the machine's busy share; per pair the throughput ratio
// second core / first and each core's cluster CPU per GB, with median and IQR over the pairs.
// The core not being written to stays up and idle beside (its background work shares the CPU).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { workRoot } from '../../lib/paths';
import { loadProfile } from '../../profile/profile';
import type { StorageCore } from '../../sim/core/adapter';
import { CORES, CORE_NAMES, type CoreName } from '../../sim/core/cores';
import { run } from '../../sim/exec';
import { preflight } from '../../sim/preflight';
import { runCleanups } from '../../sim/topology/cleanup';
import { sweep } from '../../sim/topology/reaper';
import { spread } from '../../sim/bench/figures';
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
  type HarnessSide,
} from '../../sim/bench/sides';

const argsSchema = z
  .object({
    ...clusterAndWritesArgs,
    ...pairsArgs({ filesPerWriter: 16, rounds: 4, warmup: 1 }),
  })
  .strict();
type BenchArgs = z.infer<typeof argsSchema>;
const USAGE =
  'usage: npm run bench:cores -- [--concurrency 16] [--blockKiB 1024] [--fileMiB 4] [--filesPerWriter 16] [--rounds 4] [--warmup 1] [--nodes 3] [--bays 48] [--goal 2]';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

interface Side extends HarnessSide {
  core: CoreName;
}
interface Pair {
  pair: number;
  warmup: boolean;
  order: CoreName[];
  sides: Record<CoreName, Side>;
  /** the second core's MB/s over the first's, in the same pair */
  ratio: number;
}

async function startCore(key: CoreName, a: BenchArgs, root: string, runId: string): Promise<StorageCore> {
  const core = CORES[key];
  const image = await core.ensure(root, log, 'amd64');
  const { profile } = loadProfile('ci');
  log(`${core.title}: 1 management server + ${a.nodes} storage nodes x ${a.bays} bays, goal ${a.goal}`);
  const c = await core.start({
    runId,
    runDir: join(root, 'runs', runId),
    image: image.tag,
    goal: a.goal,
    replicationsDelayInit: profile.core.replicationsDelayInitSeconds,
    masterConfig: profile.core.masterConfig,
    nodes: Array.from({ length: a.nodes }, (_, i) => ({
      name: `node${i + 1}`,
      bays: a.bays,
      baySizeMiB: 1024,
      coreConfig: profile.core.chunkserverConfig,
    })),
    log,
  });
  // deleted sides are freed at once rather than filling the bays from pair to pair
  await c.setNoTrash('/');
  return c;
}

async function main() {
  const a = benchArgs(argsSchema, 'bench:cores', USAGE);
  await preflight();
  const root = workRoot();
  await sweep(root);
  const stamp = Date.now().toString(36);
  const benchId = `bench-cores-${stamp}`;
  const outDir = mkdtempSync(join(tmpdir(), `${benchId}-`));
  const perSide = a.concurrency * a.filesPerWriter * a.fileMiB * (1 << 20);
  const clusters = new Map<CoreName, StorageCore>();
  const pairs: Pair[] = [];
  const t0 = performance.now();
  try {
    for (const key of CORE_NAMES) clusters.set(key, await startCore(key, a, root, `bench-${key}-${stamp}`));
    const containers = new Map<CoreName, string[]>();
    for (const [key, c] of clusters) {
      const ids: string[] = [];
      for (const m of c.switchMembers()) ids.push((await run('docker', ['inspect', '-f', '{{.Id}}', m.container])).stdout.trim());
      containers.set(key, ids);
    }
    log(
      `per side: ${a.concurrency} writers x ${a.filesPerWriter} files x ${a.fileMiB} MiB = ${(perSide / 1e9).toFixed(2)} GB, block ${a.blockKiB} KiB, fsync per file; ${a.warmup} warm-up + ${a.rounds} pairs`,
    );
    for (let p = 0; p < a.warmup + a.rounds; p++) {
      const warmup = p < a.warmup;
      const order = p % 2 === 0 ? [...CORE_NAMES] : [...CORE_NAMES].reverse(); // A B | B A | A B ...
      const label = warmup ? `warm-up ${p + 1}` : `pair ${p - a.warmup + 1}`;
      const sides = {} as Record<CoreName, Side>;
      for (const key of order) {
        const c = clusters.get(key)!;
        // deleted sides' copies leave the bays at the core's pace (MooseFS's chunk loop): stop before they fill this machine's disk
        if (freeBytes(root) < 2 * perSide * a.goal + 4e9)
          throw new Error(`only ${(freeBytes(root) / 1e9).toFixed(1)} GB left on this machine's disk: stopping before the bays fill it`);
        const copies = (await c.nodeStates()).reduce((sum, n) => sum + (Number.isFinite(n.chunks) ? n.chunks : 0), 0);
        await settleDirty();
        const dirty = dirtyMiB();
        const client = fuseClientPid(c.mountPoint);
        if (client === undefined) log(`${c.name}: no FUSE client process found for ${c.mountPoint}: its CPU is not reported`);
        const h = await harnessSide(a, c.mountPoint, outDir, `${key}-${p}`, () => new Watch(client, containers.get(key)!, dirty, copies));
        if (h.errors > 0) throw new Error(`${c.name}: ${h.errors} write errors in ${label}: not a valid measurement`);
        sides[key] = { ...h, core: key };
        log(
          `${label}: ${c.name} ${h.mbps.toFixed(1)} MB/s over ${h.seconds.toFixed(2)} s; CPU s/GB harness ${h.cpu.perGB.toFixed(2)}, FUSE client ${h.clientCpuPerGB.toFixed(2)}, cluster ${h.clusterCpuPerGB.toFixed(2)}`,
        );
        rmSync(join(c.mountPoint, `${key}-${p}`), { recursive: true, force: true });
      }
      const [first, second] = CORE_NAMES as [CoreName, CoreName];
      pairs.push({ pair: p - a.warmup + 1, warmup, order, sides, ratio: sides[second].mbps / sides[first].mbps });
    }
  } finally {
    for (const c of clusters.values()) await c.stop().catch((e: Error) => log(`stop ${c.name}: ${e.message}`));
    await runCleanups(log);
    for (const key of CORE_NAMES) await sweep(root, { only: `bench-${key}-${stamp}` });
    rmSync(outDir, { recursive: true, force: true });
  }
  const totalSeconds = (performance.now() - t0) / 1000;
  const [first, second] = CORE_NAMES as [CoreName, CoreName];
  const label = (k: CoreName) => `${clusters.get(k)?.name} ${clusters.get(k)?.version}`;
  const counted = pairs.filter((p) => !p.warmup);
  const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
  const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
  const fmt = (s: ReturnType<typeof spread>, d = f2) =>
    `median ${d(s.median)}, IQR ${d(s.iqr)} (${d(s.q1)}..${d(s.q3)}), min ${d(s.min)}, max ${d(s.max)}`;
  const out: string[] = [
    '',
    `cores bench — ${label(first)} and ${label(second)}, each ${a.nodes} nodes x ${a.bays} bays, goal ${a.goal}, the ci profile's core options; host FUSE clients; ${cpus().length} CPUs (shared machine)`,
    `the same camera load on each: ${a.concurrency} writers, ${a.filesPerWriter} segments each of ${a.fileMiB} MiB (${(perSide / 1e9).toFixed(2)} GB a side), ${a.blockKiB} KiB write()s, fsync + close per segment; timed by the writer threads (wall clock, measured)`,
    '',
    `  pair      order                 ${first} MB/s  ${second} MB/s  ratio   CPU s/GB (harness / FUSE client / cluster): ${first}  |  ${second}`,
  ];
  for (const p of pairs) {
    const cell = (k: CoreName) => `${f2(p.sides[k].cpu.perGB)} / ${f2(p.sides[k].clientCpuPerGB)} / ${f2(p.sides[k].clusterCpuPerGB)}`;
    out.push(
      `  ${(p.warmup ? 'warm-up' : String(p.pair)).padEnd(8)}  ${p.order.join('-').padEnd(20)}  ${f1(p.sides[first].mbps).padStart(12)}  ${f1(p.sides[second].mbps).padStart(13)}  ${f2(p.ratio).padStart(5)}   ${cell(first)}  |  ${cell(second)}`,
    );
  }
  const of = (k: CoreName, f: (s: Side) => number) => spread(counted.map((p) => f(p.sides[k])));
  const ratio = spread(counted.map((p) => p.ratio));
  out.push('', `over ${counted.length} pairs (warm-up not counted):`, `  ratio ${second}/${first} MB/s   ${fmt(ratio)}`);
  for (const k of CORE_NAMES)
    out.push(
      `  ${k.padEnd(10)} MB/s ${fmt(
        of(k, (s) => s.mbps),
        f1,
      )}; cluster CPU s/GB ${fmt(of(k, (s) => s.clusterCpuPerGB))}; FUSE client CPU s/GB median ${f2(of(k, (s) => s.clientCpuPerGB).median)}`,
    );
  out.push('', `bench ${totalSeconds.toFixed(0)} s`, '');
  process.stdout.write(out.join('\n'));
  saveFigures(benchId, {
    benchId,
    args: a,
    cores: Object.fromEntries(CORE_NAMES.map((k) => [k, label(k)])),
    cpus: cpus().length,
    totalSeconds,
    pairs,
    summary: { ratio },
  });
}

runBench('bench:cores', main);
