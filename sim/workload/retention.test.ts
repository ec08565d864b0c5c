import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunClock, sleep } from '../clock';
import { HistoryWriter, readHistory } from '../history';
import type { AckedSegment } from './cameras';
import { RetentionSweeper } from './retention';
import { buildSegment } from './segment';

/** segments ending `ageS` seconds ago, one file each in a folder standing in for the mount */
function setUp(agesS: number[], defect?: 'deletes-in-period') {
  const dir = mkdtempSync(join(tmpdir(), 'retention-'));
  const history = new HistoryWriter(join(dir, 'history.jsonl'), new RunClock());
  const now = Date.now();
  const acked = agesS.map((age, k) => {
    const h = { camera: 'cam001', seq: k, startMs: now - age * 1000 - 2000, endMs: now - age * 1000 };
    writeFileSync(join(dir, `${k}.seg`), buildSegment(h, 1000, 50 + k).bytes);
    return { ...h, path: `/${k}.seg`, payloadSeed: 50 + k, role: 'camera' } as AckedSegment;
  });
  const retired: string[] = [];
  const sweeper = new RetentionSweeper({
    mountPoint: dir,
    readMountPoint: dir,
    clock: new RunClock(),
    history,
    acked,
    retire: (p) => retired.push(p),
    sweepMs: 50,
    ...(defect ? { defect } : {}),
  });
  const exists = (k: number) => existsSync(join(dir, `${k}.seg`));
  return { dir, history, sweeper, retired, exists };
}

describe('the recording server’s retention sweeper', () => {
  it('retires what is past the period, deletes it a sweep later, and records each setting and deletion', async () => {
    const { history, sweeper, retired, exists } = setUp([30, 12, 3]);
    sweeper.set('r0', 10);
    sweeper.start();
    await sleep(300);
    await sweeper.stop();
    expect(retired).toEqual(['/0.seg', '/1.seg']);
    expect([exists(0), exists(1), exists(2)]).toEqual([false, false, true]);
    expect([...sweeper.deleted]).toEqual(['/0.seg', '/1.seg']);
    history.close();
    const events = readHistory(history.path).events;
    expect(events.filter((e) => e.kind === 'retention.set')).toMatchObject([{ id: 'r0', seconds: 10, previous: null }]);
    expect(events.filter((e) => e.kind === 'segment.delete')).toMatchObject([
      { path: '/0.seg', lastRead: 'ok' },
      { path: '/1.seg', lastRead: 'ok' },
    ]);
  });

  it('reads each recording back before it deletes it: one lost or damaged inside its period says so', async () => {
    const { dir, history, sweeper } = setUp([30, 30]);
    rmSync(join(dir, '0.seg'));
    writeFileSync(join(dir, '1.seg'), 'damaged');
    sweeper.set('r0', 10);
    sweeper.start();
    await sleep(300);
    await sweeper.stop();
    history.close();
    expect(readHistory(history.path).events.filter((e) => e.kind === 'segment.delete')).toMatchObject([
      { path: '/0.seg', lastRead: 'lost' },
      { path: '/1.seg', lastRead: 'corrupt' },
    ]);
  });

  it('keeps a retired segment when the period is lengthened before it was deleted', async () => {
    const { sweeper, exists } = setUp([12]);
    sweeper.set('r0', 10);
    sweeper.start();
    await sleep(70); // retired at the first sweep
    sweeper.set('r1', 60);
    await sleep(200);
    await sweeper.stop();
    expect(exists(0)).toBe(true);
  });

  it('says how far behind it is: recordings past the period by more than two sweeps and a second, not yet deleted', async () => {
    const { sweeper } = setUp([30, 12, 10.5, 3]);
    expect(sweeper.overdue()).toBe(0); // no period set yet
    sweeper.set('r0', 10);
    // 30 and 12 s old are overdue; 10.5 s is past 10 s but within the grace (2 × 50 ms + 1 s)
    expect(sweeper.overdue()).toBe(2);
    sweeper.start();
    await sleep(300);
    await sweeper.stop();
    expect(sweeper.overdue()).toBe(0);
  });

  it('the control’s defect: after a shortening it deletes by half the new period', async () => {
    const { sweeper, exists } = setUp([4, 1], 'deletes-in-period');
    sweeper.set('r0', 20);
    sweeper.set('r1', 6);
    sweeper.start();
    await sleep(300);
    await sweeper.stop();
    expect([exists(0), exists(1)]).toEqual([false, true]);
  });
});
