// `accept trial --core glusterfs`: the trial's soak days on the second real core, through the
// command line as a user runs it. One quiet day (its seed draws no fault): the cameras write
// through GlusterFS's FUSE client for the day's slice, every acknowledged segment is read back,
// the load and the redundancy are judged from the day's history; the journal, trial.json and
// the 试运行报告 name the core, and a resume with another core is refused. Whether the day's
// checks PASS is the core's measurements' to say, except what a correct replica-2 core owes on
// a day with no fault: nothing lost, every file at its copies.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trialCommand } from './trial-command';
import { trialSoakShortProfile } from '../acceptance/short-profile';
import { CoreSoakStep, dayFolder } from '../acceptance/trial/soak-step';
import { eventsOf, readHistory } from '../sim/history';
import { JOURNAL_FILE, readJournal } from '../acceptance/trial/journal';

const profile = trialSoakShortProfile();
const planner = new CoreSoakStep({
  profile,
  dir: '',
  trialId: '',
  runId: '',
  workDir: '',
  startCore: () => Promise.reject(new Error('a planner only')),
  image: '',
  log: () => undefined,
  writeDayVerdicts: () => undefined,
});
// a seed whose day 1 draws no fault
const SEED = Array.from({ length: 200 }, (_, i) => `gluster-trial-${i}`).find((s) => planner.plan(s, 1).length === 0)!;

describe('accept trial --core glusterfs', () => {
  it('has a seed whose first day draws no fault', () => expect(SEED).toBeDefined());

  it(`one quiet soak day on GlusterFS, the core named in the journal and the reports (seed ${SEED})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trial-gluster-'));
    const profileFile = join(dir, 'profile.json');
    writeFileSync(profileFile, JSON.stringify(profile));
    const r = await trialCommand({
      profile: profileFile,
      days: '1',
      extensionDays: '1',
      // 1 virtual day = 0.25 wall s: the day's slice is the profile's minimum
      accel: String(86_400 * 4),
      seed: SEED,
      out: join(dir, 'out'),
      pdf: false,
      soak: true,
      core: 'glusterfs',
    });
    const journal = readJournal(join(r.dir, JOURNAL_FILE));
    expect(journal.header.core).toBe('glusterfs');
    const d1 = journal.days[0]!;
    expect(d1.faults).toEqual([]);
    expect(d1.observations['soak.segments']).toBeGreaterThan(20);
    expect(d1.observations['soak.lost']).toBe(0);
    expect(d1.checks?.map((c) => c.clause)).toEqual(['load', 'redundancy']);
    const [load, redundancy] = d1.checks!;
    process.stderr.write(`[trial-glusterfs] day 1: load ${load!.status}, redundancy ${redundancy!.status}; exit ${r.exitCode}\n`);
    expect(['PASS', 'FAIL']).toContain(load!.status);
    expect(redundancy!.status, redundancy!.reasons.join('\n')).toBe('PASS');
    // the day's own history says which core it ran on
    const { events } = readHistory(join(r.dir, dayFolder(1), 'history.jsonl'));
    expect(eventsOf(events, 'topology.up').map((e) => e.core)).toEqual(['GlusterFS']);
    const summary = JSON.parse(readFileSync(join(r.dir, 'trial.json'), 'utf8'));
    expect(summary.core).toEqual({ name: 'glusterfs', title: 'GlusterFS' });
    expect(summary.replay).toMatch(/ --core glusterfs$/);
    expect(readFileSync(join(r.dir, 'trial-report.zh.html'), 'utf8')).toContain('存储核心：</b>GlusterFS');
    await expect(
      trialCommand({ profile: profileFile, accel: String(86_400 * 4), resume: r.dir, pdf: false, core: 'moosefs' }),
    ).rejects.toThrow(/--core moosefs differs from the journal's core glusterfs/);
  });
});
