import { describe, it, expect } from 'vitest';
import { inventoryFor } from './inventory';
import { StorageNodeTwin } from './storage-node';
import { lightSlots, slotsNeedingAttention } from './slot-report';

describe('slots needing attention (M7)', () => {
  it('lists failed, faulty and pulled slots with 1-based physical positions, and lights exactly them', () => {
    const n = new StorageNodeTwin({ id: 'n7', seed: 'm7', inventory: inventoryFor('SN-48X') });
    expect(slotsNeedingAttention(n)).toEqual([]);
    n.bay(13).disk!.c.reallocated = 500; // faulty by R3 once regraded
    n.pullDisk(13);
    n.insertDisk(13, 'same');
    n.bay(40).disk!.alive = false;
    n.bay(40).state = 'failed';
    n.pullDisk(2);
    n.bay(30).disk!.c.pending = 1; // sub-healthy
    n.advance(1);
    const list = slotsNeedingAttention(n);
    expect(list.map((s) => [s.slot, s.row, s.column, s.bayState])).toEqual([
      [2, 1, 3, 'pulled'],
      [13, 2, 2, 'present'],
      [40, 4, 5, 'failed'],
    ]);
    expect(slotsNeedingAttention(n, 'sub-healthy').map((s) => s.slot)).toContain(30);
    lightSlots(
      n,
      list.map((s) => s.slot),
    );
    expect(n.bays.filter((b) => b.locateLed).map((b) => b.slot)).toEqual([2, 13, 40]);
  });
});
