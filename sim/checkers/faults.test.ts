// T3 and T6 checkers on hand-made histories: each must PASS on a healthy history and
// FAIL (or say INCONCLUSIVE) on each way a history can be broken.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { healedNow } from '../heal/healed';
import type { HistoryEvent } from '../history';
import { cameras, readBack } from './camera-fixture';
import { checkHotplug } from './hotplug';
import { checkSelfHeal, recoveries } from './selfheal';

type Body = { kind: string } & Record<string, unknown>;
function history(build: (at: (mono: number, body: Body) => void) => void): HistoryEvent[] {
  const ev: HistoryEvent[] = [];
  build((mono, body) => ev.push({ i: ev.length, wall: mono, virt: mono, mono, ...body } as HistoryEvent));
  return ev.sort((a, b) => a.mono - b.mono);
}

const NODE = '10.0.0.3';
const ALL = [{ address: '10.0.0.2' }, { address: NODE }, { address: '10.0.0.4' }];

describe('T6 self-heal checker', () => {
  const t = { maxSelfHealSeconds: 180, fullRateFraction: 0.9, baselineSeconds: 20, rateWindowSeconds: 5 };
  function crashHistory(o: {
    mode?: string;
    healed?: boolean;
    backAtMs?: number;
    goalAtMs?: number;
    missingUntilMs?: number;
    restarted?: boolean;
    watchUntil?: number;
    bootS?: number;
    /** of bootS, what the nemesis kept the node down for in real time */
    playedS?: number;
    target?: string;
    lost?: number;
    cleanupAtMs?: number;
    /** chunk files the node's disks held emptied when it was powered on again */
    damaged?: number;
    /** the nemesis read them again and found none left (the core deleted or rewrote them) */
    damagedGoneAtMs?: number;
    /** the cameras' writes come back (default: with the registration) */
    writesBackAtMs?: number;
    /** the process as the nemesis saw it change during the watch */
    seen?: { atMs: number; pid: number; startedAt: string; paused?: boolean }[];
    /** a field run: no process recorded, the power cut through a BMC that read back this state */
    field?: { powerState: string };
    /** while the node is away, the core's list could not be read (instead of listing the others) */
    lostAsErrors?: boolean;
  }) {
    const backAt = o.backAtMs ?? 40_000;
    const until = o.watchUntil ?? 100_000;
    return history((at) => {
      at(0, { kind: 'topology.up', nodes: ALL });
      const paths = cameras(at, until, [30_000, o.writesBackAtMs ?? backAt]);
      readBack(at, until + 100, paths, o.lost ?? 0);
      for (let m = 0; m <= until; m += 1000) {
        const lost = m > 31_000 && m < backAt;
        if (lost && o.lostAsErrors) at(m + 1, { kind: 'core.nodes.error', error: 'mfscli: timed out' });
        else at(m + 1, { kind: 'core.nodes', nodes: lost ? ALL.filter((n) => n.address !== NODE) : ALL });
        at(m + 2, {
          kind: 'core.health',
          missing: m > 31_000 && m < (o.missingUntilMs ?? 0) ? 1 : 0,
          endangered: m > 31_000 && m < (o.goalAtMs ?? backAt + 5000) ? 3 : 0,
          undergoal: 0,
          stable: 10,
          overgoal: 0,
        });
      }
      if (!o.field)
        at(30_000, { kind: 'core.process', faultId: 'f1', when: 'before', pid: 100, startedAt: 'a', restartCount: 0, running: true });
      else
        at(30_050, {
          kind: 'field.redfish',
          id: 'f1',
          node: o.target ?? 'node2',
          action: 'ComputerSystem.Reset ForceOff',
          status: 200,
          powerState: o.field.powerState,
        });
      at(30_000, {
        kind: 'fault.start',
        id: 'f1',
        fault: `crash:${o.mode ?? 'kill9'}`,
        target: o.target ?? 'node2',
        address: NODE,
        mode: o.mode ?? 'kill9',
      });
      if (o.healed !== false)
        at(30_100, {
          kind: 'heal.by',
          id: 'f1',
          mechanism: 'restart-policy',
          simulatedBootSeconds: o.bootS ?? 0,
          ...(o.playedS !== undefined ? { playedBootSeconds: o.playedS } : {}),
        });
      if (o.damaged !== undefined)
        at(backAt - 1000, {
          kind: 'hw.power.on',
          node: o.target ?? 'node2',
          seconds: 1.2,
          damagedChunkFiles: o.damaged,
          damagedChunkExamples: ['bay02/00/chunk_00000000000001F5_00000001.mfs'],
        });
      if (o.damagedGoneAtMs !== undefined)
        at(o.damagedGoneAtMs, { kind: 'core.damaged-copies', by: 'nemesis', faultId: 'f1', node: o.target ?? 'node2', count: 0 });
      if (o.cleanupAtMs !== undefined)
        at(o.cleanupAtMs, { kind: 'fault.cleanup', id: 'f1', action: 'started by the harness after the wait' });
      for (const p of o.seen ?? [])
        at(p.atMs, {
          kind: 'core.process',
          faultId: 'f1',
          when: 'seen',
          restartCount: 0,
          running: true,
          paused: false,
          ...p,
          atMs: undefined,
        });
      if (!o.field)
        at(until - 10, {
          kind: 'core.process',
          faultId: 'f1',
          when: 'after',
          pid: o.restarted === false ? 100 : 200,
          startedAt: o.restarted === false ? 'a' : 'b',
          restartCount: 1,
          running: true,
        });
      at(until - 5, { kind: 'fault.end', id: 'f1' });
    });
  }

  it('shows the chunk files a power cut emptied, read off the node before it booted; no heal while they are still on its disks', () => {
    const cut = checkSelfHeal(crashHistory({ mode: 'power-loss', damaged: 187 }), t);
    const f = cut.figures.find((x) => x.name.includes('chunk files the power cut emptied'));
    expect(f).toMatchObject({ value: 187, unit: 'files', nature: 'measured' });
    expect(f!.ok).toBeUndefined();
    expect(cut.reasons.join('\n')).toMatch(
      /187 chunk files on node2's disks lost their content in the cut \(e\.g\. bay02\/00\/chunk_00000000000001F5/,
    );
    // the core counts every chunk at goal, but the emptied copies are still on the disks: no heal
    expect(checkSelfHeal(crashHistory({ mode: 'power-loss' }), t).status).toBe('PASS');
    expect(cut.status).toBe('INCONCLUSIVE'); // watched 70 s of the 180 s bound
    const watched = checkSelfHeal(crashHistory({ mode: 'power-loss', damaged: 187, watchUntil: 215_000 }), t);
    expect(watched.status).toBe('FAIL');
    expect(watched.reasons.join('\n')).toMatch(/not back within .*187 chunk copies the power cut emptied still on the node's disks/);
    // read again and gone (deleted or rewritten by the core): healed from the first observation after that
    const gone = checkSelfHeal(crashHistory({ mode: 'power-loss', damaged: 187, damagedGoneAtMs: 70_000 }), t);
    expect(gone.status).toBe('PASS');
    expect(recoveries(crashHistory({ mode: 'power-loss', damaged: 187, damagedGoneAtMs: 70_000 }), t)[0]!.healedS).toBeCloseTo(40.001, 2);
    const none = checkSelfHeal(crashHistory({ mode: 'power-loss', damaged: 0 }), t);
    expect(none.figures.find((x) => x.name.includes('power cut emptied'))?.value).toBe(0);
    expect(none.reasons.join('\n')).not.toMatch(/lost their content/);
    // not read (a history of a run before this was recorded): no figure, nothing claimed
    expect(checkSelfHeal(crashHistory({ mode: 'power-loss' }), t).figures.some((x) => x.name.includes('power cut emptied'))).toBe(false);
  });

  it('PASS when registration, full write rate and goal all come back in time; figures show each part', () => {
    const h = crashHistory({});
    const [r] = recoveries(h, t);
    expect(r).toMatchObject({ registeredS: 10.001, healedBy: 'restart-policy', processRestarted: true });
    expect(r!.fullRateS).toBe(9.5); // the first 5 s window [39.5 s, 44.5 s) holding 90 % of the bytes
    expect(r!.atGoalS).toBeCloseTo(15.002, 3);
    const v = checkSelfHeal(h, t);
    expect(v.status).toBe('PASS');
    expect(v.figures[0]).toMatchObject({ value: 15, ok: true, threshold: '<= 180' });
  });

  it('a hang the master never noticed is healed when the process seen then was the new one, not before (the one after the watch is not read back into earlier looks)', () => {
    // the frozen node stays listed, its chunks at goal and the writes flowing: only the process tells the heal
    const quiet = { mode: 'hang', backAtMs: 31_000, goalAtMs: 31_000, writesBackAtMs: 31_000 };
    const seen = [
      { atMs: 32_000, pid: 100, startedAt: 'a', paused: true },
      { atMs: 47_000, pid: 200, startedAt: 'b' },
    ];
    const measured = (h: HistoryEvent[]) => checkSelfHeal(h, t).figures.find((f) => f.name.includes('measured on the real core'))?.value;
    expect(measured(crashHistory({ ...quiet, seen }))).toBeGreaterThanOrEqual(17);
    expect(checkSelfHeal(crashHistory({ ...quiet, seen }), t).status).toBe('PASS');
    // a history written before the nemesis recorded what it saw: the process after the watch, as before
    expect(measured(crashHistory(quiet))).toBeLessThan(3);
    // never a new process while watched: not healed, however quiet the core
    const stuck = [{ atMs: 32_000, pid: 100, startedAt: 'a', paused: true }];
    const v = checkSelfHeal(crashHistory({ ...quiet, seen: stuck, watchUntil: 240_000 }), t);
    expect(v.status).toBe('FAIL');
  });

  it('a fault refused by a field run (its safety check) leaves T6 INCONCLUSIVE with the reason', () => {
    const h = history((at) => {
      at(0, { kind: 'topology.up', nodes: ALL });
      at(1000, {
        kind: 'fault.refused',
        id: 'node2-power-loss',
        fault: 'crash:power-loss',
        target: 'node2',
        reason: 'the core reports 3 with one copy',
      });
    });
    const v = checkSelfHeal(h, t);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons.join('\n')).toMatch(/node2-power-loss: crash:power-loss of node2 refused: the core reports 3 with one copy/);
  });

  it('a field cut (no process to compare) took effect only when the core listed the node without it and the BMC read back Off', () => {
    const field = { mode: 'power-loss', field: { powerState: 'Off' } };
    expect(checkSelfHeal(crashHistory(field), t).status).toBe('PASS');
    // a look that failed is not the core seeing the node gone
    const errors = checkSelfHeal(crashHistory({ ...field, lostAsErrors: true }), t);
    expect(errors.status).toBe('INCONCLUSIVE');
    expect(errors.reasons.join('\n')).toMatch(/the core never listed node2 without it .*: the fault did not take effect/);
    // the BMC answered the cut but the node kept its power
    expect(checkSelfHeal(crashHistory({ ...field, field: { powerState: 'On' } }), t).status).toBe('INCONCLUSIVE');
    // a nemesis run keeps its own sign: the process replaced (a failed look changes nothing)
    expect(checkSelfHeal(crashHistory({ lostAsErrors: true }), t).status).toBe('PASS');
  });

  it('FAIL when the measured time plus the simulated boot exceeds 180 s, with both parts shown', () => {
    const v = checkSelfHeal(crashHistory({ mode: 'power-loss', bootS: 170 }), t);
    expect(v.status).toBe('FAIL');
    expect(v.figures.find((f) => f.nature === 'simulated')).toMatchObject({ value: 170 });
    expect(v.reasons.join()).toMatch(/185 s > 180 s/);
  });

  it("a boot played in real time is inside the measured time, not added again: a master's writes held by a lock set before the fault", () => {
    // the master registered 10 s after the fault; the cameras' writes back only at 138.5 s
    const held = { target: 'master', mode: 'hang', bootS: 60, writesBackAtMs: 169_000, watchUntil: 200_000 };
    const played = checkSelfHeal(crashHistory({ ...held, playedS: 60 }), t);
    expect(played.status, played.reasons.join('\n')).toBe('PASS');
    expect(played.figures[0]).toMatchObject({ value: 138.5, ok: true, nature: 'mixed' });
    expect(played.figures.find((f) => f.name.includes('played in real time'))).toMatchObject({ value: 60, nature: 'simulated' });
    expect(played.figures.some((f) => f.name.includes('simulated boot (firmware'))).toBe(false);
    expect(played.figures.find((f) => f.name.includes('measured on the real core'))).toMatchObject({ value: 138.5, nature: 'mixed' });
    // the same boot added after the measured time: 198.5 s
    const added = checkSelfHeal(crashHistory(held), t);
    expect(added.status).toBe('FAIL');
    expect(added.reasons.join()).toMatch(/198\.5 s > 180 s/);
    // a played boot does not hide a slow heal: writes back 200 s after the fault FAIL either way
    expect(checkSelfHeal(crashHistory({ ...held, playedS: 60, writesBackAtMs: 230_000, watchUntil: 260_000 }), t).status).toBe('FAIL');
  });

  it('FAIL when nothing healed the node and 180 s or more were watched; INCONCLUSIVE when less was watched', () => {
    const long = checkSelfHeal(crashHistory({ healed: false, backAtMs: 250_000, watchUntil: 240_000 }), t);
    expect(long.status).toBe('FAIL');
    expect(long.reasons.join()).toMatch(/not back within .* \(not seen: registered again/);
    const short = checkSelfHeal(crashHistory({ healed: false, backAtMs: 250_000, watchUntil: 60_000 }), t);
    expect(short.status).toBe('INCONCLUSIVE');
  });

  it('a write rate not back is INCONCLUSIVE while watched less than 180 s (healed or not), FAIL once watched longer', () => {
    const short = checkSelfHeal(crashHistory({ writesBackAtMs: 500_000, watchUntil: 60_000 }), t);
    expect(short.status).toBe('INCONCLUSIVE');
    // windows judged: each starts after the fault and ends by the load's stop (60 s): 25 s of starts
    expect(short.reasons.join()).toMatch(/only 25 s were watched .*not seen: writes at the pre-fault rate, watched 25 s\)/);
    const long = checkSelfHeal(crashHistory({ writesBackAtMs: 500_000, watchUntil: 240_000 }), t);
    expect(long.status).toBe('FAIL');
    expect(long.reasons.join()).toMatch(/not back within 205 s of watching \(not seen: writes at the pre-fault rate, watched 205 s\)/);
    // a rate back in the last window before the bound is seen, not cut by the bound
    const late = checkSelfHeal(crashHistory({ writesBackAtMs: 208_000, watchUntil: 240_000 }), t);
    expect(late.status).toBe('PASS');
    expect(late.figures[1]!.note).toMatch(/full write rate 177.5 s/);
    const back = checkSelfHeal(crashHistory({ writesBackAtMs: 150_000, watchUntil: 240_000 }), t);
    expect(back.status).toBe('PASS');
    expect(back.figures[1]!.note).toMatch(/full write rate 119.5 s/);
  });

  it('no write acknowledged before the fault: the write rate cannot be judged, INCONCLUSIVE however long it was watched', () => {
    const none = history((at) => {
      at(0, { kind: 'topology.up', nodes: ALL });
      at(0, { kind: 'load.start' });
      at(30_000, { kind: 'fault.start', id: 'f1', fault: 'crash:kill9', target: 'node2', address: NODE, mode: 'kill9' });
      at(30_000, { kind: 'core.process', faultId: 'f1', when: 'before', pid: 100, startedAt: 'a', restartCount: 0, running: true });
      for (let m = 0; m <= 250_000; m += 1000) {
        at(m + 1, { kind: 'core.nodes', nodes: ALL });
        at(m + 2, { kind: 'core.health', missing: 0, endangered: 0, undergoal: 0, stable: 10, overgoal: 0 });
      }
      at(249_000, { kind: 'core.process', faultId: 'f1', when: 'after', pid: 200, startedAt: 'b', restartCount: 1, running: true });
      at(249_500, { kind: 'fault.end', id: 'f1' });
      at(250_001, { kind: 'load.stop' });
    });
    const v = checkSelfHeal(none, t);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons.join('\n')).toMatch(/f1: the write rate cannot be judged: no write was acknowledged in the 20 s before the fault/);
    expect(v.reasons.join('\n')).not.toMatch(/not back within/);
  });

  it('judged from the measurements alone: no recorded mechanism but back in time PASSes; a recorded mechanism but never back FAILs', () => {
    const unnamed = checkSelfHeal(crashHistory({ healed: false }), t);
    expect(unnamed.status, unnamed.reasons.join()).toBe('PASS');
    const named = checkSelfHeal(crashHistory({ backAtMs: 250_000, watchUntil: 240_000 }), t);
    expect(named.status).toBe('FAIL');
    expect(named.reasons.join()).toMatch(/not back within/);
  });

  it('what the core did after the harness stepped in is no heal: back only after a clean-up FAILs (watched long enough) or stays INCONCLUSIVE', () => {
    const late = checkSelfHeal(crashHistory({ healed: false, backAtMs: 225_000, cleanupAtMs: 220_000, watchUntil: 240_000 }), t);
    expect(late.status).toBe('FAIL');
    expect(late.reasons.join()).toMatch(/before the harness stepped in \(started by the harness/);
    const early = checkSelfHeal(crashHistory({ healed: false, backAtMs: 100_000, cleanupAtMs: 90_000, watchUntil: 240_000 }), t);
    expect(early.status).toBe('INCONCLUSIVE');
  });

  it('FAIL on lost data even when the node came back in time; the reason names the segments and the fault they were written around', () => {
    const v = checkSelfHeal(crashHistory({ lost: 3 }), t);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join('\n')).toMatch(
      /data lost: 3 of \d+ acknowledged segments not read back intact \(3 lost\); 3 written before any fault/,
    );
    expect(v.figures.find((f) => f.name === 'durability: written before any fault')).toMatchObject({ ok: false });
    expect(v.figures.find((f) => f.name.startsWith('durability: written during or after f1'))).toMatchObject({ ok: true });
  });

  it('INCONCLUSIVE when nothing was read back: a heal without the data proves nothing', () => {
    const h = crashHistory({}).filter((e) => e.kind !== 'segment.verify');
    const v = checkSelfHeal(h, t);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons.join()).toMatch(/none of \d+ acknowledged segments was read back/);
  });

  it('FAIL when chunks never return to goal within the watch; INCONCLUSIVE when the fault did not take effect', () => {
    expect(checkSelfHeal(crashHistory({ goalAtMs: 1e9, watchUntil: 240_000 }), t).status).toBe('FAIL');
    expect(checkSelfHeal(crashHistory({ restarted: false }), t).status).toBe('INCONCLUSIVE');
  });

  it("the master: its heal needs every chunk readable; a chunk below goal past 180 s (the core's write lock) is shown and noted, not counted — a storage node FAILs on the same history", () => {
    // 2 chunks stay below goal until 200 s after the fault; none is ever missing
    const slow = { target: 'master', goalAtMs: 230_000, watchUntil: 240_000 };
    const v = checkSelfHeal(crashHistory(slow), t);
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.figures[0]).toMatchObject({ value: 10, ok: true });
    expect(v.figures.find((f) => f.name.includes('back at goal'))).toMatchObject({ value: 200, nature: 'measured' });
    expect(v.reasons.join()).toMatch(/below its goal for 200 s/);
    expect(checkSelfHeal(crashHistory({ ...slow, target: 'node2' }), t).status).toBe('FAIL');
    // a chunk missing (unreadable) until 200 s after the fault: the master FAILs too
    const missing = checkSelfHeal(crashHistory({ ...slow, missingUntilMs: 230_000 }), t);
    expect(missing.status).toBe('FAIL');
    expect(missing.figures[0]).toMatchObject({ value: 200, ok: false });
  });

  it('FAIL when the node is back but chunks stay endangered past the bound: not healed, and the reason names the chunks', () => {
    const h = crashHistory({ goalAtMs: 1e9, watchUntil: 240_000 });
    const [r] = recoveries(h, t);
    expect(r).toMatchObject({ registeredS: 10.001, healedS: null, pending: ['3 chunks endangered (one copy), 0 under goal'] });
    const v = checkSelfHeal(h, t);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join()).toMatch(
      /not back within .* \(not seen: healed, watched [\d.]+ s\); at the end of the watch: 3 chunks endangered \(one copy\), 0 under goal/,
    );
  });

  // issue 18 item 11: the observer caught the chunks at goal for a while, they fell below goal
  // again, and the nemesis' last observation (what its fault.end says) saw them endangered
  function relapseHistory(nemesisSaw: 'endangered' | 'at goal') {
    return history((at) => {
      at(0, { kind: 'topology.up', nodes: ALL });
      const paths = cameras(at, 240_000, [30_000, 40_000]);
      readBack(at, 240_100, paths);
      for (let m = 0; m <= 240_000; m += 1000) {
        at(m + 1, { kind: 'core.nodes', nodes: m > 31_000 && m < 40_000 ? ALL.filter((n) => n.address !== NODE) : ALL });
        const below = m > 31_000 && (m < 50_000 || m > 80_000);
        at(m + 2, { kind: 'core.health', missing: 0, endangered: below ? 7 : 0, undergoal: 0, stable: 10, overgoal: 0 });
      }
      at(30_000, { kind: 'core.process', faultId: 'f1', when: 'before', pid: 100, startedAt: 'a', running: true });
      at(30_000, { kind: 'fault.start', id: 'f1', fault: 'crash:power-loss', target: 'node2', address: NODE, mode: 'power-loss' });
      at(32_000, { kind: 'heal.power-restored', id: 'f1' });
      at(32_100, { kind: 'heal.by', id: 'f1', mechanism: 'power-restore-policy AlwaysOn', simulatedBootSeconds: 60 });
      const healed = nemesisSaw === 'at goal';
      const seenAt = healed ? 60_500 : 230_500;
      at(seenAt, { kind: 'core.nodes', by: 'nemesis', faultId: 'f1', nodes: ALL });
      at(seenAt + 1, { kind: 'core.health', by: 'nemesis', faultId: 'f1', missing: 0, endangered: healed ? 0 : 7, undergoal: 0 });
      at(seenAt + 10, { kind: 'core.process', faultId: 'f1', when: 'after', pid: 200, startedAt: 'b', running: true });
      at(seenAt + 20, {
        kind: 'fault.end',
        id: 'f1',
        recovered: healed,
        pending: healed ? [] : ['7 chunks endangered (one copy), 0 under goal'],
      });
    });
  }

  // a model sequence keeps a node off across other commands: another node's crash in between is no end of its watch
  it('a power loss is healed after its power comes back, even when another fault began while the node was off', () => {
    const h = history((at) => {
      at(0, { kind: 'topology.up', nodes: ALL });
      for (let m = 0; m <= 120_000; m += 1000) {
        const off = m > 30_000 && m < 61_000;
        at(m + 1, { kind: 'core.nodes', nodes: off ? ALL.filter((n) => n.address !== NODE) : ALL });
        at(m + 2, { kind: 'core.health', missing: 0, endangered: off ? 5 : 0, undergoal: 0, stable: 10, overgoal: 0 });
      }
      at(30_000, { kind: 'core.process', faultId: 'f1', when: 'before', pid: 100, startedAt: 'a', running: true });
      at(30_000, { kind: 'fault.start', id: 'f1', fault: 'crash:power-loss', target: 'node2', address: NODE, mode: 'power-loss' });
      // while node2 is off: node3 killed and back at once (its own fault, its own heal)
      at(40_000, { kind: 'core.process', faultId: 'f2', when: 'before', pid: 300, startedAt: 'c', running: true });
      at(40_000, { kind: 'fault.start', id: 'f2', fault: 'crash:kill9', target: 'node3', address: '10.0.0.4', mode: 'kill9' });
      at(40_100, { kind: 'heal.by', id: 'f2', mechanism: 'restart-policy', simulatedBootSeconds: 0 });
      at(42_000, { kind: 'core.process', faultId: 'f2', when: 'after', pid: 301, startedAt: 'd', running: true });
      at(42_010, { kind: 'fault.end', id: 'f2', recovered: true, pending: [] });
      at(58_000, { kind: 'heal.power-restored', id: 'f1' });
      at(58_100, { kind: 'heal.by', id: 'f1', mechanism: 'power-restore-policy AlwaysOn', simulatedBootSeconds: 0 });
      at(62_500, { kind: 'core.nodes', by: 'nemesis', faultId: 'f1', nodes: ALL });
      at(62_501, { kind: 'core.health', by: 'nemesis', faultId: 'f1', missing: 0, endangered: 0, undergoal: 0 });
      at(62_510, { kind: 'core.process', faultId: 'f1', when: 'after', pid: 200, startedAt: 'b', running: true });
      at(62_520, { kind: 'fault.end', id: 'f1', recovered: true, pending: [] });
    });
    const r = recoveries(h, t).find((x) => x.id === 'f1')!;
    expect(r.healedS, r.pending.join('; ')).not.toBeNull();
    // counted from the power's return (58 s), not from the cut
    expect(r.healedS!).toBeLessThan(10);
  });

  it('agrees with the nemesis: its fault.end says recovered:false (chunks endangered at its last look), so no heal, though the chunks were at goal for 30 s before', () => {
    const h = relapseHistory('endangered');
    const [r] = recoveries(h, t);
    expect(r!.atGoalS).toBeCloseTo(18, 0); // the figure still shows when goal was first seen
    expect(r!.healedS).toBeNull();
    const v = checkSelfHeal(h, t);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join()).toMatch(
      /node2 power-loss: not back within 198\.\d s of watching \(not seen: healed, watched [\d.]+ s\); at the end of the watch: 7 chunks endangered/,
    );
    // and the other way round: the nemesis saw the cluster healed, and so does the checker
    const ok = checkSelfHeal(relapseHistory('at goal'), t);
    expect(ok.status, ok.reasons.join('\n')).toBe('PASS');
    // a heal the harness performed for the twin's power-restore policy is said in the verdict line
    expect(ok.caveats).toEqual([
      {
        zh: 'f1：由来电自启策略（孪生体仿真，由测试工具恢复供电并开机）完成恢复',
        en: "f1: healed by power-restore-policy AlwaysOn (the twin's policy; the harness restored power and booted the node)",
      },
    ]);
    expect(v.caveats).toBeUndefined(); // not healed: nothing healed it
    // the node's own restart policy is no agent of the harness
    expect(checkSelfHeal(crashHistory({}), t).caveats).toBeUndefined();
  });

  describe('chunks still missing at the end of the watch, in the files the core names', () => {
    /** a master hang watched 215 s, `missing` chunks missing from 31 s on, with what the core named at the end */
    function namedHistory(o: {
      missing: number;
      /** missing this many until the given time instead */
      earlier?: { missing: number; untilMs: number };
      before?: number;
      named?: Record<string, unknown>;
      extra?: Body[];
    }): HistoryEvent[] {
      const missingAt = (mono: number) =>
        mono <= 31_000 ? (o.before ?? 0) : o.earlier && mono < o.earlier.untilMs ? o.earlier.missing : o.missing;
      const h = crashHistory({ target: 'master', mode: 'hang', watchUntil: 215_000 }).map((e) =>
        e.kind === 'core.health' ? ({ ...e, missing: missingAt(e.mono) } as HistoryEvent) : e,
      );
      const add = (mono: number, body: Body) => h.push({ i: h.length, wall: mono, virt: mono, mono, ...body } as HistoryEvent);
      add(29_000, {
        kind: 'core.health',
        by: 'nemesis',
        faultId: 'f1',
        when: 'before',
        missing: o.before ?? 0,
        endangered: 0,
        undergoal: 0,
      });
      add(30_500, {
        kind: 'segment.write',
        outcome: 'fail',
        role: 'camera',
        camera: 'cam001',
        seq: 0,
        path: '/cam001/failed',
        error: 'EIO',
      });
      for (const e of o.extra ?? []) add(30_600, e);
      if (o.named) add(214_990, { kind: 'core.files-without-copy', by: 'nemesis', faultId: 'f1', seconds: 1.5, ...o.named });
      return h.sort((a, b) => a.mono - b.mono);
    }
    const named = (...files: [string, number[]][]) => ({ files: files.map(([path, chunks]) => ({ path, chunks })) });

    it('PASS when every chunk still missing lies in a write never acknowledged (failed or stuck): no acknowledged byte in them; shown with the files', () => {
      const v = checkSelfHeal(namedHistory({ missing: 2, named: named(['/cam001/failed', [0, 1]]) }), t);
      expect(v.status, v.reasons.join('\n')).toBe('PASS');
      expect(v.figures.find((f) => f.name.includes('only in writes never acknowledged'))).toMatchObject({ value: 2, unit: 'chunks' });
      expect(v.reasons.join('\n')).toMatch(
        /f1: 2 chunks with no readable copy lie only in 1 recordings whose writes were never acknowledged \(\/cam001\/failed\)/,
      );
      const stuck = namedHistory({
        missing: 2,
        named: named(['/cam001/failed', [0]], ['/cam002/stuck', [0]]),
        extra: [{ kind: 'load.writers-stuck', paths: ['/cam002/stuck'], unblocked: [], ended: true }],
      });
      expect(checkSelfHeal(stuck, t).status).toBe('PASS');
      // the heal time is the rest of the definition's: registered, the process new, nothing else missing
      expect(recoveries(stuck, t)[0]!.healedS).toBeLessThan(15);
    });

    it('FAIL when a named file was acknowledged or is unknown to the history, when the named chunks do not cover the count, or when the core could not tell', () => {
      const acked = checkSelfHeal(namedHistory({ missing: 1, named: named(['/cam001/31000', [0]]) }), t);
      expect(acked.status).toBe('FAIL');
      expect(acked.reasons.join('\n')).toMatch(/1 files acknowledged or not written by the harness \(\/cam001\/31000\): counted/);
      expect(acked.reasons.join('\n')).toMatch(/at the end of the watch: 1 chunks missing \(no readable copy\)/);
      expect(checkSelfHeal(namedHistory({ missing: 1, named: named(['/probe/other', [0]]) }), t).status).toBe('FAIL');
      const short = checkSelfHeal(namedHistory({ missing: 3, named: named(['/cam001/failed', [0, 1]]) }), t);
      expect(short.status).toBe('FAIL');
      expect(short.reasons.join('\n')).toMatch(/1 chunks missing \(no readable copy\) and 2 in writes never acknowledged/);
      const error = checkSelfHeal(namedHistory({ missing: 1, named: { files: [], error: 'find: timed out' } }), t);
      expect(error.status).toBe('FAIL');
      expect(error.reasons.join('\n')).toMatch(/could not say which files hold the chunks still missing \(find: timed out\)/);
      // not asked (a history before the core was asked): every chunk counts, as before
      expect(checkSelfHeal(namedHistory({ missing: 1 }), t).status).toBe('FAIL');
      // an acknowledged file named beside more chunks of failed writes than are missing: nothing excused
      const cancelled = checkSelfHeal(namedHistory({ missing: 2, named: named(['/cam001/31000', [0]], ['/cam001/failed', [0, 1]]) }), t);
      expect(cancelled.status).toBe('FAIL');
      expect(cancelled.reasons.join('\n')).toMatch(/at the end of the watch: 2 chunks missing \(no readable copy\)(;|$)/m);
    });

    it('the excuse holds only over the last stretch in which the missing count stayed as named: an earlier loss keeps its time', () => {
      // 1 missing until 190 s (an acknowledged chunk, back then), 2 after: both named in failed writes
      const h = namedHistory({ missing: 2, earlier: { missing: 1, untilMs: 190_000 }, named: named(['/cam001/failed', [0, 1]]) });
      const [r] = recoveries(h, t);
      expect(r!.healedS).toBeGreaterThan(159);
      expect(checkSelfHeal(h, t).status).toBe('PASS'); // 160 s <= 180 s
      const late = namedHistory({ missing: 2, earlier: { missing: 1, untilMs: 212_000 }, named: named(['/cam001/failed', [0, 1]]) });
      expect(checkSelfHeal(late, t).status).toBe('FAIL'); // 182 s > 180 s
    });

    it('chunks missing before the fault may be the ones named: they count first, so a newly lost acknowledged chunk is never excused by them', () => {
      // one old chunk of a failed write was missing before; now a second, in an acknowledged file
      const v = checkSelfHeal(namedHistory({ missing: 2, before: 1, named: named(['/cam001/failed', [0]], ['/cam001/31000', [0]]) }), t);
      expect(v.status).toBe('FAIL');
      expect(v.reasons.join('\n')).toMatch(/1 chunks missing \(no readable copy\) besides 1 missing before the fault/);
      // the same count with both named chunks in failed writes: the new one is excused
      const ok = namedHistory({ missing: 2, before: 1, named: named(['/cam001/failed', [0, 1]]) });
      expect(checkSelfHeal(ok, t).status).toBe('PASS');
    });
  });

  it("the checker and the nemesis agree on every history: healed iff the definition holds at the nemesis' last observation", () => {
    const healthy = { missing: 0, endangered: 0, undergoal: 0 };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            listed: fc.boolean(),
            endangered: fc.constantFrom(0, 0, 2),
            missing: fc.constantFrom(0, 0, 0, 1),
            error: fc.constantFrom(false, false, false, true),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.constantFrom('node2', 'master'),
        (polls, target) => {
          const h = history((at) => {
            at(0, { kind: 'topology.up', nodes: ALL });
            at(1000, { kind: 'core.process', faultId: 'f1', when: 'before', pid: 1, startedAt: 'a', running: true });
            at(1000, { kind: 'fault.start', id: 'f1', fault: 'crash:kill9', target, address: NODE, mode: 'kill9' });
            polls.forEach((p, k) => {
              const by = k === polls.length - 1 ? { by: 'nemesis', faultId: 'f1' } : {};
              if (p.error) at(2000 + k * 1000, { kind: 'core.nodes.error', ...by, error: 'timeout' });
              else at(2000 + k * 1000, { kind: 'core.nodes', ...by, nodes: p.listed ? ALL : ALL.slice(0, 2) });
              at(2000 + k * 1000 + 1, { kind: 'core.health', ...by, ...healthy, endangered: p.endangered, missing: p.missing });
            });
            at(2000 + polls.length * 1000, { kind: 'core.process', faultId: 'f1', when: 'after', pid: 2, startedAt: 'b', running: true });
            at(2000 + polls.length * 1000 + 1, { kind: 'fault.end', id: 'f1' });
          });
          const last = polls[polls.length - 1]!;
          const nemesis = healedNow(
            { target, expected: ALL.map((n) => n.address) },
            {
              registered: last.error ? null : last.listed ? ALL.map((n) => n.address) : ALL.slice(0, 2).map((n) => n.address),
              chunks: { ...healthy, endangered: last.endangered, missing: last.missing },
            },
          );
          const [r] = recoveries(h, t);
          expect(r!.healedS !== null).toBe(nemesis.healed);
          if (!nemesis.healed) expect(r!.pending).toEqual(nemesis.pending);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the nodes a heal waits for are those of the last topology.up before the fault and any a scale-out powered on since', () => {
    const base = crashHistory({});
    const rec = (h: HistoryEvent[]) => recoveries(h, t)[0]!;
    expect(rec(base).healedS).not.toBeNull();
    // a node added before the fault and never listed: not healed, and said so
    const added = history((at) => {
      for (const e of base) at(e.mono, e as unknown as Body);
      at(10_000, { kind: 'scaleout.powered', node: 'n4', address: '10.0.0.9' });
    });
    expect(rec(added).healedS).toBeNull();
    expect(rec(added).pending.join()).toMatch(/storage node 10.0.0.9 not registered/);
    // a later topology.up (a model run's next sequence, without that node) starts the set anew
    const reset = history((at) => {
      for (const e of added) at(e.mono, e as unknown as Body);
      at(20_000, { kind: 'topology.up', nodes: ALL });
    });
    expect(rec(reset).healedS).toBe(rec(base).healedS);
  });

  it("a bay the nemesis found present but not served (a model run's heal) keeps the fault unhealed, and says which", () => {
    const base = crashHistory({});
    const rec = (h: HistoryEvent[]) => recoveries(h, t)[0]!;
    // seen after the fault and carried to the end of the watch
    const withBays = (unserved: string[]) =>
      history((at) => {
        for (const e of base) at(e.mono, e as unknown as Body);
        at(30_500, { kind: 'core.disks', by: 'nemesis', faultId: 'f1', disks: [], unserved });
      });
    expect(rec(withBays([])).healedS).toBe(rec(base).healedS);
    const unserved = rec(withBays(['node2 bay03']));
    expect(unserved.healedS).toBeNull();
    expect(unserved.pending.join()).toMatch(/bays not served: node2 bay03/);
  });

  it('INCONCLUSIVE without any crash fault', () => {
    expect(
      checkSelfHeal(
        history((at) => cameras(at, 10_000)),
        t,
      ).status,
    ).toBe('INCONCLUSIVE');
  });
});

describe('T3 hot-plug checker', () => {
  const t = { maxWriteStallSeconds: 10, maxReadErrors: 0 };
  function pullHistory(o: {
    restarted?: boolean;
    noticed?: number | null;
    accepted?: number | null;
    lost?: number;
    gap?: [number, number];
    blankChunks?: number;
    readErrors?: number;
    unread?: number;
    /** camera writes that failed at these times (each leaves the stall under the bound) */
    failedAt?: number[];
  }) {
    return history((at) => {
      const paths = cameras(at, 60_000, o.gap);
      for (const [k, m] of (o.failedAt ?? []).entries())
        at(m, { kind: 'segment.write', outcome: 'fail', role: 'camera', camera: 'cam1', seq: 900 + k, error: 'EIO', latencyMs: 40 });
      at(20_000, { kind: 'core.process', faultId: 'pull-1', when: 'before', pid: 7, startedAt: 's', restartCount: 0, running: true });
      at(20_000, { kind: 'fault.start', id: 'pull-1', fault: 'disk-pull', node: 'node1', slot: 3, reinsert: 'blank', rule: 'seeded' });
      for (let k = 0; k < (o.readErrors ?? 0); k++) at(21_000 + k, { kind: 'segment.read', outcome: 'fail' });
      at(30_000, {
        kind: 'core.process',
        faultId: 'pull-1',
        when: 'after',
        pid: o.restarted ? 8 : 7,
        startedAt: o.restarted ? 't' : 's',
        restartCount: o.restarted ? 1 : 0,
        running: true,
      });
      at(30_000, {
        kind: 'fault.end',
        id: 'pull-1',
        pulled: { coreNoticedSeconds: o.noticed === undefined ? 0.4 : o.noticed, released: true },
        inserted: { coreAcceptedSeconds: o.accepted === undefined ? 0.3 : o.accepted, blank: true },
      });
      at(61_000, { kind: 'core.disks', disks: [{ node: 'node1', bay: 'bay03', status: 'ok', chunks: o.blankChunks ?? 4 }] });
      readBack(at, 62_000, paths.slice(o.unread ?? 0), o.lost ?? 0, 'missing');
    });
  }

  it('PASS on a clean pull and blank replacement', () => {
    const v = checkHotplug(pullHistory({}), t);
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.figures.find((f) => f.name.includes('byte-identical'))).toMatchObject({ value: 120, ok: true });
  });

  it('FAIL on a restarted process, a disk never noticed or never taken back, a lost segment, a long stall, read errors', () => {
    expect(checkHotplug(pullHistory({ restarted: true }), t).reasons.join()).toMatch(/process restarted/);
    expect(checkHotplug(pullHistory({ noticed: null }), t).status).toBe('FAIL');
    expect(checkHotplug(pullHistory({ accepted: null }), t).status).toBe('FAIL');
    const lost = checkHotplug(pullHistory({ lost: 2 }), t);
    expect(lost.status).toBe('FAIL');
    expect(lost.reasons.join()).toMatch(/data lost: 2 of \d+ acknowledged segments not read back intact/);
    const stall = checkHotplug(pullHistory({ gap: [21_000, 33_000] }), t);
    expect(stall.status).toBe('FAIL');
    expect(stall.reasons.join()).toMatch(/wrote nothing for 13 s/);
    expect(checkHotplug(pullHistory({ readErrors: 1 }), t).status).toBe('FAIL');
  });

  it('FAIL on camera writes that failed from the first pull to the end of the load, the stall under its bound: footage lost though nothing acknowledged was', () => {
    for (const at of [25_000, 45_000]) {
      const v = checkHotplug(pullHistory({ failedAt: [at] }), t);
      expect(v.status, String(at)).toBe('FAIL');
      expect(v.figures.find((f) => f.name.includes('longest write stall'))?.ok).toBe(true);
      expect(v.reasons.join()).toMatch(
        /1 segment writes failed and 0 camera segments were dropped from the first pull to the end of the load/,
      );
    }
    // before the first pull it is the steady state's, judged by the load's own thresholds
    expect(checkHotplug(pullHistory({ failedAt: [10_000] }), t).status).toBe('PASS');
    // a trial day's crash after its pull is T6's: writes lost from there on are not T3's
    const crashed = pullHistory({ failedAt: [45_000] });
    crashed.push({ ...crashed.at(-1)!, mono: 40_000, kind: 'fault.start', id: 'crash-1', fault: 'crash', node: 'master' } as HistoryEvent);
    crashed.sort((a, b) => a.mono - b.mono);
    expect(checkHotplug(crashed, t).status).toBe('PASS');
  });

  it('INCONCLUSIVE when the blank disk was never seen used, or no disk was pulled', () => {
    expect(checkHotplug(pullHistory({ blankChunks: 0 }), t).status).toBe('INCONCLUSIVE');
    expect(
      checkHotplug(
        history((at) => cameras(at, 10_000)),
        t,
      ).status,
    ).toBe('INCONCLUSIVE');
  });

  it('a pull refused by a field run (its safety check): INCONCLUSIVE with the reason', () => {
    const v = checkHotplug(
      history((at) => {
        readBack(at, 12_000, cameras(at, 10_000));
        at(5_000, {
          kind: 'fault.refused',
          id: 'node1-slot5-pull',
          fault: 'disk-pull',
          target: 'node1 slot 5',
          reason: 'the core keeps 3 chunks at one copy (their goal is 1): losing a disk of node1 could lose them',
        });
      }),
      t,
    );
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons).toContain(
      'node1-slot5-pull: disk-pull of node1 slot 5 refused: the core keeps 3 chunks at one copy (their goal is 1): losing a disk of node1 could lose them',
    );
  });

  it('with no disk pulled: INCONCLUSIVE while every segment reads back intact, FAIL when any is lost (a field probe)', () => {
    const intact = checkHotplug(
      history((at) => readBack(at, 12_000, cameras(at, 10_000))),
      t,
    );
    expect(intact.status).toBe('INCONCLUSIVE');
    expect(intact.reasons[0]).toBe('no disk was pulled in this history');
    const lost = checkHotplug(
      history((at) => readBack(at, 12_000, cameras(at, 10_000), 2, 'missing')),
      t,
    );
    expect(lost.status).toBe('FAIL');
    expect(lost.reasons.join('\n')).toMatch(
      /data lost: 2 of \d+ acknowledged segments not read back intact[\s\S]*no disk was pulled in this history, and yet data was lost/,
    );
  });

  /** A pull by the person at the rack (field mode): no process recorded, the core's looks instead. */
  function fieldPullHistory(o: {
    looks?: (string[] | null)[];
    noticed?: number | null;
    notDone?: string;
    pulledThenNotDone?: boolean;
    /** the target maps the slot to the core's disk (default) */
    mapped?: boolean;
  }) {
    return history((at) => {
      const paths = cameras(at, 60_000);
      at(20_000, {
        kind: 'fault.start',
        id: 'pull-1',
        fault: 'disk-pull',
        node: 'node1',
        slot: 3,
        address: '10.0.0.2',
        mode: 'operator',
        ...(o.mapped === false ? {} : { bay: '/mfs/bays/bay03/' }),
      });
      const all = ALL.map((n) => n.address);
      // looks before the pull and after the disk is back do not count
      at(20_500, { kind: 'core.nodes', nodes: all.map((address) => ({ address, chunks: 1 })) });
      at(29_500, { kind: 'core.nodes', nodes: all.map((address) => ({ address, chunks: 1 })) });
      if (!o.notDone || o.pulledThenNotDone)
        at(20_800, { kind: 'field.drive', id: 'pull-1', node: 'node1', slot: 3, state: 'Absent', atWall: 20_800 });
      if (!o.notDone) at(24_800, { kind: 'field.drive', id: 'pull-1', node: 'node1', slot: 3, state: 'Enabled', atWall: 24_800 });
      for (const [k, look] of (o.looks ?? [all, all]).entries())
        if (look) at(21_000 + 1000 * k, { kind: 'core.nodes', nodes: look.map((address) => ({ address, chunks: 1 })) });
      at(
        30_000,
        o.notDone
          ? {
              kind: 'fault.end',
              id: 'pull-1',
              notDone: o.notDone,
              ...(o.pulledThenNotDone
                ? {
                    pulled: {
                      ok: true,
                      slot: 3,
                      coreNoticedSeconds: o.noticed === undefined ? 0.4 : o.noticed,
                      released: o.noticed !== null,
                    },
                  }
                : {}),
            }
          : {
              kind: 'fault.end',
              id: 'pull-1',
              pulled: { ok: true, slot: 3, coreNoticedSeconds: o.noticed === undefined ? 0.4 : o.noticed, released: o.noticed !== null },
              inserted: { ok: true, slot: 3, coreAcceptedSeconds: 0.9, blank: false },
            },
      );
      readBack(at, 62_000, paths, 0, 'missing');
    });
  }

  it('a field pull: PASS with the node listed at every look of the core while the disk was out, the figure saying a restart between looks is not seen', () => {
    const v = checkHotplug(fieldPullHistory({}), t);
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.figures.find((f) => f.name.includes('looks of the core listing the node'))).toMatchObject({
      value: 2,
      ok: true,
      note: expect.stringMatching(/a restart shorter than the longest gap between looks \(2.8 s\) is not seen/),
    });
  });

  it('a field pull: FAIL when a look lacks the node or the core never let go; INCONCLUSIVE when a step was not done or nothing was looked at', () => {
    const left = checkHotplug(fieldPullHistory({ looks: [['10.0.0.2'], ['10.0.0.3']] }), t);
    expect(left.status).toBe('FAIL');
    expect(left.reasons.join()).toMatch(/did not list node1 at 1 of 2 looks while its disk was out/);
    const kept = checkHotplug(fieldPullHistory({ noticed: null }), t);
    expect(kept.status).toBe('FAIL');
    expect(kept.reasons.join()).toMatch(
      /did not let go of the pulled disk \(node1 slot 3, watched as \/mfs\/bays\/bay03\/ by the target's diskPaths\)/,
    );
    // no slot-to-disk map: the slot may hold none of the core's disks, so letting go of none is not the core's failure
    const unmapped = checkHotplug(fieldPullHistory({ noticed: null, mapped: false }), t);
    expect(unmapped.status).toBe('INCONCLUSIVE');
    expect(unmapped.reasons.join()).toMatch(/let go of no disk of node1 after the pull .* the slot holds none of its disks/);
    const notDone = checkHotplug(fieldPullHistory({ notDone: 'qa answered done, but the BMC never showed node1 slot 03 empty' }), t);
    expect(notDone.status).toBe('INCONCLUSIVE');
    expect(notDone.reasons.join()).toMatch(/pull-1 \(node1 slot 3\): qa answered done, but the BMC never showed/);
    const blind = checkHotplug(fieldPullHistory({ looks: [] }), t);
    expect(blind.status).toBe('INCONCLUSIVE');
    expect(blind.reasons.join()).toMatch(/no look of the core while the disk was out/);
    // the disk pulled but never put back: the pull is still judged (a core that never let go FAILs)
    const outForGood = { notDone: 'the disk was not put back: qa answered cannot', pulledThenNotDone: true };
    expect(checkHotplug(fieldPullHistory(outForGood), t).status).toBe('INCONCLUSIVE');
    const neverLetGo = checkHotplug(fieldPullHistory({ ...outForGood, noticed: null }), t);
    expect(neverLetGo.status).toBe('FAIL');
    expect(neverLetGo.reasons.join()).toMatch(/did not let go of the pulled disk/);
  });

  it('INCONCLUSIVE, never PASS, when some acknowledged segment was never read back', () => {
    const v = checkHotplug(pullHistory({ unread: 3 }), t);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons.join()).toMatch(/3 of 120 acknowledged segments were never read back/);
    expect(v.figures.find((f) => f.name.includes('byte-identical'))).toMatchObject({ value: 117, ok: false });
  });
});
