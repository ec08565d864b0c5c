// The system under test as it ran: the core options that differ from what the core ships
// (history event core.config). A verdict reached on a tuned core says so, since the
// delivered system must then be set the same way for the figure to hold.
import { firstOf, type HistoryEvent } from '../history';

export interface CoreOptionSeen {
  file: string;
  key: string;
  value: string;
  shipped: string | null;
  kind: 'tuning' | 'site';
}

/** The tuning options of the run (null: the history does not say, e.g. written before this was recorded). */
export function coreTuningOf(events: readonly HistoryEvent[]): CoreOptionSeen[] | null {
  const e = firstOf(events, 'core.config');
  return e ? e.options.filter((o) => o.kind === 'tuning') : null;
}

export const fmtOption = (o: CoreOptionSeen) => `${o.key} = ${o.value} (${o.file}; shipped ${o.shipped ?? 'not set'})`;

/** The line a verdict carries when it was reached on a tuned core. */
export function tuningReason(tuning: readonly CoreOptionSeen[] | null): string | null {
  if (!tuning?.length) return null;
  return `reached with core options that differ from the core's shipped defaults: ${tuning.map(fmtOption).join('; ')}`;
}

/** Every part's tuned options, once each (parts may tune differently: each is listed); undefined when no part recorded them. */
export function mergeTuning(parts: readonly (readonly CoreOptionSeen[] | null | undefined)[]): CoreOptionSeen[] | undefined {
  if (parts.every((p) => !p)) return undefined;
  const seen = new Map<string, CoreOptionSeen>();
  for (const o of parts.flatMap((p) => p ?? [])) seen.set(`${o.file}|${o.key}|${o.value}`, o);
  return [...seen.values()];
}
