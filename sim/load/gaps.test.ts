import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AckedSegment, recordingGaps } from './gaps';

describe('recording gaps (录像断点)', () => {
  it('finds the gaps of each camera, tolerating segment-boundary jitter', () => {
    const segments: AckedSegment[] = [
      { camera: 'c1', startMs: 0, endMs: 10_000 },
      { camera: 'c1', startMs: 10_001, endMs: 20_000 }, // 1 ms jitter: tolerated
      { camera: 'c1', startMs: 25_000, endMs: 40_000 }, // 5 s gap
      { camera: 'c2', startMs: 0, endMs: 60_000 }, // clipped to the window
    ];
    const r = recordingGaps({ segments, window: { startMs: 0, endMs: 40_000 }, toleranceMs: 500, cameras: ['c1', 'c2', 'c3'] });
    const [c1, c2, c3] = r.cameras;
    expect(c1).toMatchObject({
      camera: 'c1',
      gaps: [{ startMs: 20_000, endMs: 25_000, durationMs: 5000 }],
      gapSeconds: 5,
      toleratedMs: 1,
      coveredMs: 34_999,
    });
    expect(c1!.completeness).toBeCloseTo(34_999 / 40_000, 12);
    expect(c2).toMatchObject({ gaps: [], completeness: 1 });
    // a camera that recorded nothing has one whole-window gap
    expect(c3).toMatchObject({ gaps: [{ startMs: 0, endMs: 40_000 }], gapSeconds: 40, completeness: 0 });
    expect(r.totalGapSeconds).toBe(45);
  });

  it('a late start and an early end are gaps too; overlapping segments merge', () => {
    const r = recordingGaps({
      segments: [
        { camera: 'c', startMs: 3000, endMs: 6000 },
        { camera: 'c', startMs: 4000, endMs: 8000 },
      ],
      window: { startMs: 0, endMs: 10_000 },
      toleranceMs: 0,
    });
    expect(r.cameras[0]!.gaps.map((g) => [g.startMs, g.endMs])).toEqual([
      [0, 3000],
      [8000, 10_000],
    ]);
  });

  it('rejects reversed segments and windows', () => {
    expect(() =>
      recordingGaps({ segments: [{ camera: 'c', startMs: 5, endMs: 1 }], window: { startMs: 0, endMs: 10 }, toleranceMs: 0 }),
    ).toThrow(/camera 'c' ends \(1\) before it starts \(5\)/);
    expect(() => recordingGaps({ segments: [], window: { startMs: 10, endMs: 0 }, toleranceMs: 0 })).toThrow(/run window/);
  });

  const cameraArb = fc.constantFrom('c1', 'c2', 'c3');
  const inputArb = fc
    .record({
      windowStart: fc.integer({ min: 0, max: 1000 }),
      windowLen: fc.integer({ min: 0, max: 5000 }),
      toleranceMs: fc.integer({ min: 0, max: 300 }),
      raw: fc.array(fc.record({ camera: cameraArb, a: fc.integer({ min: -500, max: 7000 }), len: fc.integer({ min: 0, max: 1500 }) }), {
        maxLength: 40,
      }),
    })
    .map(({ windowStart, windowLen, toleranceMs, raw }) => ({
      window: { startMs: windowStart, endMs: windowStart + windowLen },
      toleranceMs,
      segments: raw.map((s) => ({ camera: s.camera, startMs: s.a, endMs: s.a + s.len })),
    }));

  it('gaps + tolerated + covered == window; with tolerance 0, gaps + covered == window (property)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const windowMs = input.window.endMs - input.window.startMs;
        for (const c of recordingGaps(input).cameras) expect(c.gapMs + c.toleratedMs + c.coveredMs).toBe(windowMs);
        for (const c of recordingGaps({ ...input, toleranceMs: 0 }).cameras) {
          expect(c.toleratedMs).toBe(0);
          expect(c.gapMs + c.coveredMs).toBe(windowMs);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('no gap overlaps a segment; gaps are inside the window, sorted, longer than the tolerance (property)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const c of recordingGaps(input).cameras) {
          let prevEnd = -Infinity;
          for (const g of c.gaps) {
            expect(g.durationMs).toBeGreaterThan(input.toleranceMs);
            expect(g.startMs).toBeGreaterThanOrEqual(Math.max(prevEnd, input.window.startMs));
            expect(g.endMs).toBeLessThanOrEqual(input.window.endMs);
            prevEnd = g.endMs;
            for (const s of input.segments.filter((x) => x.camera === c.camera)) {
              // intersection has no length (a zero-length segment covers nothing)
              expect(Math.max(g.startMs, s.startMs) < Math.min(g.endMs, s.endMs)).toBe(false);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('completeness is in [0, 1], and 1 exactly when the segments cover the window (property)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = recordingGaps(input);
        expect(r.completeness).toBeGreaterThanOrEqual(0);
        expect(r.completeness).toBeLessThanOrEqual(1);
        for (const c of r.cameras) {
          expect(c.completeness).toBeGreaterThanOrEqual(0);
          expect(c.completeness).toBeLessThanOrEqual(1);
          const windowMs = input.window.endMs - input.window.startMs;
          expect(c.completeness === 1).toBe(c.coveredMs === windowMs);
        }
      }),
      { numRuns: 300 },
    );
  });
});
