// `accept trial` end to end without a browser: journal, ledger, trial.json, the 试运行报告
// HTML with the simulated parts named, a sealed folder; and the refusal to guess Y.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyFolder } from '../reports/evidence-manifest';
import { trialCommand, TrialUsageError } from './trial-command';

const out = mkdtempSync(join(tmpdir(), 'accept-trial-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('accept trial', () => {
  it('runs a short trial, writes the report and seals the folder', async () => {
    const r = await trialCommand({ profile: 'ci', days: '3', extensionDays: '2', accel: '1e9', seed: 'trial-124', out, pdf: false, soak: false });
    expect(r.exitCode).toBe(0);
    for (const f of ['journal.jsonl', 'ledger.json', 'trial.json', 'smart-trends.json', 'trial-report.zh.html', 'trial-report.en.html', 'evidence-manifest.json', 'manifest.json']) expect(existsSync(join(r.dir, f))).toBe(true);
    const ledger = JSON.parse(readFileSync(join(r.dir, 'ledger.json'), 'utf8'));
    expect(ledger).toMatchObject({ status: 'completed', daysRun: 4, endDay: 4, problemDays: [2] });
    const zh = readFileSync(join(r.dir, 'trial-report.zh.html'), 'utf8');
    expect(zh).toContain('试运行报告');
    expect(zh).toContain('命令行指定'); // Y came from the command line, not the contract
    expect(zh).toContain('未接入'); // soak and faults are not connected yet
    expect(zh).toContain('仿真');
    expect((await verifyFolder(r.dir)).ok).toBe(true);
  });

  it('refuses to guess the extension Y while the contract value is to be confirmed', async () => {
    await expect(trialCommand({ profile: 'ci', days: '3', accel: '1e9', out, pdf: false, soak: false })).rejects.toThrow(TrialUsageError);
    await expect(trialCommand({ profile: 'ci', days: '3', accel: '1e9', out, pdf: false, soak: false })).rejects.toThrow(/extension-days/);
  });
});
