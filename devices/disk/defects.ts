// Media defects put into a twin disk on purpose (a scenario's seeded "grown defects"), kept
// consistent with the degradation model's own bookkeeping: remapped sectors move the disk
// to 'reallocating', unreadable ones to 'scanErrors', and 197 never exceeds what was raised.
import type { DiskState } from './disk-state';

export interface MediaDefect {
  reallocated?: number;
  pending?: number;
  offlineUncorrectable?: number;
}

export function injectMediaDefect(d: DiskState, m: MediaDefect): void {
  const c = d.c;
  c.reallocated += m.reallocated ?? 0;
  c.pending += m.pending ?? 0;
  c.offlineUncorrectable += m.offlineUncorrectable ?? 0;
  d.pendingRaised += m.pending ?? 0;
  d.maxPending = Math.max(d.maxPending, c.pending);
  if ((m.pending ?? 0) > 0 || (m.offlineUncorrectable ?? 0) > 0) d.stage = 'scanErrors';
  else if ((m.reallocated ?? 0) > 0 && d.stage === 'sound') d.stage = 'reallocating';
}
