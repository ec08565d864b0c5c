// T5 checker on synthetic histories shaped like the real ones (sim/nemesis/io-errors.ts,
// sim/nemesis/spin-up.ts): PASS when the burst is tolerated, the failing disk ejected after
// several errors and the surge within one PSU; FAIL for each way that can break.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { checkDelayedKick } from './delayed-kick';

const T = { maxEjectionSeconds: 120, minErrorsBeforeEjection: 2 };
const W = 1_800_000_000_000;

function history(
  o: {
    burstEjected?: boolean;
    burstUsed?: number;
    opsAfter?: number;
    persistentErrors?: number;
    ejectAfterMs?: number | null;
    peakAmps?: number;
    noSpin?: boolean;
    noPersistent?: boolean;
    lost?: boolean;
    /** the chunkserver died of the burst and its restart policy brought it back */
    restartedByBurst?: boolean;
    spinPolicy?: { groupSize: number; groupDelayMs: number };
    /** no process identity recorded around the burst */
    noProcess?: boolean;
    /** the persistent fault's watch ended this long after its first error (default 130 s) */
    watchedMs?: number;
  } = {},
): HistoryEvent[] {
  const ev: Record<string, unknown>[] = [];
  const add = (e: Record<string, unknown>) => ev.push(e);
  // the camera load around the faults, every segment read back intact
  for (let s = 1; s <= 3; s++) add({ kind: 'segment.write', outcome: 'ok', camera: 'cam001', seq: s, path: `/before/${s}` });
  if (!o.noSpin) {
    add({ kind: 'fault.start', id: 'spin-up', fault: 'spin-up-telemetry', mode: 'configured' });
    for (const node of ['node1', 'node2']) {
      add({
        kind: 'twin.spinup',
        id: 'spin-up',
        node,
        disks: 48,
        policy: o.spinPolicy ?? { groupSize: 8, groupDelayMs: 12_000 },
        psu12vAmps: 100,
        peakAmps: o.peakAmps ?? 41.1,
        readyAtMs: 70_000,
        maxSafeGroupSize: 31,
        allAtOnceAmps: 121,
      });
    }
    add({ kind: 'fault.end', id: 'spin-up' });
  }
  // burst of 2 on node1 bay03
  const used = o.burstUsed ?? 2;
  add({ kind: 'fault.start', id: 'burst-1', fault: 'io-errors', node: 'node1', slot: 3, bay: 'bay03', mode: 'burst', count: 2 });
  const proc = (id: string, when: string, restarted = false) =>
    add({
      kind: 'core.process',
      faultId: id,
      target: 'node1',
      when,
      pid: restarted ? 42 : 41,
      startedAt: restarted ? 'b' : 'a',
      restartCount: restarted ? 1 : 0,
      running: true,
    });
  if (!o.noProcess) proc('burst-1', 'before');
  add({ kind: 'core.disk', id: 'burst-1', why: 'before', status: 'ok', lastError: null });
  for (let k = 0; k < used; k++) add({ kind: 'io.error.injected', id: 'burst-1', call: 'write', atWall: W + k * 5000 });
  add({ kind: 'core.disk', id: 'burst-1', why: 'changed', status: 'ok', lastError: String(W / 1000) });
  if (o.burstEjected) add({ kind: 'core.disk.damaged', id: 'burst-1', status: 'damaged', atWall: W + 6000 });
  add({ kind: 'fault.effect', id: 'burst-1', service: 'after-burst', opsAfterBurst: o.opsAfter ?? 40 });
  add({
    kind: 'core.disk',
    id: 'burst-1',
    why: 'after-observation',
    status: o.burstEjected ? 'damaged' : 'ok',
    lastError: String(W / 1000),
  });
  if (!o.noProcess) proc('burst-1', 'after', o.restartedByBurst);
  add({ kind: 'fault.end', id: 'burst-1' });
  if (!o.noPersistent) {
    const P = W + 60_000;
    add({
      kind: 'fault.start',
      id: 'persistent-1',
      fault: 'io-errors',
      node: 'node2',
      slot: 7,
      bay: 'bay07',
      mode: 'persistent',
      count: null,
    });
    add({ kind: 'core.disk', id: 'persistent-1', why: 'before', status: 'ok', lastError: null });
    const n = o.persistentErrors ?? 5;
    for (let k = 0; k < n; k++) add({ kind: 'io.error.injected', id: 'persistent-1', call: 'open', atWall: P + k * 10 });
    const eject = o.ejectAfterMs === undefined ? 950 : o.ejectAfterMs;
    if (eject !== null) add({ kind: 'core.disk.damaged', id: 'persistent-1', status: 'damaged', atWall: P + eject });
    add({ kind: 'fault.effect', id: 'persistent-1', injected: n, ejected: eject !== null, wall: P + (o.watchedMs ?? 130_000) });
    if (eject !== null) add({ kind: 'fault.cleanup', id: 'persistent-1', coreAcceptedSeconds: 3.1 });
    proc('persistent-1', 'before');
    proc('persistent-1', 'after');
    add({ kind: 'fault.end', id: 'persistent-1' });
  }
  for (let s = 1; s <= 3; s++) add({ kind: 'segment.verify', outcome: o.lost && s === 2 ? 'unreadable' : 'ok', path: `/before/${s}` });
  return ev.map((e, i) => ({ i, wall: W + i, mono: i, virt: W + i, ...e }) as HistoryEvent);
}

const fig = (v: ReturnType<typeof checkDelayedKick>, part: string) => v.figures.find((f) => f.name.includes(part));

describe('T5 delayed kick + staggered spin-up checker', () => {
  it('PASS: burst tolerated and still used, failing disk ejected after several errors, surge within one PSU; figures say measured vs simulated', () => {
    const v = checkDelayedKick(history(), T);
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.nature).toBe('mixed');
    expect(v.accel).toBe(1);
    expect(fig(v, 'errors before the core ejected')).toMatchObject({ value: 5, ok: true, nature: 'measured' });
    expect(fig(v, 'first injected error → disk marked damaged')).toMatchObject({ value: 0.95, ok: true, nature: 'measured' });
    expect(fig(v, 'injected in a burst')).toMatchObject({ value: 2, ok: true });
    expect(fig(v, 'node1: 12 V peak')).toMatchObject({ value: 41.1, nature: 'simulated', ok: true });
    expect(v.reasons.join(' ')).toMatch(/measured on the real core.*simulated on the twins/);
  });

  it('FAIL: an acknowledged segment not read back, with the disks judged right', () => {
    const v = checkDelayedKick(history({ lost: true }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join()).toMatch(/data lost: 1 of 3 acknowledged segments not read back intact \(1 unreadable\)/);
  });

  it('FAIL: the core ejects the disk after the burst (kicked at once)', () => {
    const v = checkDelayedKick(history({ burstEjected: true }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/burst-1: the core ejected node1 bay03 .* after a burst of 2 I\/O errors/);
    expect(fig(v, 'disk ejected by the core after the burst')).toMatchObject({ value: 1, ok: false });
  });

  it('FAIL: the storage process died of the burst and came back by its restart policy (the disk reads ok and is used again)', () => {
    const v = checkDelayedKick(history({ restartedByBurst: true }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(
      /burst-1 \(node1 bay03\): the node's storage process restarted during the I\/O errors \(pid 41 → 42, restarts 0 → 1\)/,
    );
    expect(checkDelayedKick(history({ noProcess: true }), T).status).toBe('INCONCLUSIVE');
  });

  it('FAIL: the failing disk is ejected at its first error, or never, or too late', () => {
    expect(checkDelayedKick(history({ persistentErrors: 1 }), T).reasons.join(' ')).toMatch(/after 1 error\(s\): kicked at once/);
    const never = checkDelayedKick(history({ ejectAfterMs: null }), T);
    expect(never.status).toBe('FAIL');
    expect(never.reasons.join(' ')).toMatch(/never ejected it \(watched 130 s after the first error\)/);
    // a watch that ended before the bound had passed since the first error cannot say 'never'
    const short = checkDelayedKick(history({ ejectAfterMs: null, watchedMs: 60_000 }), T);
    expect(short.status).toBe('INCONCLUSIVE');
    expect(short.reasons.join(' ')).toMatch(/not ejected, but watched only 60 s after the first error \(the bound is 120 s\)/);
    expect(checkDelayedKick(history({ ejectAfterMs: 200_000 }), T).status).toBe('FAIL');
  });

  it('FAIL: a node spinning every disk at once exceeds one PSU', () => {
    const v = checkDelayedKick(history({ peakAmps: 121 }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/power-on surge 121 A exceeds one PSU's 12 V rating 100 A/);
  });

  it('FAIL: groups with no delay between them start every disk at once, even where the surge fits one PSU', () => {
    const v = checkDelayedKick(history({ spinPolicy: { groupSize: 1, groupDelayMs: 0 } }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/node1: starts all 48 disks at once/);
  });

  it('INCONCLUSIVE, never PASS, when a part was not shown', () => {
    expect(checkDelayedKick(history({ burstUsed: 1 }), T).status).toBe('INCONCLUSIVE');
    expect(checkDelayedKick(history({ opsAfter: 0 }), T).status).toBe('INCONCLUSIVE');
    expect(checkDelayedKick(history({ noSpin: true }), T).status).toBe('INCONCLUSIVE');
    expect(checkDelayedKick(history({ noPersistent: true }), T).status).toBe('INCONCLUSIVE');
    expect(checkDelayedKick([], T).status).toBe('INCONCLUSIVE');
  });
});
