// Pure views of a computer system's own hardware as DMTF Redfish resources: Memory (DIMMs),
// Processors, Storage with its Drives, EthernetInterfaces. Shared by the storage node's
// BMC (boot SSDs, CPUs, DIMMs) and the management server twin, keyed by URL.
import type { Json } from './json';

export interface SystemHardware {
  cpu: { instructionSet: 'x86-64' | 'ARM-A64'; model: string; sockets: number; cores: number };
  memoryGiB: number;
  /** drives inside the system (not the front bays): boot SSDs, the management server's SSD */
  drives: { label: string; mediaType: 'SSD' | 'HDD'; capacityBytes: number; model: string }[];
  nics: { name: string; speedMbps: number }[];
}

const ref = (id: string) => ({ '@odata.id': id });
const collection = (id: string, type: string, name: string, members: string[]): Json => ({
  '@odata.id': id,
  '@odata.type': `#${type}.${type}`,
  Name: name,
  'Members@odata.count': members.length,
  Members: members.map(ref),
});

/** DIMMs of a plausible size: 32 GiB from 64 GiB up, else 8 GiB, the rest in one more DIMM. */
export function dimmSizesGiB(totalGiB: number): number[] {
  const size = totalGiB >= 64 ? 32 : Math.min(8, totalGiB);
  const sizes = Array.from({ length: Math.floor(totalGiB / size) }, () => size);
  const rest = totalGiB - size * sizes.length;
  return rest > 0 ? [...sizes, rest] : sizes;
}

export const systemPaths = (system: string) => ({
  memory: `${system}/Memory`,
  processors: `${system}/Processors`,
  storage: `${system}/Storage`,
  boot: `${system}/Storage/Internal`,
  drive: (i: number) => `${system}/Storage/Internal/Drives/${i}`,
  nics: `${system}/EthernetInterfaces`,
});

/** What ComputerSystem itself carries: summaries and links to the subtrees below. */
export function systemProperties(system: string, hw: SystemHardware): Json {
  const p = systemPaths(system);
  return {
    ProcessorSummary: { Count: hw.cpu.sockets, CoreCount: hw.cpu.cores, Model: hw.cpu.model },
    MemorySummary: { TotalSystemMemoryGiB: hw.memoryGiB },
    Memory: ref(p.memory),
    Processors: ref(p.processors),
    Storage: ref(p.storage),
    ...(hw.nics.length ? { EthernetInterfaces: ref(p.nics) } : {}),
  };
}

/** Every resource below the system, by URL. */
export function systemResources(system: string, hw: SystemHardware): Record<string, Json> {
  const p = systemPaths(system);
  const out: Record<string, Json> = {};
  const dimms = dimmSizesGiB(hw.memoryGiB);
  out[p.memory] = collection(
    p.memory,
    'MemoryCollection',
    'Memory',
    dimms.map((_, i) => `${p.memory}/${i}`),
  );
  dimms.forEach((gib, i) => {
    out[`${p.memory}/${i}`] = {
      '@odata.id': `${p.memory}/${i}`,
      '@odata.type': '#Memory.v1_20_0.Memory',
      Id: String(i),
      Name: `DIMM ${i}`,
      MemoryDeviceType: 'DDR4',
      CapacityMiB: gib * 1024,
      Status: { State: 'Enabled', Health: 'OK' },
      DeviceLocator: `DIMM_${String.fromCharCode(65 + i)}1`,
    };
  });
  const cpus = Array.from({ length: hw.cpu.sockets }, (_, i) => `${p.processors}/${i}`);
  out[p.processors] = collection(p.processors, 'ProcessorCollection', 'Processors', cpus);
  cpus.forEach((id, i) => {
    out[id] = {
      '@odata.id': id,
      '@odata.type': '#Processor.v1_20_0.Processor',
      Id: String(i),
      Name: `CPU ${i}`,
      ProcessorType: 'CPU',
      ProcessorArchitecture: hw.cpu.instructionSet === 'x86-64' ? 'x86' : 'ARM',
      InstructionSet: hw.cpu.instructionSet,
      Model: hw.cpu.model,
      TotalCores: Math.floor(hw.cpu.cores / hw.cpu.sockets) + (i < hw.cpu.cores % hw.cpu.sockets ? 1 : 0),
      Status: { State: 'Enabled', Health: 'OK' },
    };
  });
  out[p.storage] = collection(p.storage, 'StorageCollection', 'Storage', [p.boot]);
  out[p.boot] = {
    '@odata.id': p.boot,
    '@odata.type': '#Storage.v1_15_0.Storage',
    Id: 'Internal',
    Name: 'Internal drives',
    Status: { State: 'Enabled', Health: 'OK' },
    Drives: hw.drives.map((_, i) => ref(p.drive(i))),
    'Drives@odata.count': hw.drives.length,
  };
  hw.drives.forEach((d, i) => {
    out[p.drive(i)] = {
      '@odata.id': p.drive(i),
      '@odata.type': '#Drive.v1_20_0.Drive',
      Id: String(i),
      Name: d.label,
      MediaType: d.mediaType,
      CapacityBytes: d.capacityBytes,
      Model: d.model,
      Protocol: 'SATA',
      PhysicalLocation: { PartLocation: { LocationType: 'Slot', ServiceLabel: d.label, LocationOrdinalValue: i } },
      Status: { State: 'Enabled', Health: 'OK' },
    };
  });
  if (hw.nics.length) {
    out[p.nics] = collection(
      p.nics,
      'EthernetInterfaceCollection',
      'Ethernet interfaces',
      hw.nics.map((_, i) => `${p.nics}/${i}`),
    );
    hw.nics.forEach((n, i) => {
      out[`${p.nics}/${i}`] = {
        '@odata.id': `${p.nics}/${i}`,
        '@odata.type': '#EthernetInterface.v1_12_0.EthernetInterface',
        Id: String(i),
        Name: n.name,
        SpeedMbps: n.speedMbps,
        FullDuplex: true,
        LinkStatus: 'LinkUp',
        InterfaceEnabled: true,
        Status: { State: 'Enabled', Health: 'OK' },
      };
    });
  }
  return out;
}
