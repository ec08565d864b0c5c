// The field trial's disk check, on what a real Redfish walk of a BMC returns (a storage-node
// twin's, whose disk is made to fail) and on the core's own disk list: healthy drives PASS, a
// drive its BMC reports Critical or a disk the core took out of service FAILs, nothing seen of the
// disks is INCONCLUSIVE; a FAIL read from a twin is a simulated problem, not a measured one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inventoryFor, startBmc, StorageNodeTwin, type BmcServer } from '../../devices';
import type { CoreDiskState } from '../../sim/core/adapter';
import { RunClock } from '../../sim/clock';
import { HistoryWriter, type HistoryEvent } from '../../sim/history';
import { walkRedfish } from '../../sim/inventory/redfish-walk';
import { diskHealth, FieldDayStep } from './field-day-step';

const root = mkdtempSync(join(tmpdir(), 'accept-field-day-'));
let twin: StorageNodeTwin;
let bmc: BmcServer;
beforeAll(async () => {
  twin = new StorageNodeTwin({ id: 'node1', seed: 'field-day', inventory: inventoryFor('SN-24A') });
  bmc = await startBmc({ node: twin });
});
afterAll(async () => {
  await bmc.close();
  rmSync(root, { recursive: true, force: true });
});

const walk = async () =>
  (await walkRedfish({ url: bmc.url, target: 'node1', role: 'storage-node', source: 'bmc' })) as unknown as HistoryEvent;
const serving = (path: string, ok = true): CoreDiskState => ({ address: '10.0.0.2', path, status: ok ? 'ok' : 'damaged', serving: ok });

describe('field trial: disk health', () => {
  it('healthy drives and disks in service PASS; a drive its BMC reports Critical FAILs naming the node and slot', async () => {
    const event = await walk();
    // the 24 bays and the internal SSDs: every drive the BMC lists
    const listed = (event as unknown as { resources: { kind: string }[] }).resources.filter((r) => r.kind === 'Drive').length;
    expect(listed).toBeGreaterThan(24);
    const healthy = diskHealth([event], { disks: [serving('/mnt/bay01/')] });
    expect(healthy.status, healthy.reasons.join('; ')).toBe('PASS');
    expect(healthy.drives).toBe(listed);
    expect(healthy.reasons[0]).toMatch(new RegExp(`^${listed} drives healthy .* 1 disks in service`));
    const was = twin.bay(5).grade;
    twin.bay(5).grade = 'faulty';
    try {
      const bad = diskHealth([await walk()], null);
      // the twin's service root says it is simulated, whatever the caller called it
      expect([bad.status, bad.unhealthy, bad.nature]).toEqual(['FAIL', 1, 'simulated']);
      expect(bad.reasons).toEqual([expect.stringMatching(/^node1 slot 5: the BMC reports Health Critical/)]);
    } finally {
      twin.bay(5).grade = was;
    }
  });

  it('a disk the core lists out of service FAILs; nothing seen of the disks is INCONCLUSIVE; a FAIL from a delivered BMC is measured', async () => {
    const down = diskHealth([], { disks: [serving('/mnt/bay01/'), serving('/mnt/bay02/', false)] });
    expect([down.status, down.nature]).toEqual(['FAIL', 'measured']);
    expect(down.reasons).toEqual(['the core lists 10.0.0.2:/mnt/bay02/ not in service (damaged)']);
    expect(diskHealth([], null).status).toBe('INCONCLUSIVE');
    expect(diskHealth([], { disks: [] }).status).toBe('INCONCLUSIVE');
    // healthy drives, but the core did not answer, or a BMC did not: not a PASS
    const noCore = diskHealth([await walk()], { error: 'mfscli: connection refused' });
    expect([noCore.status, noCore.reasons]).toEqual(['INCONCLUSIVE', ["the core's disk list was not read (mfscli: connection refused)"]]);
    const silent = {
      kind: 'inventory.redfish',
      target: 'node2',
      role: 'storage-node',
      reachable: false,
      error: 'ECONNREFUSED',
      resources: [],
    };
    const oneSilent = diskHealth([await walk(), silent as unknown as HistoryEvent], { disks: [serving('/mnt/bay01/')] });
    expect([oneSilent.status, oneSilent.reasons]).toEqual(['INCONCLUSIVE', ["node2's BMC did not answer (ECONNREFUSED)"]]);
    const was = twin.bay(7).grade;
    twin.bay(7).grade = 'faulty';
    try {
      // the same answer as a delivered server's BMC would give it
      const fromBmc = diskHealth([{ ...(await walk()), source: 'bmc' } as unknown as HistoryEvent], null);
      expect([fromBmc.status, fromBmc.nature]).toEqual(['FAIL', 'measured']);
    } finally {
      twin.bay(7).grade = was;
    }
  });

  it("the day step turns the probe's verdicts and the disks into the day's checks, a FAIL into a problem of that day", async () => {
    const historyPath = join(root, 'history.jsonl');
    const w = new HistoryWriter(historyPath, new RunClock());
    w.append((await walk()) as never);
    w.close();
    const step = new FieldDayStep({
      dir: root,
      probe: async () => ({
        historyPath,
        verdicts: [
          { clause: 'T1', status: 'PASS', reasons: [], nature: 'measured' },
          { clause: 'T3', status: 'FAIL', reasons: ['2 acknowledged segments lost'], nature: 'measured' },
        ],
        core: null,
        mount: { totalBytes: 100 * 2 ** 30, freeBytes: 60 * 2 ** 30 },
      }),
    });
    const out = await step.run({ seed: 's', accel: 1, day: 3, virtualStartMs: 0, budgetMs: 86_400_000 });
    // the twin's drives: the disk check rests on a simulation, and says so
    expect(out.checks!.map((c) => [c.clause, c.status, c.history, c.nature])).toEqual([
      ['T1', 'PASS', 'history.jsonl', 'measured'],
      ['T3', 'FAIL', 'history.jsonl', 'measured'],
      ['disks', 'PASS', 'history.jsonl', 'simulated'],
    ]);
    expect(out.incidents.map((i) => [i.id, i.day, i.clause, i.nature])).toEqual([['d3-T3-fail', 3, 'T3', 'measured']]);
    expect(out.observations).toMatchObject({ 'field.disksUnhealthy': 0, 'field.mountUsedBytes': 40 * 2 ** 30 });
    expect(out.observations['field.drives']).toBeGreaterThan(24);
  });
});
