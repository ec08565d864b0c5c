// The durability judgement every fault clause shares: PASS only when every acknowledged
// segment came back intact, FAIL naming what was lost and around which fault it was
// written, INCONCLUSIVE when the read-back is missing.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { cameras, readBack, seedOf, type FixtureBody } from './camera-fixture';
import { disturbancesOf, judgeDurability } from './durability';

function history(build: (at: (mono: number, body: FixtureBody) => void) => void): HistoryEvent[] {
  const ev: HistoryEvent[] = [];
  build((mono, body) => ev.push({ i: ev.length, wall: mono, virt: mono, mono, ...body } as HistoryEvent));
  return ev.sort((a, b) => a.mono - b.mono);
}

/** 20 s of two cameras, a master crash at 10 s; the read-back marks `bad` paths with `outcome`. */
function run(bad: (path: string) => string | null, o: { verify?: boolean } = {}) {
  return history((at) => {
    const paths = cameras(at, 20_000);
    at(10_000, { kind: 'fault.start', id: 'f1', fault: 'crash:kill9', target: 'master' });
    if (o.verify !== false)
      paths.forEach((path, k) =>
        at(30_000 + k, {
          kind: 'segment.verify',
          path,
          ...(bad(path) ? { outcome: bad(path) } : { outcome: 'ok', payloadSeed: seedOf(path) }),
        }),
      );
  });
}

describe('durability judgement', () => {
  it('intact: every acknowledged segment read back; one figure for the run and one per window of writes', () => {
    const d = judgeDurability(run(() => null));
    expect(d.outcome).toBe('intact');
    expect(d.figures.map((f) => [f.name, f.value, f.threshold, f.ok])).toEqual([
      ['acknowledged segments read back byte-identical', 40, '= 40', true],
      ['durability: written before any fault', 18, '= 18', true],
      ['durability: written during or after f1 (crash:kill9 master)', 22, '= 22', true],
    ]);
    expect(d.reasons).toEqual([]);
  });

  it('a segment read back only at the second try stays intact, and the retry is reported', () => {
    const h = run(() => null).map((e) =>
      e.kind === 'segment.verify' && e.path === '/cam001/3000'
        ? { ...e, firstAttempt: { readMs: 10_000, error: 'no answer within 10000 ms' } }
        : e,
    );
    const d = judgeDurability(h);
    expect(d.outcome).toBe('intact');
    expect(d.reasons).toEqual(["note: 1 of 40 segments needed the read-back's second try (e.g. /cam001/3000: no answer within 10000 ms)"]);
  });

  it('lost: the reason counts each outcome and attributes the segments to the fault they were written around', () => {
    const d = judgeDurability(
      run((p) => (p === '/cam001/3000' ? 'lost' : p === '/cam002/4000' ? 'corrupt' : p === '/cam001/15000' ? 'unreadable' : null)),
    );
    expect(d.outcome).toBe('lost');
    expect(d.reasons[0]).toMatch(
      /^data lost: 3 of 40 acknowledged segments not read back intact \(1 corrupt, 1 lost, 1 unreadable\); 2 written before any fault, 1 written during or after f1 \(crash:kill9 master\)/,
    );
    expect(d.figures.filter((f) => f.ok === false).map((f) => f.name)).toEqual([
      'acknowledged segments read back byte-identical',
      'durability: written before any fault',
      'durability: written during or after f1 (crash:kill9 master)',
    ]);
  });

  it('a read-back that found another payload seed than the write acknowledged is corrupt, whatever it said', () => {
    const h = run(() => null).map((e) =>
      e.kind === 'segment.verify' && e.path === '/cam002/7000' ? { ...e, payloadSeed: seedOf('/cam002/7000') + 1 } : e,
    );
    const d = judgeDurability(h);
    expect(d.outcome).toBe('lost');
    expect(d.byOutcome).toEqual({ corrupt: 1 });
    expect(d.reasons[0]).toContain(
      `/cam002/7000 (corrupt: read back payload seed ${seedOf('/cam002/7000') + 1}, acknowledged ${seedOf('/cam002/7000')})`,
    );
    // so does one that recorded no seed where the write acknowledged one
    const none = run(() => null).map((e) =>
      e.kind === 'segment.verify' && e.path === '/cam001/2000' ? { ...e, payloadSeed: undefined } : e,
    );
    expect(judgeDurability(none)).toMatchObject({ outcome: 'lost', byOutcome: { corrupt: 1 } });
  });

  it('a history from before segment format 2 (a sha256 acknowledged, no seed anywhere) is judged by the read-back outcomes', () => {
    const asBefore = (h: HistoryEvent[]) =>
      h.map((e) => {
        if (e.kind !== 'segment.write' && e.kind !== 'segment.verify') return e;
        const { payloadSeed: _seed, ...rest } = e as HistoryEvent & { payloadSeed?: number };
        return e.kind === 'segment.write' ? { ...rest, sha256: 'ab'.repeat(32) } : rest;
      });
    expect(judgeDurability(asBefore(run(() => null)))).toMatchObject({ outcome: 'intact', verified: 40 });
    expect(judgeDurability(asBefore(run((p) => (p === '/cam001/3000' ? 'corrupt' : null))))).toMatchObject({
      outcome: 'lost',
      byOutcome: { corrupt: 1 },
    });
  });

  it('unverified: no read-back at all, or an acknowledged segment never read back', () => {
    const none = judgeDurability(run(() => null, { verify: false }));
    expect(none.outcome).toBe('unverified');
    expect(none.reasons[0]).toMatch(/none of 40 acknowledged segments was read back/);
    const partial = judgeDurability(run(() => null).filter((e) => !(e.kind === 'segment.verify' && e.path === '/cam001/5000')));
    expect(partial.outcome).toBe('unverified');
    expect(partial.figures[0]!.ok).toBe(false);
  });

  it('every kind of disturbance opens a window: faults, nodes added, drained, removed, failed, links', () => {
    const h = history((at) => {
      readBack(at, 90_000, cameras(at, 10_000));
      at(1, { kind: 'fault.start', id: 'pull-1', fault: 'disk-pull', node: 'node2', slot: 4 });
      at(2, { kind: 'scaleout.add', node: 'node4' });
      at(3, { kind: 'lifecycle.drain.start', id: 'drain-1', node: 'node1' });
      at(4, { kind: 'lifecycle.remove.start', id: 'remove-1', node: 'node1' });
      at(5, { kind: 'lifecycle.fail.start', id: 'fail-1', node: 'node3' });
      at(6, { kind: 'link.start', id: 'link-1', node: 'node2', action: 'down' });
    });
    expect(disturbancesOf(h).map((d) => `${d.id}: ${d.what}`)).toEqual([
      'pull-1: disk-pull node2 slot 4',
      'scaleout:node4: node4 added',
      'drain-1: node1 drained',
      'remove-1: node1 removed',
      'fail-1: node3 failed',
      'link-1: node2 link down',
    ]);
  });

  it("an operator's node connection opens one window, at its power-on (scaleout.add), not at the prompt as well", () => {
    const h = history((at) => {
      readBack(at, 90_000, cameras(at, 10_000));
      at(1000, { kind: 'fault.start', id: 'connect-node4', fault: 'add-node', node: 'node4' });
      at(4000, { kind: 'scaleout.add', node: 'node4', mode: 'operator' });
    });
    expect(disturbancesOf(h).map((d) => `${d.id}: ${d.what}`)).toEqual(['scaleout:node4: node4 added']);
    expect(judgeDurability(h).figures.map((f) => f.name)).toEqual([
      'acknowledged segments read back byte-identical',
      'durability: written before any fault',
      'durability: written during or after scaleout:node4 (node4 added)',
    ]);
  });
});
