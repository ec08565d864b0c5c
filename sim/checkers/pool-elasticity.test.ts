// T10's resource-pool part on hand-made histories: PASS when a node is added and another
// drained and deleted with reads and writes undisturbed; FAIL on each way that breaks;
// INCONCLUSIVE when the pool was not both grown and shrunk or no read was made meanwhile.
// Then the clause as a run shows it (checkElasticClause): the parts its history exercised.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { cameras, readBack, type FixtureBody } from './camera-fixture';
import { checkPoolElasticity, POOL_PART } from './pool-elasticity';
import { CAPACITY_PART, checkElasticClause, RETENTION_PART } from './elastic-capacity';

const L = { maxSecondsToFirstChunk: 60, maxDrainSeconds: 300, maxFailoverSeconds: 180, maxWriteStallSeconds: 10 };
const NEW = '10.0.0.9';

interface PoolOpts {
  /** a node dies later and is deleted (T9's failover), its writes failing meanwhile */
  failover?: boolean;
  /** the drain (30 -> 40 s) and the deletion (45 -> 53 s) short, and the failover at 55 s */
  short?: boolean;
  stall?: [number, number];
  slowReadMs?: number;
  add?: boolean;
  drain?: boolean;
  drainReady?: boolean;
  remove?: boolean;
  failedWrites?: number;
  failedReads?: number;
  reads?: boolean;
  lost?: number;
}

function poolHistory(o: PoolOpts = {}): HistoryEvent[] {
  const ev: HistoryEvent[] = [];
  const at = (mono: number, body: FixtureBody) => ev.push({ i: ev.length, wall: mono, virt: mono, mono, ...body } as HistoryEvent);
  const paths = cameras(at, 260_000, o.stall);
  at(0, { kind: 'run.start', scenario: 'lifecycle', variant: 'reference', clauses: ['T9', 'T10'] });
  if (o.add ?? true) {
    at(10_000, { kind: 'scaleout.add', node: 'node4' });
    at(12_000, { kind: 'scaleout.powered', node: 'node4', address: NEW });
    for (let m = 10_000; m < 260_000; m += 1000)
      at(m + 1, {
        kind: 'core.nodes',
        nodes: [{ address: '10.0.0.2', chunks: 50 }, ...(m >= 13_000 ? [{ address: NEW, chunks: m >= 20_000 ? 5 : 0 }] : [])],
      });
  }
  if (o.drain ?? true) {
    at(30_000, { kind: 'lifecycle.drain.start', id: 'drain-node1', node: 'node1', address: '10.0.0.2', chunks: 120 });
    at(o.short ? 40_000 : 160_000, {
      kind: 'lifecycle.drain.end',
      id: 'drain-node1',
      node: 'node1',
      ready: o.drainReady ?? true,
      seconds: o.drainReady === false ? 305 : 130,
      chunksAtStart: 120,
      copiedElsewhere: o.drainReady === false ? 0 : 120,
    });
  }
  if (o.remove ?? true) {
    if (o.drainReady === false)
      at(165_000, { kind: 'lifecycle.remove.refused', id: 'remove-node1', node: 'node1', reason: 'its drain did not finish' });
    else {
      at(o.short ? 45_000 : 165_000, { kind: 'lifecycle.remove.start', id: 'remove-node1', node: 'node1', running: true, drained: true });
      at(o.short ? 53_000 : 173_000, {
        kind: 'lifecycle.remove.end',
        id: 'remove-node1',
        node: 'node1',
        listedAfter: 'absent',
        message: 'Chunkserver removed',
        atGoal: true,
        atGoalSeconds: 8,
        health: {},
      });
    }
  }
  if (o.reads ?? true)
    for (let m = 15_000, k = 0; m < 175_000; m += 5000, k++)
      at(m, { kind: 'segment.read', path: paths[k]!, outcome: k < (o.failedReads ?? 0) ? 'fail' : 'ok', latencyMs: 40 });
  // a read that started during the drain and hung long after it (logged when it ended)
  if (o.slowReadMs) at(150_000 + o.slowReadMs, { kind: 'segment.read', path: paths[0]!, outcome: 'ok', latencyMs: o.slowReadMs });
  if (o.failover) {
    const f0 = o.short ? 55_000 : 200_000;
    at(f0, { kind: 'lifecycle.fail.start', id: 'fail-node2', node: 'node2' });
    at(f0 + 40_000, {
      kind: 'lifecycle.fail.end',
      id: 'fail-node2',
      node: 'node2',
      detectedSeconds: 0.5,
      atGoalSeconds: 40,
      waitedSeconds: 40,
    });
    for (let k = 0; k < 3; k++)
      at(f0 + 5_000 + k, { kind: 'segment.write', outcome: 'fail', role: 'camera', camera: 'cam002', seq: 800 + k });
    at(f0 + 45_000, { kind: 'lifecycle.remove.start', id: 'remove-node2', node: 'node2', running: false });
    at(f0 + 50_000, {
      kind: 'lifecycle.remove.end',
      id: 'remove-node2',
      node: 'node2',
      listedAfter: 'absent',
      message: 'Chunkserver removed',
      atGoal: true,
      atGoalSeconds: 3,
      health: {},
    });
  }
  for (let k = 0; k < (o.failedWrites ?? 0); k++)
    at(50_000 + k, { kind: 'segment.write', outcome: 'fail', role: 'camera', camera: 'cam001', seq: 900 + k });
  readBack(at, 260_100, paths, o.lost ?? 0);
  return ev.sort((a, b) => a.mono - b.mono);
}

const failing = (v: { figures: { name: string; ok?: boolean }[] }) => v.figures.filter((f) => f.ok === false).map((f) => f.name);

describe('T10 resource pool (checkPoolElasticity)', () => {
  it('PASS: a node added, another drained and deleted, reads and writes undisturbed, everything read back; covers the pool part', () => {
    const v = checkPoolElasticity(poolHistory(), L);
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.clause).toBe('T10');
    expect(v.covers).toEqual([POOL_PART]);
    expect(v.figures.find((f) => f.name === 'pool resized: failed playback reads')).toMatchObject({ value: 0, ok: true });
    expect(v.figures.find((f) => f.name.startsWith('drain node1: disks marked'))).toMatchObject({ value: 130, ok: true });
  });

  it('FAIL: the drain never ends and the node cannot be deleted (the pool cannot shrink), even with no node added', () => {
    const v = checkPoolElasticity(poolHistory({ add: false, drainReady: false }), L);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join('\n')).toMatch(/never became ready for removal/);
    expect(v.reasons.join('\n')).toMatch(/could not be deleted/);
  });

  it('PASS: a node that later dies and is deleted (T9 failover, its writes failing) is not part of the resize', () => {
    const v = checkPoolElasticity(poolHistory({ failover: true }), L);
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.figures.filter((f) => f.name.startsWith('delete ')).map((f) => f.name)).not.toContain(
      "delete node2: removed from the master's list",
    );
  });

  it('PASS: a short resize followed at once by a failover that stalls the cameras: the stall is T9 failover, not the resize', () => {
    const v = checkPoolElasticity(poolHistory({ short: true, failover: true, stall: [56_000, 70_000] }), L);
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.figures.find((f) => f.name === 'extend, drain and delete: longest write stall of any camera')?.value).toBeLessThan(10);
  });

  it('FAIL: a camera stalls over the bound while the node drains', () => {
    const v = checkPoolElasticity(poolHistory({ stall: [60_000, 75_000] }), L);
    expect(v.status).toBe('FAIL');
    expect(failing(v)).toEqual(['extend, drain and delete: longest write stall of any camera']);
  });

  it('FAIL: a playback read that started during the drain hangs 30 s (logged only when it ends, after the drain)', () => {
    const v = checkPoolElasticity(poolHistory({ slowReadMs: 30_000 }), L);
    expect(v.status).toBe('FAIL');
    expect(failing(v)).toEqual(['pool resized: longest playback read']);
  });

  it('FAIL: playback reads fail while the pool is resized', () => {
    const v = checkPoolElasticity(poolHistory({ failedReads: 2 }), L);
    expect(v.status).toBe('FAIL');
    expect(failing(v)).toEqual(['pool resized: failed playback reads']);
  });

  it('FAIL: writes fail while the pool is resized', () => {
    const v = checkPoolElasticity(poolHistory({ failedWrites: 1 }), L);
    expect(v.status).toBe('FAIL');
    expect(failing(v)).toEqual(['pool resized: failed or dropped camera segments']);
  });

  it('FAIL: an acknowledged segment is lost', () => {
    const v = checkPoolElasticity(poolHistory({ lost: 1 }), L);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join('\n')).toMatch(/not read back intact/);
  });

  it('INCONCLUSIVE: grown but never shrunk, or nothing done to the pool, or no read while it changed', () => {
    const grownOnly = checkPoolElasticity(poolHistory({ drain: false, remove: false }), L);
    expect(grownOnly.status).toBe('INCONCLUSIVE');
    expect(grownOnly.reasons.join('\n')).toMatch(/not both grown and shrunk.*no node drained, no drained node deleted/);
    expect(checkPoolElasticity(poolHistory({ add: false, drain: false, remove: false }), L).status).toBe('INCONCLUSIVE');
    const unread = checkPoolElasticity(poolHistory({ reads: false }), L);
    expect(unread.status).toBe('INCONCLUSIVE');
    expect(unread.reasons.join('\n')).toMatch(/no playback read during drain node1, delete node1/);
  });
});

describe('T10 as a run shows it (checkElasticClause)', () => {
  const req = { maxWriteStallSeconds: 15, minFreedShare: 0.5 };
  it('a lifecycle history is judged on its pool part alone, and says so in covers', () => {
    const v = checkElasticClause(poolHistory(), req, L, 'lifecycle');
    expect(v.status).toBe('PASS');
    expect(v.covers).toEqual([POOL_PART]);
  });
  it('a history with neither quota, retention nor pool changes: INCONCLUSIVE, covering no part', () => {
    const v = checkElasticClause(poolHistory({ add: false, drain: false, remove: false }), req, L);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.covers).toEqual([]);
  });
  it('a history with quota, retention and pool changes: one verdict covering all three, the worst status', () => {
    const ev = poolHistory({ failedReads: 1 });
    const quota = (mono: number, bytes: number) =>
      ({
        i: 0,
        wall: mono,
        virt: mono,
        mono,
        kind: 'quota.set',
        id: `q${mono}`,
        ok: true,
        bytes,
        inForce: bytes,
      }) as unknown as HistoryEvent;
    const v = checkElasticClause(
      [...ev, quota(5_000, 100), quota(6_000, 200)].sort((a, b) => a.mono - b.mono),
      req,
      L,
    );
    expect(v.covers).toEqual([CAPACITY_PART, RETENTION_PART, POOL_PART]);
    expect(v.status).toBe('FAIL');
    expect(v.figures.some((f) => f.name === 'pool resized: failed playback reads' && f.ok === false)).toBe(true);
  });
});
