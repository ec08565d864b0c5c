// Input checks that must come before anything runs, and the exit rule of one control run:
// `accept final` refuses a bad --initial, --trial or --attach before its first re-run;
// `accept verify` on a folder that was never ours is a usage error, while one of ours that
// lost its manifest is CHANGED; `run --control` exits 0 exactly when the control FAILed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { scenarioById } from '../scenarios';
import type { Verdict } from '../sim/verdict';
import { UsageError } from './inputs';

import { finalWithReruns } from './final-command';
import { runExit } from './run-command';
import { verifyCommand } from './report-commands';

const scratch = mkdtempSync(join(tmpdir(), 'accept-inputs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder that looks like one `accept run` or `accept trial` wrote (not sealed: no manifest). */
function fakeFolder(name: string, marker: 'run.json' | 'trial.json'): string {
  const d = join(scratch, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, marker), JSON.stringify({ scenario: { id: 'scaleout' } }));
  return d;
}

describe('accept final checks its inputs before any re-run', () => {
  const run = fakeFolder('run', 'run.json');
  const trial = fakeFolder('trial', 'trial.json');
  const doc = join(scratch, 'assessment.pdf');
  writeFileSync(doc, '%PDF-1.4\n');
  const base = { rerun: [], rerunNow: true, attach: [], pdf: false, out: join(scratch, 'out') };
  /** stands in for `accept run`: counts the re-runs started, and stops at the first */
  let reruns = 0;
  const runRun = (): never => {
    reruns++;
    throw new Error('a re-run was started');
  };

  it.each([
    ['a missing --initial', { initial: join(scratch, 'nope') }, /--initial .*nope does not exist/],
    ['a file as --initial', { initial: doc }, /--initial .* is a file, not a folder/],
    ['a trial folder as --initial', { initial: trial }, /--initial .* is a trial folder, not a run folder/],
    ['a run folder as --trial', { initial: run, trial: run }, /--trial .* is a run folder, not a trial folder/],
    ['a missing --trial', { initial: run, trial: join(scratch, 'no-trial') }, /--trial .* does not exist/],
    ['an --attach of a file that does not exist', { initial: run, trial, attach: ['mlps=/no/such.pdf'] }, /--attach .* is not a file/],
    ['an --attach without a slot', { initial: run, trial, attach: [doc] }, /the slot must be one of/],
  ])('%s', async (_what, given, message) => {
    reruns = 0;
    await expect(finalWithReruns({ ...base, ...given } as Parameters<typeof finalWithReruns>[0], runRun)).rejects.toThrow(message);
    expect(reruns).toBe(0);
  });
  it("a field trial: no re-run on a cluster of the harness's own; the delivered system's probe folders are asked for", async () => {
    const field = fakeFolder('field-trial', 'trial.json');
    const header = { type: 'header', format: 'accept-trial-journal/1', field: { target: 'site/target.json', startDate: '2026-12-01' } };
    writeFileSync(join(field, 'journal.jsonl'), `${JSON.stringify(header)}\n`);
    reruns = 0;
    await expect(
      finalWithReruns({ ...base, initial: run, trial: field, profile: 'ci' } as Parameters<typeof finalWithReruns>[0], runRun),
    ).rejects.toThrow(
      /is a field trial of site\/target\.json: its end-of-trial re-runs belong on that system.* run accept probe --target site\/target\.json .* --rerun, or --no-rerun/,
    );
    expect(reruns).toBe(0);
  });

  it('with good inputs the re-runs do start (so the cases above would have seen one)', async () => {
    reruns = 0;
    await expect(
      finalWithReruns(
        { ...base, initial: run, trial, attach: [`mlps=${doc}`], profile: 'ci' } as Parameters<typeof finalWithReruns>[0],
        runRun,
      ),
    ).rejects.toThrow('a re-run was started');
    expect(reruns).toBe(1);
  });
});

describe('accept verify', () => {
  it('a folder that is not one of ours is a usage error, not CHANGED', async () => {
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    await expect(verifyCommand(empty)).rejects.toThrow(UsageError);
    await expect(verifyCommand(join(scratch, 'missing'))).rejects.toThrow(/does not exist/);
  });
  it('a run folder whose manifest is gone is CHANGED (exit 1): the manifest may have been removed', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await verifyCommand(fakeFolder('unsealed', 'run.json'))).toBe(1);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('run --control exits by the rule of --scenario all --with-controls', () => {
  const v = (clause: string, status: Verdict['status'], clauseStatus?: Verdict['status']): Verdict =>
    ({
      clause,
      scenario: 'x',
      status,
      figures: [],
      method: { zh: '', en: '' },
      nature: 'measured',
      reasons: [],
      evidence: [],
      ...(clauseStatus ? { clauseStatus } : {}),
    }) as Verdict;
  const scaleout = scenarioById('scaleout');

  it('a control that FAILs its clause by its own checker: exit 0, said so', () => {
    const r = runExit(scaleout, 'control:cannot-receive-chunks', [v('T8', 'FAIL', 'FAIL')]);
    expect(r.exitCode).toBe(0);
    expect(r.line).toMatch(/^control cannot-receive-chunks FAILED as required \(T8 FAIL\) → exit 0$/);
  });
  it('a control that PASSes, or FAILs only through the background load: exit 1', () => {
    expect(runExit(scaleout, 'control:cannot-receive-chunks', [v('T8', 'PASS')])).toMatchObject({
      exitCode: 1,
      line: expect.stringMatching(/did NOT fail as required/),
    });
    expect(runExit(scaleout, 'control:cannot-receive-chunks', [v('T8', 'FAIL', 'PASS')]).exitCode).toBe(1);
    expect(runExit(scaleout, 'control:cannot-receive-chunks', []).exitCode).toBe(1);
  });
  it('the reference: exit 0 only when every clause PASSes, no control line', () => {
    expect(runExit(scaleout, 'reference', [v('T8', 'PASS')])).toEqual({ exitCode: 0 });
    expect(runExit(scaleout, 'reference', [v('T8', 'FAIL')])).toEqual({ exitCode: 1 });
  });
});
