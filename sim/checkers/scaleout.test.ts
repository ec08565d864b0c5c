import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { checkScaleOut } from './scaleout';

const T = { maxSecondsToFirstChunk: 60, maxMigratedFraction: 0.25, minWindowCopies: 4, minNewCopyShare: 0, minNewCopyShareOfEqual: 0.5 };
const OLD = ['10.0.0.2', '10.0.0.3', '10.0.0.4'];
const NEW = '10.0.0.9';

/** A small synthetic history; options break it in the ways a core can. */
function history(
  o: {
    registerAt?: number | null;
    firstChunkAt?: number | null;
    newShare?: boolean;
    /** a copy on the new node for one new chunk in this many (default 2) */
    newEvery?: number;
    migrate?: number;
    writeFail?: boolean;
    add?: boolean;
    lost?: number;
    /** another node powered on before the added one (a model run's node back from a power cut, say) */
    otherPoweredFirst?: boolean;
    /** a field run's node connected by a person: added when its BMC showed On; listed by the core, or not within `within` s (no end: undefined) */
    operator?: { listed: boolean; within?: number };
    /** a field step refused or not done: its record(s), and no add */
    notAdded?: Record<string, unknown>;
    notDoneEnd?: Record<string, unknown>;
  } = {},
) {
  const ev: Omit<HistoryEvent, 'i' | 'wall' | 'virt'>[] = [];
  const at = (mono: number, body: Record<string, unknown>) => ev.push({ mono, kind: String(body.kind), ...body });
  at(0, { kind: 'run.start' });
  at(0, { kind: 'observer.start', intervalMs: 500 });
  at(0, { kind: 'load.start' });
  for (let s = 1; s <= 60; s++)
    at(s * 1000, {
      kind: 'segment.write',
      outcome: o.writeFail && s === 30 ? 'fail' : 'ok',
      role: 'camera',
      camera: 'cam001',
      seq: s,
      path: `/p${s}`,
      error: 'EIO',
    });
  for (let s = 1; s <= 60; s++)
    if (!(o.writeFail && s === 30)) at(61_000 + s, { kind: 'segment.verify', path: `/p${s}`, outcome: s <= (o.lost ?? 0) ? 'lost' : 'ok' });
  const add = 20_000;
  if (o.otherPoweredFirst) at(add - 5000, { kind: 'scaleout.powered', node: 'node9', address: OLD[1] });
  if (o.notAdded) {
    at(add, o.notAdded);
    if (o.notDoneEnd) at(add + 1000, o.notDoneEnd);
  } else if (o.operator) {
    at(add - 3000, { kind: 'fault.start', id: 'node4-connect', fault: 'add-node', node: 'node4', target: 'node4', mode: 'operator' });
    at(add, { kind: 'scaleout.add', node: 'node4', bays: null, configured: [], defect: null, mode: 'operator' });
    if (o.operator.listed) at(add + 2500, { kind: 'scaleout.powered', node: 'node4', address: NEW });
    const within = o.operator.within;
    if (o.operator.listed || within !== undefined)
      at(add + 1000 * (within ?? 3), {
        kind: 'fault.end',
        id: 'node4-connect',
        ...(within === undefined ? {} : { notListedWithinSeconds: within }),
      });
  } else if (o.add !== false) {
    at(add, { kind: 'scaleout.add', node: 'node4' });
    at(add + 1000, { kind: 'scaleout.powered', node: 'node4', address: NEW });
  }
  const reg = o.registerAt === undefined ? add + 2000 : o.registerAt;
  const first = o.firstChunkAt === undefined ? add + 5000 : o.firstChunkAt;
  for (let t = add; t <= 60_000; t += 500) {
    const nodes = OLD.map((address) => ({ address, chunks: 10 }));
    if (reg !== null && t >= reg) nodes.push({ address: NEW, chunks: first !== null && t >= first ? 3 : 0 });
    at(t, { kind: 'core.nodes', nodes });
  }
  for (let s = 1; s <= 60; s++) {
    const before = s * 1000 < add;
    const copies = before
      ? s <= (o.migrate ?? 0)
        ? [OLD[0], NEW]
        : [OLD[0], OLD[1]]
      : o.newShare === false
        ? [OLD[1], OLD[2]]
        : [s % (o.newEvery ?? 2) === 1 ? NEW : OLD[0], OLD[2]];
    at(60_500, { kind: 'core.placement', path: `/p${s}`, ackMono: s * 1000, chunks: [{ id: String(s), copies }] });
  }
  at(61_000, { kind: 'load.stop' });
  return ev.map((e, i) => ({ ...e, i, wall: e.mono, virt: e.mono })) as HistoryEvent[];
}

describe('T8 scale-out checker', () => {
  describe('a node connected by the person at the rack (field mode)', () => {
    it('PASSes as a managed add does: timed from its BMC showing it On', () => {
      const v = checkScaleOut(history({ operator: { listed: true } }), T);
      expect(v.status, v.reasons.join('; ')).toBe('PASS');
      expect(v.figures.find((f) => f.name === '(a) add -> registered')?.value).toBe(2);
    });

    it('FAILs when the core listed no new node for the whole bound after its BMC showed it On, by the watch the run recorded', () => {
      // the observer's later polls do not matter: the watch after the power came on is what was judged
      const v = checkScaleOut(history({ operator: { listed: false, within: 60 }, registerAt: null }), T);
      expect(v.status).toBe('FAIL');
      expect(v.reasons.join('\n')).toMatch(
        /node4 was powered on \(its BMC showed On\) and the core listed no new storage node within the 60 s it was watched after that; the clause allows 60 s/,
      );
      expect(v.figures.find((f) => f.name === '(a)+(b)')).toMatchObject({ value: null, ok: false });
    });

    it('is INCONCLUSIVE when the core was watched less than the bound, or the watch never ended (a run stopped)', () => {
      const short = checkScaleOut(history({ operator: { listed: false, within: 30 }, registerAt: null }), T);
      expect(short.status).toBe('INCONCLUSIVE');
      expect(short.reasons.join('\n')).toMatch(/within the 30 s it was watched after that: less than the 60 s the clause allows/);
      const cut = checkScaleOut(history({ operator: { listed: false }, registerAt: null }), T);
      expect(cut.status).toBe('INCONCLUSIVE');
      expect(cut.reasons.join('\n')).toMatch(/the watch of the core did not end: whether it joined is not known/);
    });

    it('is INCONCLUSIVE naming the refusal or the step not done when no node was added', () => {
      const refused = checkScaleOut(
        history({
          notAdded: {
            kind: 'fault.refused',
            id: 'node4-connect',
            fault: 'add-node',
            target: 'node4',
            reason: 'its BMC reports PowerState On',
          },
        }),
        T,
      );
      expect(refused.status).toBe('INCONCLUSIVE');
      expect(refused.reasons.join('\n')).toMatch(/no scaleout.add event\): refused: its BMC reports PowerState On/);
      const notDone = checkScaleOut(
        history({
          notAdded: { kind: 'fault.start', id: 'node4-connect', fault: 'add-node', node: 'node4', mode: 'operator' },
          notDoneEnd: { kind: 'fault.end', id: 'node4-connect', notDone: "qa-li answered 'cannot'" },
        }),
        T,
      );
      expect(notDone.status).toBe('INCONCLUSIVE');
      expect(notDone.reasons.join('\n')).toMatch(/not done: qa-li answered 'cannot'/);
    });
  });

  it('PASSes a node that registers, receives new chunks and needs no migration', () => {
    const v = checkScaleOut(history(), T);
    expect(v.status).toBe('PASS');
    expect(v.figures.find((f) => f.name === '(a)+(b)')?.value).toBe(5);
    expect(v.nature).toBe('measured');
  });
  it("reads the added node's own power-on, not another node's before it", () => {
    const v = checkScaleOut(history({ otherPoweredFirst: true }), T);
    expect(v.figures.find((f) => f.name === '(a)+(b)')?.value).toBe(5);
    expect(checkScaleOut(history({ otherPoweredFirst: true, registerAt: null }), T).status).toBe('FAIL');
  });
  it('FAILs a node that never registers', () => {
    const v = checkScaleOut(history({ registerAt: null }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join()).toMatch(/never appeared/);
  });
  it('FAILs a node that registers but never receives a chunk', () => {
    const v = checkScaleOut(history({ firstChunkAt: null, newShare: false }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join()).toMatch(/held no chunk/);
  });
  it('FAILs when the first chunk comes later than the threshold', () => {
    expect(checkScaleOut(history(), { ...T, maxSecondsToFirstChunk: 4 }).status).toBe('FAIL');
  });
  it("judges the new node's share against the profile's minNewCopyShare, not a constant", () => {
    // the fixture puts a copy on the new node for every other new chunk: 19 of 76 copies (25 %)
    const atZero = checkScaleOut(history(), T).figures.find((f) => f.name.startsWith('(c)'));
    expect(atZero).toMatchObject({ value: 25, threshold: '> 0 and >= 12.5', ok: true });
    const v = checkScaleOut(history(), { ...T, minNewCopyShare: 0.3 });
    expect(v.status).toBe('FAIL');
    expect(v.figures.find((f) => f.name.startsWith('(c)'))).toMatchObject({ threshold: '> 30 and >= 12.5', ok: false });
    expect(v.reasons.join()).toMatch(/25 % of the 76 chunk copies .* not above 30 %/);
  });
  it('FAILs a trickle: a few copies on the new node, below half an equal share, are not new writes landing there', () => {
    // one new chunk in ten: 3 of 76 copies (3.95 %), where an equal share among 4 nodes is 25 %
    const v = checkScaleOut(history({ newEvery: 10 }), T);
    expect(v.status).toBe('FAIL');
    expect(v.figures.find((f) => f.name.startsWith('(c)'))).toMatchObject({ value: 3.95, ok: false });
    expect(v.reasons.join()).toMatch(/3.95 % of the 76 chunk copies .* below 12\.5 % \(50 % of an equal share among 4 nodes\)/);
  });
  it('a trickle in a window too small to say anything is INCONCLUSIVE, not FAIL', () => {
    expect(checkScaleOut(history({ newEvery: 10 }), { ...T, minWindowCopies: 200 }).status).toBe('INCONCLUSIVE');
  });
  it('FAILs on a write error during scale-out', () => {
    expect(checkScaleOut(history({ writeFail: true }), T).status).toBe('FAIL');
  });
  it('FAILs when too much existing data migrated', () => {
    const v = checkScaleOut(history({ migrate: 15 }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join()).toMatch(/pre-existing chunk copies moved/);
  });
  it('is INCONCLUSIVE, never PASS, without a scale-out or without placement', () => {
    expect(checkScaleOut(history({ add: false }), T).status).toBe('INCONCLUSIVE');
    const noPlacement = history().filter((e) => e.kind !== 'core.placement');
    expect(checkScaleOut(noPlacement, T).status).toBe('INCONCLUSIVE');
    expect(checkScaleOut(history(), { ...T, minWindowCopies: 10_000 }).status).toBe('INCONCLUSIVE');
  });
  it('FAILs on an acknowledged segment lost, even when the node itself scaled out in time', () => {
    const v = checkScaleOut(history({ lost: 2 }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join()).toMatch(/data lost: 2 of 60 acknowledged segments .* written before any fault/);
  });
});
