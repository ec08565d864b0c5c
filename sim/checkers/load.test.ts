import { describe, expect, it } from 'vitest';
import type { EventKind, HistoryEvent } from '../history';
import type { Verdict } from '../verdict';
import { checkLoad, foldLoad } from './load';

let i = 0;
const ev = (kind: EventKind, more: Record<string, unknown> = {}): HistoryEvent =>
  ({ i: i++, wall: 0, mono: i * 10, virt: 0, kind, ...more }) as HistoryEvent;
const threshold = (metric: string, expression: string, ok: boolean, observed: number, unit = 'ms') => ({
  metric,
  expression,
  ok,
  observed,
  abortOnFail: false,
  detail: `${expression.split(/[<>=!]/)[0]}=${observed}${unit}`,
  message: `${metric}: threshold '${expression}' ${ok ? 'ok' : 'failed'}: observed ${expression.split(/[<>=!]/)[0]}=${observed}${unit}`,
});
const summary = (thresholds: ReturnType<typeof threshold>[], more: Record<string, unknown> = {}) =>
  ev('load.summary', {
    name: 'steady',
    passed: thresholds.every((t) => t.ok),
    aborted: null,
    thresholds,
    failures: thresholds.filter((t) => !t.ok).map((t) => t.message),
    recording: { completeness: 0.98, gapCount: 1, totalGapSeconds: 2, worst: { camera: 'cam003', completeness: 0.9 } },
    ...more,
  });
const verdict = (status: Verdict['status']): Verdict => ({
  clause: 'T8',
  scenario: 'scaleout',
  status,
  figures: [],
  method: { zh: '', en: '' },
  nature: 'measured',
  reasons: ['clause reason'],
  evidence: ['history.jsonl'],
});

describe('load checker (thresholds of the background load)', () => {
  it('FAILs on a failed threshold, naming metric, expression and observed value', () => {
    const c = checkLoad([
      ev('load.start', { name: 'steady' }),
      summary([threshold('write_latency{role:camera}', 'p(99)<1', false, 42.5), threshold('write_failed', 'rate==0', true, 0, '')]),
    ]);
    expect(c.status).toBe('FAIL');
    expect(c.reasons).toEqual([
      "负载阈值未通过 / load threshold failed: write_latency{role:camera}: threshold 'p(99)<1' failed: observed p(99)=42.5ms",
    ]);
    expect(c.figures[0]).toMatchObject({
      name: 'load write_latency{role:camera}',
      value: 42.5,
      unit: 'ms',
      threshold: 'p(99)<1',
      ok: false,
    });
    expect(c.figures.at(-1)).toMatchObject({ name: 'load recording completeness (mean of cameras)', value: 98 });
  });

  it('FAILs on a failure the thresholds did not see (writes stuck in a hung mount at the end), each failure said once', () => {
    const stuck = "3 segment writes stuck in the mount at the load's end (a hung client or core)";
    const held = summary([threshold('write_failed', 'rate==0', true, 0, '')], { passed: false, failures: [stuck] });
    const c = checkLoad([ev('load.start', { name: 'steady' }), held]);
    expect(c.status).toBe('FAIL');
    expect(c.reasons).toEqual([`负载未通过 / the load failed: ${stuck}`]);
    const late = threshold('write_latency', 'p(99)<1', false, 30);
    const b = checkLoad([ev('load.start'), summary([late], { failures: [late.message, stuck] })]);
    expect(b.reasons).toHaveLength(2);
    expect(b.reasons[0]).toMatch(/^负载阈值未通过/);
  });

  it('PASSes when every threshold held; FAILs an aborted load; INCONCLUSIVE without a summary or without thresholds; ABSENT without a load', () => {
    expect(checkLoad([ev('load.start'), summary([threshold('write_failed', 'rate==0', true, 0, '')])]).status).toBe('PASS');
    const aborted = checkLoad([
      ev('load.start'),
      summary([threshold('write_failed', 'rate==0', true, 0, '')], {
        passed: false,
        aborted: { reason: 'signal', atMs: 1500, message: 'stopped by the caller: the run failed' },
      }),
    ]);
    expect(aborted.status).toBe('FAIL');
    expect(aborted.reasons[0]).toMatch(/aborted at 1\.5 s: stopped by the caller/);
    expect(checkLoad([ev('load.start', { name: 'steady' })])).toMatchObject({
      status: 'INCONCLUSIVE',
      reasons: [expect.stringMatching(/never recorded its summary/)],
    });
    expect(checkLoad([ev('load.start'), summary([])]).status).toBe('INCONCLUSIVE');
    expect(checkLoad([ev('run.start')]).status).toBe('ABSENT');
  });

  it('folds into a clause verdict: a load FAIL fails it, INCONCLUSIVE downgrades a PASS, MANUAL stays MANUAL', () => {
    const fail = checkLoad([ev('load.start'), summary([threshold('write_latency', 'p(99)<1', false, 30)])]);
    const pass = checkLoad([ev('load.start'), summary([threshold('write_latency', 'p(99)<2000', true, 30)])]);
    const unknown = checkLoad([ev('load.start')]);
    const f = foldLoad(verdict('PASS'), fail);
    expect(f.status).toBe('FAIL');
    expect(f.reasons).toEqual([
      'clause reason',
      expect.stringMatching(/load threshold failed: write_latency: threshold 'p\(99\)<1' failed: observed p\(99\)=30ms/),
    ]);
    expect(f.evidence).toContain('load-summary.json');
    expect(foldLoad(verdict('INCONCLUSIVE'), fail).status).toBe('FAIL');
    expect(foldLoad(verdict('PASS'), pass)).toMatchObject({
      status: 'PASS',
      figures: expect.arrayContaining([expect.objectContaining({ threshold: 'p(99)<2000', ok: true })]),
    });
    expect(foldLoad(verdict('FAIL'), pass).status).toBe('FAIL');
    expect(foldLoad(verdict('PASS'), unknown).status).toBe('INCONCLUSIVE');
    expect(foldLoad(verdict('MANUAL'), fail).status).toBe('MANUAL');
    const absent = checkLoad([]);
    expect(foldLoad(verdict('PASS'), absent)).toEqual(verdict('PASS'));
  });
});
