// Redundancy debt (issue 18, item 11): chunks below their goal (endangered, under goal or
// missing, as the master counts them) for longer than a fault may take to heal. A heal is
// every chunk at goal (sim/heal/healed.ts); a span below goal longer than T6's bound is a
// heal that did not come, whether or not a fault of the same day was being watched, so a
// trial day that inherits the debt of the day before is judged on it too.
import { eventsOf, type EventOf, type HistoryEvent } from '../history';
import { belowGoal, excusedMissing, unacknowledgedChunks, type ChunkCounts } from '../heal/healed';
import { pathsByAcknowledgement } from './writes';
import type { Figure } from '../verdict';
import { r1 } from './numbers';

export interface RedundancyOptions {
  /** the longest a span below goal may last (the profile's T6 bound) */
  maxBelowGoalSeconds: number;
  /** seconds the cluster had already been below goal when this history began (the day before) */
  carriedSeconds?: number;
}

export interface BelowGoalSpan {
  /** ms since the history began */
  fromMono: number;
  toMono: number;
  seconds: number;
  /** the span began before this history did */
  carried: boolean;
  /** the span was still open at the last observation */
  open: boolean;
  /** the largest counts seen in the span */
  worst: ChunkCounts;
}

export interface RedundancyResult {
  status: 'PASS' | 'FAIL' | 'INCONCLUSIVE';
  spans: BelowGoalSpan[];
  /** seconds below goal at the last observation (0: at goal), for the next history */
  belowGoalAtEndSeconds: number;
  figures: Figure[];
  reasons: string[];
}

const countsOf = (e: EventOf<'core.health'>): ChunkCounts => ({ missing: e.missing, endangered: e.endangered, undergoal: e.undergoal });
const below = (c: ChunkCounts) => c.missing + c.endangered + c.undergoal > 0;
const worse = (a: ChunkCounts, b: ChunkCounts): ChunkCounts => ({
  missing: Math.max(a.missing, b.missing),
  endangered: Math.max(a.endangered, b.endangered),
  undergoal: Math.max(a.undergoal, b.undergoal),
});

/** Every chunk-health observation in the history (the observer's and the nemesis'), in time order. */
const healthOf = (events: readonly HistoryEvent[]) => eventsOf(events, 'core.health').sort((a, b) => a.mono - b.mono);

/**
 * Chunks missing only in writes never acknowledged, as T6 reads them (sim/heal/healed.ts): each
 * time the nemesis had the core name the files of missing chunks, from the start of the stretch
 * that naming excuses, and until the missing count differs from what it was then (the named
 * chunks may have gone, and a later loss would otherwise hide behind their number). A later
 * naming sees the earlier chunks too and replaces it; one that excuses nothing ends it.
 */
function unacknowledgedMissing(events: readonly HistoryEvent[], health: readonly EventOf<'core.health'>[]): (mono: number) => number {
  const named = eventsOf(events, 'core.files-without-copy')
    .filter((e) => !e.error)
    .sort((a, b) => a.mono - b.mono);
  if (!named.length) return () => 0;
  const paths = pathsByAcknowledgement(events);
  const observed = health.filter((h) => h.when !== 'before');
  const excuses = named.map((n) => {
    const before = health.find((h) => h.faultId === n.faultId && h.when === 'before')?.missing ?? 0;
    const seen = observed.filter((h) => h.mono <= n.mono).map((h) => ({ at: h.mono, missing: h.missing }));
    const e = excusedMissing(before, seen, unacknowledgedChunks(n.files, paths.acknowledged, paths.unacknowledged));
    if (!e) return { from: n.mono, until: Infinity, chunks: 0 };
    const count = seen.at(-1)!.missing;
    const until = observed.find((h) => h.mono > n.mono && h.missing !== count)?.mono ?? Infinity;
    return { from: e.from, until, chunks: e.chunks };
  });
  return (mono) => {
    const x = excuses.filter((e) => e.from <= mono).at(-1);
    return x && mono < x.until ? x.chunks : 0;
  };
}

/** Spans below goal from the chunk-health observations, chunks of writes never acknowledged aside. */
function spansOf(health: readonly EventOf<'core.health'>[], carriedSeconds: number, excused: (mono: number) => number): BelowGoalSpan[] {
  const spans: BelowGoalSpan[] = [];
  let open: { from: number; carried: boolean; worst: ChunkCounts } | null = null;
  health.forEach((e, k) => {
    const counted = countsOf(e);
    const c = { ...counted, missing: Math.max(0, counted.missing - excused(e.mono)) };
    if (below(c)) {
      if (!open) open = { from: e.mono, carried: k === 0 && carriedSeconds > 0, worst: c };
      else open.worst = worse(open.worst, c);
    } else if (open) {
      spans.push(spanOf(open, e.mono, false, carriedSeconds));
      open = null;
    }
  });
  if (open) spans.push(spanOf(open, health[health.length - 1]!.mono, true, carriedSeconds));
  return spans;
}

function spanOf(
  o: { from: number; carried: boolean; worst: ChunkCounts },
  to: number,
  open: boolean,
  carriedSeconds: number,
): BelowGoalSpan {
  return {
    fromMono: o.from,
    toMono: to,
    seconds: r1((to - o.from) / 1000 + (o.carried ? carriedSeconds : 0)),
    carried: o.carried,
    open,
    worst: o.worst,
  };
}

export function checkRedundancy(events: readonly HistoryEvent[], o: RedundancyOptions): RedundancyResult {
  const health = healthOf(events);
  if (!health.length) {
    return {
      status: 'INCONCLUSIVE',
      spans: [],
      belowGoalAtEndSeconds: 0,
      figures: [],
      reasons: ['no chunk-health observation of the core in this history'],
    };
  }
  const spans = spansOf(health, o.carriedSeconds ?? 0, unacknowledgedMissing(events, health));
  const longest = spans.reduce((m, s) => Math.max(m, s.seconds), 0);
  const last = spans[spans.length - 1];
  const belowGoalAtEndSeconds = last?.open ? last.seconds : 0;
  const over = spans.filter((s) => s.seconds > o.maxBelowGoalSeconds);
  const figures: Figure[] = [
    {
      name: 'longest span with chunks below goal (measured)',
      label: { zh: '块副本低于目标的最长持续时间（实测）', en: 'longest span with chunks below goal (measured)' },
      value: longest,
      unit: 's',
      threshold: `<= ${o.maxBelowGoalSeconds}`,
      ok: over.length === 0,
      nature: 'measured',
    },
  ];
  // what was not observed cannot be at goal: the observations must reach the end of the load
  // (or of the history) and leave no hole a whole span past the bound could hide in
  const end = eventsOf(events, 'load.stop')[0]?.mono ?? events.reduce((m, e) => Math.max(m, e.mono), -Infinity);
  const holes = [...health.slice(1).map((e, k) => ({ from: health[k]!.mono, to: e.mono })), { from: health.at(-1)!.mono, to: end }];
  const hole = holes.reduce((m, h) => (h.to - h.from > m.to - m.from ? h : m));
  const holeS = r1(Math.max(0, hole.to - hole.from) / 1000);
  const tailS = r1(Math.max(0, end - health.at(-1)!.mono) / 1000);
  const unsure: string[] = [];
  if (!over.length && last?.open && last.seconds + tailS > o.maxBelowGoalSeconds)
    unsure.push(`chunks were below goal for ${last.seconds} s at the last observation, ${tailS} s before the end, and not observed since`);
  else if (!over.length && holeS > o.maxBelowGoalSeconds)
    unsure.push(`the core's chunk health was not observed for ${holeS} s (longer than the bound ${o.maxBelowGoalSeconds} s)`);
  figures.push({
    name: 'longest time without a chunk-health observation',
    label: { zh: '最长未观测块健康状态时长', en: 'longest time without a chunk-health observation' },
    value: holeS,
    unit: 's',
    threshold: `<= ${o.maxBelowGoalSeconds}`,
    ok: holeS <= o.maxBelowGoalSeconds,
    nature: 'measured',
  });
  const reasons = over.map(
    (s) =>
      `${belowGoal(s.worst)}${s.worst.missing ? `, ${s.worst.missing} missing` : ''} for ${s.seconds} s (bound ${o.maxBelowGoalSeconds} s)` +
      `${s.carried ? ', carried from before this history' : ''}${s.open ? ', still below goal at the last observation' : ''}`,
  );
  if (unsure.length) return { status: 'INCONCLUSIVE', spans, belowGoalAtEndSeconds, figures, reasons: unsure };
  if (over.length === 0)
    reasons.push(
      spans.length
        ? `every span below goal ended within ${o.maxBelowGoalSeconds} s (longest ${longest} s)`
        : 'every chunk at goal at every observation',
    );
  return { status: over.length ? 'FAIL' : 'PASS', spans, belowGoalAtEndSeconds, figures, reasons };
}
