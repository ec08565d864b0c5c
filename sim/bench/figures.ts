// The load bench's arithmetic, kept apart from the cluster so that it can be tested: what
// fio 3.33's JSON says about its jobs, what the writer threads' own times say about the
// harness, and the spread of per-pair ratios.
import type { AckedSegment } from '../workload/cameras';

export interface Cpu {
  userSeconds: number;
  systemSeconds: number;
  perGB: number;
}

export interface IoFigures {
  bytes: number;
  /** the timed span: fio its longest job's write runtime, harness first open() to last close() */
  seconds: number;
  mbps: number;
  cpu: Cpu;
}

export interface FioFigures extends IoFigures {
  /** per file: its write() calls (fio's mean completion latency x blocks) and the rest (open, fsync, close) */
  perFile: { totalMs: number; writeMs: number; otherMs: number };
}

export interface HarnessFigures extends IoFigures {
  /** bytes over the span less each writer's mean build time: what the I/O alone did */
  ioOnlyMbps: number;
  files: number;
  /** per file, on the writer thread: build (payload + header), open + write()s, fsync, close */
  perFile: { totalMs: number; buildMs: number; writeMs: number; fsyncMs: number; closeMs: number };
}

/** The fields of one job in fio's JSON output (fio 3.33, no group_reporting). */
interface FioJob {
  error: number;
  /** ms from the job's start (before its I/O) to its end: what usr_cpu and sys_cpu are percent of */
  job_runtime: number;
  usr_cpu: number;
  sys_cpu: number;
  /** runtime: ms of do_io(), in which the files are opened, written, fsync'ed (fsync_on_close) and closed */
  write: { io_bytes: number; runtime: number; total_ios: number; clat_ns: { mean: number } };
}

export function fioFigures(output: string, w: { jobs: number; files: number; blocksPerFile: number }): FioFigures {
  const json = JSON.parse(output.slice(output.indexOf('{'))) as { jobs?: FioJob[] };
  const jobs = json.jobs ?? [];
  if (jobs.length !== w.jobs) throw new Error(`fio reported ${jobs.length} jobs, expected ${w.jobs}`);
  const failed = jobs.filter((j) => j.error !== 0);
  if (failed.length > 0) throw new Error(`fio: ${failed.length} job(s) ended with error ${failed[0]!.error}: not a valid measurement`);
  const bytes = jobs.reduce((s, j) => s + j.write.io_bytes, 0);
  // fio 3.33 has no per-job start time (job_start came in 3.36), but it releases its jobs
  // together once all are set up: the longest write runtime is the group's span
  const seconds = Math.max(...jobs.map((j) => j.write.runtime)) / 1000;
  const usr = jobs.reduce((s, j) => s + (j.usr_cpu / 100) * (j.job_runtime / 1000), 0);
  const sys = jobs.reduce((s, j) => s + (j.sys_cpu / 100) * (j.job_runtime / 1000), 0);
  const totalMs = jobs.reduce((s, j) => s + j.write.runtime, 0) / w.files;
  const ios = jobs.reduce((s, j) => s + j.write.total_ios, 0);
  const writeMs = (jobs.reduce((s, j) => s + j.write.clat_ns.mean * j.write.total_ios, 0) / Math.max(1, ios) / 1e6) * w.blocksPerFile;
  return {
    bytes,
    seconds,
    mbps: bytes / 1e6 / seconds,
    cpu: { userSeconds: usr, systemSeconds: sys, perGB: (usr + sys) / (bytes / 1e9) },
    perFile: { totalMs, writeMs, otherMs: totalMs - writeMs },
  };
}

/** From the acknowledged segments' writer-thread times and the process CPU over the writes. */
export function harnessFigures(acked: readonly AckedSegment[], cpu: { user: number; system: number }): HarnessFigures {
  const timed = acked.filter((x) => x.openMono !== undefined && x.closeMono !== undefined);
  if (timed.length === 0) throw new Error('no acknowledged segment with writer times');
  const bytes = timed.reduce((s, x) => s + x.bytes, 0);
  const seconds = (Math.max(...timed.map((x) => x.closeMono!)) - Math.min(...timed.map((x) => x.openMono!))) / 1000;
  // a camera (VU) writes its files one after another: its build time is time its writer did
  // no I/O; the mean over the writers is what the span would lose without builds
  const perCamera = new Map<string, number>();
  for (const x of timed) perCamera.set(x.camera, (perCamera.get(x.camera) ?? 0) + (x.buildMs ?? 0));
  const meanBuildSeconds = [...perCamera.values()].reduce((s, v) => s + v, 0) / perCamera.size / 1000;
  const mean = (f: (x: AckedSegment) => number) => timed.reduce((s, x) => s + f(x), 0) / timed.length;
  const buildMs = mean((x) => x.buildMs ?? 0);
  const writeMs = mean((x) => x.writeMs ?? 0);
  const fsyncMs = mean((x) => x.fsyncMs ?? 0);
  const ioMs = mean((x) => x.closeMono! - x.openMono!);
  const user = cpu.user / 1e6;
  const system = cpu.system / 1e6;
  return {
    bytes,
    seconds,
    mbps: bytes / 1e6 / seconds,
    ioOnlyMbps: bytes / 1e6 / (seconds - meanBuildSeconds),
    files: timed.length,
    cpu: { userSeconds: user, systemSeconds: system, perGB: (user + system) / (bytes / 1e9) },
    perFile: { totalMs: buildMs + ioMs, buildMs, writeMs, fsyncMs, closeMs: ioMs - writeMs - fsyncMs },
  };
}

/** linear-interpolated quantile (R-7, numpy's default) */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((x, y) => x - y);
  if (s.length === 0) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (i - lo);
}

export interface Spread {
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  min: number;
  max: number;
}

export function spread(xs: readonly number[]): Spread {
  const q1 = quantile(xs, 0.25);
  const q3 = quantile(xs, 0.75);
  return { median: quantile(xs, 0.5), q1, q3, iqr: q3 - q1, min: Math.min(...xs), max: Math.max(...xs) };
}
