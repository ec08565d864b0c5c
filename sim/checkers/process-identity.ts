// The storage process of a node around one fault (core.process, when 'before' and 'after'):
// one reading of 'the node kept running' for every checker that asks it (T3 pulls, T5 I/O
// errors, T9 link losses). A process replaced by its restart policy restarted, whatever the
// core's own counters say afterwards.
import { eventsOf, type EventOf, type HistoryEvent } from '../history';

export type ProcessEvent = EventOf<'core.process'>;

export interface ProcessAround {
  before: ProcessEvent;
  after: ProcessEvent;
  restarted: boolean;
}

/** null when the history lacks either identity (the fault did not complete). */
export function processAround(events: readonly HistoryEvent[], faultId: string): ProcessAround | null {
  const of = eventsOf(events, 'core.process').filter((e) => e.faultId === faultId);
  const before = of.find((e) => e.when === 'before');
  const after = of.find((e) => e.when === 'after');
  if (!before || !after) return null;
  const restarted =
    before.pid !== after.pid ||
    before.startedAt !== after.startedAt ||
    before.restartCount !== after.restartCount ||
    after.running !== true;
  return { before, after, restarted };
}

/** How a restart reads in a reason: pid and restart count before → after. */
export const restartText = (p: ProcessAround) =>
  `pid ${String(p.before.pid)} → ${String(p.after.pid)}, restarts ${String(p.before.restartCount)} → ${String(p.after.restartCount)}`;
