// `accept trial` end to end without a browser: journal, ledger, trial.json, the 试运行报告
// HTML with the simulated parts named, a sealed folder; the refusal to guess Y; and
// `--resume FOLDER` after a kill giving the same ledger as an uninterrupted trial.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyFolder } from '../reports/evidence-manifest';
import { trialCommand, TrialUsageError } from './trial-command';
import { loadProfile, trialDayWorstSeconds } from '../profile/profile';

const out = mkdtempSync(join(tmpdir(), 'accept-trial-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('accept trial', () => {
  it('runs a short trial, writes the report and seals the folder', async () => {
    const r = await trialCommand({
      profile: 'ci',
      days: '3',
      extensionDays: '2',
      accel: '1e9',
      seed: 'trial-124',
      out,
      pdf: false,
      soak: false,
    });
    expect(r.exitCode).toBe(0);
    for (const f of [
      'journal.jsonl',
      'ledger.json',
      'trial.json',
      'smart-trends.json',
      'trial-report.zh.html',
      'trial-report.en.html',
      'evidence-manifest.json',
      'manifest.json',
    ])
      expect(existsSync(join(r.dir, f))).toBe(true);
    const ledger = JSON.parse(readFileSync(join(r.dir, 'ledger.json'), 'utf8'));
    expect(ledger).toMatchObject({ status: 'completed', daysRun: 4, endDay: 4, problemDays: [2] });
    const zh = readFileSync(join(r.dir, 'trial-report.zh.html'), 'utf8');
    expect(zh).toContain('试运行报告');
    expect(zh).toContain('命令行指定'); // Y came from the command line, not the contract
    expect(zh).toContain('未接入'); // --no-soak: the soak and fault parts are listed as not connected
    expect(zh).toContain('仿真');
    expect(zh).toContain('名义 1,000,000,000 倍');
    expect(zh).toMatch(/实际约 [\d,]+ 倍（按试运行日志的墙钟时间：3 个虚拟日用时|实际倍数无法测得/);
    expect((await verifyFolder(r.dir)).ok).toBe(true);
  });

  it('--resume FOLDER after a kill (journal cut after day k) ends with the ledger and day records of the uninterrupted trial', async () => {
    const base = { profile: 'ci', days: '3', extensionDays: '2', accel: '1e9', seed: 'trial-124', pdf: false, soak: false } as const;
    const straight = await trialCommand({ ...base, out: join(out, 'straight') });
    const reference = readFileSync(join(straight.dir, 'ledger.json'), 'utf8');
    const lines = readFileSync(join(straight.dir, 'journal.jsonl'), 'utf8').split('\n');
    const dayLines = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('{"type":"day"'))
        .join('\n');
    const days = lines.filter((l) => l.startsWith('{"type":"day"')).length;
    expect(days).toBe(4);
    expect(JSON.parse(reference).problemDays).toEqual([2]);
    for (let k = 1; k < days; k++) {
      // what a killed `accept trial` leaves: the header, its start, k days; no stop, no ledger of the end, no reports
      const dir = join(out, `killed-${k}`);
      cpSync(straight.dir, dir, { recursive: true });
      for (const f of [
        'ledger.json',
        'trial.json',
        'smart-trends.json',
        'trial-report.zh.html',
        'trial-report.en.html',
        'evidence-manifest.json',
        'manifest.json',
      ])
        rmSync(join(dir, f));
      const dayK = lines.map((l, i) => (l.startsWith('{"type":"day"') ? i : -1)).filter((i) => i >= 0)[k - 1]!;
      writeFileSync(join(dir, 'journal.jsonl'), lines.slice(0, dayK + 1).join('\n') + '\n');
      const resumed = await trialCommand({ profile: 'ci', accel: '1e9', resume: dir, pdf: false });
      expect(resumed.exitCode).toBe(straight.exitCode);
      expect(readFileSync(join(dir, 'ledger.json'), 'utf8')).toBe(reference);
      expect(dayLines(readFileSync(join(dir, 'journal.jsonl'), 'utf8'))).toBe(dayLines(lines.join('\n')));
      expect(readFileSync(join(dir, 'smart-trends.json'), 'utf8')).toBe(readFileSync(join(straight.dir, 'smart-trends.json'), 'utf8'));
      const summary = JSON.parse(readFileSync(join(dir, 'trial.json'), 'utf8'));
      expect(summary).toMatchObject({ sessions: 2, seed: 'trial-124', status: 'completed' });
      expect(summary.parts.find((p: { name: string }) => p.name === 'soak').connected).toBe(false); // the journal's header decides, not a flag
      expect((await verifyFolder(dir)).ok).toBe(true);
    }
  });

  it("refuses a soak whose run.deadlineMinutes is not above a soak day's worst case, before anything starts", async () => {
    const { profile } = loadProfile('ci');
    profile.run.deadlineMinutes = 20;
    const file = join(out, 'short-deadline.json');
    writeFileSync(file, JSON.stringify(profile));
    const trial = trialCommand({ profile: file, days: '2', extensionDays: '1', accel: '8640', out, pdf: false, soak: true });
    await expect(trial).rejects.toThrow(TrialUsageError);
    await expect(trial).rejects.toThrow(
      /run\.deadlineMinutes 20 is not above a soak day's worst case of 1385 s \(trialRun\.soak\.warmupSeconds \+ maxFaultsPerDay x/,
    );
    // without the soak, nothing is stopped at a deadline
    expect(trialDayWorstSeconds(profile)).toBe(1385);
  });

  it("--core: refused without a soak, and on --resume when it is not the journal's core (or one this harness cannot start)", async () => {
    const base = { profile: 'ci', days: '2', extensionDays: '1', accel: '1e9', pdf: false } as const;
    await expect(trialCommand({ ...base, out, soak: false, core: 'glusterfs' })).rejects.toThrow(
      /--core glusterfs names the core the soak days start: nothing starts one without the soak/,
    );
    const straight = await trialCommand({ ...base, seed: 'trial-core', out: join(out, 'core'), soak: false });
    const journal = join(straight.dir, 'journal.jsonl');
    const [head, ...rest] = readFileSync(journal, 'utf8').split('\n');
    // a trial without the soak has no core to keep
    await expect(trialCommand({ profile: 'ci', accel: '1e9', resume: straight.dir, pdf: false, core: 'moosefs' })).rejects.toThrow(
      /--core moosefs names the core the soak days start: nothing starts one without the soak/,
    );
    // the header of a soak trial (each refusal comes before anything starts)
    const soakHeader = (core?: string) => ({ ...JSON.parse(head!), steps: ['twins', 'soak'], core });
    for (const [core, flag, why] of [
      ['glusterfs', 'moosefs', /--core moosefs differs from the journal's core glusterfs/],
      [undefined, 'glusterfs', /--core glusterfs differs from the journal's core moosefs/],
      ['vendorfs', undefined, /the journal's core vendorfs is not one this harness can start/],
      ['toString', undefined, /the journal's core toString is not one this harness can start/],
    ] as const) {
      writeFileSync(journal, [JSON.stringify(soakHeader(core)), ...rest].join('\n'));
      await expect(trialCommand({ profile: 'ci', accel: '1e9', resume: straight.dir, pdf: false, core: flag })).rejects.toThrow(why);
    }
  });

  it('refuses to guess the extension Y while the contract value is to be confirmed', async () => {
    await expect(trialCommand({ profile: 'ci', days: '3', accel: '1e9', out, pdf: false, soak: false })).rejects.toThrow(TrialUsageError);
    await expect(trialCommand({ profile: 'ci', days: '3', accel: '1e9', out, pdf: false, soak: false })).rejects.toThrow(/extension-days/);
  });
});
