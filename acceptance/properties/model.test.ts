// Pure properties of the model-based test's fast parts: the preconditions, the resolved
// commands a replay file stores, the replay file itself and the invariants' judgements,
// thousands of cases each.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftArbitraries } from '../../sim/model/commands';
import {
  NEWEST_HOLDER,
  COMMAND_KINDS,
  domainsDown,
  draftPrecondition,
  initialModel,
  nextModel,
  precondition,
  resolveDraft,
  type CommandSpec,
  type Draft,
  type ModelState,
} from '../../sim/model/model';
import { clausesOf, healOf, judged, judgeObservation, judgeReadBack, type InvariantBounds, type Judged } from './invariants';
import type { HistoryEvent } from '../../sim/history';
import { FAULT_KINDS } from '../../sim/plan/faults';
import { REPLAY_FORMAT, readReplayFile, writeReplayFile, type ReplayFile } from './replay-file';
import { drawnCommands } from './draws';
import { healedNow } from '../../sim/heal/healed';
import { UNTIL_REPLUGGED } from '../../sim/nemesis/lifecycle';
import { BROKEN_FC_SEED, BROKEN_KINDS, BROKEN_MAX_COMMANDS, BROKEN_RUNS } from './broken-kinds';
import { BAYS_PER_NODE, CI_FC_SEED, CI_MAX_COMMANDS, CI_RUNS, TOLERATED_DOMAINS, WEIGHTS } from './harness';

const BAYS = 24;
const drafts = fc.array(fc.oneof(...draftArbitraries({ baysPerNode: BAYS })), { maxLength: 30 });

/** Runs drafts through the model as fast-check's model runner does: a draft whose precondition fails is skipped. */
function play(m: ModelState, ds: readonly Draft[]): CommandSpec[] {
  const ran: CommandSpec[] = [];
  for (const d of ds) {
    if (!draftPrecondition(m, d)) continue;
    const c = resolveDraft(m, d)!;
    ran.push(c);
    const acked =
      c.cmd === 'WriteSegments'
        ? Array.from({ length: c.n }, (_, k) => ({
            camera: c.camera,
            seq: (m.nextSeq.get(c.camera) ?? 0) + k,
            path: `/x/${c.camera}/${k}`,
            payloadSeed: 0,
            startMs: 0,
            endMs: 0,
          }))
        : [];
    nextModel(m, c, acked, 'n1');
  }
  return ran;
}

const snapshot = (m: ModelState) =>
  JSON.stringify({ ...m, nodes: [...m.nodes].map(([k, n]) => [k, n.power, [...n.pulled].sort()]), nextSeq: [...m.nextSeq] });

describe('model of the cluster (pure)', () => {
  it('never has more failure domains down than it tolerates, for any sequence the generator draws', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), drafts, (tolerated, ds) => {
        const m = initialModel({ toleratedDomains: tolerated, baysPerNode: BAYS });
        for (const d of ds) {
          if (!draftPrecondition(m, d)) continue;
          nextModel(m, resolveDraft(m, d)!, [], 'n1');
          expect(domainsDown(m)).toBeLessThanOrEqual(tolerated);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a resolved restoring command targets what is really down (a pulled bay of a running node, a node that is off)', () => {
    fc.assert(
      fc.property(drafts, fc.nat(), fc.constantFrom('same' as const, 'blank' as const), (ds, pick, disk) => {
        const m = initialModel({ toleratedDomains: 1, baysPerNode: BAYS });
        play(m, ds);
        const ins = resolveDraft(m, { cmd: 'InsertPulled', pick, disk });
        if (ins) {
          expect(ins.cmd).toBe('InsertBay');
          const n = m.nodes.get((ins as { node: string }).node)!;
          expect(n.power).toBe('on');
          expect(n.pulled.has((ins as { bay: number }).bay)).toBe(true);
        } else {
          expect([...m.nodes.values()].every((n) => n.power === 'off' || n.pulled.size === 0)).toBe(true);
        }
        const on = resolveDraft(m, { cmd: 'RestartOff', pick });
        if (on) expect(m.nodes.get((on as { node: string }).node)!.power).toBe('off');
        else expect([...m.nodes.values()].every((n) => n.power === 'on')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('the concrete commands a replay file stores reach the same model state, every precondition holding', () => {
    fc.assert(
      fc.property(drafts, (ds) => {
        const a = initialModel({ toleratedDomains: 1, baysPerNode: BAYS });
        const ran = play(a, ds);
        const b = initialModel({ toleratedDomains: 1, baysPerNode: BAYS });
        for (const c of ran) {
          expect(precondition(b, c), JSON.stringify(c)).toBe(true);
          play(b, [c]);
        }
        expect(snapshot(b)).toBe(snapshot(a));
      }),
      { numRuns: 2000 },
    );
  });

  it('crashes the master only with every node whole, and adds at most one node per sequence', () => {
    fc.assert(
      fc.property(drafts, (ds) => {
        const m = initialModel({ toleratedDomains: 1, baysPerNode: BAYS });
        const ran: CommandSpec[] = [];
        for (const d of ds) {
          if (!draftPrecondition(m, d)) continue;
          const c = resolveDraft(m, d)!;
          if (c.cmd === 'CrashMaster') expect(domainsDown(m)).toBe(0);
          ran.push(c);
          nextModel(m, c, [], 'n1');
        }
        expect(ran.filter((c) => c.cmd === 'AddNode').length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('drains and hangs the master only with every node whole; a port comes up only where it went down; no crash or power loss behind a pulled port', () => {
    fc.assert(
      fc.property(drafts, (ds) => {
        const m = initialModel({ toleratedDomains: 1, baysPerNode: BAYS });
        for (const d of ds) {
          if (!draftPrecondition(m, d)) continue;
          const c = resolveDraft(m, d)!;
          if (c.cmd === 'DrainNode' || c.cmd === 'HangMaster') expect(domainsDown(m)).toBe(0);
          if (c.cmd === 'PortUp') expect(m.nodes.get(c.node)!.link).toBe('down');
          if (c.cmd === 'PortDown') expect(m.nodes.get(c.node)!.power).toBe('on');
          if (c.cmd === 'CrashNode' || c.cmd === 'HangNode' || (c.cmd === 'PowerLoss' && c.node !== 'newest-holder'))
            expect(m.nodes.get(c.node)!.link).toBe('up');
          nextModel(m, c, [], 'n1');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a pulled port is a failure domain: with one tolerated, nothing else may fail until it is back', () => {
    const m = initialModel({ toleratedDomains: 1, baysPerNode: BAYS });
    expect(precondition(m, { cmd: 'PortDown', node: 'n1' })).toBe(true);
    nextModel(m, { cmd: 'PortDown', node: 'n1' });
    expect(domainsDown(m)).toBe(1);
    expect(precondition(m, { cmd: 'PullBay', node: 'n2', bay: 0 })).toBe(false);
    expect(precondition(m, { cmd: 'PowerLoss', node: 'n3' })).toBe(false);
    expect(precondition(m, { cmd: 'DrainNode', node: 'n2' })).toBe(false);
    expect(resolveDraft(m, { cmd: 'PortUpDown', pick: 5 })).toEqual({ cmd: 'PortUp', node: 'n1' });
    nextModel(m, { cmd: 'PortUp', node: 'n1' });
    expect(domainsDown(m)).toBe(0);
    expect(resolveDraft(m, { cmd: 'PortUpDown', pick: 5 })).toBeNull();
  });
});

describe('replay file (zod)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const file = (commands: CommandSpec[]): ReplayFile => ({
    format: REPLAY_FORMAT,
    kind: 'goal-1',
    config: { goal: 1, selfHeal: true },
    bounds: { writeMs: 10_000, selfHealSeconds: 180, scaleOutSeconds: 60, drainSeconds: 300, reconnectSeconds: 60 },
    toleratedDomains: 1,
    fastCheck: { seed: 1, path: '0:1', numRuns: 10, maxCommands: 6 },
    failure: { invariant: 'durability', detail: 'x', clauses: ['T6'] },
    original: commands,
    commands,
    shrink: { fromCommands: commands.length, toCommands: commands.length, seconds: 1 },
    replay: 'ACCEPT_FC_REPLAY=f npx vitest run --project core acceptance/properties/cluster-model.core.test.ts',
  });

  it('reads back exactly what was written, for any command list', () => {
    fc.assert(
      fc.property(drafts, (ds) => {
        const ran = play(initialModel({ toleratedDomains: 1, baysPerNode: BAYS }), ds);
        fc.pre(ran.length > 0);
        const p = join(dir, 'f.json');
        writeReplayFile(p, file(ran));
        expect(readReplayFile(p)).toEqual(file(ran));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects a hand-edited file with an unknown node, saying where', () => {
    const p = join(dir, 'bad.json');
    const f = file([{ cmd: 'PowerLoss', node: 'n2' }]);
    writeFileSync(p, JSON.stringify({ ...f, commands: [{ cmd: 'PowerLoss', node: 'n9' }] }));
    expect(() => readReplayFile(p)).toThrow(/commands\.0\.node/);
  });
});

describe('invariant judgements fail on a broken observation and pass on a good one', () => {
  const b: InvariantBounds = { writeMs: 10_000, selfHealSeconds: 180, scaleOutSeconds: 60, drainSeconds: 300, reconnectSeconds: 60 };
  const w = (latenciesMs: number[], errors: string[] = []): Judged => ({
    cmd: 'WriteSegments',
    write: { acked: [], latenciesMs, errors },
  });

  it('availability: any failed write or any write slower than the bound fails; otherwise passes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 8 }), fc.boolean(), (lat, err) => {
        const v = judgeObservation({ cmd: 'WriteSegments', camera: 'cam1', n: lat.length }, w(lat, err ? ['EIO'] : []), b);
        const shouldFail = err || lat.some((ms) => ms > b.writeMs);
        expect(v?.invariant ?? null).toBe(shouldFail ? 'availability' : null);
      }),
      { numRuns: 3000 },
    );
  });

  it("availability while a node's switch port is down: judged by the link-loss bound, only then", () => {
    const bl = { ...b, linkWriteMs: 15_000 };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 8 }), fc.boolean(), (lat, linkDown) => {
        const v = judgeObservation({ cmd: 'WriteSegments', camera: 'cam1', n: lat.length }, w(lat), bl, { linkDown });
        const shouldFail = lat.some((ms) => ms > (linkDown ? 15_000 : 10_000));
        expect(v?.invariant ?? null).toBe(shouldFail ? 'availability' : null);
        if (v && linkDown) expect(v.detail).toContain('15000 ms (a node');
      }),
      { numRuns: 2000 },
    );
  });

  it('self-heal: not back, or back after the bound, fails; back within it passes', () => {
    fc.assert(
      fc.property(
        fc.option(fc.double({ min: 0, max: 400, noNaN: true }), { nil: null }),
        fc.constantFrom('CrashNode' as const, 'HangNode' as const),
        (s, cmd) => {
          const v = judgeObservation(
            { cmd, node: 'n1' },
            { cmd, heal: { backSeconds: s, mechanism: 'test', pending: s === null ? ['n1 not registered'] : [] } },
            b,
          );
          expect(v?.invariant ?? null).toBe(s === null || s > 180 ? 'self-heal' : null);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('self-heal: a node back but its chunks below goal is not healed, and the violation says which chunks (the definition T6 and the nemesis use)', () => {
    const state = { registered: ['10.0.0.2', '10.0.0.3', '10.0.0.4'], chunks: { missing: 0, endangered: 7, undergoal: 2 } };
    const answer = healedNow({ target: 'n1', expected: state.registered }, state);
    expect(answer.healed).toBe(false);
    const v = judgeObservation(
      { cmd: 'CrashNode', node: 'n1' },
      { cmd: 'CrashNode', heal: { backSeconds: null, mechanism: 'test', pending: answer.pending } },
      b,
    );
    expect(v?.invariant).toBe('self-heal');
    expect(v?.detail).toMatch(/7 chunks endangered \(one copy\), 2 under goal/);
  });

  // a sequence's history as the nemesis writes it for one crash (sim/nemesis/faults.ts), at the given ms
  const sequence = (o: { healedAtMs: number | null; added?: boolean; addedBackAtMs?: number }): HistoryEvent[] => {
    const ev: HistoryEvent[] = [];
    const at = (mono: number, body: Record<string, unknown>) =>
      ev.push({ i: ev.length, wall: mono, mono, virt: mono, ...body } as unknown as HistoryEvent);
    const base = [{ address: '10.0.0.2' }, { address: '10.0.0.3' }, { address: '10.0.0.4' }];
    const all = o.added ? [...base, { address: '10.0.0.9' }] : base;
    const ok = { missing: 0, endangered: 0, undergoal: 0, stable: 10, overgoal: 0 };
    at(0, { kind: 'topology.up', core: 'moosefs', version: 'x', master: '10.0.0.1', nodes: base, goal: 2 });
    if (o.added) at(500, { kind: 'scaleout.powered', node: 'n4', address: '10.0.0.9' });
    at(1000, { kind: 'core.process', faultId: 'f1', target: 'n1', when: 'before', pid: 1, startedAt: 'a', running: true });
    at(1000, { kind: 'core.health', by: 'nemesis', faultId: 'f1', when: 'before', ...ok });
    at(1000, { kind: 'fault.start', id: 'f1', fault: 'crash:kill9', target: 'n1', address: '10.0.0.2', mode: 'kill9' });
    at(1000, { kind: 'heal.by', id: 'f1', mechanism: 'restart-policy', simulatedBootSeconds: 0 });
    const end = o.healedAtMs ?? 31_000;
    // the added node answers only from addedBackAtMs (a node of the sequence the heal must wait for)
    const listed = o.addedBackAtMs !== undefined && o.addedBackAtMs > end ? base : all;
    at(end, { kind: 'core.nodes', by: 'nemesis', faultId: 'f1', nodes: o.healedAtMs === null ? base.slice(1) : listed });
    at(end, { kind: 'core.health', by: 'nemesis', faultId: 'f1', ...ok });
    at(end + 1, { kind: 'core.process', faultId: 'f1', target: 'n1', when: 'after', pid: 2, startedAt: 'b', running: true });
    at(end + 2, { kind: 'fault.end', id: 'f1' });
    return ev;
  };

  it("self-heal is T6's reading of the sequence's history: healed at the nemesis's observation, not healed with what was pending", () => {
    expect(healOf(sequence({ healedAtMs: 13_500 }), 'f1')).toEqual({ backSeconds: 12.5, mechanism: 'restart-policy', pending: [] });
    const never = healOf(sequence({ healedAtMs: null }), 'f1');
    expect(never.backSeconds).toBeNull();
    expect(never.pending.join()).toMatch(/storage node 10.0.0.2 not registered/);
    expect(judgeObservation({ cmd: 'CrashNode', node: 'n1' }, { cmd: 'CrashNode', heal: never }, b)?.invariant).toBe('self-heal');
    // a node the sequence added counts: not healed while it is not listed
    expect(healOf(sequence({ healedAtMs: 13_500, added: true }), 'f1').backSeconds).toBe(12.5);
    const addedAbsent = healOf(sequence({ healedAtMs: 13_500, added: true, addedBackAtMs: 99_000 }), 'f1');
    expect(addedAbsent.backSeconds).toBeNull();
    expect(addedAbsent.pending.join()).toMatch(/10.0.0.9 not registered/);
    // a fault the history does not hold is never healed
    expect(healOf(sequence({ healedAtMs: 13_500 }), 'f2')).toMatchObject({ backSeconds: null, pending: [/not in the sequence's history/] });
  });

  it("durability is the durability checker's judgement of each read-back: intact passes; lost, corrupt or another payload fails, naming the fault the write followed", () => {
    const ev: HistoryEvent[] = [];
    const at = (body: Record<string, unknown>) => {
      const e = { i: ev.length, wall: ev.length, mono: ev.length, virt: ev.length, ...body } as unknown as HistoryEvent;
      ev.push(e);
      return e;
    };
    const write = (path: string, seed: number) =>
      at({
        kind: 'segment.write',
        outcome: 'ok',
        role: 'model',
        camera: 'cam1',
        seq: 0,
        path,
        dueMono: 0,
        startMono: 0,
        latencyMs: 5,
        payloadSeed: seed,
      });
    const verify = (path: string, outcome: string, seed?: number) =>
      at({
        kind: 'segment.verify',
        outcome,
        camera: 'cam1',
        seq: 0,
        path,
        readMs: 3,
        ...(seed !== undefined ? { payloadSeed: seed } : {}),
      });
    write('/seq-1/cam1/000000.seg', 11);
    at({ kind: 'fault.start', id: 'seq1-f1', fault: 'crash:kill9', target: 'n2', address: '10.0.0.3', mode: 'kill9' });
    write('/seq-1/cam1/000001.seg', 12);
    write('/seq-1/cam2/000000.seg', 13);
    const intact = [verify('/seq-1/cam1/000000.seg', 'ok', 11), verify('/seq-1/cam1/000001.seg', 'ok', 12)];
    // a read-back of one camera: the other camera's unread segment is not this read-back's to judge
    expect(judgeReadBack(ev, intact)).toBeNull();
    const lost = [verify('/seq-1/cam1/000000.seg', 'ok', 11), verify('/seq-1/cam1/000001.seg', 'lost')];
    expect(judgeReadBack(ev, lost)).toMatch(
      /^data lost: 1 of 2 acknowledged segments not read back intact \(1 lost\); 1 written during or after seq1-f1/,
    );
    // an earlier read-back's failure is not judged again
    expect(judgeReadBack(ev, [verify('/seq-1/cam1/000001.seg', 'ok', 12)])).toBeNull();
    // bytes of another segment (its own header's seed) are corrupt, whatever the reader said
    expect(judgeReadBack(ev, [verify('/seq-1/cam1/000000.seg', 'ok', 99)])).toMatch(/1 corrupt/);
    expect(judgeReadBack(ev, [])).toBeNull();
    // the model's own fault commands mark their window too; a workload command does not
    at({ kind: 'model.command', seq: 1, command: 'WriteSegments', args: { camera: 'cam1', n: 1 }, fault: null });
    at({ kind: 'model.command', seq: 1, index: 4, command: 'PowerLoss', args: { node: 'n3' }, fault: 'crash' });
    write('/seq-1/cam1/000002.seg', 14);
    expect(judgeReadBack(ev, [verify('/seq-1/cam1/000002.seg', 'lost')])).toMatch(
      /1 written during or after seq1:4:PowerLoss \(PowerLoss n3\)/,
    );
    // the same command again later in the sequence is a window of its own
    at({ kind: 'model.command', seq: 1, index: 6, command: 'PowerLoss', args: { node: 'n2' }, fault: 'crash' });
    write('/seq-1/cam1/000003.seg', 15);
    expect(judgeReadBack(ev, [verify('/seq-1/cam1/000003.seg', 'lost')])).toMatch(
      /1 written during or after seq1:6:PowerLoss \(PowerLoss n2\)/,
    );
  });

  // a node's process identity as a nemesis records it around a fault (the same start and restarts; the pid given)
  const processAt = (faultId: string, target: string, when: 'before' | 'after', pid: number, mono: number) => ({
    kind: 'core.process',
    mono,
    faultId,
    target,
    when,
    pid,
    startedAt: '2026-12-05T10:00:00Z',
    restartCount: 0,
    running: true,
  });

  // events as the scale-out and lifecycle nemeses and the model's looks at the core record them, at the given ms
  const events = (list: Record<string, unknown>[]): HistoryEvent[] =>
    list.map((body, i) => ({ i, wall: Number(body.mono), virt: Number(body.mono), ...body }) as unknown as HistoryEvent);
  const NODES = [{ address: '10.0.0.2', chunks: 40, usedBytes: 1, totalBytes: 9 }];

  it("scale-out is T9's judgement of the add in the history: no chunk on the new node within 60 s fails; within it passes", () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: 12_000 }), { nil: null }), (centi) => {
        const s = centi === null ? null : centi / 100;
        const h = events([
          { kind: 'scaleout.add', mono: 1000, node: 'n4', bays: 24, configured: ['MASTER_HOST'], defect: null },
          { kind: 'scaleout.powered', mono: 1000, node: 'n4', address: '10.0.0.9' },
          {
            kind: 'core.nodes',
            mono: 1000 + (s ?? 61) * 1000,
            by: 'model',
            nodes: [...NODES, { address: '10.0.0.9', chunks: s === null ? 0 : 3, usedBytes: 1, totalBytes: 9 }],
          },
        ]);
        const seen = judged({ cmd: 'AddNode', seconds: 1 }, h, b);
        const v = judgeObservation({ cmd: 'AddNode', bays: 24 }, seen, b);
        expect(v?.invariant ?? null).toBe(s === null || s > 60 ? 'scale-out' : null);
        if (s !== null && s > 60) expect(v?.detail).toMatch(/first chunk on n4 after .* s > 60 s/);
        if (s === null) expect(v?.detail).toMatch(/n4 registered but never held a chunk/);
      }),
      { numRuns: 2000 },
    );
    // no add recorded: never a pass
    expect(judgeObservation({ cmd: 'AddNode', bays: 24 }, judged({ cmd: 'AddNode', seconds: 1 }, [], b), b)?.invariant).toBe('scale-out');
  });

  it("drain is T9's judgement of the drain in the history: not ready, or ready after the bound, fails; within it passes", () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: null }), (centi) => {
        const s = centi === null ? null : centi / 100;
        const health = { missing: 0, endangered: 0, undergoal: 0, stable: 40, overgoal: 0 };
        const h = events([
          { kind: 'lifecycle.drain.start', mono: 0, id: 'seq1-d1', node: 'n2', address: '10.0.0.3', chunks: 40, health, maxSeconds: 300 },
          {
            kind: 'lifecycle.drain.end',
            mono: (s ?? 300) * 1000,
            id: 'seq1-d1',
            node: 'n2',
            address: '10.0.0.3',
            ready: s !== null,
            seconds: s ?? 300,
          },
        ]);
        const seen = judged({ cmd: 'DrainNode', faultId: 'seq1-d1', seconds: 1 }, h, b);
        const v = judgeObservation({ cmd: 'DrainNode', node: 'n2' }, seen, b);
        expect(v?.invariant ?? null).toBe(s === null || s > 300 ? 'drain' : null);
        if (s === null) expect(v?.detail).toMatch(/n2 never became ready for removal in 300 s/);
      }),
      { numRuns: 2000 },
    );
    // another drain's id is not this one's
    const other = judged({ cmd: 'DrainNode', faultId: 'seq1-d9', seconds: 1 }, [], b);
    expect(judgeObservation({ cmd: 'DrainNode', node: 'n2' }, other, b)?.detail).toMatch(/not in the sequence's history/);
  });

  it("link: T9's link rules on the sequence's history: not connected again, or the node's process restarted, fails; back, noticed or not, passes", () => {
    const id = 'seq1-l1';
    const proc = (when: 'before' | 'after', pid: number, mono: number) => processAt(id, 'n3', when, pid, mono);
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: null }),
        (connected, restarted, detected) => {
          const h = events([
            proc('before', 10, 0),
            { kind: 'link.start', mono: 1, id, action: 'link-down', node: 'n3', port: 3, hold: UNTIL_REPLUGGED },
            proc('after', restarted ? 11 : 10, 2),
            {
              kind: 'link.end',
              mono: 3,
              id,
              action: 'link-down',
              node: 'n3',
              port: 3,
              address: '10.0.0.4',
              downSeconds: 5,
              detectedAfterSeconds: detected,
              reconnectedAfterSeconds: connected && detected !== null ? 0.5 : null,
              connectedAtEnd: connected,
              timeline: [],
              pollSeconds: 0.5,
            },
          ]);
          const seen = judged({ cmd: 'PortUp', faultId: id, seconds: 1 }, h, b);
          const v = judgeObservation({ cmd: 'PortUp', node: 'n3' }, seen, b);
          expect(v?.invariant ?? null).toBe(!connected || restarted ? 'link' : null);
          if (!connected) expect(v?.detail).toMatch(/n3 was not connected to the master again after the link came back.*\(watched 60 s/);
          if (restarted) expect(v?.detail).toMatch(/the node's process restarted during the link loss \(pid 10 → 11, restarts 0 → 0\)/);
          if ('link' in seen) expect(seen.link.reconnectedSeconds).toBe(connected && detected !== null ? 0.5 : null);
        },
      ),
      { numRuns: 500 },
    );
    // a link cut short in the history (no end) fails; another link's id is not this one's
    const cut = judged(
      { cmd: 'PortUp', faultId: id, seconds: 1 },
      events([proc('before', 10, 0), { kind: 'link.start', mono: 1, id, action: 'link-down', node: 'n3', port: 3, hold: UNTIL_REPLUGGED }]),
      b,
    );
    expect(judgeObservation({ cmd: 'PortUp', node: 'n3' }, cut, b)?.detail).toMatch(/did not complete in this history/);
    const other = judged({ cmd: 'PortUp', faultId: 'seq1-l9', seconds: 1 }, [], b);
    expect(judgeObservation({ cmd: 'PortUp', node: 'n3' }, other, b)?.detail).toMatch(/not in the sequence's history/);
  });

  it("hot-plug: T3's rules on the sequence's history at the insert: a disk the core kept or did not take back fails; a restart is not the pull's", () => {
    const id = 'seq1-p1';
    const proc = (when: 'before' | 'after', pid: number, mono: number) => processAt(id, 'n2', when, pid, mono);
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (released, noticed, accepted, restarted, blank) => {
        const h = events([
          proc('before', 10, 0),
          { kind: 'fault.start', mono: 1, id, fault: 'disk-pull', node: 'n2', slot: 4, rule: 'drawn by the sequence' },
          proc('after', restarted ? 11 : 10, 2),
          {
            kind: 'fault.end',
            mono: 3,
            id,
            pulled: { ok: true, slot: 4, coreNoticedSeconds: noticed ? 0.4 : null, released },
            inserted: { ok: true, slot: 4, blank, coreAcceptedSeconds: accepted ? 1.2 : null },
          },
        ]);
        const seen = judged({ cmd: 'InsertBay', faultId: id, settledSeconds: 3, seconds: 1 }, h, b);
        const v = judgeObservation({ cmd: 'InsertBay', node: 'n2', bay: 4, disk: blank ? 'blank' : 'same' }, seen, b);
        expect(v?.invariant ?? null).toBe(released && noticed && accepted ? null : 'hot-plug');
        if (!released || !noticed) expect(v?.detail).toMatch(/the core did not let go of the pulled disk \(n2 slot 4\)/);
        if (!accepted) expect(v?.detail).toMatch(/the re-inserted disk was not taken back \(n2 slot 4\)/);
        expect(v?.detail ?? '').not.toMatch(/restarted|held no chunk/);
      }),
      { numRuns: 300 },
    );
    const other = judged({ cmd: 'InsertBay', faultId: 'seq1-p9', settledSeconds: null, seconds: 1 }, [], b);
    expect(judgeObservation({ cmd: 'InsertBay', node: 'n2', bay: 4, disk: 'same' }, other, b)?.detail).toMatch(
      /not in the sequence's history/,
    );
    expect(clausesOf('hot-plug', [])).toEqual(['T3']);
  });

  it("a power loss is judged at the power's return, by T6's reading of its fault in the history", () => {
    const seen = judged({ cmd: 'RestartNode', faultId: 'seq1-f9', settledSeconds: null, seconds: 1 }, [], b);
    const v = judgeObservation({ cmd: 'RestartNode', node: 'n2' }, seen, b);
    expect(v?.invariant).toBe('self-heal');
    expect(v?.detail).toMatch(/n2 not healed within 180 s after its power came back .*fault seq1-f9 is not in the sequence's history/);
    expect(judged({ cmd: 'PowerLoss', node: 'n2', faultId: 'seq1-f9', seconds: 1 }, [], b)).toEqual({ cmd: 'PowerLoss', seconds: 1 });
  });

  it('the model commands draw their kinds from it: every fault command is a declared kind', () => {
    for (const [cmd, kind] of Object.entries(COMMAND_KINDS)) if (kind !== null) expect(FAULT_KINDS, cmd).toHaveProperty(kind);
    expect(COMMAND_KINDS.WriteSegments).toBeNull();
  });

  it('a failure is attached to the clauses its invariant and faults speak to', () => {
    expect(clausesOf('drain', [])).toEqual(['T9', 'T10']);
    expect(clausesOf('durability', [{ cmd: 'PortDown', node: 'n1' }, { cmd: 'HangMaster' }])).toEqual(['T6', 'T9']);
    expect(clausesOf('self-heal', [])).toEqual(['T6']);
    expect(clausesOf('scale-out', [])).toEqual(['T8']);
    expect(
      clausesOf('durability', [
        { cmd: 'WriteSegments', camera: 'cam1', n: 1 },
        { cmd: 'PullBay', node: 'n1', bay: 3 },
      ]),
    ).toEqual(['T3']);
    expect(
      clausesOf('durability', [
        { cmd: 'PowerLoss', node: 'n1' },
        { cmd: 'PullBay', node: 'n1', bay: 3 },
      ]),
    ).toEqual(['T3', 'T6']);
  });
});

describe("the CI sequences (pure replay of the CI seed's draws)", () => {
  it('draw every command kind, a drain only once (a drain costs minutes on the real core)', () => {
    const ran = drawnCommands({
      seed: CI_FC_SEED,
      numRuns: CI_RUNS,
      maxCommands: CI_MAX_COMMANDS,
      baysPerNode: BAYS_PER_NODE,
      toleratedDomains: TOLERATED_DOMAINS,
      weights: WEIGHTS,
    }).flat();
    const kinds = [...new Set(ran)].sort();
    expect(kinds).toEqual([
      'AddNode',
      'CrashMaster',
      'CrashNode',
      'DrainNode',
      'HangMaster',
      'HangNode',
      'InsertBay',
      'PortDown',
      'PortUp',
      'PowerLoss',
      'PullBay',
      'ReadBack',
      'RestartNode',
      'WriteSegments',
    ]);
    expect(ran.filter((c) => c === 'DrainNode')).toHaveLength(1);
    expect(ran.length).toBeGreaterThanOrEqual(40);
  });
});

describe("the broken-configuration sequences (pure replay of their seed's draws)", () => {
  for (const k of BROKEN_KINDS) {
    it(`${k.kind}: ${k.exposedBy} is drawn within the first 5 sequences, and no command that fails by chance of placement`, () => {
      const seqs = drawnCommands({
        seed: BROKEN_FC_SEED,
        numRuns: BROKEN_RUNS,
        maxCommands: BROKEN_MAX_COMMANDS,
        baysPerNode: BAYS_PER_NODE,
        toleratedDomains: TOLERATED_DOMAINS,
        weights: k.weights,
        powerLossTarget: k.powerLossTarget,
      });
      const first = seqs.findIndex((s) => s.includes(k.exposedBy));
      expect(first, JSON.stringify(seqs.slice(0, 6))).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(5);
      if (k.kind === 'goal-1') expect(seqs.flat().filter((c) => c === 'PullBay' || c === 'PortDown')).toEqual([]);
    });
  }
  it('a power loss drawn with target newest-holder always names the newest holder', () => {
    const onlyPowerLoss = Object.fromEntries(Object.keys(WEIGHTS).map((k) => [k, k === 'PowerLoss' ? 1 : 0]));
    const drawn = fc.sample(
      fc.oneof(...draftArbitraries({ baysPerNode: BAYS, weights: onlyPowerLoss, powerLossTarget: 'newest-holder' })),
      { numRuns: 200, seed: 7 },
    );
    expect(new Set(drawn.map((d) => JSON.stringify(d)))).toEqual(new Set([JSON.stringify({ cmd: 'PowerLoss', node: NEWEST_HOLDER })]));
    const any = fc.sample(fc.oneof(...draftArbitraries({ baysPerNode: BAYS, weights: onlyPowerLoss })), { numRuns: 200, seed: 7 });
    expect(new Set(any.map((d) => (d as { node: string }).node)).size).toBeGreaterThan(1);
  });
});
