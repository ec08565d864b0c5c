// M7: the slots that need a hand (failed, faulty, sub-healthy, or pulled and not yet
// refilled) with their physical positions, ready for "export faulty slots" and for
// lighting their locate LEDs in one go.
import type { StorageNodeTwin } from './storage-node';

export interface SlotAttention {
  node: string;
  slot: number;
  row: number;
  column: number;
  serviceLabel: string;
  bayState: string;
  grade: string | null;
  serial: string | null;
}

export function slotsNeedingAttention(n: StorageNodeTwin, include: 'faulty' | 'sub-healthy' = 'faulty'): SlotAttention[] {
  return n.bays
    .filter(
      (b) =>
        b.state === 'failed' || b.state === 'pulled' || b.grade === 'faulty' || (include === 'sub-healthy' && b.grade === 'sub-healthy'),
    )
    .map((b) => ({
      node: n.id,
      slot: b.slot,
      row: b.position.row + 1,
      column: b.position.column + 1,
      serviceLabel: b.serviceLabel,
      bayState: b.state,
      grade: b.grade,
      serial: (b.disk ?? b.pulled)?.identity.serial ?? null,
    }));
}

/** One click: light the locate LED of every slot in the list, turn the others off. */
export function lightSlots(n: StorageNodeTwin, slots: readonly number[]): number {
  const wanted = new Set(slots);
  for (const b of n.bays) n.setLocateLed(b.slot, wanted.has(b.slot));
  return wanted.size;
}
