// Facts about the camera writes, shared by several clause checkers.
import type { HistoryEvent } from '../history';
import type { Figure } from '../verdict';

export interface WriteEvent extends HistoryEvent {
  outcome: 'ok' | 'fail';
  camera: string;
  seq: number;
  path: string;
  startMono: number;
  latencyMs: number;
}

export const writesOf = (events: readonly HistoryEvent[]) => events.filter((e) => e.kind === 'segment.write') as WriteEvent[];

/**
 * Longest write stall of any camera, in ms: the longest time between two consecutive
 * acknowledgements of the same camera (in steady state it equals the segment length),
 * also counting from the load start to the first ack and from the last ack to the stop.
 */
export function longestStallMs(events: readonly HistoryEvent[], from = -Infinity, to = Infinity): { camera: string | null; ms: number } {
  const start = events.find((e) => e.kind === 'load.start')?.mono ?? 0;
  const stop = events.find((e) => e.kind === 'load.stop')?.mono;
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
 * Durability after the run: every acknowledged segment (segment.write ok) read back with
 * equal SHA-256 (segment.verify events). 'unverified' when nothing was verified, or when
 * an acknowledged segment has no read-back at all: never a PASS.
 */
export function durabilityOf(events: readonly HistoryEvent[]): { figure: Figure; outcome: 'intact' | 'lost' | 'unverified'; reason: string | null; verified: number } {
  const verifies = events.filter((e) => e.kind === 'segment.verify') as (HistoryEvent & { outcome: string; path: string })[];
  const lost = verifies.filter((e) => e.outcome !== 'ok');
  const acked = new Set(writesOf(events).filter((w) => w.outcome === 'ok').map((w) => w.path));
  const seen = new Set(verifies.map((v) => v.path));
  const unread = [...acked].filter((p) => !seen.has(p));
  const figure: Figure = {
    name: 'acknowledged segments read back with equal SHA-256',
    label: { zh: '已确认录像段回读 SHA-256 一致', en: 'acknowledged segments read back with equal SHA-256' },
    value: verifies.length - lost.length,
    unit: 'segments',
    threshold: `= ${Math.max(acked.size, verifies.length)}`,
    ok: lost.length === 0 && verifies.length > 0 && unread.length === 0,
    nature: 'measured',
    ...(unread.length ? { note: `${unread.length} acknowledged segments never read back` } : {}),
  };
  if (verifies.length === 0) return { figure, outcome: 'unverified', reason: 'no acknowledged segment was verified', verified: 0 };
  if (lost.length) {
    const examples = lost.slice(0, 3).map((e) => `${String(e.path)} (${String(e.outcome)})`).join(', ');
    return { figure, outcome: 'lost', reason: `${lost.length} acknowledged segments lost or corrupt, e.g. ${examples}`, verified: verifies.length };
  }
  if (unread.length) return { figure, outcome: 'unverified', reason: `${unread.length} of ${acked.size} acknowledged segments were never read back, e.g. ${unread.slice(0, 3).join(', ')}`, verified: verifies.length };
  return { figure, outcome: 'intact', reason: null, verified: verifies.length };
}
