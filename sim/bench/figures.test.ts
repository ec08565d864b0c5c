// The load bench's arithmetic on hand-made inputs: fio 3.33's per-job JSON, the writer
// threads' times, the spread of ratios.
import { describe, expect, it } from 'vitest';
import type { AckedSegment } from '../workload/cameras';
import { fioFigures, harnessFigures, quantile, spread } from './figures';

const job = (runtime: number, over: Record<string, unknown> = {}) => ({
  jobname: 'segments',
  error: 0,
  job_runtime: runtime + 20,
  usr_cpu: 5,
  sys_cpu: 20,
  write: { io_bytes: 8 << 20, runtime, total_ios: 8, clat_ns: { mean: 2e6 } },
  ...over,
});

describe('load bench figures', () => {
  it('fio: bytes of all jobs over the longest job runtime; CPU from usr/sys percent of each job runtime; per-file split', () => {
    // fio prints notes before its JSON sometimes: parsing starts at the first brace
    const out = `note: both iodepth >= 1 and synchronous I/O engine are selected\n${JSON.stringify({ 'fio version': 'fio-3.33', jobs: [job(1000), job(980)] })}`;
    const f = fioFigures(out, { jobs: 2, files: 4, blocksPerFile: 4 });
    expect(f.bytes).toBe(16 << 20);
    expect(f.seconds).toBe(1);
    expect(f.mbps).toBeCloseTo(16.777, 3);
    expect(f.cpu.userSeconds).toBeCloseTo(0.05 * 1.02 + 0.05 * 1.0, 6);
    expect(f.cpu.systemSeconds).toBeCloseTo(0.2 * 1.02 + 0.2 * 1.0, 6);
    expect(f.cpu.perGB).toBeCloseTo((f.cpu.userSeconds + f.cpu.systemSeconds) / (16 * 1.048576e-3), 6);
    expect(f.perFile).toEqual({ totalMs: (1000 + 980) / 4, writeMs: 8, otherMs: 495 - 8 });
  });

  it('fio: a missing or failed job makes the round invalid', () => {
    expect(() => fioFigures(JSON.stringify({ jobs: [job(1)] }), { jobs: 2, files: 2, blocksPerFile: 1 })).toThrow(/1 jobs, expected 2/);
    expect(() => fioFigures(JSON.stringify({ jobs: [job(1), job(1, { error: 5 })] }), { jobs: 2, files: 2, blocksPerFile: 1 })).toThrow(
      /error 5/,
    );
  });

  it('harness: first open to last close, build time taken out per writer for the I/O-only figure', () => {
    const seg = (camera: string, open: number, close: number, buildMs: number): AckedSegment => ({
      camera,
      seq: 0,
      path: `/${camera}/${open}`,
      payloadSeed: 0,
      startMs: 0,
      endMs: 0,
      ackMono: close + 1,
      dueMono: 0,
      role: 'camera',
      bytes: 1e6,
      writerMono: open - buildMs,
      openMono: open,
      closeMono: close,
      buildMs,
      writeMs: (close - open) / 2,
      fsyncMs: (close - open) / 4,
    });
    // two writers, two files each; the span is 100..1100 ms
    const acked = [seg('cam001', 100, 500, 10), seg('cam001', 520, 1000, 20), seg('cam002', 110, 600, 10), seg('cam002', 610, 1100, 10)];
    const h = harnessFigures(acked, { user: 300_000, system: 100_000 });
    expect(h.bytes).toBe(4e6);
    expect(h.seconds).toBeCloseTo(1.0, 9);
    expect(h.mbps).toBeCloseTo(4, 9);
    expect(h.ioOnlyMbps).toBeCloseTo(4 / (1.0 - 0.025), 9); // mean build per writer (30 + 20) / 2 ms
    expect(h.cpu).toEqual({ userSeconds: 0.3, systemSeconds: 0.1, perGB: 0.4 / 0.004 });
    expect(h.perFile.buildMs).toBeCloseTo(12.5, 9);
    const io = (400 + 480 + 490 + 490) / 4;
    expect(h.perFile.totalMs).toBeCloseTo(12.5 + io, 9);
    expect(h.perFile.closeMs).toBeCloseTo(io / 4, 9);
    expect(() => harnessFigures([], { user: 0, system: 0 })).toThrow(/no acknowledged segment/);
  });

  it('quantiles interpolate; the spread has median, IQR, min and max', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([], 0.5)).toBeNaN();
    expect(spread([0.8, 1.0, 0.9, 1.1, 0.95, 0.85])).toMatchObject({ median: 0.925, min: 0.8, max: 1.1 });
    expect(spread([1, 2, 3, 4, 5]).iqr).toBe(2);
  });
});
