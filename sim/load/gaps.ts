// 录像断点 (recording gaps): the stretches of the run window for which a camera has no
// acknowledged segment. Pure: the input is what the core acknowledged, nothing is re-measured.
export interface AckedSegment {
  camera: string;
  startMs: number;
  endMs: number;
}

export interface Interval {
  startMs: number;
  endMs: number;
}

export interface Gap extends Interval {
  durationMs: number;
}

export interface CameraGaps {
  camera: string;
  /** uncovered stretches longer than the tolerance */
  gaps: Gap[];
  gapMs: number;
  gapSeconds: number;
  /** uncovered stretches not longer than the tolerance (segment-boundary jitter); kept so
   *  that gapMs + toleratedMs + coveredMs == window length always holds */
  toleratedMs: number;
  coveredMs: number;
  /** coveredMs / window length, in [0, 1]; tolerated slivers do not count as covered */
  completeness: number;
}

export interface GapReport {
  window: Interval;
  toleranceMs: number;
  cameras: CameraGaps[];
  totalGapSeconds: number;
  /** mean of the cameras' completeness (1 when there are no cameras) */
  completeness: number;
}

export interface GapInput {
  segments: readonly AckedSegment[];
  window: Interval;
  /** an uncovered stretch counts as a gap only when strictly longer than this */
  toleranceMs: number;
  /** cameras expected to record: one with no segment at all gets a whole-window gap */
  cameras?: readonly string[];
}

export function recordingGaps(input: GapInput): GapReport {
  const { window, toleranceMs } = input;
  if (!(window.endMs >= window.startMs)) throw new RangeError(`run window ends (${window.endMs}) before it starts (${window.startMs})`);
  if (!(toleranceMs >= 0)) throw new RangeError(`tolerance must be >= 0 ms, got ${toleranceMs}`);
  const byCamera = new Map<string, Interval[]>();
  for (const c of input.cameras ?? []) byCamera.set(c, []);
  for (const s of input.segments) {
    if (!(s.endMs >= s.startMs)) throw new RangeError(`segment of camera '${s.camera}' ends (${s.endMs}) before it starts (${s.startMs})`);
    const list = byCamera.get(s.camera) ?? [];
    list.push({ startMs: s.startMs, endMs: s.endMs });
    byCamera.set(s.camera, list);
  }
  const windowMs = window.endMs - window.startMs;
  const cameras = [...byCamera.keys()].sort().map((camera) => {
    const covered = coveredIntervals(byCamera.get(camera) ?? [], window);
    const coveredMs = covered.reduce((a, i) => a + (i.endMs - i.startMs), 0);
    const gaps: Gap[] = [];
    let toleratedMs = 0;
    for (const u of complement(covered, window)) {
      const d = u.endMs - u.startMs;
      if (d > toleranceMs) gaps.push({ ...u, durationMs: d });
      else toleratedMs += d;
    }
    const gapMs = gaps.reduce((a, g) => a + g.durationMs, 0);
    return {
      camera,
      gaps,
      gapMs,
      gapSeconds: gapMs / 1000,
      toleratedMs,
      coveredMs,
      completeness: windowMs === 0 ? 1 : coveredMs / windowMs,
    };
  });
  return {
    window: { ...window },
    toleranceMs,
    cameras,
    totalGapSeconds: cameras.reduce((a, c) => a + c.gapSeconds, 0),
    completeness: cameras.length === 0 ? 1 : cameras.reduce((a, c) => a + c.completeness, 0) / cameras.length,
  };
}

/** Union of the segments clipped to the window, sorted, disjoint; touching segments merge. */
export function coveredIntervals(segments: readonly Interval[], window: Interval): Interval[] {
  const clipped = segments
    .map((s) => ({ startMs: Math.max(s.startMs, window.startMs), endMs: Math.min(s.endMs, window.endMs) }))
    .filter((s) => s.endMs > s.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const s of clipped) {
    const last = out[out.length - 1];
    if (last && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else out.push({ ...s });
  }
  return out;
}

/** The window minus sorted disjoint intervals. */
function complement(covered: readonly Interval[], window: Interval): Interval[] {
  const out: Interval[] = [];
  let cursor = window.startMs;
  for (const c of covered) {
    if (c.startMs > cursor) out.push({ startMs: cursor, endMs: c.startMs });
    cursor = Math.max(cursor, c.endMs);
  }
  if (window.endMs > cursor) out.push({ startMs: cursor, endMs: window.endMs });
  return out;
}
