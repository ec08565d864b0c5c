import { describe, expect, it } from 'vitest';
import { type FaultWindow, phaseAt, phaseTags } from './phases';

const windows: FaultWindow[] = [
  { id: 'disk-pull-1', startMono: 1000, endMono: 2000 },
  { id: 'node-crash-2', startMono: 5000, endMono: 6000 },
];

describe('fault-phase tagging', () => {
  it.each([
    [0, 'before', 'disk-pull-1'],
    [999.999, 'before', 'disk-pull-1'],
    [1000, 'during', 'disk-pull-1'], // start is inclusive
    [1999.999, 'during', 'disk-pull-1'],
    [2000, 'after', 'disk-pull-1'], // end is exclusive
    [4999.999, 'after', 'disk-pull-1'], // between faults: still recovering from the first
    [5000, 'during', 'node-crash-2'],
    [6000, 'after', 'node-crash-2'],
    [1e9, 'after', 'node-crash-2'],
  ])('t=%d is %s %s', (t, phase, faultId) => {
    expect(phaseAt(t, windows)).toEqual({ phase, faultId });
  });

  it('an open window (fault not healed) is during until the end of time', () => {
    expect(phaseAt(1e12, [{ id: 'f', startMono: 10 }])).toEqual({ phase: 'during', faultId: 'f' });
  });

  it('overlapping faults: the latest started is reported', () => {
    const w = [
      { id: 'a', startMono: 0, endMono: 100 },
      { id: 'b', startMono: 50, endMono: 80 },
    ];
    expect(phaseAt(60, w).faultId).toBe('b');
    expect(phaseAt(90, w)).toEqual({ phase: 'during', faultId: 'a' });
    expect(phaseAt(100, w)).toEqual({ phase: 'after', faultId: 'a' });
  });

  it('no windows: before, no fault; a zero-length window is never during', () => {
    expect(phaseAt(5, [])).toEqual({ phase: 'before', faultId: undefined });
    expect(phaseAt(5, [{ id: 'z', startMono: 5, endMono: 5 }])).toEqual({ phase: 'after', faultId: 'z' });
  });

  it('rejects a window that ends before it starts', () => {
    expect(() => phaseAt(0, [{ id: 'bad', startMono: 10, endMono: 5 }])).toThrow(/'bad': endMono 5 is before startMono 10/);
  });

  it('gives sample tags', () => {
    expect(phaseTags(1500, windows)).toEqual({ phase: 'during', fault: 'disk-pull-1' });
    expect(phaseTags(0, [])).toEqual({ phase: 'before' });
  });
});
