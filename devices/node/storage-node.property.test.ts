import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { inventoryFor, NODE_CATALOG, type CatalogModel } from './inventory';
import { StorageNodeTwin } from './storage-node';

const models = Object.keys(NODE_CATALOG) as CatalogModel[];
const twin = (model: CatalogModel, seed: string) => new StorageNodeTwin({ id: 'p', seed, inventory: inventoryFor(model) });

describe('chassis redundancy (property)', () => {
  it('every single fan failure keeps the node running and raises FanFailed for that fan', () => {
    fc.assert(
      fc.property(fc.constantFrom(...models), fc.nat(5), fc.double({ min: 10, max: 40, noNaN: true }), (model, fan, inlet) => {
        const n = twin(model, 'fan');
        n.inletC = inlet;
        const r = n.failFan(fan);
        expect(r.ok && r.running && !r.powerLost).toBe(true);
        expect(r.events).toHaveLength(1);
        expect(r.events[0]).toMatchObject({ key: 'FanFailed', origin: { kind: 'fan', index: fan } });
        expect(n.fans.filter((f) => f.state === 'ok').every((f) => f.speedPercent > 0)).toBe(true);
      }),
    );
  });

  it('every single PSU failure keeps the node running and raises PowerSupplyFailed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...models), fc.nat(1), (model, psu) => {
        const n = twin(model, 'psu');
        const r = n.failPsu(psu);
        expect(r.ok && r.running && !r.powerLost).toBe(true);
        expect(r.events[0]).toMatchObject({ key: 'PowerSupplyFailed', origin: { kind: 'psu', index: psu } });
        expect(n.powerState).toBe('On');
      }),
    );
  });

  it('both PSUs lost, in either order and whatever else failed before, always means power loss', () => {
    const noise = fc.array(
      fc.oneof(fc.record({ fan: fc.nat(5) }), fc.record({ pull: fc.nat(23) }), fc.record({ hours: fc.integer({ min: 1, max: 48 }) })),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...models), fc.boolean(), noise, (model, reversed, before) => {
        const n = twin(model, 'both');
        for (const op of before) {
          if ('fan' in op) n.failFan(op.fan);
          else if ('pull' in op) n.pullDisk(op.pull);
          else n.advance(op.hours);
        }
        const [first, second] = reversed ? [1, 0] : [0, 1];
        const a = n.failPsu(first);
        expect(a.ok && a.powerLost).toBe(false);
        const b = n.failPsu(second);
        expect(b.ok && b.powerLost && !b.running).toBe(true);
        expect(n.powerState).toBe('Off');
      }),
    );
  });
});
