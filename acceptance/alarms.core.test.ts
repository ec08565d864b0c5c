// M5, M6 and M3 with the reference operations stack (Prometheus + Alertmanager from Debian)
// on the real MooseFS core: PASS on the reference (the controls are in alarms-controls.core.test.ts).
import { describe, expect, it } from 'vitest';
import { runAlarms } from './alarms-run';
import { withReportedRetry } from './reported-retry';

/** M6 failed on merging alone, and only because an unchanged group was sent again (not split, none unnamed). */
function onlyUnchangedResends(m6: { figures: { name: string; ok?: boolean }[]; reasons: string[] }): boolean {
  const failed = m6.figures.filter((f) => f.ok === false);
  const merging = m6.reasons.filter((r) => /arrived as \d+ messages/.test(r));
  return (
    failed.length > 0 &&
    failed.every((f) => f.name.startsWith('merge messages ')) &&
    merging.length > 0 &&
    merging.every((r) => /re-sent \d+ time\(s\) without change$/.test(r))
  );
}

describe('alarms on the real core with the reference operations stack', () => {
  it('PASSes M5, M6 and M3 on the reference stack', async () => {
    // seen once in a fresh-clone run while another core test shared the 2 cores: Alertmanager
    // re-sent an unchanged merged group
    const { v, outDir } = await withReportedRetry(
      'alarms reference',
      (n) => runAlarms('reference', n === 1 ? 'alarms-ref' : 'alarms-ref-retry'),
      (r) =>
        r.v('M6').status === 'FAIL' && ['M5', 'M3'].every((c) => r.v(c).status === 'PASS') && onlyUnchangedResends(r.v('M6'))
          ? `${r.outDir}: M6 FAILED on unchanged re-sends only:\n${r.v('M6').reasons.join('\n')}`
          : null,
    );
    for (const c of ['M5', 'M6', 'M3']) expect(v(c).status, `${c} (${outDir}): ${v(c).reasons.join('; ')}`).toBe('PASS');
    const latencies = v('M5').figures.filter((f) => f.name.startsWith('alarm latency'));
    expect(latencies.map((f) => f.name.replace('alarm latency ', '')).sort()).toEqual(['dingtalk', 'email', 'sms', 'webhook', 'wecom']);
    for (const f of latencies) expect(f.value).toBeGreaterThan(0);
    expect(v('M6').figures.find((f) => f.name === 'suppression recorded')?.value).toBe(1);
    expect(v('M6').figures.find((f) => f.name === 'misrouted alarm lines')?.value).toBe(0);
    for (const i of ['webhook', 'email'])
      expect(v('M6').figures.find((f) => f.name === `notifications delivered ${i}: Alertmanager vs channels`)?.ok, i).toBe(true);
    expect(v('M3').figures.find((f) => f.name === 'warning lead before exhaustion')?.value).toBeGreaterThanOrEqual(10);
  });
});
