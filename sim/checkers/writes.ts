// Facts about the camera writes, shared by several clause checkers.
import { eventsOf, firstOf, type EventOf, type HistoryEvent } from '../history';

export type WriteEvent = EventOf<'segment.write'>;
export type ReadBackEvent = EventOf<'segment.verify'>;

export const writesOf = (events: readonly HistoryEvent[]) => eventsOf(events, 'segment.write');

/**
 * The read-backs (segment.verify), each held against its acknowledgement: one that found
 * another payload seed than the write acknowledged is corrupt, whatever it said.
 */
export function readBacksOf(events: readonly HistoryEvent[]): ReadBackEvent[] {
  const acked = new Map(
    writesOf(events)
      .filter((w) => w.outcome === 'ok')
      .map((w) => [w.path, w]),
  );
  return eventsOf(events, 'segment.verify').map((v): ReadBackEvent => {
    const seed = acked.get(v.path)?.payloadSeed;
    if (v.outcome !== 'ok' || seed === undefined || v.payloadSeed === seed) return v;
    return { ...v, outcome: 'corrupt', error: `read back payload seed ${v.payloadSeed ?? 'none'}, acknowledged ${seed}` };
  });
}

/**
 * Longest write stall of any camera, in ms: the longest time between two consecutive
 * acknowledgements of the same camera (in steady state it equals the segment length),
 * also counting from the load start to the first ack and from the last ack to the stop.
 */
export function longestStallMs(events: readonly HistoryEvent[], from = -Infinity, to = Infinity): { camera: string | null; ms: number } {
  const start = firstOf(events, 'load.start')?.mono ?? 0;
  const stop = firstOf(events, 'load.stop')?.mono;
  const acksByCam = new Map<string, number[]>();
  for (const w of writesOf(events)) {
    if (w.outcome !== 'ok') continue;
    const list = acksByCam.get(w.camera) ?? [];
    list.push(w.mono);
    acksByCam.set(w.camera, list);
  }
  let worst = { camera: null as string | null, ms: 0 };
  for (const [camera, acks] of acksByCam) {
    const points = [start, ...acks.sort((a, b) => a - b), ...(stop !== undefined ? [stop] : [])];
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      if (b < from || a > to) continue;
      if (b - a > worst.ms) worst = { camera, ms: b - a };
    }
  }
  return worst;
}
