// T9 checker on hand-made histories: PASS on a healthy lifecycle, failover and link loss;
// FAIL on each way a history can be broken; INCONCLUSIVE when nothing was done or a watch
// was too short to tell.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { cameras, readBack } from './camera-fixture';
import { checkClusterManagement } from './lifecycle';

type Body = { kind: string } & Record<string, unknown>;
function history(build: (at: (mono: number, body: Body) => void) => void): HistoryEvent[] {
  const ev: HistoryEvent[] = [];
  build((mono, body) => ev.push({ i: ev.length, wall: mono, virt: mono, mono, ...body } as HistoryEvent));
  return ev.sort((a, b) => a.mono - b.mono);
}

const T = {
  lifecycle: { maxSecondsToFirstChunk: 60, maxDrainSeconds: 300, maxFailoverSeconds: 180, maxWriteStallSeconds: 10 },
  link: { maxWriteStallSeconds: 15, maxReadErrors: 0, maxReadSeconds: 10 },
};
const NEW = '10.0.0.9';

interface LifeOpts {
  firstChunkAtMs?: number | null;
  drainReady?: boolean;
  drainSeconds?: number;
  refused?: boolean;
  listedAfter?: string;
  goalAfterRemove?: boolean;
  failoverGoalS?: number | null;
  failWatchS?: number;
  stall?: [number, number];
  lost?: number;
  /** camera segments never recorded, at these times: a write that failed, or one dropped */
  failedAt?: number[];
  droppedAt?: number[];
}
type At = (mono: number, body: Body) => void;
/** writes that never became recordings (each leaves the camera's stall under every bound) */
function notRecorded(at: At, o: { failedAt?: number[]; droppedAt?: number[]; startedAt?: number }) {
  for (const [k, m] of (o.failedAt ?? []).entries())
    at(m, {
      kind: 'segment.write',
      outcome: 'fail',
      role: 'camera',
      camera: 'cam1',
      seq: 900 + k,
      error: 'EIO',
      latencyMs: 50,
      startMono: o.startedAt ?? m - 50,
    });
  for (const [k, m] of (o.droppedAt ?? []).entries())
    at(m, { kind: 'segment.drop', role: 'camera', camera: 'cam2', seq: 950 + k, cause: 'busy', reason: 'writes still busy' });
}
function lifecycle(o: LifeOpts = {}) {
  return history((at) => {
    const paths = cameras(at, 400_000, o.stall);
    notRecorded(at, o);
    at(10_000, { kind: 'scaleout.add', node: 'node4' });
    at(12_000, { kind: 'scaleout.powered', node: 'node4', address: NEW });
    for (let m = 10_000; m < 400_000; m += 1000) {
      const chunks = o.firstChunkAtMs === null ? 0 : m >= (o.firstChunkAtMs ?? 20_000) ? 5 : 0;
      at(m + 1, { kind: 'core.nodes', nodes: [{ address: '10.0.0.2', chunks: 50 }, ...(m >= 13_000 ? [{ address: NEW, chunks }] : [])] });
    }
    at(30_000, { kind: 'lifecycle.drain.start', id: 'drain-node1', node: 'node1', address: '10.0.0.2', chunks: 120 });
    at(30_000 + (o.drainSeconds ?? 130) * 1000, {
      kind: 'lifecycle.drain.end',
      id: 'drain-node1',
      node: 'node1',
      ready: o.drainReady ?? true,
      seconds: o.drainSeconds ?? 130,
      chunksAtStart: 120,
      copiedElsewhere: 120,
    });
    const r0 = 30_000 + (o.drainSeconds ?? 130) * 1000 + 5000;
    if (o.refused) at(r0, { kind: 'lifecycle.remove.refused', id: 'remove-node1', node: 'node1', reason: 'drain did not finish' });
    else {
      at(r0, { kind: 'lifecycle.remove.start', id: 'remove-node1', node: 'node1', running: true, drained: true });
      at(r0 + 8000, {
        kind: 'lifecycle.remove.end',
        id: 'remove-node1',
        node: 'node1',
        listedAfter: o.listedAfter ?? 'absent',
        message: 'Chunkserver removed',
        atGoal: o.goalAfterRemove ?? true,
        atGoalSeconds: 8,
        health: {},
      });
    }
    at(200_000, { kind: 'lifecycle.fail.start', id: 'fail-node2', node: 'node2' });
    const goalS = o.failoverGoalS === undefined ? 40 : o.failoverGoalS;
    const watched = o.failWatchS ?? goalS ?? 185;
    at(200_000 + watched * 1000, {
      kind: 'lifecycle.fail.end',
      id: 'fail-node2',
      node: 'node2',
      detectedSeconds: 0.5,
      atGoalSeconds: goalS,
      waitedSeconds: watched,
    });
    readBack(at, 400_100, paths, o.lost ?? 0);
  });
}

describe('T9 checker: lifecycle and failover', () => {
  it('PASS: node added and used, drained in time, deleted, failover back at goal with short stalls; figures carry the numbers', () => {
    const v = checkClusterManagement(lifecycle(), T);
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.clause).toBe('T9');
    const fig = (name: string) => v.figures.find((f) => f.name.includes(name));
    expect(fig('add → first chunk')).toMatchObject({ value: 10, ok: true }); // 10.001 s, rounded to 0.01
    expect(fig('ready for removal')).toMatchObject({ value: 130, ok: true });
    expect(fig('copied elsewhere')).toMatchObject({ value: 120 });
    expect(fig("removed from the master's list")).toMatchObject({ value: 1, ok: true });
    expect(fig('every chunk at goal on the others')).toMatchObject({ value: 40, ok: true });
    expect(fig('failover node2: longest write stall')).toMatchObject({ value: 1, ok: true });
    expect(fig('extend, drain and delete: longest write stall')).toMatchObject({ value: 1, ok: true });
    expect(fig('byte-identical')).toMatchObject({ value: 800, ok: true });
  });

  it('FAIL: an added node that never holds a chunk', () => {
    const v = checkClusterManagement(lifecycle({ firstChunkAtMs: null }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join()).toMatch(/never held a chunk/);
  });

  it('FAIL: a drain that never becomes ready past the bound, and the node then cannot be deleted', () => {
    const v = checkClusterManagement(lifecycle({ drainReady: false, drainSeconds: 305, refused: true }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join('\n')).toMatch(/never became ready/);
    expect(v.reasons.join('\n')).toMatch(/could not be deleted/);
  });

  it('INCONCLUSIVE (not PASS) when a drain was given up before its bound', () => {
    const v = checkClusterManagement(lifecycle({ drainReady: false, drainSeconds: 100 }), T);
    expect(v.status).toBe('INCONCLUSIVE');
  });

  it('FAIL: a drain slower than the bound', () => {
    expect(checkClusterManagement(lifecycle({ drainSeconds: 320 }), T).status).toBe('FAIL');
  });

  it('FAIL: the node still listed after the removal, or chunks not at goal', () => {
    expect(checkClusterManagement(lifecycle({ listedAfter: 'disconnected' }), T).status).toBe('FAIL');
    expect(checkClusterManagement(lifecycle({ goalAfterRemove: false }), T).status).toBe('FAIL');
  });

  it('FAIL: failover never back at goal after the bound; a long write stall; a lost segment', () => {
    expect(checkClusterManagement(lifecycle({ failoverGoalS: null, failWatchS: 185 }), T).status).toBe('FAIL');
    expect(checkClusterManagement(lifecycle({ failoverGoalS: null, failWatchS: 60 }), T).status).toBe('INCONCLUSIVE');
    const stalled = checkClusterManagement(lifecycle({ stall: [201_000, 215_000] }), T);
    expect(stalled.status).toBe('FAIL');
    expect(stalled.figures.find((f) => f.name.includes('failover node2: longest write stall'))).toMatchObject({ value: 15, ok: false });
    // a stall while node1 drains is judged by the same bound
    const drainStall = checkClusterManagement(lifecycle({ stall: [60_000, 75_000] }), T);
    expect(drainStall.status).toBe('FAIL');
    expect(drainStall.figures.find((f) => f.name.includes('extend, drain and delete'))).toMatchObject({ value: 16, ok: false });
    expect(drainStall.reasons.join()).toMatch(/while nodes were added, drained or deleted/);
    expect(checkClusterManagement(lifecycle({ lost: 1 }), T).status).toBe('FAIL');
  });

  it('FAIL: camera segments never recorded during the failover or the drain, though no camera stalled past the bound', () => {
    const failover = checkClusterManagement(lifecycle({ failedAt: [203_000, 205_000] }), T);
    expect(failover.status).toBe('FAIL');
    expect(failover.figures.find((f) => f.name === 'failover node2: failed or dropped camera segments')).toMatchObject({
      value: 2,
      ok: false,
    });
    expect(failover.figures.find((f) => f.name === 'failover node2: longest write stall of any camera')?.ok).toBe(true);
    expect(failover.reasons.join()).toMatch(
      /fail-node2: 2 segment writes failed and 0 camera segments were dropped after node2 died, first cam1 #900 \(EIO\)/,
    );
    const drain = checkClusterManagement(lifecycle({ droppedAt: [60_000] }), T);
    expect(drain.status).toBe('FAIL');
    expect(drain.figures.find((f) => f.name === 'extend, drain and delete: failed or dropped camera segments')).toMatchObject({ value: 1 });
    expect(failover.figures.find((f) => f.name === 'extend, drain and delete: failed or dropped camera segments')?.value).toBe(0);
    // the same write outside every step's window is not T9's
    expect(checkClusterManagement(lifecycle({ failedAt: [5_000] }), T).status).toBe('PASS');
  });

  it('INCONCLUSIVE when the history holds no lifecycle step at all', () => {
    const h = history((at) => cameras(at, 10_000));
    expect(checkClusterManagement(h, T).status).toBe('INCONCLUSIVE');
  });
});

interface LinkOpts {
  restarted?: boolean;
  detected?: number | null;
  connectedAtEnd?: boolean;
  stall?: [number, number];
  readError?: boolean;
  slowReadMs?: number;
  failedAt?: number[];
  droppedAt?: number[];
  startedAt?: number;
  /** the cable pulled by the person at the rack (field mode): no process identity recorded */
  field?: boolean;
  /** a field step not carried out: its fault.end says why, no link.end */
  notDone?: string;
  /** the reference's process identities left out (a link step cut short) */
  noProcess?: boolean;
}
function linkHistory(o: LinkOpts = {}) {
  const process = !o.field && !o.noProcess;
  return history((at) => {
    const paths = cameras(at, 80_000, o.stall);
    notRecorded(at, o);
    if (process)
      at(20_000, {
        kind: 'core.process',
        faultId: 'link-down-node2',
        when: 'before',
        pid: 10,
        startedAt: 'a',
        restartCount: 0,
        running: true,
      });
    at(20_000, {
      kind: 'link.start',
      id: 'link-down-node2',
      action: 'link-down',
      node: 'node2',
      hold: 'until-detected',
      ...(o.field ? { mode: 'operator', switchPort: 'GE1/0/2', port: null } : {}),
    });
    for (let m = 21_000; m < 40_000; m += 2000)
      at(m, {
        kind: 'segment.read',
        outcome: o.readError && m === 25_000 ? 'fail' : 'ok',
        latencyMs: o.slowReadMs && m === 23_000 ? o.slowReadMs : 30,
      });
    if (process)
      at(40_000, {
        kind: 'core.process',
        faultId: 'link-down-node2',
        when: 'after',
        pid: o.restarted ? 11 : 10,
        startedAt: o.restarted ? 'b' : 'a',
        restartCount: o.restarted ? 1 : 0,
        running: true,
      });
    if (o.notDone) at(40_000, { kind: 'fault.end', id: 'link-down-node2', notDone: o.notDone });
    else
      at(40_000, {
        kind: 'link.end',
        id: 'link-down-node2',
        action: 'link-down',
        node: 'node2',
        downSeconds: 10,
        detectedAfterSeconds: o.detected === undefined ? 9.6 : o.detected,
        reconnectedAfterSeconds: 2.1,
        connectedAtEnd: o.connectedAtEnd ?? true,
        pollSeconds: 0.5,
      });
    readBack(at, 80_100, paths);
  });
}

describe('T9 checker: link loss by the T3 rules', () => {
  it('PASS with detection and reconnection figures', () => {
    const v = checkClusterManagement(linkHistory(), T, 'linkloss');
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.figures.find((f) => f.name.includes('lists the node disconnected'))?.value).toBe(9.6);
    expect(v.figures.find((f) => f.name.includes('lists it connected'))?.value).toBe(2.1);
    expect(v.figures.find((f) => f.name.includes('read errors'))).toMatchObject({ value: 0, ok: true });
  });
  it('FAIL: process restarted, node not back, write stall, read error, hanging read', () => {
    for (const o of [
      { restarted: true },
      { connectedAtEnd: false },
      { stall: [21_000, 38_000] as [number, number] },
      { readError: true },
      { slowReadMs: 25_000 },
      { failedAt: [30_000] },
      { droppedAt: [30_000] },
      // started while the link was down, failed after it came back (a timeout)
      { failedAt: [45_000], startedAt: 35_000 },
    ]) {
      const v = checkClusterManagement(linkHistory(o), T, 'linkloss');
      expect(v.status, JSON.stringify(o)).toBe('FAIL');
    }
  });
  it('INCONCLUSIVE: a link-down the master never noticed did not take effect', () => {
    expect(checkClusterManagement(linkHistory({ detected: null }), T, 'linkloss').status).toBe('INCONCLUSIVE');
  });
  it('INCONCLUSIVE: a managed link step without the process identities around it did not complete', () => {
    const v = checkClusterManagement(linkHistory({ noProcess: true }), T, 'linkloss');
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons.join('\n')).toMatch(/did not complete in this history/);
  });
});

describe('T9 checker: a cable pulled by the person at the rack (field mode)', () => {
  it('PASS from the switch and the core alone, saying that a restart of the node is not seen', () => {
    const v = checkClusterManagement(linkHistory({ field: true }), T, 'probe');
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.reasons.join('\n')).toMatch(/no process identity on a delivered system: a restart of node2's process is not seen/);
    expect(v.figures.find((f) => f.name.endsWith('link out'))?.note).toMatch(/switch showing port GE1\/0\/2 down/);
  });
  it('FAIL: the node not connected again, a write stall, a read error, a hanging read', () => {
    for (const o of [
      { connectedAtEnd: false },
      { stall: [21_000, 38_000] as [number, number] },
      { readError: true },
      { slowReadMs: 25_000 },
      { failedAt: [30_000] },
    ])
      expect(checkClusterManagement(linkHistory({ field: true, ...o }), T, 'probe').status, JSON.stringify(o)).toBe('FAIL');
  });
  it('INCONCLUSIVE: the pull never reached the core (it kept the node connected), or the step was not carried out', () => {
    expect(checkClusterManagement(linkHistory({ field: true, detected: null }), T, 'probe').status).toBe('INCONCLUSIVE');
    const v = checkClusterManagement(
      linkHistory({ field: true, notDone: 'qa-wang answered done, but the switch never showed port GE1/0/2 down' }),
      T,
      'probe',
    );
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons.join('\n')).toMatch(/link-down-node2 \(link down on node2\): qa-wang answered done, but the switch never showed/);
  });
  it('INCONCLUSIVE with the reason when the safety check refused the pull', () => {
    const h = history((at) => {
      cameras(at, 10_000);
      at(5_000, {
        kind: 'fault.refused',
        id: 'node2-cable-pull',
        fault: 'link-down',
        target: 'node2 (switch port GE1/0/2)',
        reason: 'the core reports 0 chunks missing, 3 with one copy and 0 under goal',
      });
    });
    const v = checkClusterManagement(h, T, 'probe');
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons[1]).toMatch(/node2-cable-pull: link-down of node2 \(switch port GE1\/0\/2\) refused: the core reports/);
  });
});
