// T11, M7, M2, M4 checkers: PASS on what a compliant system records, FAIL on each negative
// control. T11 and M7's vendor controls go through a real twin BMC over HTTP with msw
// standing in for a non-compliant vendor API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inventoryFor, startBmc, StorageNodeTwin, type BmcServer } from '../../devices';
import { injectMediaDefect } from '../../devices/disk/defects';
import { RunClock } from '../clock';
import { HistoryWriter, readHistory, type EventKind, type HistoryEvent } from '../history';
import type { Rack } from '../topology/rack';
import { BmcClient } from '../maintenance/bmc-client';
import { checkRound } from '../maintenance/disk-checks';
import { mockNonCompliantVendor, type VendorMock } from '../maintenance/vendor-defects';
import { checkDiskHealth } from './disk-health';
import { checkSlotService } from './slot-service';
import { checkOpsView } from './ops-view';
import { checkRecordingDiagnosis } from './recording-diagnosis';

const DAY = 86_400_000;
let bmc: BmcServer | undefined;
let mock: VendorMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  await bmc?.close();
  bmc = undefined;
});

async function twinRack(): Promise<{ twin: StorageNodeTwin; rack: Rack }> {
  const twin = new StorageNodeTwin({ id: 'node1', seed: 'ops-unit', inventory: inventoryFor('SN-24A') });
  bmc = await startBmc({ node: twin });
  const rack = {
    nodes: new Map([['node1', { twin, bmc, binding: null as never }]]),
    node: () => {
      throw new Error('unused');
    },
    close: async () => undefined,
  } as Rack;
  return { twin, rack };
}

/** Ages the twin with a daily basic check, breaks two disks, deep check: what the drill records. */
async function t11History(o: { vendor?: 'smart-missing' | 'smart-table-dropped' } = {}): Promise<HistoryEvent[]> {
  const { twin, rack } = await twinRack();
  if (o.vendor) mock = await mockNonCompliantVendor(o.vendor, bmc!.url);
  const urlOf = () => mock?.url ?? bmc!.url;
  const path = join(mkdtempSync(join(tmpdir(), 'ops-unit-')), 'history.jsonl');
  const h = new HistoryWriter(path, new RunClock(1));
  const v0 = twin.virtualNowMs;
  for (let day = 1; day <= 8; day++) {
    twin.advanceTo(v0 + day * DAY);
    await checkRound(rack, h, { round: `day-${day}`, check: 'basic', urlOf });
  }
  injectMediaDefect(twin.bay(3).disk!, { reallocated: 300 });
  injectMediaDefect(twin.bay(7).disk!, { pending: 2 });
  twin.advance(1);
  await checkRound(rack, h, { round: 'deep', check: 'deep', urlOf });
  for (const b of twin.bays)
    if (b.disk)
      h.append({
        kind: 'disk.trend',
        node: 'node1',
        slot: b.slot,
        serial: b.disk.identity.serial,
        points: twin.trends.of(b.disk.identity.serial),
      });
  h.close();
  return readHistory(path).events;
}

describe('T11 disk health', { timeout: 120_000 }, () => {
  it('PASSes when the BMC gives every attribute and grades by the written rules', async () => {
    const v = checkDiskHealth(await t11History(), { minCheckRounds: 7 });
    expect(v.status, v.reasons.join('; ')).toBe('PASS');
    expect(v.figures.find((f) => f.name.startsWith('graded'))!.note).toMatch(/\/ 1 \/ 1$/);
  });

  it('FAILs on a vendor SMART API that leaves out 174 and 191 (msw)', async () => {
    const v = checkDiskHealth(await t11History({ vendor: 'smart-missing' }), { minCheckRounds: 7 });
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/174 \(unexpected power-loss count\), 191 \(vibration/);
  });

  it('FAILs on a vendor SMART API that drops the whole attribute table of present drives (msw): not skipped as dead drives', async () => {
    const events = await t11History({ vendor: 'smart-table-dropped' });
    const deep = events.filter((e) => e.kind === 'disk.check' && e.round === 'deep');
    expect(deep.length).toBeGreaterThan(0);
    expect(deep.every((e) => e.responding === true && Object.keys(e.attributes as object).length === 0)).toBe(true);
    const v = checkDiskHealth(events, { minCheckRounds: 7 });
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(
      new RegExp(
        `${deep.length} of ${deep.length} deep checks lack attributes 1 \\(raw read error rate\\), 5 \\(reallocated sectors\\), 9 \\(power-on hours\\)`,
      ),
    );
    expect(v.figures.find((f) => f.name === 'deep checks lacking a T11 attribute')).toMatchObject({ value: deep.length, ok: false });
  });

  it('FAILs on a table-less deep check even when a history says not responding but the drive gave its identity', async () => {
    const events = (await t11History()).map((e) =>
      e.kind === 'disk.check' && e.round === 'deep' && e.slot === 5 ? { ...e, responding: false, attributes: {}, missing: [] } : e,
    );
    const v = checkDiskHealth(events, { minCheckRounds: 7 });
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/1 of \d+ deep checks lack attributes .* e\.g\. node1 slot 5/);
  });

  it('a drive that cannot be opened (dead) is not an incomplete check: graded faulty by R1', async () => {
    const events = (await t11History()).map((e) =>
      e.kind === 'disk.check' && e.round === 'deep' && e.slot === 3
        ? { ...e, responding: false, serial: null, model: null, smartPassed: null, attributes: {}, missing: [], reportedGrade: 'faulty' }
        : e,
    );
    const v = checkDiskHealth(events, { minCheckRounds: 7 });
    expect(v.reasons.join(' ')).not.toMatch(/lack attributes/);
    expect(v.figures.find((f) => f.name === 'deep checks lacking a T11 attribute')?.value).toBe(0);
  });

  it('FAILs when the vendor grades a disk differently from the rules', async () => {
    const events = (await t11History()).map((e) =>
      e.kind === 'disk.check' && e.round === 'deep' && e.slot === 3 ? { ...e, reportedGrade: 'healthy' } : e,
    );
    const v = checkDiskHealth(events, { minCheckRounds: 7 });
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/vendor 'healthy', rules 'faulty'/);
  });

  it('FAILs without a history of checks', async () => {
    const v = checkDiskHealth(await t11History(), { minCheckRounds: 20 });
    expect(v.status).toBe('FAIL');
  });
});

describe('M7 locate LED through the BMC', () => {
  it('the twin BMC lights the LED (readback and twin); a BMC that ignores the command does not', async () => {
    const { twin } = await twinRack();
    const c = new BmcClient(bmc!.url, 'node1');
    expect(await c.setLocate(4, true)).toBe(200);
    expect((await c.drive(4)).LocationIndicatorActive).toBe(true);
    expect(twin.bay(4).locateLed).toBe(true);
    mock = await mockNonCompliantVendor('led-ignored', bmc!.url);
    const ignored = new BmcClient(mock.url, 'node1');
    expect(await ignored.setLocate(5, true)).toBe(200); // claims success
    expect((await ignored.drive(5)).LocationIndicatorActive).toBe(false);
    expect((await ignored.drive(4)).LocationIndicatorActive).toBe(true); // the rest passes through
    expect(twin.bay(5).locateLed).toBe(false);
  });
});

let i = 0;
const ev = (kind: EventKind, body: Record<string, unknown> = {}, mono = i): HistoryEvent =>
  ({ i: i++, wall: 1_700_000_000_000 + mono, mono, virt: 0, kind, ...body }) as HistoryEvent;
const attrs = (realloc: number) => ({ 1: 0, 5: realloc, 9: 100, 12: 3, 174: 0, 191: 0, 194: 30, 197: 0, 198: 0, 199: 0 });
const deepCheck = (slot: number, realloc: number, round = 'deep', serial = `S${slot}`) =>
  ev('disk.check', {
    round,
    check: 'deep',
    node: 'node1',
    slot,
    serial,
    responding: true,
    smartPassed: true,
    attributes: attrs(realloc),
    missing: [],
    grade: realloc >= 200 ? 'faulty' : 'healthy',
    reportedGrade: realloc >= 200 ? 'faulty' : 'healthy',
  });

function m7History(o: { ledIgnored?: boolean; notTakenBack?: boolean } = {}): HistoryEvent[] {
  const slot = { node: 'node1', slot: 3, rack: 'R01', uFrom: 1, uTo: 4, row: 1, column: 4, label: 'Slot 03' };
  return [
    deepCheck(2, 0),
    deepCheck(3, 300),
    ev('m7.faulty-slots', { slots: [slot] }),
    ev('m7.led', { node: 'node1', slot: 3, on: true, httpStatus: 200, readback: !o.ledIgnored, twinLed: !o.ledIgnored }),
    ev('m7.replace', {
      node: 'node1',
      slot: 3,
      oldSerial: 'S3',
      newSerial: 'N3',
      seconds: 9,
      pulled: { ok: true },
      inserted: { ok: true, blank: true, coreAcceptedSeconds: o.notTakenBack ? null : 2.5 },
    }),
    ev('m7.replace.end', { seconds: 9.5, core: [{ node: 'node1', bay: 'bay03', status: o.notTakenBack ? 'not listed' : 'ok' }] }),
    ev('m7.led', { node: 'node1', slot: 3, on: false, httpStatus: 200, readback: false, twinLed: false }),
    deepCheck(3, 0, 'after-replacement', 'N3'),
  ];
}

describe('M7 bad-disk replacement', () => {
  it('PASSes when the faulty slot is listed, lit, replaced and taken back', () => {
    const v = checkSlotService(m7History(), { maxReplaceSeconds: 60 });
    expect(v.status, v.reasons.join('; ')).toBe('PASS');
  });
  it('FAILs when the BMC ignored the LED command', () => {
    const v = checkSlotService(m7History({ ledIgnored: true }), { maxReplaceSeconds: 60 });
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/locate LED not lit for node1\/3/);
  });
  it('FAILs when the core does not take the new disk back', () => {
    const v = checkSlotService(m7History({ notTakenBack: true }), { maxReplaceSeconds: 60 });
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/did not take the new disk back/);
  });
  it('FAILs when the list misses a faulty disk, and on a slow replacement', () => {
    const events = m7History().map((e) => (e.kind === 'm7.faulty-slots' ? { ...e, slots: [] } : e));
    expect(checkSlotService(events, { maxReplaceSeconds: 60 }).status).toBe('FAIL');
    expect(checkSlotService(m7History(), { maxReplaceSeconds: 5 }).status).toBe('FAIL');
  });
});

describe('M2 one-screen view', () => {
  const page = (bay: number | null, alarm: number | null) => [
    ev('m2.page', {
      loaded: true,
      loadSeconds: 0.4,
      node: 'node2',
      slot: 9,
      baySeconds: bay,
      alarmSeconds: alarm,
      snapshots: 12,
      pageSeq: 12,
    }),
  ];
  it('PASSes when the pulled bay and its alarm show within the time', () => {
    expect(checkOpsView(page(1.2, 1.4), { withinSeconds: 10 }).status).toBe('PASS');
  });
  it('FAILs on a page that never showed them (stale) or showed them late', () => {
    const stale = checkOpsView(page(null, null), { withinSeconds: 10 });
    expect(stale.status).toBe('FAIL');
    expect(stale.reasons.join(' ')).toMatch(/not shown/);
    expect(checkOpsView(page(12, 1), { withinSeconds: 10 }).status).toBe('FAIL');
  });
  it('is INCONCLUSIVE when the page was not checked', () => {
    expect(checkOpsView([], { withinSeconds: 10 }).status).toBe('INCONCLUSIVE');
  });
});

describe('M4 recording diagnosis', () => {
  function history(o: { lose?: number; drops?: number } = {}): HistoryEvent[] {
    const e: HistoryEvent[] = [ev('load.start', { segmentSeconds: 2 })];
    for (const cam of ['cam001', 'cam002']) {
      for (let k = 1; k <= 20; k++) {
        const due = k * 2000;
        const dropped = cam === 'cam001' && o.drops !== undefined && k >= 8 && k < 8 + o.drops;
        if (dropped) e.push(ev('segment.drop', { role: 'camera', camera: cam, seq: k, dueMono: due }));
        else
          e.push(
            ev('segment.write', {
              outcome: 'ok',
              role: 'camera',
              camera: cam,
              seq: k,
              path: `/${cam}/${k}.seg`,
              dueMono: due,
              bytes: 1000,
              endMs: 1_700_000_000_000 + due,
            }),
          );
      }
    }
    e.push(
      ev('segment.write', {
        outcome: 'ok',
        role: 'upload',
        camera: 'bwc001',
        seq: 1,
        path: '/bwc001/1.seg',
        dueMono: 5000,
        bytes: 5000,
        endMs: 1_700_000_005_000,
      }),
    );
    for (const w of e.filter((x) => x.kind === 'segment.write'))
      e.push(
        ev('segment.verify', { path: w.path, outcome: o.lose !== undefined && w.path === `/cam002/${o.lose}.seg` ? 'missing' : 'ok' }),
      );
    return e;
  }
  const t = { retentionDays: 30, maxGapSeconds: 5 };
  it('PASSes when every recording is kept and no gap is too long', () => {
    const v = checkRecordingDiagnosis(history(), t);
    expect(v.status, v.reasons.join('; ')).toBe('PASS');
    expect(v.figures.find((f) => f.name.startsWith('category camera'))!.value).toBe(40);
  });
  it('FAILs when a recording inside the retention period is gone (gap + retention + category)', () => {
    const v = checkRecordingDiagnosis(history({ lose: 10 }), { ...t, maxGapSeconds: 1 });
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/cam002 has a 2 s gap/);
    expect(v.reasons.join(' ')).toMatch(/inside the retention period are gone/);
    expect(v.reasons.join(' ')).toMatch(/category camera: 39 of 40/);
  });
  it('FAILs on a gap longer than allowed (dropped segments)', () => {
    const v = checkRecordingDiagnosis(history({ drops: 4 }), t);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/cam001 has a 8 s gap/);
  });
});
