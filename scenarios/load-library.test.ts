import { describe, expect, it } from 'vitest';
import { loadProfile, parseProfile } from '../profile/profile';
import { parseLoadOptions } from '../sim/load/scenario-schema';
import { parseThresholds } from '../sim/load/thresholds';
import { engineOptions } from '../sim/workload/video-load';
import { LOAD_NAMES, STEADY_DEFAULTS, backgroundLoad, loadSpec } from './load-library';
import { scaleOutScenario } from './scaleout';

describe('load library', () => {
  it.each(LOAD_NAMES)('%s gives valid engine options and thresholds in k6 syntax', (name) => {
    const spec = loadSpec(name);
    expect(spec.name).toBe(name);
    const o = parseLoadOptions(engineOptions(spec));
    expect(Object.values(o.scenarios).filter((s) => s.tags.role === 'camera')).toHaveLength(STEADY_DEFAULTS.cameras);
    expect(parseThresholds(spec.thresholds).length).toBeGreaterThanOrEqual(4);
    expect(spec.thresholds).toMatchObject({
      write_failed: ['rate==0'],
      recording_gaps: ['count==0'],
      'segments_dropped{role:camera}': ['count==0'],
    });
  });

  it('steady is 64 cameras x 4 Mbps in 2 s segments, each segment durable within one segment length', () => {
    const s = loadSpec('steady');
    expect(s).toMatchObject({ cameras: 64, bitrateMbps: 4, segmentSeconds: 2, maxInFlightPerCamera: 2, players: { vus: 1, thinkMs: 500 } });
    expect(s.thresholds['write_latency{role:camera}']).toEqual(['p(99)<2000']);
    expect(s.durationSeconds).toBeUndefined(); // a background load unless told
  });

  it('peak ramps uploads up and down; mixed adds players and downloads; soak runs for hours', () => {
    const peak = loadSpec('peak');
    expect(peak.uploads!.stages.map((st) => st.target)).toEqual([1.6, 1.6, 0]); // 32 segments/s / 4 / 5
    expect(peak.thresholds['write_failed{role:upload}']).toEqual(['rate==0']);
    const mixed = loadSpec('mixed', { segmentSeconds: 4 });
    expect(mixed.players).toEqual({ vus: 4, thinkMs: 500 });
    expect(mixed.downloads).toMatchObject({ vus: 2, iterations: 2 });
    expect(mixed.thresholds['read_latency{op:play}']).toEqual(['p(95)<4000']);
    expect(loadSpec('soak', { soakHours: 72 })).toMatchObject({ durationSeconds: 72 * 3600, segmentSeconds: 10 });
  });

  it('overrides replace a metric key’s thresholds, and [] removes one', () => {
    const s = loadSpec('steady', {
      cameras: 8,
      thresholds: { recording_gaps: [], 'write_latency{role:camera}': ['p(99)<500'], read_latency: ['p(99)<300'] },
    });
    expect(s.cameras).toBe(8);
    expect(s.thresholds.recording_gaps).toBeUndefined();
    expect(s.thresholds['write_latency{role:camera}']).toEqual(['p(99)<500']);
    expect(s.thresholds.read_latency).toEqual(['p(99)<300']);
  });

  it('the background load of a fault scenario: the profile’s cameras, the library entry and thresholds it names', () => {
    const { profile } = loadProfile('ci');
    const bg = backgroundLoad(profile);
    expect(bg).toMatchObject({
      name: 'steady',
      cameras: profile.workload.cameras,
      bitrateMbps: profile.workload.bitrateMbps,
      segmentSeconds: profile.workload.segmentSeconds,
    });
    const custom = parseProfile({
      ...structuredClone(profile),
      load: { background: 'mixed', thresholds: { 'write_latency{role:camera}': ['p(99)<3000'] } },
    });
    const mixed = backgroundLoad(custom);
    expect(mixed.name).toBe('mixed');
    expect(mixed.thresholds['write_latency{role:camera}']).toEqual(['p(99)<3000']);
    expect(scaleOutScenario(custom).workload.name).toBe('mixed');
    expect(() => parseProfile({ ...structuredClone(profile), load: { background: 'burst' } })).toThrow(/load\.background/);
  });
});
