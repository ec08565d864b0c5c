// A run that ended in an error (its deadline passed on a hung core, the core would not start, a
// step threw) leaves a history of part of what it planned. It is judged on the events up to its
// `run.error`: what the teardown did after (the load aborted, writes cut) is not the core's. What
// was measured stands: a FAIL is a FAIL. A PASS on part of the plan is no conclusion: it becomes
// INCONCLUSIVE, saying why.
import type { HistoryEvent } from '../history';
import type { Verdict } from '../verdict';

/** the events up to and with the first `run.error` (all of them when the run ended), and that error (null: none) */
export function untilRunError(events: readonly HistoryEvent[]): { events: readonly HistoryEvent[]; error: string | null } {
  const at = events.findIndex((e) => e.kind === 'run.error');
  const end = events[at];
  return end?.kind === 'run.error' ? { events: events.slice(0, at + 1), error: end.error } : { events, error: null };
}

export function foldUnfinishedRun(v: Verdict, error: string | null): Verdict {
  if (error === null) return v;
  const why = `the run did not complete: ${error}`;
  if (v.status === 'PASS') return { ...v, status: 'INCONCLUSIVE', clauseStatus: v.clauseStatus ?? v.status, reasons: [why, ...v.reasons] };
  // no conclusion: the error is the first reason why; a FAIL's own reasons come first
  if (v.status === 'INCONCLUSIVE') return { ...v, reasons: [why, ...v.reasons] };
  if (v.status === 'FAIL' || v.status === 'MANUAL') return { ...v, reasons: [...v.reasons, why] };
  return v;
}
