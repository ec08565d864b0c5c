// Fault windows as the history records them, for fault-phase tagging of load metrics.
// Generic pair: fault.start {id, fault} ... fault.end {id}. Scale-out (a membership
// fault): scaleout.add {node} ... scaleout.powered {node}. A fault that never ended stays
// open (it lasted to the end of the run). Works live (observe each event as it is
// appended) and after the fact (faultWindowsOf(events)), with the same result.
import { type FaultWindow, type Phase, phaseAt } from './phases';

export interface NamedFaultWindow extends FaultWindow {
  /** what kind of fault: 'disk-pull', 'node-crash', 'scaleout', ... */
  fault: string;
}

/** a history event, or any record shaped like one (tests, the live load) */
type EventLike = { kind: string; mono: number; [field: string]: unknown };

export class FaultTimeline {
  private readonly all: NamedFaultWindow[] = [];
  private readonly open = new Map<string, NamedFaultWindow>();

  observe(e: EventLike): void {
    const start = (id: string, fault: string) => {
      if (this.open.has(id)) return; // a repeated start of a running fault changes nothing
      const w: NamedFaultWindow = { id, fault, startMono: e.mono };
      this.open.set(id, w);
      this.all.push(w);
    };
    const end = (id: string) => {
      const w = this.open.get(id);
      if (!w) return; // an end without a start: nothing to close
      w.endMono = Math.max(e.mono, w.startMono);
      this.open.delete(id);
    };
    switch (e.kind) {
      case 'fault.start':
        if (typeof e.id === 'string') start(e.id, typeof e.fault === 'string' ? e.fault : 'fault');
        break;
      case 'fault.end':
        if (typeof e.id === 'string') end(e.id);
        break;
      case 'scaleout.add':
        start(`scaleout:${String(e.node)}`, 'scaleout');
        break;
      case 'scaleout.powered':
        end(`scaleout:${String(e.node)}`);
        break;
    }
  }

  /** the windows so far, in start order (open ones without endMono) */
  windows(): readonly NamedFaultWindow[] {
    return this.all.map((w) => ({ ...w }));
  }
}

export function faultWindowsOf(events: readonly EventLike[]): NamedFaultWindow[] {
  const t = new FaultTimeline();
  for (const e of events) t.observe(e);
  return [...t.windows()];
}

/**
 * Phase tags for a sample at time t: { phase } before any fault, { phase, fault: id }
 * during or after one. Unlike phaseTags(), 'before' carries no fault id: a live sample
 * cannot know the next fault, and a saved one must read the same.
 */
export function phaseLabel(t: number, windows: readonly FaultWindow[]): { phase: Phase; fault?: string } {
  const p = phaseAt(t, windows);
  return p.phase === 'before' || p.faultId === undefined ? { phase: p.phase } : { phase: p.phase, fault: p.faultId };
}

export interface PhaseInterval {
  phase: Phase;
  fault?: string;
  startMono: number;
  endMono: number;
}

/** [from, to) cut where the phase label changes: before, during f1, after f1, during f2, ... */
export function phaseIntervals(windows: readonly FaultWindow[], from: number, to: number): PhaseInterval[] {
  if (!(to > from)) return [];
  const cuts = new Set<number>([from]);
  for (const w of windows) {
    for (const t of [w.startMono, w.endMono]) if (t !== undefined && t > from && t < to) cuts.add(t);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: PhaseInterval[] = [];
  points.forEach((start, i) => {
    const end = points[i + 1] ?? to;
    const label = phaseLabel(start, windows);
    const last = out[out.length - 1];
    if (last && last.phase === label.phase && last.fault === label.fault) last.endMono = end;
    else out.push({ ...label, startMono: start, endMono: end });
  });
  return out;
}
