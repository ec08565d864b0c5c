// The storage core's name as the run recorded it (topology.up), for figure names and reasons
// that say who did or did not do something; a history without it says 'the core'.
import { firstOf, type HistoryEvent } from '../history';
import type { Bilingual } from '../verdict';

export function coreNameOf(events: readonly HistoryEvent[]): Bilingual {
  const name = firstOf(events, 'topology.up')?.core;
  return name ? { zh: name, en: name } : { zh: '存储核心', en: 'the core' };
}
