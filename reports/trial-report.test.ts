// The 试运行报告's wording of the ledger: an extension inside the original period leaves the
// end day where it was and the report says so (never '延长至' the same day, never a bare
// '90 → 90' next to a P5 finding); the P5 window stays (p, p + Y] either way.
import { describe, expect, it } from 'vitest';
import { loadProfile, trialRunOf } from '../profile/profile';
import { emptyLedger, ledgerStep, type DayRecord, type Ledger } from '../acceptance/trial/ledger';
import type { TrialSummary } from '../acceptance/trial/summary';
import { conclusionText, renderTrialReport } from './trial-report';

const { profile } = loadProfile('ci');

function trialOf(X: number, Y: number, problemDays: number[]): { ledger: Ledger; days: DayRecord[] } {
  let ledger = emptyLedger({ trialDays: X, extensionDays: Y, maxDays: X + 50 });
  const days: DayRecord[] = [];
  while (ledger.status === 'running') {
    const d = ledger.daysRun + 1;
    const rec: DayRecord = {
      type: 'day',
      day: d,
      virtualDate: '2026-01-01',
      incidents: problemDays.includes(d)
        ? [
            {
              id: `i${d}`,
              day: d,
              clause: 'P4',
              kind: 'disk-faulty',
              source: 'twins',
              nature: 'simulated',
              summary: { zh: `第 ${d} 日的问题`, en: `problem of day ${d}` },
            },
          ]
        : [],
      observations: {},
      parts: [],
    };
    days.push(rec);
    ledger = ledgerStep(ledger, rec);
  }
  return { ledger, days };
}

function render(X: number, Y: number, problemDays: number[], lang: 'zh' | 'en' = 'zh') {
  const { ledger, days } = trialOf(X, Y, problemDays);
  const trial = {
    trialId: 't',
    seed: 's',
    accel: 86_400,
    replay: 'r',
    resume: 'r',
    profile: { id: 'ci', source: 'ci.json', project: profile.project },
    rules: ledger.rules,
    ruleSources: { trialDays: 'command line', extensionDays: 'command line' },
    contract: { trialDays: profile.trial.trialDays, extensionDays: profile.trial.extensionDays },
    incidentRule: trialRunOf(profile),
    fleet: [],
    virtualStartMs: Date.UTC(2026, 0, 1),
    startedAt: 0,
    finishedAt: 0,
    wallSeconds: 1,
    sessions: 1,
    status: ledger.status,
    parts: [{ name: 'twins', zh: '孪生', en: 'twins', connected: true, nature: 'simulated', note: { zh: '', en: '' } }],
  } as TrialSummary;
  return { ledger, html: renderTrialReport({ trial, ledger, days, smart: null, profile, evidence: null }, lang) };
}

describe('试运行报告: extensions and the end day', () => {
  it('a problem whose extension lies inside the period: completed, not extended, and the report says why', () => {
    const { ledger, html } = render(10, 3, [2]);
    expect(ledger).toMatchObject({ status: 'completed', endDay: 10, daysRun: 10 });
    expect(conclusionText(ledger, 'zh')).toContain('各问题自发现之日起 3 日的延长期均在原试运行期内，截止日仍为第 10 日，未延长');
    expect(conclusionText(ledger, 'zh')).not.toContain('延长至');
    expect(conclusionText(ledger, 'en')).toContain('the end stayed on day 10: not extended');
    expect(html).toContain('第 3—5 日');
    expect(html).toContain('第 10 日（不变：延长期在原期限内）');
    expect(html).toContain('“截止日不变”');
    expect(html).not.toMatch(/10 → <b>10/);
  });

  it('a problem near the end moves the end day: 自第 X 日延长至第 d + Y 日', () => {
    const { ledger, html } = render(10, 3, [9]);
    expect(ledger).toMatchObject({ status: 'completed', endDay: 12 });
    expect(conclusionText(ledger, 'zh')).toContain('试运行期自第 10 日延长至第 12 日');
    expect(html).toContain('第 10 日 → <b>第 12 日</b>');
    expect(html).not.toContain('“截止日不变”');
  });

  it('P5 inside an extension that overlaps the original period: the end did not move, the window still counts, and both are said', () => {
    const { ledger, html } = render(90, 5, [10, 12]);
    expect(ledger.status).toBe('termination-right');
    expect(ledger.terminationRight).toMatchObject({ day: 12, insideExtensionOf: 10 });
    const c = conclusionText(ledger, 'zh');
    expect(c).toContain(
      '位于第 10 日问题的延长期内（第 11—15 日；该延长期自发现之日起计算，与原试运行期重叠，截止日未因此推后，但仍计为延长期）',
    );
    expect(html).toContain('在第 10 日问题的延长期内（第 11—15 日）');
    expect(html).toContain('第 90 日（不变：延长期在原期限内）');
    expect(html).not.toMatch(/90 → <b>90/);
    expect(html).toContain('可能与原试运行期重叠'); // the rule's reading, stated once
    const en = render(90, 5, [10, 12], 'en').html;
    expect(en).toContain("inside the extension of day 10's problem (days 11–15)");
    expect(en).toContain('day 90 (unchanged: the extension lies inside it)');
  });
});
