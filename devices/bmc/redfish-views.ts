// Pure views: a storage node twin -> DMTF Redfish resources (JSON). Shapes follow the
// Redfish schemas named in research/devices.md (Chassis, Drive, Fan, PowerSupply,
// ComputerSystem, LogEntry); twin-only details live under Oem.Twin.
import type { Bay, StorageNodeTwin } from '../node/storage-node';
import { fanLabel, psuLabel, RESET_TYPES } from '../node/storage-node';
import type { EventOrigin, NodeEvent } from '../node/event-log';
import type { Fan } from '../node/cooling';
import type { Json } from './json';
import { systemProperties, systemResources, type SystemHardware } from './redfish-system-views';

export type { Json } from './json';
type Health = 'OK' | 'Warning' | 'Critical';

export const ROOT = '/redfish/v1';
export const paths = (id: string) => {
  const chassis = `${ROOT}/Chassis/${id}`;
  const system = `${ROOT}/Systems/${id}`;
  return {
    chassis,
    drives: `${chassis}/Drives`,
    drive: (slot: number) => `${chassis}/Drives/${slot}`,
    smart: (slot: number) => `${chassis}/Drives/${slot}/Oem/Twin/SmartctlJson`,
    thermal: `${chassis}/ThermalSubsystem`,
    fans: `${chassis}/ThermalSubsystem/Fans`,
    fan: (i: number) => `${chassis}/ThermalSubsystem/Fans/${i}`,
    power: `${chassis}/PowerSubsystem`,
    psus: `${chassis}/PowerSubsystem/PowerSupplies`,
    psu: (i: number) => `${chassis}/PowerSubsystem/PowerSupplies/${i}`,
    system,
    reset: `${system}/Actions/ComputerSystem.Reset`,
    logServices: `${system}/LogServices`,
    eventLog: `${system}/LogServices/EventLog`,
    entries: `${system}/LogServices/EventLog/Entries`,
    entry: (seq: number) => `${system}/LogServices/EventLog/Entries/${seq}`,
  };
};

const ref = (id: string) => ({ '@odata.id': id });
const collection = (id: string, type: string, name: string, members: string[]): Json => ({
  '@odata.id': id,
  '@odata.type': `#${type}.${type}`,
  Name: name,
  'Members@odata.count': members.length,
  Members: members.map(ref),
});
const worst = (hs: Health[]): Health => (hs.includes('Critical') ? 'Critical' : hs.includes('Warning') ? 'Warning' : 'OK');

export function serviceRoot(n: StorageNodeTwin): Json {
  return {
    '@odata.id': ROOT,
    '@odata.type': '#ServiceRoot.v1_17_0.ServiceRoot',
    Id: 'RootService',
    Name: 'Storage node twin BMC',
    RedfishVersion: '1.20.0',
    Chassis: ref(`${ROOT}/Chassis`),
    Systems: ref(`${ROOT}/Systems`),
    Oem: { Twin: { NodeId: n.id, Simulated: true } },
  };
}

export const chassisCollection = (n: StorageNodeTwin) =>
  collection(`${ROOT}/Chassis`, 'ChassisCollection', 'Chassis', [paths(n.id).chassis]);
export const systemCollection = (n: StorageNodeTwin) =>
  collection(`${ROOT}/Systems`, 'ComputerSystemCollection', 'Systems', [paths(n.id).system]);

function driveHealth(b: Bay): Health | null {
  if (!b.disk) return null;
  if (b.state === 'failed') return 'Critical';
  return b.grade === 'faulty' ? 'Critical' : b.grade === 'sub-healthy' ? 'Warning' : 'OK';
}

const fanHealth = (f: Fan): Health => (f.state === 'ok' ? 'OK' : 'Critical');

function chassisHealth(n: StorageNodeTwin): Health {
  const hs: Health[] = n.bays.map((b) => driveHealth(b) ?? 'OK');
  const fansMissing = n.fans.length - n.workingFans();
  const psusMissing = n.psus.length - n.workingPsus();
  if (fansMissing > 0) hs.push(n.workingFans() >= n.inventory.fans.minNeeded ? 'Warning' : 'Critical');
  if (psusMissing > 0) hs.push(n.workingPsus() >= n.inventory.psus.minNeeded ? 'Warning' : 'Critical');
  return worst(hs);
}

export function chassis(n: StorageNodeTwin): Json {
  const p = paths(n.id);
  const health = chassisHealth(n);
  return {
    '@odata.id': p.chassis,
    '@odata.type': '#Chassis.v1_25_0.Chassis',
    Id: n.id,
    Name: `Storage node ${n.id}`,
    ChassisType: 'RackMount',
    Model: n.inventory.model,
    PowerState: n.powerState,
    LocationIndicatorActive: n.chassisLocateLed,
    Status: { State: 'Enabled', Health: health, HealthRollup: health },
    Drives: ref(p.drives),
    ThermalSubsystem: ref(p.thermal),
    PowerSubsystem: ref(p.power),
    Links: { ComputerSystems: [ref(p.system)] },
    Oem: { Twin: { Bays: n.layout.bays, Rows: n.layout.rows, Columns: n.layout.columns, PowerLost: n.powerLost } },
  };
}

export const drives = (n: StorageNodeTwin) =>
  collection(
    paths(n.id).drives,
    'DriveCollection',
    'Drives',
    n.bays.map((b) => paths(n.id).drive(b.slot)),
  );

/** An empty or pulled bay is a Drive with State Absent, so every bay is listed. */
export function drive(n: StorageNodeTwin, b: Bay): Json {
  const p = paths(n.id);
  const d = b.disk;
  const health = driveHealth(b);
  const base: Json = {
    '@odata.id': p.drive(b.slot),
    '@odata.type': '#Drive.v1_20_0.Drive',
    Id: String(b.slot),
    Name: `Drive in ${b.serviceLabel}`,
    LocationIndicatorActive: b.locateLed,
    PhysicalLocation: {
      PartLocation: {
        LocationType: 'Bay',
        LocationOrdinalValue: b.slot,
        ServiceLabel: b.serviceLabel,
        Reference: 'Front',
        Orientation: 'LeftToRight',
      },
    },
    Links: { Chassis: ref(p.chassis) },
    Oem: { Twin: { BayState: b.state, Position: { Row: b.position.row, Column: b.position.column } } },
  };
  if (!d) return { ...base, Status: { State: 'Absent' } };
  const predicted = d.alive && b.grade === 'faulty';
  return {
    ...base,
    Status: { State: d.alive ? 'Enabled' : 'UnavailableOffline', Health: health },
    StatusIndicator: !d.alive ? 'Fail' : predicted ? 'PredictiveFailureAnalysis' : 'OK',
    FailurePredicted: predicted,
    MediaType: 'HDD',
    Protocol: 'SATA',
    CapacityBytes: d.identity.capacityBytes,
    Model: d.identity.model,
    SerialNumber: d.identity.serial,
    Revision: d.identity.firmware,
    RotationSpeedRPM: d.identity.rotationRpm,
    Oem: { Twin: { ...(base.Oem as { Twin: Json }).Twin, HealthGrade: b.grade, SmartctlJson: ref(p.smart(b.slot)) } },
  };
}

export function thermalSubsystem(n: StorageNodeTwin): Json {
  const p = paths(n.id);
  const ok = n.workingFans();
  const health: Health = ok >= n.fans.length ? 'OK' : ok >= n.inventory.fans.minNeeded ? 'Warning' : 'Critical';
  return {
    '@odata.id': p.thermal,
    '@odata.type': '#ThermalSubsystem.v1_3_0.ThermalSubsystem',
    Id: 'ThermalSubsystem',
    Name: 'Thermal subsystem',
    Status: { State: 'Enabled', Health: health },
    Fans: ref(p.fans),
    FanRedundancy: [
      {
        RedundancyType: 'NPlusM',
        MinNeededInGroup: n.inventory.fans.minNeeded,
        MaxSupportedInGroup: n.fans.length,
        RedundancyGroup: n.fans.map((f) => ref(p.fan(f.index))),
        Status: { State: 'Enabled', Health: health },
      },
    ],
    Oem: { Twin: { InletTemperatureCelsius: n.inletC } },
  };
}

export const fans = (n: StorageNodeTwin) =>
  collection(
    paths(n.id).fans,
    'FanCollection',
    'Fans',
    n.fans.map((f) => paths(n.id).fan(f.index)),
  );

export function fan(n: StorageNodeTwin, f: Fan): Json {
  return {
    '@odata.id': paths(n.id).fan(f.index),
    '@odata.type': '#Fan.v1_5_0.Fan',
    Id: String(f.index),
    Name: fanLabel(f.index),
    Status: { State: f.state === 'removed' ? 'Absent' : 'Enabled', Health: fanHealth(f) },
    HotPluggable: n.inventory.fans.hotSwap,
    SpeedPercent: { Reading: f.speedPercent, SpeedRPM: f.rpm },
    Location: { PartLocation: { ServiceLabel: fanLabel(f.index), LocationType: 'Bay', LocationOrdinalValue: f.index } },
    LocationIndicatorActive: false,
  };
}

export function powerSubsystem(n: StorageNodeTwin): Json {
  const p = paths(n.id);
  const ok = n.workingPsus();
  const health: Health = ok >= n.psus.length ? 'OK' : ok >= n.inventory.psus.minNeeded ? 'Warning' : 'Critical';
  return {
    '@odata.id': p.power,
    '@odata.type': '#PowerSubsystem.v1_1_0.PowerSubsystem',
    Id: 'PowerSubsystem',
    Name: 'Power subsystem',
    Status: { State: 'Enabled', Health: health },
    CapacityWatts: n.inventory.psus.capacityWatts,
    PowerSupplies: ref(p.psus),
    PowerSupplyRedundancy: [
      {
        RedundancyType: 'Failover',
        MinNeededInGroup: n.inventory.psus.minNeeded,
        MaxSupportedInGroup: n.psus.length,
        RedundancyGroup: n.psus.map((s) => ref(p.psu(s.index))),
        Status: { State: 'Enabled', Health: health },
      },
    ],
  };
}

export const psus = (n: StorageNodeTwin) =>
  collection(
    paths(n.id).psus,
    'PowerSupplyCollection',
    'Power supplies',
    n.psus.map((s) => paths(n.id).psu(s.index)),
  );

export function psu(n: StorageNodeTwin, index: number): Json {
  const s = n.psus[index]!;
  const ok = s.state === 'ok';
  return {
    '@odata.id': paths(n.id).psu(index),
    '@odata.type': '#PowerSupply.v1_6_0.PowerSupply',
    Id: String(index),
    Name: psuLabel(index),
    Status: { State: ok ? 'Enabled' : 'UnavailableOffline', Health: ok ? 'OK' : 'Critical' },
    PowerCapacityWatts: n.inventory.psus.capacityWatts,
    PowerSupplyType: 'AC',
    InputNominalVoltageType: 'AC200To240V',
    HotPluggable: n.inventory.psus.hotSwap,
    LineInputStatus: ok ? 'Normal' : 'LossOfInput',
    OutputRails: [{ NominalVoltage: 12, PhysicalContext: 'StorageDevice' }],
    Location: { PartLocation: { ServiceLabel: psuLabel(index), LocationType: 'Bay', LocationOrdinalValue: index } },
  };
}

export function system(n: StorageNodeTwin): Json {
  const p = paths(n.id);
  const inv = n.inventory;
  return {
    '@odata.id': p.system,
    '@odata.type': '#ComputerSystem.v1_22_0.ComputerSystem',
    Id: n.id,
    Name: `Storage node ${n.id}`,
    SystemType: 'Physical',
    Model: inv.model,
    PowerState: n.powerState,
    Status: { State: 'Enabled', Health: chassisHealth(n) },
    ...systemProperties(p.system, systemHardware(n)),
    Actions: { '#ComputerSystem.Reset': { target: p.reset, 'ResetType@Redfish.AllowableValues': RESET_TYPES } },
    LogServices: ref(p.logServices),
    Links: { Chassis: [ref(p.chassis)] },
    Oem: { Twin: { CpuArchitecture: inv.cpu.architecture, InternalSsds: inv.internalSsds } },
  };
}

/** The node's own hardware (CPUs, DIMMs, the internal boot SSDs) for the Systems subtree. */
export function systemHardware(n: StorageNodeTwin): SystemHardware {
  const inv = n.inventory;
  return {
    cpu: {
      instructionSet: inv.cpu.architecture === 'x86_64' ? 'x86-64' : 'ARM-A64',
      model: inv.cpu.architecture,
      sockets: inv.cpu.sockets,
      cores: inv.cpu.cores,
    },
    memoryGiB: inv.memoryGiB,
    drives: inv.internalSsds.map((d) => ({ label: d.slot, mediaType: 'SSD' as const, capacityBytes: d.capacityBytes, model: d.model })),
    nics: [],
  };
}

/** A resource under Systems/{id}/(Memory|Processors|Storage|EthernetInterfaces), or undefined. */
export const systemResource = (n: StorageNodeTwin, path: string): Json | undefined =>
  systemResources(paths(n.id).system, systemHardware(n))[path];

export const logServices = (n: StorageNodeTwin) =>
  collection(paths(n.id).logServices, 'LogServiceCollection', 'Log services', [paths(n.id).eventLog]);

export function eventLog(n: StorageNodeTwin): Json {
  const p = paths(n.id);
  return {
    '@odata.id': p.eventLog,
    '@odata.type': '#LogService.v1_5_0.LogService',
    Id: 'EventLog',
    Name: 'Event log',
    LogEntryType: 'Event',
    Entries: ref(p.entries),
  };
}

function originPath(n: StorageNodeTwin, o: EventOrigin): string {
  const p = paths(n.id);
  switch (o.kind) {
    case 'drive':
      return p.drive(o.slot);
    case 'fan':
      return p.fan(o.index);
    case 'psu':
      return p.psu(o.index);
    case 'chassis':
      return p.chassis;
  }
}

export function logEntry(n: StorageNodeTwin, e: NodeEvent): Json {
  return {
    '@odata.id': paths(n.id).entry(e.seq),
    '@odata.type': '#LogEntry.v1_15_0.LogEntry',
    Id: String(e.seq),
    Name: `Log entry ${e.seq}`,
    EntryType: 'Event',
    Severity: e.severity,
    Created: new Date(e.atMs).toISOString(),
    Message: e.message,
    MessageId: e.messageId,
    MessageArgs: e.args,
    Links: { OriginOfCondition: ref(originPath(n, e.origin)) },
  };
}

export function logEntries(n: StorageNodeTwin): Json {
  const members = n.log.list().map((e) => logEntry(n, e));
  return {
    '@odata.id': paths(n.id).entries,
    '@odata.type': '#LogEntryCollection.LogEntryCollection',
    Name: 'Event log entries',
    'Members@odata.count': members.length,
    Members: members,
  };
}
