// The contract's hardware requirements (T1, T2, M1) as data: which Redfish resources and
// properties must exist, with which values. The one place these numbers live; the
// T1/T2/M1 checker (sim/checkers/hardware-inventory.ts) only evaluates them.
import { hardwareRequirementsSchema, type ClauseRequirements } from '../sim/inventory/requirement-schema';
import type { SwitchPortRequirements } from '../sim/checkers/switch-ports';

/** S1: the access switch's ports (the checker counts copper >= 1 Gb/s and optical >= 10 Gb/s). */
export const SWITCH_PORT_REQUIREMENTS: SwitchPortRequirements = { geCopperPorts: 24, tenGeOpticalPorts: 4 };

const present = { property: 'Status.State', notEquals: 'Absent' } as const;

/** The contract's storage node (the T clauses' heading): at least this many hot-swap bays (T2).
 *  The 24/36-bay nodes of a mixed cluster (T7) are other products and are not held to T1/T2. */
export const CONTRACTED_STORAGE_NODE_BAYS = 48;
const GIB_PER_MIB = 1 / 1024;

/** memory: MemorySummary when the system has one, else the sum of the DIMMs */
const memoryGiB = [
  { of: 'sum', resource: 'ComputerSystem', property: 'MemorySummary.TotalSystemMemoryGiB' },
  { of: 'sum', resource: 'Memory', property: 'CapacityMiB', scale: GIB_PER_MIB, where: [present] },
] as const;

const psuCount = { of: 'count', resource: 'PowerSupply', where: [present] } as const;
/** 1+1: one spare in the redundancy group (PowerSubsystem, else the deprecated Power resource) */
const psuSpare = [
  {
    of: 'spare',
    resource: 'PowerSubsystem',
    max: 'PowerSupplyRedundancy.0.MaxSupportedInGroup',
    minNeeded: 'PowerSupplyRedundancy.0.MinNeededInGroup',
  },
  { of: 'spare', resource: 'Power', max: 'Redundancy.0.MaxNumSupported', minNeeded: 'Redundancy.0.MinNumNeeded' },
] as const;

export const HARDWARE_REQUIREMENTS: readonly ClauseRequirements[] = hardwareRequirementsSchema.parse([
  {
    clause: 'T1',
    role: 'storage-node',
    summary: {
      zh: '内存 256GB，内置 2 颗 SSD，6 个热插拔冗余温控风扇，1+1 热插拔冗余 AC220V 电源',
      en: '256 GB RAM, 2 internal SSDs, 6 hot-swap redundant fans, 1+1 hot-swap redundant AC220V power',
    },
    requirements: [
      {
        id: 'memory',
        label: { zh: '内存总量', en: 'total memory' },
        level: 'must',
        unit: 'GiB',
        measures: memoryGiB,
        threshold: { op: '>=', value: 256 },
      },
      {
        id: 'internal-ssds',
        label: { zh: '内置 SSD 数量', en: 'internal SSDs' },
        level: 'must',
        unit: 'drives',
        measures: [{ of: 'count', resource: 'Drive', where: [present, { property: 'MediaType', equals: 'SSD' }] }],
        threshold: { op: '>=', value: 2 },
      },
      {
        id: 'fans',
        label: { zh: '风扇数量', en: 'fans' },
        level: 'must',
        unit: 'fans',
        measures: [{ of: 'count', resource: 'Fan', where: [present] }],
        threshold: { op: '>=', value: 6 },
      },
      {
        id: 'fans-hot-pluggable',
        label: { zh: '可热插拔的风扇', en: 'hot-pluggable fans' },
        level: 'must',
        unit: 'fans',
        measures: [{ of: 'all', resource: 'Fan', among: [present], where: [{ property: 'HotPluggable', equals: true }] }],
      },
      {
        id: 'fan-redundancy',
        label: { zh: '风扇冗余（冗余组备用数）', en: 'fan redundancy (spares in the group)' },
        level: 'must',
        unit: 'fans',
        measures: [
          {
            of: 'spare',
            resource: 'ThermalSubsystem',
            max: 'FanRedundancy.0.MaxSupportedInGroup',
            minNeeded: 'FanRedundancy.0.MinNeededInGroup',
          },
          { of: 'spare', resource: 'Thermal', max: 'Redundancy.0.MaxNumSupported', minNeeded: 'Redundancy.0.MinNumNeeded' },
        ],
        threshold: { op: '>=', value: 1 },
      },
      {
        id: 'psus',
        label: { zh: '电源数量', en: 'power supplies' },
        level: 'must',
        unit: 'PSUs',
        measures: [psuCount],
        threshold: { op: '>=', value: 2 },
      },
      {
        id: 'psus-hot-pluggable',
        label: { zh: '可热插拔的电源', en: 'hot-pluggable power supplies' },
        level: 'must',
        unit: 'PSUs',
        measures: [{ of: 'all', resource: 'PowerSupply', among: [present], where: [{ property: 'HotPluggable', equals: true }] }],
      },
      {
        id: 'psus-ac',
        label: { zh: '交流输入电源', en: 'AC-input power supplies' },
        level: 'must',
        unit: 'PSUs',
        measures: [
          { of: 'all', resource: 'PowerSupply', among: [present], where: [{ property: 'PowerSupplyType', oneOf: ['AC', 'ACorDC'] }] },
        ],
        note: 'AC220V: PowerSupplyType AC; the nominal input range is reported for information only',
      },
      {
        id: 'psu-redundancy',
        label: { zh: '电源冗余（1+1，冗余组备用数）', en: 'power redundancy (1+1, spares in the group)' },
        level: 'must',
        unit: 'PSUs',
        measures: psuSpare,
        threshold: { op: '>=', value: 1 },
      },
    ],
  },
  {
    clause: 'T2',
    role: 'storage-node',
    summary: { zh: '具有不少于 48 块硬盘热插拔插槽', en: 'At least 48 hot-swap disk bays' },
    requirements: [
      {
        id: 'bays',
        label: { zh: '硬盘插槽数量', en: 'disk bays' },
        level: 'must',
        unit: 'bays',
        // an empty bay is a Drive with State Absent (Redfish's rule for a location without a unit)
        measures: [
          {
            of: 'count',
            resource: 'Drive',
            where: [
              { property: 'PhysicalLocation.PartLocation.LocationType', equals: 'Bay' },
              { property: 'MediaType', notEquals: 'SSD' },
            ],
          },
        ],
        threshold: { op: '>=', value: CONTRACTED_STORAGE_NODE_BAYS },
        note: 'Drives located in a Bay, empty bays included (State Absent); a BMC that lists no empty bays under-counts. Hot-swap is shown by pulling disks under load (T3): Redfish has no hot-plug property on Drive',
      },
    ],
  },
  {
    clause: 'M1',
    role: 'management-server',
    summary: {
      zh: '64 位 CPU 核数 16，内存 16GB，1 块 480GB SSD，2 个千兆网口，1+1 冗余电源',
      en: '64-bit CPU with 16 cores, 16 GB RAM, 1 x 480 GB SSD, 2 x GE ports, 1+1 redundant power',
    },
    requirements: [
      {
        id: 'cores',
        label: { zh: 'CPU 核数', en: 'CPU cores' },
        level: 'must',
        unit: 'cores',
        measures: [
          { of: 'sum', resource: 'ComputerSystem', property: 'ProcessorSummary.CoreCount' },
          { of: 'sum', resource: 'Processor', property: 'TotalCores', where: [present] },
        ],
        threshold: { op: '>=', value: 16 },
      },
      {
        id: 'cpu-64bit',
        label: { zh: '64 位处理器', en: '64-bit processors' },
        level: 'must',
        unit: 'CPUs',
        measures: [
          {
            of: 'all',
            resource: 'Processor',
            among: [present, { property: 'ProcessorType', equals: 'CPU' }],
            where: [{ property: 'InstructionSet', oneOf: ['x86-64', 'IA-64', 'ARM-A64', 'MIPS64', 'PowerISA'] }],
          },
        ],
      },
      {
        id: 'memory',
        label: { zh: '内存总量', en: 'total memory' },
        level: 'must',
        unit: 'GiB',
        measures: memoryGiB,
        threshold: { op: '>=', value: 16 },
      },
      {
        id: 'ssd-480',
        label: { zh: '480GB 及以上 SSD 数量', en: 'SSDs of 480 GB or more' },
        level: 'must',
        unit: 'drives',
        measures: [
          {
            of: 'count',
            resource: 'Drive',
            where: [present, { property: 'MediaType', equals: 'SSD' }, { property: 'CapacityBytes', atLeast: 480e9 }],
          },
        ],
        threshold: { op: '>=', value: 1 },
      },
      {
        id: 'gigabit-ports',
        label: { zh: '千兆网口数量', en: 'gigabit Ethernet ports' },
        level: 'must',
        unit: 'ports',
        measures: [
          { of: 'count', resource: 'EthernetInterface', where: [{ property: 'SpeedMbps', atLeast: 1000 }] },
          { of: 'count', resource: 'Port', where: [{ property: 'CurrentSpeedGbps', atLeast: 1 }] },
        ],
        threshold: { op: '>=', value: 2 },
        note: 'host interfaces (ComputerSystem EthernetInterfaces, else NetworkAdapter Ports); a port with no link may report no speed',
      },
      {
        id: 'psus',
        label: { zh: '电源数量', en: 'power supplies' },
        level: 'must',
        unit: 'PSUs',
        measures: [psuCount],
        threshold: { op: '>=', value: 2 },
      },
      {
        id: 'psu-redundancy',
        label: { zh: '电源冗余（1+1，冗余组备用数）', en: 'power redundancy (1+1, spares in the group)' },
        level: 'must',
        unit: 'PSUs',
        measures: psuSpare,
        threshold: { op: '>=', value: 1 },
      },
    ],
  },
]);
