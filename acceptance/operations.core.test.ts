// T11, M7, M2, M4 on the real MooseFS core: PASS on the reference; each control must FAIL
// its clause: smart-missing (T11), led-ignored (M7), stale-page (M2), recording-deleted (M4),
// two controls per run (a T11 without grades leaves M7 nothing to judge: INCONCLUSIVE).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadProfile } from '../profile/profile';
import { judge } from './judge';
import { diskReportEvidence } from '../reports/disk-report-evidence';
import { operationsScenario, type OperationsVariant } from '../scenarios/operations';
import { runScenario } from '../sim/runner';
import { readHistory } from '../sim/history';
import { workRoot } from '../lib/paths';
import { coreRunId } from './core-run-id';

async function runOps(variant: OperationsVariant | readonly OperationsVariant[], seed: string) {
  const { profile } = loadProfile('ci');
  // small for a shared 2-core machine: 2 nodes x 24 bays, a short load
  profile.topology.storageNodes = 2;
  profile.topology.baysPerNode = 24;
  profile.topology.baySizeMiB = 512;
  profile.workload.cameras = 4;
  profile.operations.warmupSeconds = 8;
  profile.operations.observeSeconds = 5;
  profile.operations.agingDays = 6;
  profile.operations.minCheckRounds = 6;
  const scenario = operationsScenario(profile, variant);
  const runId = coreRunId('ops', variant);
  const outDir = mkdtempSync(join(tmpdir(), `${runId}-`));
  const rec = await runScenario(scenario, {
    runId,
    seed,
    workDir: join(workRoot(), 'runs', runId),
    outDir,
    image: inject('coreImage'),
    log: () => undefined,
  });
  const events = readHistory(rec.historyPath).events;
  const verdicts = judge(events, profile);
  const by = (c: string) => {
    const v = verdicts.find((x) => x.clause === c);
    if (!v) throw new Error(`no ${c} verdict (${outDir})`);
    return v;
  };
  // one disk's 硬盘体检报告 as a picture, drawn from the saved history as `accept run` does
  const report = await diskReportEvidence(outDir, events);
  if (report?.png) by('T11').evidence.push(report.png);
  // attached, not written as verdicts.json: that name is the checked format-2 file of `accept run` alone
  await allure.feature('T11 M7 M2 M4');
  await allure.attachment('verdicts.json', JSON.stringify(verdicts, null, 2), 'application/json');
  await allure.attachmentPath('history.jsonl', rec.historyPath, { contentType: 'application/x-ndjson' });
  const page = join(outDir, 'evidence', 'ops-page.png');
  if (existsSync(page)) await allure.attachmentPath('ops-page.png', page, { contentType: 'image/png' });
  const reportPng = report?.png ? join(outDir, report.png) : null;
  if (reportPng && existsSync(reportPng))
    await allure.attachmentPath(`disk-health-${report!.node}-${report!.slot}.png`, reportPng, { contentType: 'image/png' });
  return { by, rec, outDir, page, report, reportPng };
}

describe('operations on the real core', () => {
  it('PASSes T11, M7, M2 and M4 on the reference', async () => {
    const { by, outDir, page, report, reportPng } = await runOps('reference', 'ops-ref');
    // each clause's own rules, as the fault references: the background load's thresholds are
    // printed with the verdict and judged by load-thresholds.core.test.ts (a steady-state
    // p(99) of 2365 ms was seen in a fresh-clone run with another core file on the 2 cores)
    for (const c of ['T11', 'M7', 'M2', 'M4'])
      expect(by(c).clauseStatus ?? by(c).status, `${c} (${outDir}): ${by(c).reasons.join('; ')}`).toBe('PASS');
    const bay = by('M2').figures.find((f) => f.name.startsWith('pulled bay'))!;
    expect(bay.value).toBeGreaterThan(0);
    expect(existsSync(page), page).toBe(true);
    expect(report, 'a deep-checked disk to report on').not.toBeNull();
    expect(report?.error, 'disk report').toBeUndefined();
    expect(reportPng && existsSync(reportPng), String(reportPng)).toBe(true);
  });

  // two controls per run, each breaking another part and judged by its own clause
  // (each run holds one vendor API defect at most)
  describe('the SMART-less vendor API and the deleted recording in one run', () => {
    let by: Awaited<ReturnType<typeof runOps>>['by'];
    beforeAll(async () => {
      ({ by } = await runOps(['control:smart-missing', 'control:recording-deleted'], 'ops-ref'));
    });
    it('FAILs T11 when the vendor API omits SMART attributes (control:smart-missing)', () => {
      expect(by('T11').status).toBe('FAIL');
      expect(by('T11').reasons.join(' ')).toMatch(/deep checks lack attributes/);
    });
    it('FAILs M4 when a recording inside the retention period is deleted (control:recording-deleted)', () => {
      expect(by('M4').status).toBe('FAIL');
      expect(by('M4').reasons.join(' ')).toMatch(/recordings inside the retention period are gone/);
    });
    it('leaves M7 INCONCLUSIVE, never PASS: with no disk graded by T11 there is nothing to light', () => {
      expect(by('M7').clauseStatus ?? by('M7').status).toBe('INCONCLUSIVE');
      expect(by('M7').reasons.join(' ')).toMatch(/no disk graded faulty/);
    });
  });

  describe('the LED-ignoring BMC and the stale page in one run', () => {
    let by: Awaited<ReturnType<typeof runOps>>['by'];
    beforeAll(async () => {
      ({ by } = await runOps(['control:led-ignored', 'control:stale-page'], 'ops-ref'));
    });
    it('FAILs M7 when the BMC ignores the locate-LED command (control:led-ignored)', () => {
      expect(by('M7').status).toBe('FAIL');
      expect(by('M7').reasons.join(' ')).toMatch(/locate LED not lit/);
    });
    it('FAILs M2 when the page never updates (control:stale-page)', () => {
      expect(by('M2').status).toBe('FAIL');
      expect(by('M2').reasons.join(' ')).toMatch(/not shown/);
    });
    it('PASSes T11 and M4, which neither breaks', () => {
      for (const c of ['T11', 'M4']) expect(by(c).clauseStatus ?? by(c).status, `${c}: ${by(c).reasons.join('; ')}`).toBe('PASS');
    });
  });
});
