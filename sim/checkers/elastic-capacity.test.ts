import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { checkElasticCapacity } from './elastic-capacity';

const REQ = { maxWriteStallSeconds: 15, minFreedShare: 0.5 };
const T0 = 1_800_000_000_000;
let i = 0;
const ev = (wallS: number, body: Record<string, unknown>) =>
  ({ i: i++, wall: T0 + wallS * 1000, mono: 0, virt: 0, ...body }) as HistoryEvent;

/** A run as the reference records it: 2 s segments of one camera from t=0 to 60 s; retention
 *  10 → 20 → 6 s; quota 100 → 200 → 80 MB; every segment past its period deleted a sweep later. */
function history(
  o: {
    lostEarly?: boolean;
    deleteEarly?: boolean;
    failWrite?: boolean;
    quotaReadBack?: number | null;
    lose?: boolean;
    noShrink?: boolean;
    freed?: number;
    /** the quota probe: refused as it should be (default), accepted in full, or never tried */
    probe?: 'refused' | 'accepted' | 'none';
  } = {},
): HistoryEvent[] {
  i = 0;
  const events: HistoryEvent[] = [ev(0, { kind: 'retention.set', id: 'retention-initial', seconds: 10, previous: null })];
  const period = (t: number) => (t < 13 ? 10 : t < 36 || o.noShrink ? 20 : 6);
  const segs = Array.from({ length: 30 }, (_, k) => ({ path: `/cam001/d/${k}.seg`, seq: k, endS: 2 * k + 2 }));
  for (const s of segs)
    events.push(
      ev(s.endS, {
        kind: 'segment.write',
        outcome: o.failWrite && s.seq === 20 ? 'fail' : 'ok',
        role: 'camera',
        camera: 'cam001',
        seq: s.seq,
        path: s.path,
        dueMono: 0,
        startMono: 0,
        latencyMs: 400,
        endMs: T0 + s.endS * 1000,
        ...(o.failWrite && s.seq === 20 ? { error: 'EDQUOT (disk quota exceeded)' } : {}),
      }),
    );
  const q = (t: number, id: string, bytes: number) =>
    ev(t, {
      kind: 'quota.set',
      id,
      folder: '/',
      bytes,
      heldBytes: 1,
      ok: true,
      inForce: id === 'quota-grow' && o.quotaReadBack !== undefined ? o.quotaReadBack : bytes,
    });
  events.push(q(6, 'quota-allocate', 100e6), q(12, 'quota-grow', 200e6));
  if ((o.probe ?? 'refused') !== 'none') {
    const refused = o.probe !== 'accepted';
    events.push(
      ev(7, {
        kind: 'quota.probe',
        id: 'quota-enforced',
        folder: '/quota-probe-quota-enforced',
        quotaBytes: 1 << 20,
        inForce: 1 << 20,
        attemptedBytes: 4 << 20,
        acceptedBytes: refused ? 1 << 20 : 4 << 20,
        refused,
        ...(refused ? { error: 'EDQUOT: disk quota exceeded, write' } : {}),
      }),
    );
  }
  events.push(ev(13, { kind: 'retention.set', id: 'retention-lengthen', seconds: 20, previous: 10 }));
  events.push(ev(35.9, { kind: 'quota.usage', id: 'retention-shorten:before', folder: '/', lengthBytes: 40e6, quotaBytes: 200e6 }));
  if (!o.noShrink) events.push(ev(36, { kind: 'retention.set', id: 'retention-shorten', seconds: 6, previous: 20 }));
  events.push(
    ev(40, { kind: 'quota.usage', id: 'retention-shorten', folder: '/', lengthBytes: 40e6 - (o.freed ?? 28e6), quotaBytes: 200e6 }),
  );
  events.push(q(48, 'quota-shrink', 80e6));
  // deletions: each segment a sweep (1 s) after it is past the period in force (the control: half the shortened one)
  const deleted = new Set<string>();
  for (let t = 1; t <= 62; t++)
    for (const s of segs) {
      const limit = o.deleteEarly && t >= 36 ? period(t) / 2 : period(t);
      if (!deleted.has(s.path) && t - s.endS > limit + 1) {
        deleted.add(s.path);
        events.push(
          ev(t, {
            kind: 'segment.delete',
            camera: 'cam001',
            seq: s.seq,
            path: s.path,
            endMs: T0 + s.endS * 1000,
            ageSeconds: t - s.endS,
            lastRead: o.lostEarly && s.seq === 2 ? 'lost' : 'ok',
            ...(o.lostEarly && s.seq === 2 ? { lastReadError: 'ENOENT' } : {}),
          }),
        );
      }
    }
  events.sort((a, b) => a.wall - b.wall);
  for (const s of segs.filter((x) => !deleted.has(x.path)))
    events.push(
      ev(70, { kind: 'segment.verify', outcome: o.lose && s.seq === 29 ? 'lost' : 'ok', camera: 'cam001', seq: s.seq, path: s.path }),
    );
  return events;
}

describe('T10 checker (capacity and retention changed online)', () => {
  it('PASS: nothing deleted inside its period, the rest read back, quota changes in force, the shortening frees what it should', () => {
    const v = checkElasticCapacity(history(), REQ);
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.figures.find((f) => f.name.includes('share of the space'))).toMatchObject({ value: 100, ok: true });
  });

  it('FAIL for each way it can break, each with its own reason', () => {
    const cases: [Parameters<typeof history>[0], RegExp][] = [
      [{ deleteEarly: true }, /recordings deleted inside the retention period in force, e\.g\. .* under a period of 6 s/],
      [
        { failWrite: true },
        /1 segment writes failed and 0 camera segments were dropped while capacity and retention changed, first cam001 #20 \(EDQUOT/,
      ],
      [{ quotaReadBack: 100e6 }, /quota-grow: quota 200000000 asked, 100000000 in force when read back/],
      [{ lose: true }, /1 of \d+ recordings inside their retention period not read back intact .*lost/],
      [
        { lostEarly: true },
        /1 recordings were not intact when read just before their deletion by age, e\.g\. \/cam001\/d\/2\.seg: lost \(ENOENT\)/,
      ],
      [{ freed: 5e6 }, /only 18 % of the space it should free was freed/],
      [
        { probe: 'accepted' },
        /quota-enforced: the core did not refuse writes past a quota: 4194304 of 4194304 bytes accepted under 1048576, synced and closed/,
      ],
    ];
    for (const [o, why] of cases) {
      const v = checkElasticCapacity(history(o), REQ);
      expect(v.status, JSON.stringify(o)).toBe('FAIL');
      expect(v.reasons, JSON.stringify(o)).toEqual([expect.stringMatching(why)]);
    }
  });

  it('INCONCLUSIVE when the run did not exercise it: no shortening, no read-back, no write past a quota, nothing at all', () => {
    expect(checkElasticCapacity(history({ noShrink: true }), REQ)).toMatchObject({
      status: 'INCONCLUSIVE',
      reasons: ['T10 not shown: the retention period was never shortened'],
    });
    const noRead = history().filter((e) => e.kind !== 'segment.verify');
    expect(checkElasticCapacity(noRead, REQ).reasons).toContain('T10 not shown: no read-back in this history');
    expect(checkElasticCapacity([], REQ).status).toBe('INCONCLUSIVE');
    // a quota read back in force proves nothing until a write past it is refused
    expect(checkElasticCapacity(history({ probe: 'none' }), REQ)).toMatchObject({
      status: 'INCONCLUSIVE',
      reasons: ['T10 not shown: no write past a quota was tried: the quota was not shown to limit anything'],
    });
  });
});
