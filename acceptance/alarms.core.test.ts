// M5, M6, M3 with the reference operations stack (Prometheus + Alertmanager from Debian)
// on the real MooseFS core: PASS on the reference, FAIL on each negative control.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import { describe, expect, inject, it } from 'vitest';
import { loadProfile } from './profile';
import { judge } from './judge';
import { alarmsScenario, type AlarmVariant } from '../scenarios/alarms';
import { runScenario } from '../sim/runner';
import { readHistory } from '../sim/history';
import { workRoot } from '../cli/paths';

async function runAlarms(variant: AlarmVariant, seed: string) {
  const { profile } = loadProfile('ci');
  const scenario = alarmsScenario(profile, variant);
  const runId = `alarms-${variant.replace(/^control:/, 'ctl-')}-${Date.now().toString(36)}`;
  const outDir = mkdtempSync(join(tmpdir(), `${runId}-`));
  const rec = await runScenario(scenario, { runId, seed, workDir: join(workRoot(), 'runs', runId), outDir, image: inject('coreImage'), log: () => undefined });
  const verdicts = judge(readHistory(rec.historyPath).events, profile);
  writeFileSync(join(outDir, 'verdicts.json'), JSON.stringify(verdicts, null, 2));
  await allure.epic('运维告警');
  await allure.attachment('verdicts.json', JSON.stringify(verdicts, null, 2), 'application/json');
  await allure.attachmentPath('history.jsonl', rec.historyPath, { contentType: 'application/x-ndjson' });
  const v = (clause: string) => {
    const x = verdicts.find((y) => y.clause === clause);
    if (!x) throw new Error(`no ${clause} verdict`);
    return x;
  };
  return { v, verdicts, outDir };
}

/** M6 failed on merging alone, and only because an unchanged group was sent again (not split, none unnamed). */
function onlyUnchangedResends(m6: { figures: { name: string; ok?: boolean }[]; reasons: string[] }): boolean {
  const failed = m6.figures.filter((f) => f.ok === false);
  const merging = m6.reasons.filter((r) => /arrived as \d+ messages/.test(r));
  return failed.length > 0 && failed.every((f) => f.name.startsWith('merge messages ')) && merging.length > 0 && merging.every((r) => /re-sent \d+ time\(s\) without change$/.test(r));
}

describe('alarms on the real core with the reference operations stack', () => {
  it('PASSes M5, M6 and M3 on the reference stack', async () => {
    let { v, outDir } = await runAlarms('reference', 'alarms-ref');
    if (v('M6').status === 'FAIL' && ['M5', 'M3'].every((c) => v(c).status === 'PASS') && onlyUnchangedResends(v('M6'))) {
      // seen once in a fresh-clone run while another core test shared the 2 cores: Alertmanager
      // re-sent an unchanged merged group; one retry, reported here and in Allure, never hidden
      const first = `${outDir}: ${v('M6').reasons.join('\n')}`;
      process.stderr.write(`alarms reference attempt 1: M6 FAILED on unchanged re-sends only, retrying once:\n${first}\n`);
      await allure.attachment('alarms reference attempt 1 (M6 FAILED, retried)', first, 'text/plain');
      ({ v, outDir } = await runAlarms('reference', 'alarms-ref-retry'));
    }
    for (const c of ['M5', 'M6', 'M3']) expect(v(c).status, `${c} (${outDir}): ${v(c).reasons.join('; ')}`).toBe('PASS');
    const latencies = v('M5').figures.filter((f) => f.name.startsWith('alarm latency'));
    expect(latencies.map((f) => f.name.replace('alarm latency ', '')).sort()).toEqual(['dingtalk', 'email', 'sms', 'webhook', 'wecom']);
    for (const f of latencies) expect(f.value).toBeGreaterThan(0);
    expect(v('M6').figures.find((f) => f.name === 'suppression recorded')?.value).toBe(1);
    expect(v('M6').figures.find((f) => f.name === 'misrouted alarm lines')?.value).toBe(0);
    for (const i of ['webhook', 'email']) expect(v('M6').figures.find((f) => f.name === `notifications delivered ${i}: Alertmanager vs channels`)?.ok, i).toBe(true);
    expect(v('M3').figures.find((f) => f.name === 'warning lead before exhaustion')?.value).toBeGreaterThanOrEqual(10);
  });

  it('FAILs M5 when a channel answers errors (the SMS gateway answers 503)', async () => {
    const { v } = await runAlarms('control:channel-errors', 'alarms-ctl-errors');
    expect(v('M5').status).toBe('FAIL');
    expect(v('M5').reasons.join(' ')).toMatch(/sms: .*refused/);
  });

  it('FAILs M6 with Alertmanager configured without grouping (re-sent every group interval)', async () => {
    const { v } = await runAlarms('control:no-grouping', 'alarms-ctl-nogroup');
    expect(v('M6').status).toBe('FAIL');
    expect(v('M6').reasons.join(' ')).toMatch(/de-duplication: .*received the same alarm/);
    expect(v('M6').reasons.join(' ')).toMatch(/merging: .*arrived as ([2-9]|\d{2,}) messages/);
  });

  it('FAILs M3 without the capacity-trend rule', async () => {
    const { v } = await runAlarms('control:no-capacity-rule', 'alarms-ctl-nocap');
    expect(v('M3').status).toBe('FAIL');
    expect(v('M3').reasons.join(' ')).toMatch(/no capacity warning/);
  });

  it('FAILs M6 classification when Alertmanager routes every severity to every channel (a warning pages SMS)', async () => {
    const { v } = await runAlarms('control:no-severity-routing', 'alarms-ctl-nosev');
    expect(v('M6').status).toBe('FAIL');
    expect(v('M6').reasons.join(' ')).toMatch(/classification: routed to a channel not meant for its severity: .*warning DiskSubHealthy node1 slot 8 at sms/);
  });

  it('FAILs M6 statistics when the relay acknowledges DingTalk messages and drops them', async () => {
    const { v } = await runAlarms('control:relay-drops', 'alarms-ctl-relaydrops');
    expect(v('M6').status).toBe('FAIL');
    expect(v('M6').reasons.join(' ')).toMatch(/statistics: Alertmanager's statistics count \d+ delivered webhook notifications/);
  });

  it('FAILs M6 masking when the maintenance window is declared but no silence applied', async () => {
    const { v } = await runAlarms('control:no-maintenance-silence', 'alarms-ctl-nosilence');
    expect(v('M6').status).toBe('FAIL');
    expect(v('M6').reasons.join(' ')).toMatch(/maintenance window but reached|no suppression of/);
  });
});
