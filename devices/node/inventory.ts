// Chassis inventory of a storage node (T1, T2, T7). One model for 24, 36 and 48 bays;
// what differs between catalogue entries is data, not code.
import type { BayLayout } from './bay-layout';

export type CpuArchitecture = 'x86_64' | 'aarch64';
export type BayCount = 24 | 36 | 48;

export interface InternalSsd {
  slot: string;
  model: string;
  capacityBytes: number;
}

export interface NodeInventory {
  model: string;
  bays: BayCount;
  layout?: Pick<BayLayout, 'rows' | 'columns'>;
  cpu: { architecture: CpuArchitecture; cores: number; sockets: number };
  memoryGiB: number;
  internalSsds: InternalSsd[];
  fans: { count: number; hotSwap: boolean; minNeeded: number; maxRpm: number };
  psus: { count: number; hotSwap: boolean; minNeeded: number; capacityWatts: number; inputVoltage: 'AC220V'; rail12vAmps: number };
}

const bootSsds = (): InternalSsd[] => [
  { slot: 'M.2-0', model: 'TWIN-SSD 480GB', capacityBytes: 480_103_981_056 },
  { slot: 'M.2-1', model: 'TWIN-SSD 480GB', capacityBytes: 480_103_981_056 },
];

/** T1: 256 GB, 2 internal SSDs, 6 hot-swap fans N+1, 1+1 hot-swap AC220V PSUs. */
function contracted(model: string, bays: BayCount, architecture: CpuArchitecture, cores: number): NodeInventory {
  return {
    model,
    bays,
    cpu: { architecture, cores, sockets: architecture === 'x86_64' ? 2 : 1 },
    memoryGiB: 256,
    internalSsds: bootSsds(),
    fans: { count: 6, hotSwap: true, minNeeded: 5, maxRpm: 16_000 },
    psus: { count: 2, hotSwap: true, minNeeded: 1, capacityWatts: 1200, inputVoltage: 'AC220V', rail12vAmps: 100 },
  };
}

/** T7: mixed bay counts, performance levels and CPU architectures in one cluster. */
export const NODE_CATALOG = {
  'SN-48X': contracted('TWIN-SN 4U48 x86', 48, 'x86_64', 32),
  'SN-36X': contracted('TWIN-SN 4U36 x86', 36, 'x86_64', 24),
  'SN-24A': contracted('TWIN-SN 2U24 ARM', 24, 'aarch64', 64),
  'SN-48A': contracted('TWIN-SN 4U48 ARM', 48, 'aarch64', 64),
} as const satisfies Record<string, NodeInventory>;

export type CatalogModel = keyof typeof NODE_CATALOG;

export function inventoryFor(model: CatalogModel, changes: Partial<NodeInventory> = {}): NodeInventory {
  const base = NODE_CATALOG[model];
  return structuredClone({ ...base, ...changes });
}
