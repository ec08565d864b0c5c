// The management server twin (M1) as Redfish resources by URL, served by
// devices/bmc/mockup-server.ts: what its BMC would answer for the inventory it has.
import { systemProperties, systemResources, type SystemHardware } from '../bmc/redfish-system-views';
import type { Json } from '../bmc/redfish-views';
import type { MgmtServerInventory } from './inventory';

const ROOT = '/redfish/v1';
const ref = (id: string) => ({ '@odata.id': id });
const collection = (id: string, type: string, members: string[]): Json => ({
  '@odata.id': id,
  '@odata.type': `#${type}.${type}`,
  Name: type,
  'Members@odata.count': members.length,
  Members: members.map(ref),
});

export function mgmtServerHardware(inv: MgmtServerInventory): SystemHardware {
  return {
    cpu: { instructionSet: inv.cpu.architecture === 'x86_64' ? 'x86-64' : 'ARM-A64', model: inv.model, sockets: 1, cores: inv.cpu.cores },
    memoryGiB: inv.memoryGiB,
    drives: inv.disks.map((d, i) => ({
      label: `Disk ${i}`,
      mediaType: d.kind,
      capacityBytes: d.capacityGB * 1e9,
      model: `TWIN-${d.kind} ${d.capacityGB}GB`,
    })),
    nics: inv.nics,
  };
}

export function mgmtServerResources(inv: MgmtServerInventory, id = 'mgmt'): Record<string, Json> {
  const system = `${ROOT}/Systems/${id}`;
  const chassis = `${ROOT}/Chassis/${id}`;
  const power = `${chassis}/PowerSubsystem`;
  const psus = `${power}/PowerSupplies`;
  const hw = mgmtServerHardware(inv);
  const out: Record<string, Json> = {
    [ROOT]: {
      '@odata.id': ROOT,
      '@odata.type': '#ServiceRoot.v1_17_0.ServiceRoot',
      Id: 'RootService',
      Name: 'Management server twin BMC',
      RedfishVersion: '1.20.0',
      Systems: ref(`${ROOT}/Systems`),
      Chassis: ref(`${ROOT}/Chassis`),
      Oem: { Twin: { Simulated: true } },
    },
    [`${ROOT}/Systems`]: collection(`${ROOT}/Systems`, 'ComputerSystemCollection', [system]),
    [`${ROOT}/Chassis`]: collection(`${ROOT}/Chassis`, 'ChassisCollection', [chassis]),
    [system]: {
      '@odata.id': system,
      '@odata.type': '#ComputerSystem.v1_22_0.ComputerSystem',
      Id: id,
      Name: 'Management server',
      SystemType: 'Physical',
      Model: inv.model,
      PowerState: 'On',
      Status: { State: 'Enabled', Health: 'OK' },
      ...systemProperties(system, hw),
      Links: { Chassis: [ref(chassis)] },
    },
    [chassis]: {
      '@odata.id': chassis,
      '@odata.type': '#Chassis.v1_25_0.Chassis',
      Id: id,
      Name: 'Management server',
      ChassisType: 'RackMount',
      Model: inv.model,
      PowerState: 'On',
      Status: { State: 'Enabled', Health: 'OK' },
      PowerSubsystem: ref(power),
      Links: { ComputerSystems: [ref(system)] },
    },
    [power]: {
      '@odata.id': power,
      '@odata.type': '#PowerSubsystem.v1_1_0.PowerSubsystem',
      Id: 'PowerSubsystem',
      Name: 'Power subsystem',
      Status: { State: 'Enabled', Health: 'OK' },
      PowerSupplies: ref(psus),
      PowerSupplyRedundancy: [
        {
          RedundancyType: 'Failover',
          MinNeededInGroup: inv.psus.minNeeded,
          MaxSupportedInGroup: inv.psus.count,
          RedundancyGroup: Array.from({ length: inv.psus.count }, (_, i) => ref(`${psus}/${i}`)),
          Status: { State: 'Enabled', Health: 'OK' },
        },
      ],
    },
    [psus]: collection(
      psus,
      'PowerSupplyCollection',
      Array.from({ length: inv.psus.count }, (_, i) => `${psus}/${i}`),
    ),
    ...systemResources(system, hw),
  };
  for (let i = 0; i < inv.psus.count; i++) {
    out[`${psus}/${i}`] = {
      '@odata.id': `${psus}/${i}`,
      '@odata.type': '#PowerSupply.v1_6_0.PowerSupply',
      Id: String(i),
      Name: `PSU ${i + 1}`,
      PowerSupplyType: 'AC',
      HotPluggable: inv.psus.hotSwap,
      Status: { State: 'Enabled', Health: 'OK' },
    };
  }
  return out;
}
