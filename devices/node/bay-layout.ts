// Slot numbers <-> physical positions on the front (or top-loading) panel.
// Default: a fixed pitch of 12 columns, rows = bays / 12 (48 = 4x12, 36 = 3x12,
// 24 = 2x12), as on top-loading drawers where the column pitch is set by the chassis
// width and only the depth (rows) changes. A front-loading 4U 24-bay (4 rows x 6,
// e.g. Supermicro SC846-style) is expressed by passing { rows: 4, columns: 6 }.
// Slots count from 0, left to right, then top to bottom as seen by the technician.

export interface BayPosition {
  /** 0 = top (or front-most) row */
  row: number;
  /** 0 = leftmost column */
  column: number;
}

export interface BayLayout {
  bays: number;
  rows: number;
  columns: number;
}

export const DEFAULT_COLUMNS = 12;

export function bayLayout(bays: number, override?: { rows: number; columns: number }): BayLayout {
  if (!Number.isInteger(bays) || bays < 1) throw new RangeError(`bay count must be a positive integer, got ${bays}`);
  const columns = override?.columns ?? DEFAULT_COLUMNS;
  const rows = override?.rows ?? Math.ceil(bays / columns);
  if (rows * columns < bays) throw new RangeError(`${rows}x${columns} cannot hold ${bays} bays`);
  if (rows * columns - bays >= columns) throw new RangeError(`${rows}x${columns} leaves a whole row empty for ${bays} bays`);
  return { bays, rows, columns };
}

export function positionOf(layout: BayLayout, slot: number): BayPosition {
  if (!Number.isInteger(slot) || slot < 0 || slot >= layout.bays) throw new RangeError(`no slot ${slot} in a ${layout.bays}-bay node`);
  return { row: Math.floor(slot / layout.columns), column: slot % layout.columns };
}

export function slotAt(layout: BayLayout, pos: BayPosition): number {
  const slot = pos.row * layout.columns + pos.column;
  if (pos.column < 0 || pos.column >= layout.columns || pos.row < 0 || slot >= layout.bays) {
    throw new RangeError(`no bay at row ${pos.row}, column ${pos.column}`);
  }
  return slot;
}

/** The label printed next to the bay, also Redfish's PartLocation.ServiceLabel. */
export function serviceLabel(layout: BayLayout, slot: number): string {
  const p = positionOf(layout, slot);
  return `Slot ${String(slot).padStart(2, '0')} (row ${p.row + 1}, column ${p.column + 1})`;
}
