import { describe, expect, it } from 'vitest';
import type { Verdict } from '../sim/verdict';
import { compareRuns, parseComparison } from './compare-runs';
import { comparisonHtml, comparisonText } from './compare-page';

const verdict = (clause: string, status: Verdict['status'], value: number | null, reasons: string[] = []): Verdict => ({
  clause,
  scenario: 'selfheal',
  status,
  figures: [{ name: 'longest heal', unit: 's', value, threshold: '<= 60', ok: value !== null && value <= 60, nature: 'measured' }],
  method: { zh: '方法', en: 'method' },
  nature: 'measured',
  reasons,
  evidence: ['history.jsonl'],
});

describe('two runs side by side', () => {
  const a = { label: 'MooseFS 3.0.117', runId: 'run-a', verdicts: [verdict('T6', 'PASS', 42, ['healed']), verdict('T3', 'PASS', 1)] };
  const b = {
    label: 'GlusterFS 10.3',
    runId: 'run-b',
    verdicts: [verdict('T6', 'FAIL', 98, ['master hang back in 98 s']), verdict('T8', 'PASS', 2)],
  };

  it('matches verdicts by clause and scenario, in contract order, with both figures and the reasons where they differ', () => {
    const c = compareRuns(a, b);
    expect(c.rows.map((r) => [r.clause, r.a, r.b, r.same])).toEqual([
      ['T3', 'PASS', null, false],
      ['T6', 'PASS', 'FAIL', false],
      ['T8', null, 'PASS', false],
    ]);
    const t6 = c.rows[1]!;
    expect(t6.figures).toEqual([
      {
        name: 'longest heal',
        unit: 's',
        threshold: '<= 60',
        a: { value: 42, ok: true, nature: 'measured' },
        b: { value: 98, ok: false, nature: 'measured' },
      },
    ]);
    expect(t6.why).toEqual({ a: ['healed'], b: ['master hang back in 98 s'] });
    expect(c.differ).toBe(3);
  });

  it('says nothing differs of one run against itself', () => {
    const c = compareRuns(a, a);
    expect(c.differ).toBe(0);
    expect(c.rows.every((r) => r.why === null)).toBe(true);
  });

  it('refuses a folder with two verdicts of one clause in one scenario (the rows would be ambiguous)', () => {
    expect(() => compareRuns({ ...a, verdicts: [...a.verdicts, verdict('T6', 'FAIL', 1)] }, b)).toThrow(/two verdicts for T6/);
  });

  it('prints and renders the same table: both labels, both statuses, the out-of-bound mark, each side’s reasons', () => {
    const c = compareRuns(a, b);
    const text = comparisonText(c);
    expect(text).toMatch(/T6\s+selfheal\s+PASS\s+FAIL\s+DIFFER/);
    expect(text).toMatch(/longest heal\s+42\s+98!/);
    expect(text).toContain('B: master hang back in 98 s');
    const zh = comparisonHtml(c, 'zh', Date.UTC(2026, 11, 6), 'compare.en.html');
    expect(zh).toContain('GlusterFS 10.3');
    expect(zh).toContain('不通过');
    expect(zh).toContain('（超限）');
    expect(zh).toContain('master hang back in 98 s');
    expect(comparisonHtml(c, 'en', Date.UTC(2026, 11, 6))).toContain('(out of bound)');
  });

  it('a comparison read back from its file is the one written; a file of another shape is refused naming the field', () => {
    const c = compareRuns(a, b);
    expect(parseComparison(JSON.parse(JSON.stringify(c)), 'compare.json')).toEqual(c);
    const bad = JSON.parse(JSON.stringify(c));
    bad.rows[1].b = 'BROKEN';
    expect(() => parseComparison(bad, 'x/compare.json')).toThrow(/x\/compare\.json is not a comparison of two runs: rows\.1\.b/);
  });
});
