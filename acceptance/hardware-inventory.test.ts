// T1, T2, M1 through Redfish: the collector walks the twins' real BMC servers on loopback,
// the inventory goes into a real history file, and the checker judges the history alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HARDWARE_REQUIREMENTS } from '../profile/hardware-requirements';
import { startBmc, type BmcServer } from '../devices/bmc/bmc-server';
import { startMockupBmc } from '../devices/bmc/mockup-server';
import type { Json } from '../devices/bmc/redfish-views';
import { CONTRACTED_MGMT_SERVER } from '../devices/mgmt-server/inventory';
import { mgmtServerResources } from '../devices/mgmt-server/redfish-mockup';
import { inventoryFor, type BayCount, type NodeInventory } from '../devices/node/inventory';
import { StorageNodeTwin } from '../devices/node/storage-node';
import { RunClock } from '../sim/clock';
import { HistoryWriter, readHistory, type HistoryEvent } from '../sim/history';
import { hardwareRequirementsSchema } from '../sim/inventory/requirement-schema';
import { recordInventory, walkRedfish, type WalkOptions } from '../sim/inventory/redfish-walk';
import { checkHardwareInventory } from '../sim/checkers/hardware-inventory';

const clause = (id: string) => HARDWARE_REQUIREMENTS.find((c) => c.clause === id)!;
const servers: BmcServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
const dir = mkdtempSync(join(tmpdir(), 'inventory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Walks each service into a fresh history file and reads the file back: the checker sees only that. */
async function historyOf(walks: WalkOptions[]): Promise<HistoryEvent[]> {
  const path = join(dir, `h${Math.random().toString(36).slice(2)}.jsonl`);
  const h = new HistoryWriter(path, new RunClock());
  h.append({ kind: 'run.start', scenario: 'inventory', variant: 'reference', clauses: [] });
  for (const w of walks) await recordInventory(h, w);
  h.close();
  return readHistory(path).events;
}

async function nodeBmc(changes: Partial<NodeInventory> = {}) {
  const node = new StorageNodeTwin({ id: 'node-1', seed: 'inventory', inventory: inventoryFor('SN-48X', changes) });
  const bmc = await startBmc({ node });
  servers.push(bmc);
  return { target: 'node1', role: 'storage-node' as const, url: bmc.url, timeoutMs: 2000 };
}

const figure = (v: { figures: { name: string; value: number | null; ok?: boolean; note?: string }[] }, name: string) => {
  const f = v.figures.find((x) => x.name === name);
  expect(f, name).toBeDefined();
  return f!;
};

describe('hardware requirements (one module, validated)', () => {
  it('T1, T2 and M1 are there, each requirement with a bilingual label', () => {
    expect(HARDWARE_REQUIREMENTS.map((c) => c.clause)).toEqual(['T1', 'T2', 'M1']);
    for (const c of HARDWARE_REQUIREMENTS) for (const r of c.requirements) expect(r.label.zh).toMatch(/[\u4e00-\u9fff]/);
  });
  it('a requirement without a threshold on a count is refused', () => {
    const bad = [
      {
        clause: 'X',
        role: 'storage-node',
        summary: { zh: '甲', en: 'x' },
        requirements: [
          { id: 'fans', label: { zh: '风扇', en: 'fans' }, level: 'must', unit: 'fans', measures: [{ of: 'count', resource: 'Fan' }] },
        ],
      },
    ];
    expect(hardwareRequirementsSchema.safeParse(bad).success).toBe(false);
  });
});

describe('T1 / T2 / M1 judged through Redfish (twins on loopback)', () => {
  it('a contracted 48-bay node PASSes T1 and T2, simulated, every requirement a figure with its resource', async () => {
    const events = await historyOf([await nodeBmc()]);
    for (const id of ['T1', 'T2']) {
      const v = checkHardwareInventory(events, clause(id));
      expect(v.status, v.reasons.join('\n')).toBe('PASS');
      expect(v.nature).toBe('simulated');
      expect(v.figures.map((f) => f.name)).toEqual(clause(id).requirements.map((r) => `node1: ${r.label.en}`));
      for (const f of v.figures) {
        expect(f.ok, f.name).toBe(true);
        expect(f.nature).toBe('simulated');
        expect(f.note).toMatch(/from \/redfish\/v1\//);
        expect(f.label!.zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    const t1 = checkHardwareInventory(events, clause('T1'));
    expect(figure(t1, 'node1: total memory').value).toBe(256);
    expect(figure(t1, 'node1: internal SSDs').value).toBe(2);
    expect(figure(t1, 'node1: fans').value).toBe(6);
    expect(figure(t1, 'node1: power supplies').value).toBe(2);
    expect(figure(t1, 'node1: power redundancy (1+1, spares in the group)').value).toBe(1);
    expect(figure(checkHardwareInventory(events, clause('T2')), 'node1: disk bays').value).toBe(48);
  });

  it('the management server twin PASSes M1', async () => {
    const bmc = await startMockupBmc(mgmtServerResources(CONTRACTED_MGMT_SERVER));
    servers.push(bmc);
    const events = await historyOf([{ target: 'mgmt', role: 'management-server', url: bmc.url }]);
    const v = checkHardwareInventory(events, clause('M1'));
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.nature).toBe('simulated');
    expect(figure(v, 'mgmt: CPU cores').value).toBe(16);
    expect(figure(v, 'mgmt: total memory').value).toBe(16);
    expect(figure(v, 'mgmt: SSDs of 480 GB or more').value).toBe(1);
    expect(figure(v, 'mgmt: gigabit Ethernet ports').value).toBe(2);
    // the storage-node clauses are not shown by a management server's inventory
    expect(checkHardwareInventory(events, clause('T1')).status).toBe('INCONCLUSIVE');
  });

  it('control: a node with 5 fans FAILs T1 on the fan count and the lost fan redundancy, T2 still PASSes', async () => {
    const base = inventoryFor('SN-48X');
    const events = await historyOf([await nodeBmc({ fans: { ...base.fans, count: 5 } })]);
    const v = checkHardwareInventory(events, clause('T1'));
    expect(v.status).toBe('FAIL');
    expect(figure(v, 'node1: fans')).toMatchObject({ value: 5, ok: false });
    expect(
      v.reasons.some((r) =>
        r.startsWith('node1: 风扇数量 / fans: 5 fans, required >= 6 fans (must; from /redfish/v1/Chassis/node-1/ThermalSubsystem/Fans/0'),
      ),
    ).toBe(true);
    expect(v.reasons.some((r) => r.includes('fan redundancy (spares in the group): 0 fans, required >= 1'))).toBe(true);
    expect(v.figures.filter((f) => !f.ok).map((f) => f.name)).toEqual(['node1: fans', 'node1: fan redundancy (spares in the group)']);
    expect(checkHardwareInventory(events, clause('T2')).status).toBe('PASS');
  });

  it('control: a node with a single power supply FAILs T1 on the PSU count and the 1+1 redundancy', async () => {
    const base = inventoryFor('SN-48X');
    const events = await historyOf([await nodeBmc({ psus: { ...base.psus, count: 1, minNeeded: 1 } })]);
    const v = checkHardwareInventory(events, clause('T1'));
    expect(v.status).toBe('FAIL');
    expect(v.figures.filter((f) => !f.ok).map((f) => f.name)).toEqual([
      'node1: power supplies',
      'node1: power redundancy (1+1, spares in the group)',
    ]);
    expect(v.reasons[0]).toMatch(/^node1: 电源数量 \/ power supplies: 1 PSUs, required >= 2 PSUs \(must; from /);
  });

  it('control: a node with 44 bays FAILs T2 on the bay count, T1 still PASSes', async () => {
    const events = await historyOf([await nodeBmc({ bays: 44 as BayCount })]);
    const v = checkHardwareInventory(events, clause('T2'));
    expect(v.status).toBe('FAIL');
    expect(figure(v, 'node1: disk bays')).toMatchObject({ value: 44, ok: false });
    expect(v.reasons).toHaveLength(1);
    expect(v.reasons[0]).toMatch(
      /^node1: 硬盘插槽数量 \/ disk bays: 44 bays, required >= 48 bays \(must; from \/redfish\/v1\/Chassis\/node-1\/Drives\/0/,
    );
    expect(checkHardwareInventory(events, clause('T1')).status).toBe('PASS');
  });

  it('INCONCLUSIVE, not FAIL, when the service cannot be read, and when no inventory was taken', async () => {
    const gone = await nodeBmc();
    await servers.pop()!.close(); // nothing listens there any more
    const events = await historyOf([gone]);
    const inv = events.find((e) => e.kind === 'inventory.redfish')!;
    expect(inv).toMatchObject({ reachable: false, resources: [] });
    const v = checkHardwareInventory(events, clause('T1'));
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.figures.every((f) => f.value === null && f.ok === false)).toBe(true);
    expect(v.reasons.at(-1)).toMatch(/could not be read/);
    const none = checkHardwareInventory([{ i: 0, wall: 0, mono: 0, virt: 0, kind: 'run.start' } as HistoryEvent], clause('M1'));
    expect(none.status).toBe('INCONCLUSIVE');
    expect(none.reasons[0]).toMatch(/no Redfish inventory of a management-server/);
  });
});

/** A vendor-like service: other URLs, legacy Thermal/Power with embedded members, no summaries. */
function otherLayout(): Record<string, Json> {
  const R = '/redfish/v1';
  const ref = (id: string) => ({ '@odata.id': id });
  const coll = (id: string, members: string[]) => ({ '@odata.id': id, Members: members.map(ref), 'Members@odata.count': members.length });
  const out: Record<string, Json> = {
    [R]: {
      '@odata.id': R,
      RedfishVersion: '1.6.0',
      Systems: ref('/redfish/v1/inventory/hosts'),
      Chassis: ref('/redfish/v1/inventory/enclosures'),
    },
    '/redfish/v1/inventory/hosts': coll('/redfish/v1/inventory/hosts', ['/redfish/v1/inventory/hosts/Self']),
    '/redfish/v1/inventory/hosts/Self': {
      '@odata.id': '/redfish/v1/inventory/hosts/Self',
      Id: 'Self',
      Memory: ref('/x/dimms'),
      Storage: ref('/x/raid'),
    },
    '/x/dimms': coll(
      '/x/dimms',
      Array.from({ length: 16 }, (_, i) => `/x/dimms/d${i}`),
    ),
    '/x/raid': coll('/x/raid', ['/x/raid/boot']),
    '/x/raid/boot': { '@odata.id': '/x/raid/boot', Id: 'boot', Drives: [ref('/x/disks/ssd-a'), ref('/x/disks/ssd-b')] },
    '/x/disks/ssd-a': { '@odata.id': '/x/disks/ssd-a', MediaType: 'SSD', CapacityBytes: 240e9, Status: { State: 'Enabled' } },
    '/x/disks/ssd-b': { '@odata.id': '/x/disks/ssd-b', MediaType: 'SSD', CapacityBytes: 240e9, Status: { State: 'Enabled' } },
    '/redfish/v1/inventory/enclosures': coll('/redfish/v1/inventory/enclosures', ['/e/1']),
    '/e/1': { '@odata.id': '/e/1', Id: '1', Drives: ref('/e/1/hdd'), Thermal: ref('/e/1/thermal'), Power: ref('/e/1/power') },
    '/e/1/hdd': coll(
      '/e/1/hdd',
      Array.from({ length: 60 }, (_, i) => `/e/1/hdd/${i}`),
    ),
    '/e/1/thermal': {
      '@odata.id': '/e/1/thermal',
      Fans: Array.from({ length: 6 }, (_, i) => ({
        '@odata.id': `/e/1/thermal#/Fans/${i}`,
        MemberId: String(i),
        HotPluggable: true,
        Status: { State: 'Enabled' },
      })),
      Redundancy: [{ MemberId: '0', Mode: 'N+m', MinNumNeeded: 5, MaxNumSupported: 6 }],
    },
    '/e/1/power': {
      '@odata.id': '/e/1/power',
      PowerSupplies: [0, 1].map((i) => ({
        '@odata.id': `/e/1/power#/PowerSupplies/${i}`,
        MemberId: String(i),
        PowerSupplyType: 'AC',
        HotPluggable: true,
        Status: { State: 'Enabled' },
      })),
      Redundancy: [{ MemberId: '0', Mode: 'Failover', MinNumNeeded: 1, MaxNumSupported: 2 }],
    },
  };
  for (let i = 0; i < 16; i++) out[`/x/dimms/d${i}`] = { '@odata.id': `/x/dimms/d${i}`, CapacityMiB: 16384, Status: { State: 'Enabled' } };
  for (let i = 0; i < 60; i++)
    out[`/e/1/hdd/${i}`] = {
      '@odata.id': `/e/1/hdd/${i}`,
      MediaType: 'HDD',
      PhysicalLocation: { PartLocation: { LocationType: 'Bay' } },
      Status: { State: 'Enabled' },
    };
  return out;
}

describe('the collector follows links, whatever the layout', () => {
  it('a service with another URL layout and the deprecated Thermal/Power resources is walked and judged', async () => {
    const bmc = await startMockupBmc(otherLayout());
    servers.push(bmc);
    const events = await historyOf([{ target: 'vendor', role: 'storage-node', url: bmc.url, source: 'bmc' }]);
    const t1 = checkHardwareInventory(events, clause('T1'));
    expect(t1.status, t1.reasons.join('\n')).toBe('PASS');
    expect(t1.nature).toBe('measured');
    expect(figure(t1, 'vendor: total memory')).toMatchObject({ value: 256 });
    expect(figure(t1, 'vendor: total memory').note).toMatch(/from \/x\/dimms\/d0/);
    expect(figure(t1, 'vendor: fans').note).toMatch(/\/e\/1\/thermal#\/Fans\/0/);
    expect(figure(t1, 'vendor: fan redundancy (spares in the group)').note).toMatch(/Thermal Redundancy\.0\.MaxNumSupported/);
    expect(figure(checkHardwareInventory(events, clause('T2')), 'vendor: disk bays').value).toBe(60);
    const inv = events.find((e) => e.kind === 'inventory.redfish') as unknown as {
      resources: { kind: string; status: string; via: string }[];
    };
    // what the service does not advertise is recorded as absent, not a crash
    expect(inv.resources).toContainEqual(expect.objectContaining({ kind: 'Processor', status: 'absent' }));
  });

  it('an HTTP error or a resource that never answers is bounded and makes a shortfall INCONCLUSIVE, not FAIL', async () => {
    const layout = otherLayout();
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').replace(/\/+$/, '');
      if (path === '/e/1/power') return; // never answers
      if (path === '/e/1/thermal') {
        res.writeHead(500, { 'content-type': 'application/json' });
        return res.end('{"error":{"code":"Base.1.16.InternalError"}}');
      }
      const body = layout[path];
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const started = Date.now();
      const events = await historyOf([{ target: 'vendor', role: 'storage-node', url, source: 'bmc', timeoutMs: 300 }]);
      expect(Date.now() - started).toBeLessThan(5000);
      const inv = events.find((e) => e.kind === 'inventory.redfish') as unknown as {
        resources: { url: string | null; status: string; error?: string; http?: number }[];
      };
      expect(inv.resources).toContainEqual(
        expect.objectContaining({ url: '/e/1/power', status: 'error', error: 'no answer within 300 ms' }),
      );
      expect(inv.resources).toContainEqual(expect.objectContaining({ url: '/e/1/thermal', status: 'error', http: 500 }));
      const v = checkHardwareInventory(events, clause('T1'));
      expect(v.status).toBe('INCONCLUSIVE');
      expect(figure(v, 'vendor: total memory').ok).toBe(true);
      expect(v.reasons.some((r) => r.startsWith('vendor: 风扇数量 / fans: not found') && r.includes('could not be read'))).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('fans and supplies a BMC lists both in the deprecated Thermal/Power and in ThermalSubsystem/PowerSubsystem are counted once', async () => {
    // the same physical units twice: 3 fans and 1 supply must not pass as 6 and 2
    const both = (fans: number, psus: number) => {
      const layout = otherLayout();
      const ref = (id: string) => ({ '@odata.id': id });
      const thermal = layout['/e/1/thermal'] as { Fans: Json[] };
      thermal.Fans = thermal.Fans.slice(0, fans);
      const power = layout['/e/1/power'] as { PowerSupplies: Json[] };
      power.PowerSupplies = power.PowerSupplies.slice(0, psus);
      Object.assign(layout['/e/1'] as object, { ThermalSubsystem: ref('/e/1/ts'), PowerSubsystem: ref('/e/1/ps') });
      layout['/e/1/ts'] = { '@odata.id': '/e/1/ts', Id: 'ts', Fans: ref('/e/1/ts/fans') };
      layout['/e/1/ps'] = { '@odata.id': '/e/1/ps', Id: 'ps', PowerSupplies: ref('/e/1/ps/units') };
      const members = (dir: string, n: number, extra: Json) => {
        layout[dir] = { '@odata.id': dir, Members: Array.from({ length: n }, (_, i) => ref(`${dir}/${i}`)), 'Members@odata.count': n };
        for (let i = 0; i < n; i++)
          layout[`${dir}/${i}`] = { '@odata.id': `${dir}/${i}`, Id: String(i), ...extra, Status: { State: 'Enabled' } };
      };
      members('/e/1/ts/fans', fans, { HotPluggable: true });
      members('/e/1/ps/units', psus, { PowerSupplyType: 'AC', HotPluggable: true });
      return layout;
    };
    const judged = async (layout: Record<string, Json>) => {
      const bmc = await startMockupBmc(layout);
      servers.push(bmc);
      return checkHardwareInventory(
        await historyOf([{ target: 'vendor', role: 'storage-node', url: bmc.url, source: 'bmc' }]),
        clause('T1'),
      );
    };
    const six = await judged(both(6, 2));
    expect(figure(six, 'vendor: fans')).toMatchObject({ value: 6, ok: true });
    expect(figure(six, 'vendor: fans').note).toMatch(/\/e\/1\/ts\/fans\/0/);
    const three = await judged(both(3, 1));
    expect(three.status).toBe('FAIL');
    expect(figure(three, 'vendor: fans')).toMatchObject({ value: 3, ok: false });
  });

  it('the walk is bounded by its resource cap', async () => {
    const bmc = await startMockupBmc(otherLayout());
    servers.push(bmc);
    const inv = await walkRedfish({ target: 'vendor', role: 'storage-node', url: bmc.url, maxResources: 10 });
    expect(inv.truncated).toBe(true);
    // members embedded in Thermal/Power cost no request; every other record read was one
    expect(inv.resources.filter((r) => r.status === 'read' && !r.url?.includes('#')).length).toBeLessThanOrEqual(10);
  });
});
