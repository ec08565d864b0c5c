// The video load on the engine, against a plain local directory (the real core is in
// the *.core.test.ts): the history it leaves, fault-phase tags, recording figures,
// thresholds that pass and fail, and the summary file's shape.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunClock, sleep, waitAtMost } from '../clock';
import { HistoryWriter, readHistory } from '../history';
import { checkLoad } from '../checkers/load';
import { loadSpec } from '../../scenarios/load-library';
import type { LoadOptionsInput } from '../load/scenario-schema';
import { engineOptions, VideoLoad } from './video-load';
import { verifySegment } from './segment';

function setup(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `video-load-${name}-`));
  const clock = new RunClock();
  const history = new HistoryWriter(join(dir, 'history.jsonl'), clock);
  return { dir, clock, history, mount: join(dir, 'mnt') };
}

describe('video load (engine-driven cameras, players, downloads)', () => {
  it('engine options: one constant-arrival-rate scenario per camera, staggered over a segment, plus players and downloads', () => {
    const spec = loadSpec('mixed', { cameras: 4, segmentSeconds: 2 });
    const o = engineOptions(spec);
    const cams = Object.entries(o.scenarios).filter(([, s]) => s.tags?.role === 'camera');
    expect(cams.map(([n]) => n)).toEqual(['cam001', 'cam002', 'cam003', 'cam004']);
    expect(cams.map(([, s]) => s.startTime)).toEqual([2000, 2500, 3000, 3500]);
    for (const [, s] of cams)
      expect(s).toMatchObject({ executor: 'constant-arrival-rate', rate: 1, timeUnit: 2000, maxVUs: 2, startGrace: 2000, exec: 'camera' });
    expect(o.scenarios.players).toMatchObject({ executor: 'constant-vus', vus: 4, exec: 'player' });
    expect(o.scenarios.downloads).toMatchObject({ executor: 'per-vu-iterations', vus: 2, iterations: 2, exec: 'download' });
    expect(o.thresholds).toMatchObject({ write_failed: ['rate==0'], recording_gaps: ['count==0'], download_failed: ['rate==0'] });
    const peak = engineOptions(loadSpec('peak', { cameras: 8 }));
    expect(peak.scenarios.uploads).toMatchObject({ executor: 'ramping-arrival-rate', exec: 'upload' });
  });

  it('writes verifiable segments, journals them, tags samples with the fault phase, and passes its thresholds', async () => {
    const { clock, history, mount } = setup('ok');
    // mechanics, not performance: generous bounds so that a busy CI box cannot fail it
    const relaxed = { 'write_latency{role:camera}': ['p(99)<5000'], 'read_latency{op:play}': ['p(95)<5000'] };
    const spec = loadSpec('mixed', {
      cameras: 3,
      bitrateMbps: 0.4,
      segmentSeconds: 0.2,
      readEveryMs: 50,
      durationSeconds: 2.4,
      maxInFlightPerCamera: 8,
      thresholds: relaxed,
    });
    spec.players = { vus: 1, thinkMs: 50 };
    spec.downloads = { vus: 1, iterations: 1, segmentsPerRecording: 3, startAfterSeconds: 1 };
    const load = new VideoLoad(spec, { mountPoint: mount, history, clock, seed: 'unit', writers: 4 });
    load.start();
    // a fault recorded in the history while the load runs, as a nemesis would
    setTimeout(() => history.append({ kind: 'fault.start', id: 'pull-1', fault: 'disk-pull' }), 1000);
    setTimeout(() => history.append({ kind: 'fault.end', id: 'pull-1' }), 1500);
    const o = await load.done;
    history.close();

    expect(o.failures).toEqual([]);
    expect(o.passed).toBe(true);
    const { events } = readHistory(history.path);
    const writes = events.filter((e) => e.kind === 'segment.write');
    expect(writes.length).toBeGreaterThanOrEqual(3 * 10);
    expect(writes.every((w) => w.outcome === 'ok')).toBe(true);
    // the fields the T8 checker and verify rely on, plus the phase
    for (const w of writes)
      expect(w).toMatchObject({
        camera: expect.stringMatching(/^cam00[1-3]$/),
        seq: expect.any(Number),
        path: expect.any(String),
        bytes: 10_512,
        payloadSeed: expect.any(Number),
        dueMono: expect.any(Number),
        startMono: expect.any(Number),
        latencyMs: expect.any(Number),
        lateMs: expect.any(Number),
        phase: expect.stringMatching(/^(before|during|after)$/),
      });
    expect(new Set(writes.map((w) => w.phase))).toEqual(new Set(['before', 'during', 'after']));
    expect(writes.filter((w) => w.phase !== 'before').every((w) => w.fault === 'pull-1')).toBe(true);
    // every acknowledged segment is on disk and is the one acknowledged
    for (const a of load.acked) expect(verifySegment(readFileSync(join(mount, a.path)), a).ok).toBe(true);
    expect(events.filter((e) => e.kind === 'segment.read').length).toBeGreaterThan(5);
    expect(events.find((e) => e.kind === 'recording.download')).toMatchObject({ outcome: 'ok', segments: 3 });

    const s = o.summary;
    expect(s.metrics['write_latency{phase:during}']?.values.count).toBeGreaterThan(0);
    expect(s.metrics['write_latency{phase:after}']?.values.count).toBeGreaterThan(0);
    expect(s.recording).toMatchObject({ completeness: 1, gapCount: 0 });
    expect(s.recording.phases.map((p) => p.phase)).toEqual(['before', 'during', 'after']);
    expect(s.faults).toEqual([expect.objectContaining({ id: 'pull-1', fault: 'disk-pull' })]);
    expect(s.roles.camera).toMatchObject({ scenarios: 3, errors: 0, dropped: 0 });
    expect(JSON.parse(JSON.stringify(s)).load.name).toBe('mixed');
    expect(o.text).toMatch(/█ RECORDING 录像/);
    expect(o.text).toMatch(/during pull-1 +completeness min 100\.00%/);
    expect(o.text).toMatch(/RESULT: PASSED/);

    // the history alone says the same
    const load2 = events.find((e) => e.kind === 'load.summary');
    expect(load2).toMatchObject({ passed: true, failures: [], file: 'load-summary.json' });
    expect(checkLoad(events).status).toBe('PASS');
    expect(events.find((e) => e.kind === 'load.stop')).toMatchObject({ written: writes.length, dropped: 0, writeErrors: 0 });
  });

  it('an impossible threshold fails the load, and the history names metric, expression and observed value', async () => {
    const { clock, history, mount } = setup('fail');
    const spec = loadSpec('steady', {
      cameras: 2,
      bitrateMbps: 0.4,
      segmentSeconds: 0.2,
      readEveryMs: 0,
      durationSeconds: 1,
      thresholds: { 'write_latency{role:camera}': ['p(99)<0.001'] },
    });
    const load = new VideoLoad(spec, { mountPoint: mount, history, clock, seed: 'unit', writers: 2 });
    load.start();
    const o = await load.done;
    history.close();
    expect(o.passed).toBe(false);
    expect(o.failures).toHaveLength(1);
    expect(o.failures[0]).toMatch(/^write_latency\{role:camera\}: threshold 'p\(99\)<0\.001' failed: observed p\(99\)=[\d.]+ms$/);
    const check = checkLoad(readHistory(history.path).events);
    expect(check.status).toBe('FAIL');
    expect(check.reasons[0]).toMatch(
      /load threshold failed: write_latency\{role:camera\}: threshold 'p\(99\)<0\.001' failed: observed p\(99\)=/,
    );
  });

  it('a background load runs until finish(), then judges; abort() ends it as not passed', async () => {
    const { clock, history, mount } = setup('bg');
    const spec = loadSpec('steady', {
      cameras: 2,
      bitrateMbps: 0.4,
      segmentSeconds: 0.2,
      readEveryMs: 0,
      maxInFlightPerCamera: 8,
      thresholds: { 'write_latency{role:camera}': ['p(99)<5000'] },
    });
    expect(spec.durationSeconds).toBeUndefined();
    const load = new VideoLoad(spec, { mountPoint: mount, history, clock, seed: 'unit', writers: 2 });
    load.start();
    await sleep(900);
    const o = await load.finish();
    expect(o.failures).toEqual([]);
    expect(o.passed).toBe(true);
    expect(o.result.durationMs).toBeLessThan(3000);
    expect(load.progress.written).toBeGreaterThanOrEqual(2 * 2);

    const other = new VideoLoad(spec, { mountPoint: join(mount, 'b'), history, clock, seed: 'unit', writers: 2 });
    other.start();
    await sleep(500);
    await other.abort('the run failed');
    await expect(other.done).resolves.toMatchObject({ passed: false });
    history.close();
  });
});

describe('video load: a playback that gets no answer', () => {
  it("fails the read at the spec's playDeadlineSeconds (a read blocked in the mount), and the load with it", async () => {
    const { dir, clock, history, mount } = setup('hung-read');
    // the players' mount: every recording there is a FIFO nobody writes, so a read blocks in open()
    const readMount = join(dir, 'read');
    const fifos: string[] = [];
    history.subscribe((e) => {
      if (e.kind !== 'segment.write' || e.outcome !== 'ok') return;
      const fifo = join(readMount, e.path);
      mkdirSync(dirname(fifo), { recursive: true });
      execFileSync('mkfifo', [fifo]);
      fifos.push(fifo);
    });
    const spec = loadSpec('steady', { cameras: 2, bitrateMbps: 0.4, segmentSeconds: 0.2, readEveryMs: 50, maxInFlightPerCamera: 8 });
    spec.thresholds = { read_failed: ['rate==0'] };
    spec.playDeadlineSeconds = 0.5;
    const load = new VideoLoad(spec, { mountPoint: mount, readMountPoint: readMount, history, clock, seed: 'unit', writers: 2 });
    try {
      load.start();
      await sleep(2000);
      const o = await load.finish();
      history.close();
      const reads = readHistory(history.path).events.filter((e) => e.kind === 'segment.read');
      expect(reads.length).toBeGreaterThan(0);
      // the one player's reader waits out the first read; with it stuck, the next reads go through
      // the command helper and wait out their deadline too
      for (const r of reads) expect(r).toMatchObject({ outcome: 'fail', error: expect.stringMatching(/no answer within 0\.5 s/) });
      expect(o.passed).toBe(false);
      expect(o.failures.join('\n')).toMatch(/read_failed/);
      // the stuck reads hold reader processes, not this process's threads: its own file reads still answer
      writeFileSync(join(dir, 'probe'), 'x');
      const probes = Array.from({ length: 8 }, () => readFile(join(dir, 'probe')));
      expect(await waitAtMost(Promise.all(probes), 2000)).toBe(true);
    } finally {
      // the blocked opens end once a writer comes and goes (libuv's few threads are shared)
      for (const f of fifos) {
        try {
          closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
        } catch {
          // nobody was reading it
        }
      }
    }
  });
});

describe('video load: bad thresholds', () => {
  it('refuses a threshold in bad k6 syntax at start, before anything is written', () => {
    const { clock, history, mount } = setup('bad');
    const spec = loadSpec('steady', { cameras: 1, thresholds: { 'write_latency{role:camera}': ['p99<2000'] } });
    const load = new VideoLoad(spec, { mountPoint: mount, history, clock, seed: 'unit', writers: 1 });
    expect(() => load.start()).toThrow(
      /threshold 'p99<2000' on 'write_latency\{role:camera\}': 'p99' is not an aggregation; write p\(99\)/,
    );
    history.close();
    expect(readHistory(history.path).events).toEqual([]);
  });
});

describe('video load: waiting for a writer thread is not hidden', () => {
  // Four cameras whose segments fall due at the same instant, one writer thread: the
  // segments queue for it. The engine had free VUs, so only the writer pool delays them.
  const burst = (startGrace?: number) => {
    const scenarios: LoadOptionsInput['scenarios'] = {};
    for (const camera of ['cam001', 'cam002', 'cam003', 'cam004']) {
      scenarios[camera] = {
        executor: 'constant-arrival-rate',
        rate: 1,
        timeUnit: 400,
        duration: 800,
        preAllocatedVUs: 4,
        maxVUs: 4,
        tags: { role: 'camera', camera },
        exec: 'camera',
        gracefulStop: '10s',
        ...(startGrace !== undefined ? { startGrace } : {}),
      };
    }
    return { scenarios, subMetrics: ['iterations{phase:before}', 'dropped_iterations{phase:before}'], summaryTrendStats: ['max', 'count'] };
  };
  // 16 MiB segments (filling and writing one takes several ms): 0.4 s at 335.5 Mbit/s
  const spec = () => ({
    ...loadSpec('steady', {
      cameras: 4,
      bitrateMbps: ((16 << 20) * 8) / 0.4 / 1e6,
      segmentSeconds: 0.4,
      readEveryMs: 0,
      writeBlockBytes: 1 << 16,
    }),
    thresholds: {},
  });

  it('a segment that waited for a writer records that wait: lateMs and iteration_start_delay', async () => {
    const { clock, history, mount, dir } = setup('queue');
    const load = new VideoLoad(spec(), { mountPoint: mount, history, clock, seed: 'unit', writers: 1 });
    await load.prepare();
    load.start(burst());
    const o = await load.done;
    history.close();
    const writes = readHistory(history.path).events.filter((e) => e.kind === 'segment.write' && e.outcome === 'ok');
    expect(writes).toHaveLength(8);
    expect(o.result.scenarios.cam001).toMatchObject({ dropped: 0, interrupted: 0 });
    // one writer: a segment cannot have been given to it before the one before it was closed
    // (the writer's own clock); its start delay is at least that far past its due time
    const byClose = [...load.acked].sort((a, b) => a.closeMono! - b.closeMono!);
    const lowerBound = new Map<string, number>(); // path -> least possible start delay
    byClose.forEach((a, k) => lowerBound.set(a.path, k === 0 ? 0 : Math.max(0, byClose[k - 1]!.closeMono! - a.dueMono)));
    const worst = Math.max(...lowerBound.values());
    expect(worst).toBeGreaterThan(5); // the precondition: segments did queue
    // 1 ms: the writer thread's clock and the engine's are read on different threads (seen 0.68 ms apart)
    for (const w of writes) expect(Number(w.lateMs)).toBeGreaterThanOrEqual(lowerBound.get(String(w.path))! - 1);
    const delay = o.summary.metrics.iteration_start_delay!.values;
    expect(delay.count).toBe(8);
    expect(delay.max).toBeGreaterThanOrEqual(worst - 1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('one that cannot start within the grace is dropped with its reason, never written late; built-in metrics carry the phase', async () => {
    const { clock, history, mount, dir } = setup('late');
    const load = new VideoLoad(spec(), { mountPoint: mount, history, clock, seed: 'unit', writers: 1 });
    await load.prepare();
    const grace = 2;
    load.start(burst(grace));
    const o = await load.done;
    history.close();
    const { events } = readHistory(history.path);
    const drops = events.filter((e) => e.kind === 'segment.drop');
    const writes = events.filter((e) => e.kind === 'segment.write');
    const totals = Object.values(o.result.scenarios).reduce(
      (t, s) => ({ it: t.it + s.iterations, dr: t.dr + s.dropped, int: t.int + s.interrupted }),
      { it: 0, dr: 0, int: 0 },
    );
    expect(totals.it + totals.dr + totals.int).toBe(8); // every due segment accounted for
    expect(totals.dr).toBeGreaterThanOrEqual(4); // the 3rd and 4th of each burst waited for two 16 MiB writes
    expect(drops).toHaveLength(totals.dr);
    expect(load.progress.dropped).toBe(totals.dr);
    for (const d of drops.filter((e) => e.cause === 'iteration'))
      expect(d.reason).toMatch(/^harness: no free writer thread for \d+ ms \(all 1 busy\)/);
    for (const w of writes) expect(Number(w.lateMs)).toBeLessThanOrEqual(grace + 0.5);
    expect(writes.every((w) => w.outcome === 'ok')).toBe(true);
    expect(o.summary.metrics.segments_dropped?.values.count).toBe(totals.dr);
    expect(o.summary.metrics['dropped_iterations{phase:before}']?.values.count).toBe(totals.dr);
    expect(o.summary.metrics['iterations{phase:before}']?.values.count).toBe(totals.it);
    expect(o.recording.gapCount).toBeGreaterThan(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
