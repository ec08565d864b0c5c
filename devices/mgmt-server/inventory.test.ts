import { describe, it, expect } from 'vitest';
import { checkM1, CONTRACTED_MGMT_SERVER, type MgmtServerInventory } from './inventory';

describe('management server inventory (M1)', () => {
  it('the contracted server passes every M1 item', () => {
    const r = checkM1(CONTRACTED_MGMT_SERVER);
    expect(r.ok).toBe(true);
    expect(r.findings.map((f) => f.item)).toEqual(['cpu.bits', 'cpu.cores', 'memory', 'ssd', 'nics', 'psu']);
  });

  const shortfalls: [string, Partial<MgmtServerInventory>][] = [
    ['cpu.cores', { cpu: { bits: 64, architecture: 'x86_64', cores: 8 } }],
    ['memory', { memoryGiB: 8 }],
    ['ssd', { disks: [{ kind: 'HDD', capacityGB: 1000 }] }],
    [
      'nics',
      {
        nics: [
          { name: 'eth0', speedMbps: 1000 },
          { name: 'eth1', speedMbps: 100 },
        ],
      },
    ],
    ['psu', { psus: { count: 1, minNeeded: 1, hotSwap: false } }],
  ];
  for (const [item, change] of shortfalls) {
    it(`a server short on ${item} fails exactly that item`, () => {
      const r = checkM1({ ...CONTRACTED_MGMT_SERVER, ...change });
      expect(r.ok).toBe(false);
      expect(r.findings.filter((f) => !f.ok).map((f) => f.item)).toEqual([item]);
    });
  }
});
