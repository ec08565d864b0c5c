import { describe, expect, it } from 'vitest';
import { FaultTimeline, faultWindowsOf, phaseIntervals, phaseLabel } from './fault-windows';

const ev = (kind: string, mono: number, more: Record<string, unknown> = {}) => ({ kind, mono, ...more });

describe('fault windows from the history', () => {
  const events = [
    ev('load.start', 0),
    ev('scaleout.prepare', 900, { node: 'node4' }),
    ev('scaleout.add', 1000, { node: 'node4' }),
    ev('scaleout.powered', 1800, { node: 'node4' }),
    ev('fault.start', 3000, { id: 'pull-1', fault: 'disk-pull' }),
    ev('fault.start', 3100, { id: 'pull-1', fault: 'disk-pull' }), // repeated: ignored
    ev('fault.end', 4000, { id: 'pull-1' }),
    ev('fault.end', 4500, { id: 'never-started' }),
    ev('fault.start', 6000, { id: 'crash-2', fault: 'node-crash' }),
  ];

  it('pairs fault.start/fault.end by id and scaleout.add/powered by node; an unended fault stays open', () => {
    expect(faultWindowsOf(events)).toEqual([
      { id: 'scaleout:node4', fault: 'scaleout', startMono: 1000, endMono: 1800 },
      { id: 'pull-1', fault: 'disk-pull', startMono: 3000, endMono: 4000 },
      { id: 'crash-2', fault: 'node-crash', startMono: 6000 },
    ]);
  });

  it('gives the same windows live, event by event, as after the fact', () => {
    const t = new FaultTimeline();
    events.slice(0, 5).forEach((e) => t.observe(e));
    expect(t.windows().map((w) => [w.id, w.endMono])).toEqual([
      ['scaleout:node4', 1800],
      ['pull-1', undefined],
    ]);
    events.slice(5).forEach((e) => t.observe(e));
    expect(t.windows()).toEqual(faultWindowsOf(events));
  });

  it('labels samples: before carries no fault id, during/after name the fault', () => {
    const w = faultWindowsOf(events);
    expect(phaseLabel(500, w)).toEqual({ phase: 'before' });
    expect(phaseLabel(1000, w)).toEqual({ phase: 'during', fault: 'scaleout:node4' });
    expect(phaseLabel(2000, w)).toEqual({ phase: 'after', fault: 'scaleout:node4' });
    expect(phaseLabel(3500, w)).toEqual({ phase: 'during', fault: 'pull-1' });
    expect(phaseLabel(5000, w)).toEqual({ phase: 'after', fault: 'pull-1' });
    expect(phaseLabel(1e9, w)).toEqual({ phase: 'during', fault: 'crash-2' });
  });

  it('cuts a time range into phase intervals that tile it exactly', () => {
    const w = faultWindowsOf(events);
    const iv = phaseIntervals(w, 200, 7000);
    expect(iv).toEqual([
      { phase: 'before', startMono: 200, endMono: 1000 },
      { phase: 'during', fault: 'scaleout:node4', startMono: 1000, endMono: 1800 },
      { phase: 'after', fault: 'scaleout:node4', startMono: 1800, endMono: 3000 },
      { phase: 'during', fault: 'pull-1', startMono: 3000, endMono: 4000 },
      { phase: 'after', fault: 'pull-1', startMono: 4000, endMono: 6000 },
      { phase: 'during', fault: 'crash-2', startMono: 6000, endMono: 7000 },
    ]);
    expect(phaseIntervals([], 0, 10)).toEqual([{ phase: 'before', startMono: 0, endMono: 10 }]);
    expect(phaseIntervals(w, 10, 10)).toEqual([]);
    // a range inside one fault
    expect(phaseIntervals(w, 3200, 3900)).toEqual([{ phase: 'during', fault: 'pull-1', startMono: 3200, endMono: 3900 }]);
  });
});
