import { describe, it, expect, afterEach } from 'vitest';
import { startBmc, type BmcServer } from './bmc-server';
import { inventoryFor, type CatalogModel } from '../node/inventory';
import { StorageNodeTwin, type ResetOutcome, type ResetType } from '../node/storage-node';

const servers: BmcServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function serve(model: CatalogModel, onReset?: (t: ResetType, o: ResetOutcome) => void) {
  const node = new StorageNodeTwin({ id: 'node-1', seed: 'bmc', inventory: inventoryFor(model) });
  const bmc = await startBmc({ node, ...(onReset ? { onReset } : {}) });
  servers.push(bmc);
  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(bmc.url + path, init);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const get = async (path: string) => {
    const r = await call(path);
    expect(r.status, path).toBe(200);
    return r.body;
  };
  return { node, bmc, call, get };
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const C = '/redfish/v1/Chassis/node-1';

describe('BMC Redfish API over real HTTP on loopback', () => {
  for (const [model, bays] of [
    ['SN-24A', 24],
    ['SN-36X', 36],
    ['SN-48X', 48],
  ] as const) {
    it(`a ${bays}-bay twin serves every bay, fan and PSU`, async () => {
      const { node, bmc, get } = await serve(model);
      expect(bmc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(bmc.port).toBeGreaterThan(0);
      node.pullDisk(1); // one pulled bay must still be listed, as Absent
      const root = await get('/redfish/v1');
      expect(root.Chassis['@odata.id']).toBe('/redfish/v1/Chassis');
      const chassis = await get(C);
      expect(chassis).toMatchObject({ Id: 'node-1', PowerState: 'On', LocationIndicatorActive: false, Status: { State: 'Enabled' } });
      const coll = await get(`${C}/Drives`);
      expect(coll['Members@odata.count']).toBe(bays);
      const labels = new Set<string>();
      for (let slot = 0; slot < bays; slot++) {
        const d = await get(`${C}/Drives/${slot}`);
        expect(d.PhysicalLocation.PartLocation).toMatchObject({ LocationType: 'Bay', LocationOrdinalValue: slot });
        labels.add(d.PhysicalLocation.PartLocation.ServiceLabel);
        expect(d.Links.Chassis['@odata.id']).toBe(C);
        expect(typeof d.LocationIndicatorActive).toBe('boolean');
        if (slot === 1) {
          expect(d.Status).toEqual({ State: 'Absent' });
        } else {
          expect(d.Status).toEqual({ State: 'Enabled', Health: 'OK' });
          expect(d.SerialNumber).toBe(node.bay(slot).disk!.identity.serial);
        }
      }
      expect(labels.size).toBe(bays);
      const fans = await get(`${C}/ThermalSubsystem/Fans`);
      expect(fans['Members@odata.count']).toBe(6);
      for (let i = 0; i < 6; i++) {
        const f = await get(`${C}/ThermalSubsystem/Fans/${i}`);
        expect(f).toMatchObject({ Status: { State: 'Enabled', Health: 'OK' }, HotPluggable: true });
        expect(f.SpeedPercent.Reading).toBeGreaterThan(0);
      }
      expect((await get(`${C}/ThermalSubsystem`)).FanRedundancy[0]).toMatchObject({
        RedundancyType: 'NPlusM',
        MinNeededInGroup: 5,
        MaxSupportedInGroup: 6,
      });
      const psus = await get(`${C}/PowerSubsystem/PowerSupplies`);
      expect(psus['Members@odata.count']).toBe(2);
      for (let i = 0; i < 2; i++) {
        expect(await get(`${C}/PowerSubsystem/PowerSupplies/${i}`)).toMatchObject({ Status: { Health: 'OK' }, HotPluggable: true });
      }
      expect((await get(`${C}/PowerSubsystem`)).PowerSupplyRedundancy[0]).toMatchObject({
        RedundancyType: 'Failover',
        MinNeededInGroup: 1,
        MaxSupportedInGroup: 2,
      });
    });
  }

  it('PATCH LocationIndicatorActive turns a slot LED on and off; bad bodies are refused', async () => {
    const { node, call } = await serve('SN-48X');
    const on = await call(`${C}/Drives/30`, json('PATCH', { LocationIndicatorActive: true }));
    expect(on.status).toBe(200);
    expect(on.body.LocationIndicatorActive).toBe(true);
    expect(node.bay(30).locateLed).toBe(true);
    await call(`${C}/Drives/30`, json('PATCH', { LocationIndicatorActive: false }));
    expect(node.bay(30).locateLed).toBe(false);
    const bad = await call(`${C}/Drives/30`, json('PATCH', { LocationIndicatorActive: 'yes' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toMatch(/^Base\.1\.16\./);
    expect((await call(`${C}/Drives/48`)).status).toBe(404);
    expect((await call(`${C}/Drives/07`)).status).toBe(404);
    expect((await call('/redfish/v1/Chassis/other')).status).toBe(404);
    expect((await call(`${C}/Drives/3`, { method: 'DELETE' })).status).toBe(405);
    const chassis = await call(C, json('PATCH', { LocationIndicatorActive: true }));
    expect(chassis.body.LocationIndicatorActive).toBe(true);
  });

  it('serves the SMART JSON at the Oem path and shows faults in health and the event log', async () => {
    const { node, call, get } = await serve('SN-24A');
    const smart = await get(`${C}/Drives/5/Oem/Twin/SmartctlJson`);
    expect(smart).toMatchObject({
      json_format_version: [1, 0],
      serial_number: node.bay(5).disk!.identity.serial,
      smart_status: { passed: true },
    });
    expect(smart.ata_smart_attributes.table.map((a: { id: number }) => a.id)).toContain(199);
    node.pullDisk(5);
    expect((await call(`${C}/Drives/5/Oem/Twin/SmartctlJson`)).status).toBe(404);
    node.failFan(2);
    node.failPsu(0);
    expect((await get(`${C}/ThermalSubsystem/Fans/2`)).Status.Health).toBe('Critical');
    expect((await get(`${C}/PowerSubsystem/PowerSupplies/0`)).Status).toMatchObject({ Health: 'Critical' });
    expect((await get(C)).Status.Health).toBe('Warning');
    const entries = await get('/redfish/v1/Systems/node-1/LogServices/EventLog/Entries');
    expect(entries.Members.map((e: { MessageId: string }) => e.MessageId)).toEqual([
      'StorageDevice.1.2.DriveRemoved',
      'Environmental.1.0.FanFailed',
      'Power.1.0.PowerSupplyFailed',
    ]);
    expect(entries.Members[0].Links.OriginOfCondition['@odata.id']).toBe(`${C}/Drives/5`);
    const one = await get('/redfish/v1/Systems/node-1/LogServices/EventLog/Entries/2');
    expect(one).toMatchObject({ EntryType: 'Event', Severity: 'Warning', Message: "Fan 'Chassis Fan Bay 3' has failed." });
  });

  it('ComputerSystem.Reset changes the model, then calls the injected handler', async () => {
    const seen: [ResetType, ResetOutcome][] = [];
    const { node, call, get } = await serve('SN-48A', (t, o) => void seen.push([t, o]));
    const sys = await get('/redfish/v1/Systems/node-1');
    expect(sys.Actions['#ComputerSystem.Reset']['ResetType@Redfish.AllowableValues']).toContain('ForceRestart');
    expect(sys).toMatchObject({ MemorySummary: { TotalSystemMemoryGiB: 256 }, Oem: { Twin: { CpuArchitecture: 'aarch64' } } });
    const off = await call('/redfish/v1/Systems/node-1/Actions/ComputerSystem.Reset', json('POST', { ResetType: 'ForceOff' }));
    expect(off.status).toBe(200);
    expect(node.powerState).toBe('Off');
    expect((await get(C)).PowerState).toBe('Off');
    const on = await call('/redfish/v1/Systems/node-1/Actions/ComputerSystem.Reset', json('POST', { ResetType: 'On' }));
    expect(on.body.Oem.Twin.Outcome).toMatchObject({ action: 'power-on', after: 'On', spinUp: { withinRating: true } });
    expect(seen.map(([t, o]) => [t, o.action])).toEqual([
      ['ForceOff', 'power-off'],
      ['On', 'power-on'],
    ]);
    const bad = await call('/redfish/v1/Systems/node-1/Actions/ComputerSystem.Reset', json('POST', { ResetType: 'Explode' }));
    expect(bad.status).toBe(400);
    expect(seen).toHaveLength(2);
    node.failPsu(0);
    node.failPsu(1);
    const refused = await call('/redfish/v1/Systems/node-1/Actions/ComputerSystem.Reset', json('POST', { ResetType: 'On' }));
    expect(refused.status).toBe(409);
  });

  it('a failing reset handler becomes HTTP 500 with a Redfish error body', async () => {
    const { call } = await serve('SN-24A', () => {
      throw new Error('container did not restart');
    });
    const r = await call('/redfish/v1/Systems/node-1/Actions/ComputerSystem.Reset', json('POST', { ResetType: 'ForceRestart' }));
    expect(r.status).toBe(500);
    expect(r.body.error.message).toContain('container did not restart');
  });
});
