// Management / operations server twin (M1): inventory only, with a check of each item
// against the contract so that a short-delivered server fails visibly.

export interface MgmtServerInventory {
  model: string;
  cpu: { bits: 64; architecture: 'x86_64' | 'aarch64'; cores: number };
  memoryGiB: number;
  disks: { kind: 'SSD' | 'HDD'; capacityGB: number }[];
  nics: { name: string; speedMbps: number }[];
  psus: { count: number; minNeeded: number; hotSwap: boolean };
}

/** M1: 64-bit CPU with 16 cores, 16 GB, 1 x 480 GB SSD, 2 x GE, 1+1 redundant PSU. */
export const CONTRACTED_MGMT_SERVER: MgmtServerInventory = {
  model: 'TWIN-MS 1U',
  cpu: { bits: 64, architecture: 'x86_64', cores: 16 },
  memoryGiB: 16,
  disks: [{ kind: 'SSD', capacityGB: 480 }],
  nics: [
    { name: 'eth0', speedMbps: 1000 },
    { name: 'eth1', speedMbps: 1000 },
  ],
  psus: { count: 2, minNeeded: 1, hotSwap: true },
};

export interface M1Finding {
  item: string;
  required: string;
  found: string;
  ok: boolean;
}

export function checkM1(inv: MgmtServerInventory): { ok: boolean; findings: M1Finding[] } {
  const ssd480 = inv.disks.filter((d) => d.kind === 'SSD' && d.capacityGB >= 480).length;
  const ge = inv.nics.filter((n) => n.speedMbps >= 1000).length;
  const findings: M1Finding[] = [
    { item: 'cpu.bits', required: '64', found: String(inv.cpu.bits), ok: inv.cpu.bits === 64 },
    { item: 'cpu.cores', required: '>= 16', found: String(inv.cpu.cores), ok: inv.cpu.cores >= 16 },
    { item: 'memory', required: '>= 16 GB', found: `${inv.memoryGiB} GB`, ok: inv.memoryGiB >= 16 },
    { item: 'ssd', required: '>= 1 x 480 GB SSD', found: `${ssd480}`, ok: ssd480 >= 1 },
    { item: 'nics', required: '>= 2 x GE', found: `${ge}`, ok: ge >= 2 },
    {
      item: 'psu',
      required: '1+1 redundant',
      found: `${inv.psus.count} (need ${inv.psus.minNeeded})`,
      ok: inv.psus.count - inv.psus.minNeeded >= 1 && inv.psus.minNeeded >= 1,
    },
  ];
  return { ok: findings.every((f) => f.ok), findings };
}
