// Fault-phase tagging: which side of a fault a sample fell on, so that a metric can be
// read per phase ('write_latency{phase:during}'). Windows are on the run's monotonic ms.
export type Phase = 'before' | 'during' | 'after';

export interface FaultWindow {
  id: string;
  startMono: number;
  /** undefined: the fault has not ended (yet) */
  endMono?: number | undefined;
}

export interface PhaseInfo {
  phase: Phase;
  /** during: the active fault (the latest started if several overlap); after: the latest
   *  ended; before: the next to start; undefined when there are no windows */
  faultId: string | undefined;
}

/**
 * Intervals are half-open [startMono, endMono): at t == startMono the fault is on, at
 * t == endMono it is over. Between two faults a sample is 'after' the first one: the
 * system is still recovering from it, and that is what an 'after' figure should show.
 */
export function phaseAt(t: number, windows: readonly FaultWindow[]): PhaseInfo {
  let during: FaultWindow | undefined;
  let lastEnded: FaultWindow | undefined;
  let next: FaultWindow | undefined;
  for (const w of windows) {
    const end = w.endMono ?? Infinity;
    if (!(end >= w.startMono)) throw new RangeError(`fault window '${w.id}': endMono ${w.endMono} is before startMono ${w.startMono}`);
    if (t >= w.startMono && t < end) {
      if (!during || w.startMono >= during.startMono) during = w;
    } else if (t >= end) {
      if (!lastEnded || end >= (lastEnded.endMono ?? Infinity)) lastEnded = w;
    } else if (!next || w.startMono < next.startMono) {
      next = w;
    }
  }
  if (during) return { phase: 'during', faultId: during.id };
  if (lastEnded) return { phase: 'after', faultId: lastEnded.id };
  return { phase: 'before', faultId: next?.id };
}

/** Tags for a sample: { phase, fault } (fault omitted when there is none). */
export function phaseTags(t: number, windows: readonly FaultWindow[]): Record<string, string> {
  const p = phaseAt(t, windows);
  return p.faultId === undefined ? { phase: p.phase } : { phase: p.phase, fault: p.faultId };
}
