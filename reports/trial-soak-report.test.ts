// The 试运行报告 of a trial with the soak on the real core: the cover says what was measured,
// the day table lists the seeded faults and the day's checks, and a measured FAIL is a
// problem in the ledger section with its clause.
import { describe, expect, it } from 'vitest';
import { loadProfile, trialRunOf } from '../profile/profile';
import { emptyLedger, ledgerStep, type DayRecord } from '../acceptance/trial/ledger';
import type { TrialSummary } from '../acceptance/trial/summary';
import { renderTrialReport } from './trial-report';

const { profile } = loadProfile('ci');
const day = (d: number, status: 'PASS' | 'FAIL'): DayRecord => ({
  type: 'day',
  day: d,
  virtualDate: `2026-01-0${d}`,
  incidents:
    status === 'FAIL'
      ? [
          {
            id: `d${d}-T6-fail`,
            day: d,
            clause: 'T6',
            kind: 'clause-fail',
            source: 'soak+faults',
            nature: 'measured',
            summary: { zh: `真实存储核心试运行第 ${d} 日：条款 T6 判定不通过`, en: `real core, trial day ${d}: clause T6 FAILED` },
          },
        ]
      : [],
  observations: { 'soak.wallSeconds': 61.5, 'soak.segments': 400, 'soak.lost': 0, 'twins.healthy': 144 },
  parts: [
    { name: 'twins', nature: 'simulated', accel: 86_400 },
    { name: 'soak', nature: 'measured' },
    { name: 'faults', nature: 'measured' },
  ],
  faults: [{ id: `d${d}-crash-1`, atFraction: 0.5, fault: { fault: 'crash', target: 'master', mode: 'power-loss' } }],
  checks: [{ clause: 'T6', status, history: `days/day-00${d}/history.jsonl`, reasons: [] }],
});

describe('trial report with the soak', () => {
  it('shows measured days, faults, checks and a measured problem', () => {
    const days = [day(1, 'PASS'), day(2, 'FAIL')];
    let ledger = emptyLedger({ trialDays: 2, extensionDays: 1, maxDays: 10 });
    for (const d of days) ledger = ledgerStep(ledger, d);
    expect(ledger.status).toBe('running'); // day 2 + Y 1 = day 3
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
      wallSeconds: 123,
      sessions: 1,
      status: ledger.status,
      parts: ['twins', 'soak', 'faults'].map((name) => ({
        name,
        zh: name,
        en: name,
        connected: true,
        nature: name === 'twins' ? 'simulated' : 'measured',
        note: { zh: '', en: '' },
      })),
    } as TrialSummary;
    const zh = renderTrialReport({ trial, ledger, days, smart: null, profile, evidence: null }, 'zh');
    expect(zh).toContain('真实核心（实测）');
    expect(zh).toContain('2 日持续录像写入，注入故障 2 次，实测问题 1 个');
    expect(zh).toContain('元数据服务器 断电');
    expect(zh).toContain('T6：<span class="FAIL">不通过</span>');
    expect(zh).toContain('day-002');
    expect(zh).toContain('条款 T6 判定不通过');
    // the cover gives the nominal acceleration and the one achieved by the journal's wall times
    expect(zh).toContain('名义 86,400 倍（1 个虚拟日 ≈ 1 秒墙钟时间）');
    expect(zh).not.toContain('实际约');
    const pace = { days: 2, wallSeconds: 123, accel: (2 * 86_400) / 123, from: 'day-starts', skippedSessions: 0 } as const;
    const paced = renderTrialReport({ trial, ledger, days, smart: null, profile, evidence: null, pace }, 'zh');
    expect(paced).toContain(
      '实际约 1,405 倍（按试运行日志的墙钟时间：2 个虚拟日用时 123 秒，按各日开始时刻计，不含集群启动等准备时间及各次运行会话的最后一日；真实负载每日至少运行 30 秒并在日终回读校验，故实际慢于名义值）',
    );
    expect(renderTrialReport({ trial, ledger, days, smart: null, profile, evidence: null, pace }, 'en')).toContain(
      'achieved about 1,405x (journal wall times: 2 virtual days in 123 s',
    );
    const en = renderTrialReport({ trial, ledger, days, smart: null, profile, evidence: null }, 'en');
    expect(en).toContain('2 faults injected, 1 measured problems');
    expect(en).toContain('master power-loss');
    // the core's options as the days ran: none recorded (an older journal) is said so
    expect(zh).toContain('与出厂默认值不同的核心参数：</b>本次运行未记录（旧版历史）');
    const fsync = { file: 'mfschunkserver.cfg', key: 'HDD_FSYNC_BEFORE_CLOSE', value: '1', shipped: '0', kind: 'tuning' as const };
    const tunedDays = days.map((d) => ({ ...d, coreTuning: [fsync] }));
    const tuned = renderTrialReport({ trial, ledger, days: tunedDays, smart: null, profile, evidence: null }, 'zh');
    expect(tuned.split('<code>HDD_FSYNC_BEFORE_CLOSE = 1</code>').length - 1).toBe(1);
    expect(tuned).toContain('（mfschunkserver.cfg；出厂值 <code>0</code>）');
  });
});
