// Facts about the camera writes, shared by several clause checkers.
import { eventsOf, firstOf, type EventOf, type HistoryEvent } from '../history';
import type { Figure } from '../verdict';

export type WriteEvent = EventOf<'segment.write'>;
export type ReadBackEvent = EventOf<'segment.verify'>;

export const writesOf = (events: readonly HistoryEvent[]) => eventsOf(events, 'segment.write');

/** The recordings' paths by whether their write was acknowledged: failed and stuck writes were not. */
export function pathsByAcknowledgement(events: readonly HistoryEvent[]): { acknowledged: Set<string>; unacknowledged: Set<string> } {
  const acknowledged = new Set<string>();
  const unacknowledged = new Set<string>();
  for (const w of writesOf(events)) (w.outcome === 'ok' ? acknowledged : unacknowledged).add(w.path);
  for (const s of eventsOf(events, 'load.writers-stuck')) for (const p of s.paths) unacknowledged.add(p);
  return { acknowledged, unacknowledged };
}

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

/**
 * Camera segments that never became recordings while `within` holds (by when they began or
 * ended): writes that failed and segments dropped because the camera's
 * writes were still busy. Acknowledged segments are durability's; these never were acknowledged,
 * so only this sees them. One reading of 'the service was not interrupted' for T3, T7, T8, T9 and T10.
 */
export function lostWrites(events: readonly HistoryEvent[], within: (mono: number) => boolean) {
  // a write that started inside and failed after it (a timeout past the window's end) is inside
  return {
    failed: writesOf(events).filter((w) => w.role === 'camera' && w.outcome === 'fail' && (within(w.startMono) || within(w.mono))),
    dropped: eventsOf(events, 'segment.drop').filter((e) => e.role === 'camera' && (within(e.dueMono) || within(e.mono))),
  };
}

/** {@link lostWrites} as a figure (threshold 0) and the reason to FAIL when there are any. */
export function lostWritesFigure(
  events: readonly HistoryEvent[],
  within: (mono: number) => boolean,
  what: { zh: string; en: string },
  during: string,
): { figure: Figure; reason: string | null } {
  const { failed, dropped } = lostWrites(events, within);
  const n = failed.length + dropped.length;
  const figure: Figure = {
    name: `${what.en}: failed or dropped camera segments`,
    label: { zh: `${what.zh}：写入失败或丢弃的录像段`, en: `${what.en}: failed or dropped camera segments` },
    value: n,
    unit: 'segments',
    threshold: '= 0',
    ok: n === 0,
    nature: 'measured',
    note: `${failed.length} failed, ${dropped.length} dropped`,
  };
  const first = [...failed, ...dropped].sort((a, b) => a.mono - b.mono)[0];
  const example = first
    ? `, first ${first.camera} #${first.seq}${first.kind === 'segment.write' && first.error ? ` (${first.error})` : ''}`
    : '';
  return {
    figure,
    reason: n ? `${failed.length} segment writes failed and ${dropped.length} camera segments were dropped ${during}${example}` : null,
  };
}
