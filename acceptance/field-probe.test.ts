// The field probe on a real local file system standing in for the delivered storage (the
// probe's claims are about the mount, whatever serves it) and twin BMCs with an account:
// intact storage leaves T3 INCONCLUSIVE and the hardware judged; storage that loses what it
// acknowledged FAILs T3; the test data is removed and the password is in no output.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge } from './judge';
import { startBmc, StorageNodeTwin, inventoryFor, type BmcServer } from '../devices';
import { startMockupBmc } from '../devices/bmc/mockup-server';
import { CONTRACTED_MGMT_SERVER } from '../devices/mgmt-server/inventory';
import { mgmtServerResources } from '../devices/mgmt-server/redfish-mockup';
import { switchResources } from '../devices/switch/management-api';
import { SwitchTwin } from '../devices/switch/switch-model';
import { loadProfile } from '../profile/profile';
import { readHistory } from '../sim/history';
import type { VideoLoadSpec } from '../sim/plan/scenario';
import { runProbe, type FieldMachine, type ProbeSpec } from '../sim/field/probe';
import { mountedScratch } from '../lib/test-scratch';

const PASSWORD = `pw-${process.pid}-${Date.now()}`;
const auth = { user: 'admin', password: PASSWORD };
const header = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };
const workload: VideoLoadSpec = {
  name: 'steady',
  cameras: 3,
  bitrateMbps: 4,
  segmentSeconds: 1,
  readEveryMs: 0,
  maxInFlightPerCamera: 2,
  writeBlockBytes: 256 * 1024,
  thresholds: {},
};

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

// each test its own folders and probe: run side by side (one at a time they took 33 s, mostly waiting)
describe.concurrent('field probe of a target it did not start', () => {
  const servers: BmcServer[] = [];
  let machines: FieldMachine[];
  beforeAll(async () => {
    const twin = new StorageNodeTwin({ id: 'node1', seed: 'probe', inventory: inventoryFor('SN-48X') });
    servers.push(await startBmc({ node: twin, auth }));
    servers.push(await startMockupBmc(mgmtServerResources(CONTRACTED_MGMT_SERVER), { auth }));
    servers.push(await startMockupBmc(switchResources(new SwitchTwin({ id: 'sw0', gePorts: 24, tenGePorts: 4 })), { auth }));
    machines = [
      { name: 'node1', role: 'storage-node', url: servers[0]!.url, headers: header },
      { name: 'mgmt', role: 'management-server', url: servers[1]!.url, headers: header },
      { name: 'switch', role: 'switch', url: servers[2]!.url, headers: header },
    ];
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  const spec = (mount: string, outDir: string, o: Partial<ProbeSpec> = {}): ProbeSpec => ({
    runId: 'probe-test',
    seed: 'probe-test',
    outDir,
    clauses: ['T3'],
    target: {
      name: 'test',
      mount,
      readMount: mount,
      testFolder: 'accept-harness-test',
      maxTestBytes: 64 * 2 ** 20,
      core: { kind: 'probe-only' },
    },
    machines,
    workload,
    seconds: 5,
    keepTestData: false,
    verify: { readDeadlineSeconds: 10, maxTotalSeconds: 60, parallel: 2 },
    timeoutMs: 5000,
    pollMs: 2000,
    log: () => undefined,
    ...o,
  });

  it('intact storage: T3 INCONCLUSIVE (no disk pulled) with every segment read back, T1/T2/M1/S1 judged (simulated), the test data removed, the password nowhere', async () => {
    const root = mkdtempSync(join(mountedScratch(), 'probe-'));
    const mount = join(root, 'mount');
    mkdirSync(mount);
    mkdirSync(join(mount, 'recordings-of-the-site')); // what the site already holds: left alone
    // and never read: one of its "recordings" is a named pipe, whose opening blocks until a writer comes, so a probe that opened any would hang
    execFileSync('mkfifo', [join(mount, 'recordings-of-the-site', 'cam07-20261201.mp4')]);
    const out = join(root, 'out');
    mkdirSync(out);
    const r = await runProbe(spec(mount, out));
    expect(r.segments.acked).toBeGreaterThanOrEqual(10);
    expect(r.segments.verified).toBe(r.segments.acked);
    expect(r.testData).toMatchObject({ action: 'removed', files: r.segments.acked });
    expect(readdirSync(mount)).toEqual(['recordings-of-the-site']);
    expect(readdirSync(join(mount, 'recordings-of-the-site'))).toEqual(['cam07-20261201.mp4']);
    const verdicts = judge(readHistory(r.historyPath).events, loadProfile('ci').profile);
    const t3 = verdicts.find((v) => v.clause === 'T3')!;
    expect(t3.status, t3.reasons.join('\n')).toBe('INCONCLUSIVE');
    expect(t3.reasons[0]).toBe('no disk was pulled in this history');
    for (const clause of ['T1', 'T2', 'M1', 'S1']) {
      const v = verdicts.find((x) => x.clause === clause);
      expect(v, clause).toBeDefined();
      expect(v!.status, `${clause}: ${v!.reasons.join(' | ')}`).toBe('PASS');
      expect(v!.nature, clause).toBe('simulated'); // twins say so in their own answers
    }
    // neither the password nor the account as it travels (base64 in the Authorization header)
    const secrets = [PASSWORD, header.authorization.slice('Basic '.length)];
    for (const f of allFiles(out)) for (const x of secrets) expect(readFileSync(f, 'utf8').includes(x), f).toBe(false);
  });

  it('storage that loses what it acknowledged: T3 FAIL naming the lost segments', async () => {
    const root = mkdtempSync(join(mountedScratch(), 'probe-'));
    const mount = join(root, 'mount');
    mkdirSync(mount);
    const out = join(root, 'out');
    mkdirSync(out);
    // the broken storage: a segment a second old loses its content (a cache that never reached the disks)
    const saboteur = setInterval(() => {
      const dir = join(mount, 'accept-harness-test');
      if (!existsSync(dir)) return;
      for (const f of allFiles(dir)) if (Date.now() - statSync(f).mtimeMs > 1000 && statSync(f).size > 0) truncateSync(f, 0);
    }, 100);
    let r;
    try {
      r = await runProbe(spec(mount, out, { keepTestData: true }));
    } finally {
      clearInterval(saboteur);
    }
    expect(r.testData.action).toBe('kept');
    expect(existsSync(r.testDir)).toBe(true);
    const t3 = judge(readHistory(r.historyPath).events, loadProfile('ci').profile).find((v) => v.clause === 'T3')!;
    expect(t3.status, t3.reasons.join('\n')).toBe('FAIL');
    expect(t3.reasons.join('\n')).toMatch(/data lost: \d+ of \d+ acknowledged segments not read back intact/);
  });

  it("--read-existing: the site's recordings hashed before and after; intact ones leave T3 as it was, one the storage damaged meanwhile (size and time kept) FAILs it; the site's own changes are noted, not judged", async () => {
    const setUp = () => {
      const root = mkdtempSync(join(mountedScratch(), 'probe-'));
      const mount = join(root, 'mount');
      const site = join(mount, 'recordings', 'cam07');
      mkdirSync(site, { recursive: true });
      for (let i = 0; i < 4; i++) writeFileSync(join(site, `2026120${i + 1}.mp4`), randomBytes(64 * 1024));
      return { root, mount, site };
    };
    const siteRecordings = { folder: 'recordings', maxBytes: 2 ** 20, fileTimeoutMs: 5000 };
    const t3Of = (r: { historyPath: string }) =>
      judge(readHistory(r.historyPath).events, loadProfile('ci').profile).find((v) => v.clause === 'T3')!;

    const intact = setUp();
    const ok = await runProbe(spec(intact.mount, intact.root, { siteRecordings }));
    const okT3 = t3Of(ok);
    expect(okT3.status, okT3.reasons.join('\n')).toBe('INCONCLUSIVE');
    expect(okT3.figures.find((f) => f.name === "the site's recordings read back unchanged after the run")).toMatchObject({
      value: 4,
      threshold: '= 4',
      ok: true,
    });

    // while the cameras write: one file's bytes changed in place, its size and time put back (a storage corrupting
    // what it held), one removed and one appended to by the site
    const bad = setUp();
    const corrupt = join(bad.site, '20261201.mp4');
    const sabotage = () => {
      const st = statSync(corrupt);
      const fd = openSync(corrupt, 'r+');
      writeSync(fd, Buffer.from('not the recording'), 0, 17, 1000);
      closeSync(fd);
      utimesSync(corrupt, st.atimeMs / 1000, st.mtimeMs / 1000); // seconds with their fraction: a Date would lose the sub-millisecond part
      rmSync(join(bad.site, '20261202.mp4'));
      appendFileSync(join(bad.site, '20261203.mp4'), 'more video');
    };
    // once the site's files were read before the load, while the cameras write
    let saboteur: NodeJS.Timeout | undefined;
    const log = (m: string) => {
      if (m.includes('read whole before the load')) saboteur = setTimeout(sabotage, 500);
    };
    const lost = await runProbe(spec(bad.mount, bad.root, { siteRecordings, log })).finally(() => clearTimeout(saboteur));
    const lostT3 = t3Of(lost);
    expect(lostT3.status, lostT3.reasons.join('\n')).toBe('FAIL');
    expect(lostT3.reasons.join('\n')).toMatch(
      /data lost: 1 of 2 of the site's recordings under recordings no longer read as before the load, their size and time unchanged; e\.g\. cam07\/20261201\.mp4 \(content differs\)/,
    );
    expect(lostT3.reasons.join('\n')).toMatch(
      /of the site's recordings, 1 removed and 1 changed by the site during the run \(not compared\)/,
    );
    // read, never written: the site's files are as the saboteur left them, and nothing else is under the mount
    expect(readdirSync(bad.site).sort()).toEqual(['20261201.mp4', '20261203.mp4', '20261204.mp4']);
    expect(readdirSync(bad.mount)).toEqual(['recordings']);
  });

  it('BMCs and a switch that refuse the account: their clauses are not PASS, and say why', async () => {
    const root = mkdtempSync(join(mountedScratch(), 'probe-'));
    const mount = join(root, 'mount');
    mkdirSync(mount);
    const wrong = { authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` };
    const r = await runProbe(spec(mount, root, { machines: machines.map((m) => ({ ...m, headers: wrong })) }));
    const verdicts = judge(readHistory(r.historyPath).events, loadProfile('ci').profile);
    for (const clause of ['T1', 'T2', 'M1', 'S1']) {
      const v = verdicts.find((x) => x.clause === clause);
      expect(v, clause).toBeDefined();
      expect(v!.status, clause).not.toBe('PASS');
      expect(v!.reasons.join(' '), clause).toMatch(/401|not read|unreadable|could not/i);
    }
  });

  it('stops the cameras before the test data could pass maxTestMiB, whatever is in flight', async () => {
    const root = mkdtempSync(join(mountedScratch(), 'probe-'));
    const mount = join(root, 'mount');
    mkdirSync(mount);
    const max = 6 * 2 ** 20;
    const base = spec(mount, root, { seconds: 60, keepTestData: true });
    const t0 = Date.now();
    const r = await runProbe({ ...base, target: { ...base.target, maxTestBytes: max } });
    expect((Date.now() - t0) / 1000).toBeLessThan(30);
    expect(r.segments.acked).toBeGreaterThan(0);
    expect(r.testData.bytes).toBeGreaterThan(0);
    expect(r.testData.bytes).toBeLessThanOrEqual(max);
  });

  it('refuses a read mount that does not show what the mount wrote, and leaves nothing under the mount', async () => {
    const root = mkdtempSync(join(mountedScratch(), 'probe-'));
    const mount = join(root, 'mount');
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(mount);
    mkdirSync(elsewhere);
    const base = spec(mount, root);
    await expect(runProbe({ ...base, target: { ...base.target, readMount: elsewhere } })).rejects.toThrow(
      /the read mount does not show what the mount wrote/,
    );
    expect(readdirSync(mount)).toEqual([]);
  });

  it('refuses a mount that does not exist before reading or writing anything', async () => {
    const out = mkdtempSync(join(mountedScratch(), 'probe-out-'));
    await expect(runProbe(spec('/nonexistent-mount-of-a-test', out))).rejects.toThrow(/does not exist/);
    expect(readdirSync(out)).toEqual([]);
  });
});
