// `accept report RUN --compare OTHER`: another core's verdicts appended to the 初验报告 side by
// side, kept in compare.json and sealed with the folder; bad input refused before anything changes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadProfile } from '../profile/profile';
import { verifyFolder } from '../reports/evidence-manifest';
import type { RunSummary } from '../reports/run-summary';
import { writeVerdictsFile } from '../reports/verdicts-file';
import type { Verdict } from '../sim/verdict';
import { reportCommand } from './report-commands';
import { compareCommand } from './compare-command';

const scratch = mkdtempSync(join(tmpdir(), 'accept-report-compare-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const { profile } = loadProfile('ci');

const verdict = (status: Verdict['status'], reason: string): Verdict => ({
  clause: 'T8',
  scenario: 'scaleout',
  status,
  figures: [
    {
      name: 'first chunk on the new node',
      label: { zh: '新节点收到首个数据块', en: 'first chunk on the new node' },
      value: status === 'PASS' ? 4.6 : 71,
      unit: 's',
      threshold: '<= 60',
      ok: status === 'PASS',
      nature: 'measured',
    },
  ],
  method: { zh: '方法', en: 'method' },
  nature: 'measured',
  reasons: [reason],
  evidence: ['history.jsonl'],
});

/** a run folder as `accept run` leaves it, before its reports: run.json and verdicts.json */
function runFolder(name: string, core: string, v: Verdict): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const run: RunSummary = {
    runId: name,
    seed: 's1',
    replay: `npx accept run --seed s1 --core ${core}`,
    profile: { id: 'ci', source: 'profile/profiles/ci.json', project: profile.project },
    scenario: { id: 'scaleout', variant: 'reference', title: { zh: '扩容', en: 'scale-out' } },
    startedAt: Date.UTC(2026, 11, 6),
    finishedAt: Date.UTC(2026, 11, 6) + 60_000,
    topology: {
      goal: 2,
      master: '10.0.0.1',
      nodes: [{ name: 'node1', address: '10.0.0.2', bays: 48, role: 'storage-node', arch: 'x86_64' }],
    },
    workload: { cameras: 12, bitrateMbps: 4, segmentSeconds: 2 },
    versions: { core, coreImage: 'img', harness: '0.1.0', node: '20', docker: '20.10' },
    machine: { cpus: 2, memoryGiB: 24, kernel: '6.1' },
    timings: {},
    segments: { acked: 10, verified: 10, lost: 0 },
    verdicts: [v],
  };
  writeFileSync(join(dir, 'run.json'), JSON.stringify(run));
  writeVerdictsFile(dir, { runId: name, seed: 's1', replay: run.replay, profile: 'ci', scenario: 'scaleout/reference', verdicts: [v] });
  return dir;
}

const report = (dir: string, compare?: string) => reportCommand(dir, { lang: 'both', pdf: false, attach: [], compare });

describe('accept report --compare', () => {
  beforeEach(() => void vi.spyOn(process.stdout, 'write').mockImplementation(() => true));
  afterEach(() => vi.restoreAllMocks());
  const moose = runFolder('run-moosefs', 'MooseFS 3.0.117', verdict('PASS', 'first chunk after 4.6 s'));
  const gluster = runFolder('run-glusterfs', 'GlusterFS 10.3', verdict('FAIL', 'no chunk on the new node within 60 s'));

  it("appends the other core's verdicts to the initial report, keeps compare.json, and seals them with the folder", async () => {
    await report(moose, gluster);
    const zh = readFileSync(join(moose, 'initial-report.zh.html'), 'utf8');
    expect(zh).toContain('附录：与另一存储核心的逐条对照');
    expect(zh).toContain('GlusterFS 10.3');
    expect(zh).toContain('no chunk on the new node within 60 s');
    expect(zh).toContain('新节点收到首个数据块');
    expect(readFileSync(join(moose, 'initial-report.en.html'), 'utf8')).toContain('1 of 1 verdicts differ');
    const c = JSON.parse(readFileSync(join(moose, 'compare.json'), 'utf8'));
    expect(c.rows.map((r: { a: string; b: string }) => [r.a, r.b])).toEqual([['PASS', 'FAIL']]);
    const sealed = await verifyFolder(moose);
    expect(sealed.ok).toBe(true);
    // the comparison is evidence: changed after sealing, the folder no longer verifies
    writeFileSync(join(moose, 'compare.json'), JSON.stringify({ ...c, differ: 0 }));
    expect((await verifyFolder(moose)).ok).toBe(false);
    await expect(report(moose, gluster)).rejects.toThrow(/does not match its manifest, so it is not re-sealed/);
  });

  it('refuses a --compare folder without verdicts.json, and a trial folder, before anything is written', async () => {
    const bare = join(scratch, 'bare');
    mkdirSync(bare);
    const fresh = runFolder('run-fresh', 'MooseFS 3.0.117', verdict('PASS', 'ok'));
    await expect(report(fresh, bare)).rejects.toThrow(/bare: no verdicts\.json \(not a folder of accept run\)/);
    await expect(report(fresh, join(scratch, 'nope'))).rejects.toThrow(/does not exist/);
    expect(existsSync(join(fresh, 'compare.json'))).toBe(false);
    expect(existsSync(join(fresh, 'initial-report.zh.html'))).toBe(false);
    const trial = join(scratch, 'trial');
    mkdirSync(trial);
    writeFileSync(join(trial, 'trial.json'), '{}');
    await expect(report(trial, gluster)).rejects.toThrow(/--compare appends to an initial acceptance report: .* is a trial folder/);
  });

  it("refuses a comparison in a run folder whose side A is another run, and accept compare's --out into a run folder", async () => {
    const other = runFolder('run-other', 'GlusterFS 10.3', verdict('PASS', 'ok'));
    const mine = runFolder('run-mine', 'MooseFS 3.0.117', verdict('PASS', 'ok'));
    expect(() => compareCommand(other, mine, { out: mine })).toThrow(
      /--out .*run-mine is a run folder: .*accept report .* --compare OTHER/,
    );
    // the same file copied in by hand: the report would call the other run 'this report's'
    compareCommand(other, mine, { out: join(scratch, 'cmp') });
    writeFileSync(join(mine, 'compare.json'), readFileSync(join(scratch, 'cmp', 'compare.json')));
    await expect(report(mine)).rejects.toThrow(/compare\.json compares run run-other with run-mine, not this run run-mine/);
  });
});
