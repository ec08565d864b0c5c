import { describe, expect, it } from 'vitest';
import { recordingReport } from './recording';

const seg = 2000;
// camera a: segments due at 2000, 4000, ..., 20000 (10 segments, window [0, 20000])
const dues = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i * seg);

describe('recording gaps and completeness (录像断点)', () => {
  it('a camera with every segment acknowledged has no gap and completeness 1, in every phase', () => {
    const r = recordingReport({
      schedules: [{ camera: 'cam001', firstDueMono: 2000, lastDueMono: 20000 }],
      acked: dues(2000, 10).map((d) => ({ camera: 'cam001', dueMono: d })),
      segmentMs: seg,
      faults: [{ id: 'pull-1', startMono: 7000, endMono: 9000 }],
    });
    expect(r).toMatchObject({ completeness: 1, gapCount: 0, totalGapSeconds: 0, worst: { camera: 'cam001', completeness: 1 } });
    expect(r.phases.map((p) => [p.phase, p.fault, p.completenessMin, p.longestGapMs])).toEqual([
      ['before', undefined, 1, 0],
      ['during', 'pull-1', 1, 0],
      ['after', 'pull-1', 1, 0],
    ]);
    expect(r.samples.filter((s) => s.metric === 'recording_gaps')).toEqual([]);
  });

  it('missing segments are gaps, tagged with the phase at their start; completeness drops accordingly', () => {
    // cam002 loses the segments due at 8000 and 10000 (the fault) -> gap [6000, 10000]
    const acked = dues(2000, 10).filter((d) => d !== 8000 && d !== 10000);
    const r = recordingReport({
      schedules: [
        { camera: 'cam001', firstDueMono: 2000, lastDueMono: 20000 },
        { camera: 'cam002', firstDueMono: 2000, lastDueMono: 20000 },
      ],
      acked: [...dues(2000, 10).map((d) => ({ camera: 'cam001', dueMono: d })), ...acked.map((d) => ({ camera: 'cam002', dueMono: d }))],
      segmentMs: seg,
      faults: [{ id: 'pull-1', startMono: 6000, endMono: 12000 }],
    });
    const c2 = r.cameras.find((c) => c.camera === 'cam002')!;
    expect(c2.gaps).toEqual([{ startMono: 6000, endMono: 10000, durationMs: 4000, phase: 'during', fault: 'pull-1' }]);
    expect(c2.completeness).toBeCloseTo(16 / 20);
    expect(r.worst).toEqual({ camera: 'cam002', completeness: c2.completeness });
    expect(r.completeness).toBeCloseTo((1 + 0.8) / 2);
    expect(r.totalGapSeconds).toBe(4);
    const during = r.phases.find((p) => p.phase === 'during')!;
    expect(during).toMatchObject({ cameras: 2, completenessMin: 0.333333, longestGapMs: 4000 }); // rounded to 1e-6
    expect(r.samples).toContainEqual({ metric: 'recording_gaps', value: 1, tags: { camera: 'cam002', phase: 'during', fault: 'pull-1' } });
    expect(r.samples).toContainEqual({
      metric: 'recording_longest_gap',
      value: 4000,
      tags: { camera: 'cam002', phase: 'during', fault: 'pull-1' },
    });
    expect(r.samples).toContainEqual({ metric: 'recording_completeness', value: 1, tags: { camera: 'cam002', phase: 'before' } });
  });

  it('a camera that never got a segment acknowledged is one whole-window gap', () => {
    const r = recordingReport({
      schedules: [{ camera: 'cam009', firstDueMono: 5000, lastDueMono: 9000 }],
      acked: [],
      segmentMs: seg,
      faults: [],
    });
    expect(r.cameras[0]).toMatchObject({ completeness: 0, gapSeconds: 6, gaps: [{ startMono: 3000, endMono: 9000 }] });
  });
});
