// `accept trial --target` and `accept trial incident add|resolve` on a local folder standing in
// for the delivered storage and twin BMCs with an account, the calendar moved by the test:
// day 1 checked, a problem entered and resolved (refusals on the way), two days later day 2
// journalled unchecked and day 3 checked, and the 试运行报告 saying each of these.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBmc, StorageNodeTwin, inventoryFor, type BmcServer } from '../devices';
import { startMockupBmc } from '../devices/bmc/mockup-server';
import { CONTRACTED_MGMT_SERVER } from '../devices/mgmt-server/inventory';
import { mgmtServerResources } from '../devices/mgmt-server/redfish-mockup';
import { JOURNAL_FILE, readJournal } from '../acceptance/trial/journal';
import { fieldTrialCommand } from './field-trial-command';
import { incidentAdd, incidentResolve, parseWhen } from './incident-command';
import { UsageError } from './inputs';
import { runCli } from './program';
import { trialCommand } from './trial-command';
import { eventsOf, readHistory } from '../sim/history';
import { mountedScratch } from '../lib/test-scratch';
import { finalWithReruns } from './final-command';

const H = 3_600_000;
const PASSWORD = `pw-${process.pid}-${Date.now()}`;
const root = mkdtempSync(join(mountedScratch(), 'accept-field-trial-'));
const servers: BmcServer[] = [];
let target: string;
let mount: string;

beforeAll(async () => {
  const auth = { user: 'admin', password: PASSWORD };
  const twin = new StorageNodeTwin({ id: 'node1', seed: 'field-trial', inventory: inventoryFor('SN-48X') });
  servers.push(await startBmc({ node: twin, auth }));
  servers.push(await startMockupBmc(mgmtServerResources(CONTRACTED_MGMT_SERVER), { auth }));
  process.env.ACCEPT_FT_USER = 'admin';
  process.env.ACCEPT_FT_PASSWORD = PASSWORD;
  const credentials = { userEnv: 'ACCEPT_FT_USER', passwordEnv: 'ACCEPT_FT_PASSWORD' };
  mount = join(root, 'mount');
  mkdirSync(join(mount, 'existing-recordings'), { recursive: true });
  target = join(root, 'target.json');
  writeFileSync(
    target,
    JSON.stringify({
      format: 1,
      name: 'site A',
      mount,
      maxTestMiB: 256,
      core: { kind: 'probe-only' },
      nodes: [{ name: 'node1', bmc: { url: servers[0]!.url, credentials } }],
      managementServer: { bmc: { url: servers[1]!.url, credentials } },
    }),
  );
});
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(root, { recursive: true, force: true });
});

describe('field trial on the command line', () => {
  it('day 1 checked, a problem entered and resolved, day 2 unchecked and day 3 checked, the report saying so', async () => {
    const base = Date.now();
    const out = join(root, 'out');
    const day1 = await fieldTrialCommand({
      target,
      profile: 'ci',
      days: '3',
      extensionDays: '2',
      out,
      pdf: false,
      probeSeconds: '5',
      now: () => base,
    });
    expect(day1.exitCode).toBe(0);
    const dir = day1.dir;
    let j = readJournal(join(dir, JOURNAL_FILE));
    expect(j.days.map((d) => [d.day, !!d.unchecked])).toEqual([[1, false]]);
    const checks = Object.fromEntries(j.days[0]!.checks!.map((c) => [c.clause, c.status]));
    // no disk pulled: T3 stays INCONCLUSIVE; the hardware read through the twins' BMCs; the drives healthy
    expect(checks).toMatchObject({ T3: 'INCONCLUSIVE', T1: 'PASS', disks: 'PASS' });
    expect(j.days[0]!.observations['field.mountTotalBytes']).toBeGreaterThan(0);
    // the test data removed, the site's own recordings untouched
    expect(readdirSync(mount)).toEqual(['existing-recordings']);

    const now = () => base + H;
    const refused = [
      [{ found: new Date(base + 5 * H).toISOString() }, /is in the future/],
      [{ found: new Date(base - 48 * H).toISOString() }, /before the trial's first day/],
      [{ clause: 'X9' }, /--clause X9: not a clause of the contract/],
      [{ found: 'yesterday' }, /--found 'yesterday': 'now', 'yyyy-mm-dd hh:mm'/],
      [{ description: '  ' }, /--description: say what was found/],
    ] as const;
    for (const [o, why] of refused)
      await expect(
        incidentAdd({ trial: dir, found: 'now', clause: 'T3', description: 'camera 7 lost 2 minutes', pdf: false, now, ...o }),
      ).rejects.toThrow(why);
    // through the command line: the subcommand's own --no-pdf (not trial's), the time in Beijing time
    const found = new Date(base + 8 * H).toISOString().slice(0, 16).replace('T', ' ');
    const args = ['trial', 'incident', 'add', '--trial', dir, '--found', found, '--clause', 'T3', '--by', 'qa-wang', '--no-pdf'];
    const code = await runCli(['node', 'accept', ...args, '--description', 'camera 7 lost 2 minutes of recording']);
    expect(code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.pdf'))).toEqual([]);
    const minute = Math.floor(base / 60_000) * 60_000;
    expect(readJournal(join(dir, JOURNAL_FILE)).reported).toMatchObject([{ id: 'r1', day: 1, foundAt: minute, by: 'qa-wang' }]);
    await expect(incidentResolve({ trial: dir, id: 'r9', resolution: 'x', pdf: false, now })).rejects.toThrow(/no such problem .* r1/);
    await expect(
      incidentResolve({ trial: dir, id: 'r1', resolution: 'x', at: new Date(base - H).toISOString(), pdf: false, now }),
    ).rejects.toThrow(/before the problem was found/);
    await incidentResolve({ trial: dir, id: 'r1', resolution: "the NVR's cable reseated", by: 'vendor-li', pdf: false, now });
    await expect(incidentResolve({ trial: dir, id: 'r1', resolution: 'again', pdf: false, now })).rejects.toThrow(
      /resolved on .* by vendor-li/,
    );
    // the ledger counts the entry at once: a problem on day 1, Y = 2
    expect(JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8'))).toMatchObject({ endDay: 3, problemDays: [1] });

    const day3 = await fieldTrialCommand({ target, profile: 'ci', resume: dir, pdf: false, probeSeconds: '5', now: () => base + 48 * H });
    expect(day3.exitCode).toBe(0);
    j = readJournal(join(dir, JOURNAL_FILE));
    expect(j.days.map((d) => [d.day, !!d.unchecked])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    const ledger = JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8'));
    expect([ledger.status, ledger.daysRun]).toEqual(['completed', 3]);
    const zh = readFileSync(join(dir, 'trial-report.zh.html'), 'utf8');
    expect(zh).toContain('试运行期满');
    expect(zh).toContain('人工登记（qa-wang）：camera 7 lost 2 minutes of recording');
    expect(zh).toContain('the NVR&#39;s cable reseated');
    expect(zh).toMatch(/未检查（当日未运行工具/);
    expect(zh).toContain('真实日历日（北京时间）');
    expect(zh).not.toContain('虚拟');
    const en = readFileSync(join(dir, 'trial-report.en.html'), 'utf8');
    expect(en).toMatch(/checked on 2 of 3 days; 1 problems \(0 found by the checks, 1 entered by people\)/);
    // the account's password reached no file of the trial
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.filter((e) => readFileSync(join(e.parentPath, e.name)).includes(PASSWORD)).map((e) => e.name)).toEqual([]);

    // the 终验 of the delivered system: its own probe folders as the initial run and the end-of-trial re-run,
    // never a re-run on a cluster the harness would start
    const probeOf = (day: number) => join(dir, dirname(j.days.find((d) => d.day === day)!.checks![0]!.history!));
    const finalOut = join(root, 'final');
    await expect(
      finalWithReruns({ initial: probeOf(1), trial: dir, rerun: [], rerunNow: true, attach: [], pdf: false, out: finalOut }),
    ).rejects.toThrow(/is a field trial of .*: its end-of-trial re-runs belong on that system/);
    const final = await finalWithReruns({
      initial: probeOf(1),
      trial: dir,
      rerun: [probeOf(3)],
      rerunNow: true,
      attach: [],
      pdf: false,
      out: finalOut,
    });
    const finalZh = readFileSync(join(final.dir, 'final-report.zh.html'), 'utf8');
    expect(finalZh).toContain('现场试运行（交付系统');
    expect(finalZh).toContain('共 3 日，其中检查 2 日');
  }, 120_000);

  it('refuses what a field trial cannot take, before anything runs', async () => {
    const out = join(root, 'refused');
    const base = { target, profile: 'ci', days: '3', extensionDays: '2', out, pdf: false };
    await expect(fieldTrialCommand({ ...base, accel: '100' })).rejects.toThrow(/--accel 100: a field trial .* no acceleration/);
    await expect(fieldTrialCommand({ ...base, core: 'glusterfs' })).rejects.toThrow(/--core glusterfs: a field trial/);
    await expect(fieldTrialCommand({ ...base, soak: false })).rejects.toThrow(/--no-soak: a field trial/);
    await expect(fieldTrialCommand({ ...base, probeSeconds: '2' })).rejects.toThrow(/--probe-seconds 2: whole seconds, 5 to 3600/);
    await expect(fieldTrialCommand({ ...base, timeout: '50' })).rejects.toThrow(/--timeout 50: whole milliseconds, 100 to 600000/);
    await expect(fieldTrialCommand({ ...base, timeout: '5s' })).rejects.toThrow(/--timeout 5s: whole milliseconds/);
    // the reads' timeout is a field trial's: a virtual trial refuses it
    await expect(trialCommand({ profile: 'ci', accel: '100', timeout: '2000', out, pdf: false, soak: false })).rejects.toThrow(
      /--timeout is the field trial's reads of the BMCs and the switch: give --target/,
    );
    expect(existsSync(out)).toBe(false);
    // a virtual trial takes no entries, and is not resumed as a field trial
    const virtual = await trialCommand({ profile: 'ci', days: '1', extensionDays: '1', accel: '1e9', out, pdf: false, soak: false });
    await expect(incidentAdd({ trial: virtual.dir, found: 'now', clause: 'T3', description: 'x', pdf: false })).rejects.toThrow(
      /a trial in virtual days: problems are entered in a field trial/,
    );
    await expect(fieldTrialCommand({ target, profile: 'ci', resume: virtual.dir, pdf: false })).rejects.toThrow(UsageError);
    // a field trial is not resumed in virtual days
    const field = await fieldTrialCommand({ ...base, out: join(root, 'field-once'), probeSeconds: '5', timeout: '1500' });
    // the day probe read the BMCs with the timeout given
    const histories = readdirSync(field.dir, { recursive: true, withFileTypes: true }).filter((e) => e.name === 'history.jsonl');
    const reads = histories.flatMap((h) => eventsOf(readHistory(join(h.parentPath, h.name)).events, 'inventory.redfish'));
    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(reads.map((e) => e.timeoutMs))).toEqual(new Set([1500]));
    await expect(trialCommand({ profile: 'ci', accel: '1', resume: field.dir, pdf: false })).rejects.toThrow(
      /is a field trial of site A: resume it with --target FILE, without --accel/,
    );
    // --dry-run: the plan of a resumed trial two days on, the journal untouched; of a new one, no folder made
    const journalBefore = readFileSync(join(field.dir, JOURNAL_FILE));
    let printed = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => ((printed += s), true)) as typeof process.stdout.write;
    try {
      await fieldTrialCommand({ target, profile: 'ci', resume: field.dir, pdf: false, dryRun: true, now: () => Date.now() + 48 * H });
      await fieldTrialCommand({ ...base, out: join(root, 'dry-out'), dryRun: true });
    } finally {
      process.stdout.write = write;
    }
    expect(printed).toMatch(/today is day 3; 1 days journalled/);
    expect(printed).toMatch(/the trial then ends on day 3 at the earliest/);
    expect(printed).toMatch(/journal days 2 to 2 as unchecked/);
    expect(printed).toMatch(/check day 3: the storage at .*, the field probe below \(30 s of cameras\)/);
    expect(printed).toMatch(/accept probe --dry-run: nothing is read or written/);
    expect(printed).toMatch(/start a field trial in .*dry-out.*: today \(\d{4}-\d{2}-\d{2}, Beijing\) is day 1/);
    expect(readFileSync(join(field.dir, JOURNAL_FILE)).equals(journalBefore)).toBe(true);
    expect(existsSync(join(root, 'dry-out'))).toBe(false);
    // the storage gone from its mount on a later day: that day's problem, not an error of the harness
    renameSync(mount, `${mount}.away`);
    try {
      const day2 = await fieldTrialCommand({
        target,
        profile: 'ci',
        resume: field.dir,
        pdf: false,
        probeSeconds: '5',
        now: () => Date.now() + 24 * H,
      });
      expect(day2.exitCode).toBe(1);
      const d2 = readJournal(join(field.dir, JOURNAL_FILE)).days[1]!;
      expect(d2.checks).toMatchObject([{ clause: 'mount', status: 'FAIL', nature: 'measured' }]);
      expect(d2.incidents.map((i) => [i.id, i.clause, i.nature])).toEqual([['d2-mount-fail', 'P4', 'measured']]);
    } finally {
      renameSync(`${mount}.away`, mount);
    }
    // a target whose mount is not there is refused on day 1, before anything is written
    const gone = join(root, 'gone.json');
    writeFileSync(gone, readFileSync(target, 'utf8').replace(JSON.stringify(mount), JSON.stringify(join(root, 'no-such-mount'))));
    await expect(fieldTrialCommand({ ...base, target: gone, out: join(root, 'gone-out') })).rejects.toThrow(/no-such-mount/);
    expect(existsSync(join(root, 'gone-out'))).toBe(false);
  });

  it('reads times as Beijing time unless they carry their zone', () => {
    const now = () => 0;
    expect(parseWhen('2026-12-08 09:30', '--found', now)).toBe(Date.UTC(2026, 11, 8, 1, 30));
    expect(parseWhen('2026-12-08T09:30:15', '--found', now)).toBe(Date.UTC(2026, 11, 8, 1, 30, 15));
    expect(parseWhen('2026-12-08T09:30Z', '--found', now)).toBe(Date.UTC(2026, 11, 8, 9, 30));
    expect(parseWhen('2026-12-08T09:30+08:00', '--found', now)).toBe(Date.UTC(2026, 11, 8, 1, 30));
    expect(parseWhen('now', '--found', () => 42)).toBe(42);
    expect(parseWhen('2026-12-08T09:30:15.250Z', '--found', now)).toBe(Date.UTC(2026, 11, 8, 9, 30, 15));
    expect(() => parseWhen('2026-12-08', '--found', now)).toThrow(UsageError);
    // a date that does not exist is not rolled into the next month
    expect(() => parseWhen('2026-02-30 10:00', '--found', now)).toThrow(UsageError);
    expect(() => parseWhen('2026-12-08 24:00', '--found', now)).toThrow(UsageError);
    expect(() => parseWhen('Dec 8 2026 Z', '--found', now)).toThrow(UsageError);
  });
});
