// 录像断点 and completeness of the live cameras, from what was scheduled and what the core
// acknowledged. Pure. A camera's window runs from the start of its first scheduled segment
// to the end of its last one (started or dropped): a segment that was dropped, failed or
// never acknowledged leaves its stretch uncovered. Figures are given per fault phase too.
import { phaseIntervals, phaseLabel } from '../load/fault-windows';
import { recordingGaps } from '../load/gaps';
import type { FaultWindow, Phase } from '../load/phases';

export interface CameraSchedule {
  camera: string;
  /** due time (end of the segment) of the first and the last scheduled segment, run mono ms */
  firstDueMono: number;
  lastDueMono: number;
}

export interface AckedCover {
  camera: string;
  /** the segment covers [dueMono - segmentMs, dueMono] */
  dueMono: number;
}

export interface RecordingInput {
  schedules: readonly CameraSchedule[];
  acked: readonly AckedCover[];
  segmentMs: number;
  faults: readonly FaultWindow[];
  /** uncovered stretches up to this long are boundary jitter, not gaps (default 1 ms) */
  toleranceMs?: number;
}

export interface RecordingGap {
  startMono: number;
  endMono: number;
  durationMs: number;
  /** phase at the gap's start: what the camera was going through when recording stopped */
  phase: Phase;
  fault?: string;
}

export interface CameraRecording {
  camera: string;
  window: { startMono: number; endMono: number };
  completeness: number;
  gapSeconds: number;
  gaps: RecordingGap[];
}

export interface PhaseRecording {
  phase: Phase;
  fault?: string;
  cameras: number;
  /** worst camera in this phase */
  completenessMin: number;
  completenessMean: number;
  longestGapMs: number;
}

export interface RecordingSample {
  metric: 'recording_completeness' | 'recording_longest_gap' | 'recording_gaps';
  value: number;
  tags: Record<string, string>;
}

export interface RecordingReport {
  segmentMs: number;
  toleranceMs: number;
  cameras: CameraRecording[];
  /** mean over cameras, whole window */
  completeness: number;
  worst: { camera: string; completeness: number } | null;
  totalGapSeconds: number;
  gapCount: number;
  phases: PhaseRecording[];
  /** metric samples for the load engine: per camera and phase interval (completeness, longest
   *  gap clipped to the phase, 0 when none), and one recording_gaps count per gap */
  samples: RecordingSample[];
}

/** sums of float interval lengths leave 0.9999999...: a fully covered camera reads 1 */
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

const labelTags = (l: { phase: Phase; fault?: string | undefined }): { phase: Phase; fault?: string } =>
  l.fault === undefined ? { phase: l.phase } : { phase: l.phase, fault: l.fault };

export function recordingReport(input: RecordingInput): RecordingReport {
  const { segmentMs, faults } = input;
  const toleranceMs = input.toleranceMs ?? 1;
  const byCamera = new Map<string, AckedCover[]>();
  for (const a of input.acked) byCamera.set(a.camera, [...(byCamera.get(a.camera) ?? []), a]);
  const cameras: CameraRecording[] = [];
  const samples: RecordingSample[] = [];
  const phases = new Map<string, PhaseRecording & { sum: number }>();

  for (const s of [...input.schedules].sort((a, b) => a.camera.localeCompare(b.camera))) {
    const window = { startMs: s.firstDueMono - segmentMs, endMs: s.lastDueMono };
    const segments = (byCamera.get(s.camera) ?? []).map((a) => ({ camera: s.camera, startMs: a.dueMono - segmentMs, endMs: a.dueMono }));
    const whole = recordingGaps({ segments, window, toleranceMs, cameras: [s.camera] }).cameras[0]!;
    const gaps: RecordingGap[] = whole.gaps.map((g) => ({
      startMono: g.startMs,
      endMono: g.endMs,
      durationMs: g.durationMs,
      ...phaseLabel(g.startMs, faults),
    }));
    cameras.push({
      camera: s.camera,
      window: { startMono: window.startMs, endMono: window.endMs },
      completeness: r6(whole.completeness),
      gapSeconds: whole.gapSeconds,
      gaps,
    });
    for (const g of gaps)
      samples.push({ metric: 'recording_gaps', value: 1, tags: { camera: s.camera, ...(labelTags(g) as Record<string, string>) } });

    for (const iv of phaseIntervals(faults, window.startMs, window.endMs)) {
      const r = recordingGaps({ segments, window: { startMs: iv.startMono, endMs: iv.endMono }, toleranceMs, cameras: [s.camera] })
        .cameras[0]!;
      r.completeness = r6(r.completeness);
      const longest = r.gaps.reduce((m, g) => Math.max(m, g.durationMs), 0);
      const tags: Record<string, string> = { camera: s.camera, ...(labelTags(iv) as Record<string, string>) };
      samples.push(
        { metric: 'recording_completeness', value: r.completeness, tags },
        { metric: 'recording_longest_gap', value: longest, tags },
      );
      const key = `${iv.phase}/${iv.fault ?? ''}`;
      const p = phases.get(key) ?? { ...labelTags(iv), cameras: 0, completenessMin: 1, completenessMean: 0, longestGapMs: 0, sum: 0 };
      p.cameras++;
      p.sum += r.completeness;
      p.completenessMin = Math.min(p.completenessMin, r.completeness);
      p.longestGapMs = Math.max(p.longestGapMs, longest);
      phases.set(key, p);
    }
  }
  const worst = cameras.reduce<CameraRecording | null>((w, c) => (!w || c.completeness < w.completeness ? c : w), null);
  return {
    segmentMs,
    toleranceMs,
    cameras,
    completeness: cameras.length === 0 ? 1 : cameras.reduce((a, c) => a + c.completeness, 0) / cameras.length,
    worst: worst ? { camera: worst.camera, completeness: worst.completeness } : null,
    totalGapSeconds: cameras.reduce((a, c) => a + c.gapSeconds, 0),
    gapCount: cameras.reduce((a, c) => a + c.gaps.length, 0),
    phases: [...phases.values()].map(({ sum, ...p }) => ({ ...p, completenessMean: sum / p.cameras })),
    samples,
  };
}
