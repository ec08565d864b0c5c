import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bayLayout, positionOf, serviceLabel, slotAt } from './bay-layout';

describe('bay layout', () => {
  it('48 = 4x12, 36 = 3x12, 24 = 2x12 by default; 4x6 on request', () => {
    expect(bayLayout(48)).toEqual({ bays: 48, rows: 4, columns: 12 });
    expect(bayLayout(36)).toEqual({ bays: 36, rows: 3, columns: 12 });
    expect(bayLayout(24)).toEqual({ bays: 24, rows: 2, columns: 12 });
    expect(bayLayout(24, { rows: 4, columns: 6 })).toEqual({ bays: 24, rows: 4, columns: 6 });
    expect(() => bayLayout(24, { rows: 2, columns: 6 })).toThrow(RangeError);
  });

  it('labels a slot with its physical row and column', () => {
    const l = bayLayout(48);
    expect(positionOf(l, 13)).toEqual({ row: 1, column: 1 });
    expect(serviceLabel(l, 47)).toBe('Slot 47 (row 4, column 12)');
    expect(() => positionOf(l, 48)).toThrow(RangeError);
    expect(() => slotAt(l, { row: 4, column: 0 })).toThrow(RangeError);
  });

  it('property: slot numbers and physical positions are a bijection for 24/36/48 and custom layouts', () => {
    const layouts = fc.oneof(
      fc.constantFrom(24, 36, 48).map((bays) => bayLayout(bays)),
      fc.constant(bayLayout(24, { rows: 4, columns: 6 })),
    );
    fc.assert(
      fc.property(layouts, (l) => {
        const seen = new Set<string>();
        for (let slot = 0; slot < l.bays; slot++) {
          const p = positionOf(l, slot);
          expect(p.row).toBeLessThan(l.rows);
          expect(p.column).toBeLessThan(l.columns);
          expect(slotAt(l, p)).toBe(slot);
          seen.add(`${p.row},${p.column}`);
        }
        expect(seen.size).toBe(l.bays); // injective, and onto the l.bays positions that exist
        for (let row = 0; row < l.rows; row++) {
          for (let column = 0; column < l.columns; column++) {
            const exists = row * l.columns + column < l.bays;
            if (exists) expect(positionOf(l, slotAt(l, { row, column }))).toEqual({ row, column });
          }
        }
      }),
    );
  });
});
