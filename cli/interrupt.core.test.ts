// Ctrl-C in the middle of `accept run`, or its deadline, leaves no container, network, mount or loop device,
// also when the run is stuck in FUSE reads that mfsmount will not answer for minutes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstOf, readHistory } from '../sim/history';
import { sweep } from '../sim/topology/reaper';
import { expectNothingLeft, processesUnder } from '../acceptance/nothing-left';
import { REPO_ROOT, workRoot } from '../lib/paths';

const started = new Set<ChildProcess>();
const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

// A test that failed before its own SIGINT leaves its run going (seen: readers stuck for 15
// minutes, a master, 77 mounts): end it as a person would, then sweep what its dead owner left.
afterEach(async () => {
  for (const c of started) {
    if (!running(c)) continue;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGINT');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 30_000))]);
    if (running(c)) c.kill('SIGKILL');
  }
  started.clear();
  await sweep(workRoot());
});

/** the ci profile, short (24 bays, one pull), with these changes, written into `out` */
function shortProfile(out: string, change: (p: any) => void): string {
  const profile = JSON.parse(readFileSync(join(REPO_ROOT, 'profile/profiles/ci.json'), 'utf8'));
  profile.topology.baysPerNode = 24;
  change(profile);
  const path = join(out, 'profile.json');
  writeFileSync(path, JSON.stringify(profile));
  return path;
}

/** `accept run ARGS` as a child of the test (ended by afterEach if the test does not), its stderr collected */
function acceptRun(args: string[]): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/accept.mjs'), 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  let text = '';
  child.stderr!.on('data', (b: Buffer) => (text += b.toString()));
  return { child, stderr: () => text };
}

describe('accept run interrupted', () => {
  it('cleans up everything of the run on SIGINT, exits 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sigint-'));
    const { child, stderr: err } = acceptRun(['--profile', 'ci', '--seed', 'sigint', '--no-allure', '-o', out]);
    const runId = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        // interrupt while the cameras write, after the cluster is up
        if (/cluster up in/.test(err())) {
          clearInterval(t);
          setTimeout(() => child.kill('SIGINT'), 3000);
          resolve(err().match(/run (\S+)\s+profile/)![1]!);
        }
      }, 200);
      child.on('exit', () => {
        clearInterval(t);
        reject(new Error(`accept run ended before the cluster was up:\n${err()}`));
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, err()).toBe(130);
    await expectNothingLeft(runId);
  });
});

describe('accept run interrupted while stuck in reads', () => {
  it('a read-back hanging in mfsmount (every storage node off): SIGINT ends the run within seconds, no reader, mfsmount or mount left', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sigint-read-'));
    // a read deadline far longer than the test: only the interrupt can end the reads
    const profilePath = shortProfile(out, (p) => {
      p.faults = { ...p.faults, hotplug: { pulls: 1, warmupSeconds: 5, outSeconds: 5, settleSeconds: 5 } };
      p.verify = { readDeadlineSeconds: 600, maxTotalSeconds: 900, parallel: 4 };
    });
    const { child, stderr: err } = acceptRun([
      '--profile',
      profilePath,
      '--control',
      'data-not-kept',
      '--seed',
      'sigint-read',
      '--no-allure',
      '--no-pdf',
      '-o',
      out,
    ]);
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.on('exit', (code) => resolve({ code, at: Date.now() })),
    );
    const runId = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        if (/verifying every acknowledged segment/.test(err())) {
          clearInterval(t);
          resolve(err().match(/run (\S+)\s+profile/)![1]!);
        }
      }, 200);
      void exited.then(() => {
        clearInterval(t);
        reject(new Error(`accept run ended before the read-back:\n${err()}`));
      });
    });
    const runDir = join(workRoot(), 'runs', runId);
    // the readers are stuck, each in a read waiting on mfsmount (a reader names the folder it reads in its command line)
    await new Promise((r) => setTimeout(r, 5_000));
    const readers = processesUnder(join(runDir, 'mnt-direct')).length;
    expect(readers, err()).toBeGreaterThan(0);
    const t0 = Date.now();
    child.kill('SIGINT');
    const { code, at } = await exited;
    const seconds = (at - t0) / 1000;
    process.stderr.write(`interrupted in the read-back: ${readers} readers stuck, exit ${code} after ${seconds} s\n`);
    expect(code, err()).toBe(130);
    expect(seconds).toBeLessThan(30);
    await expectNothingLeft(runId);
  });
});

describe('accept run past its deadline', () => {
  it('a run still under load at run.deadlineMinutes: halted and torn down, judged on what it measured (INCONCLUSIVE, not blamed on the core), exit 1, nothing left', async () => {
    const out = mkdtempSync(join(tmpdir(), 'deadline-'));
    // the hot-plug reference on a correct core, its deadline in the middle of the load
    const profilePath = shortProfile(out, (p) => {
      p.faults = { ...p.faults, hotplug: { pulls: 1, warmupSeconds: 5, outSeconds: 10, settleSeconds: 30 } };
      p.verify = { readDeadlineSeconds: 10, maxTotalSeconds: 20, parallel: 4 };
      p.run = { deadlineMinutes: 0.5 };
    });
    const t0 = Date.now();
    const { child, stderr: err } = acceptRun([
      '--profile',
      profilePath,
      '--scenario',
      'hotplug',
      '--seed',
      'deadline',
      '--no-allure',
      '--no-pdf',
      '-o',
      out,
    ]);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const seconds = (Date.now() - t0) / 1000;
    const runId = err().match(/run (\S+)\s+profile/)![1]!;
    process.stderr.write(`deadline: exit ${code} after ${seconds} s\n`);
    expect(code, err()).toBe(1);
    expect(err()).toMatch(/the run did not complete: the run did not end within its deadline of 30 s/);
    expect(err()).not.toMatch(/verifying every acknowledged segment/);
    expect(seconds).toBeLessThan(30 + 60);
    // every clause the run claimed: INCONCLUSIVE with the deadline first, none FAIL for the aborted load
    const claimed = firstOf(readHistory(join(out, runId, 'history.jsonl')).events, 'run.start')!.clauses;
    expect(claimed).toContain('T3');
    const file = JSON.parse(readFileSync(join(out, runId, 'verdicts.json'), 'utf8'));
    for (const clause of claimed) {
      const v = file.verdicts.find((x: { clause: string }) => x.clause === clause);
      expect(v.status, `${clause}: ${v.reasons.join('; ')}`).toBe('INCONCLUSIVE');
      expect(v.reasons[0]).toMatch(/^the run did not complete: .*deadline of 30 s/);
    }
    await expectNothingLeft(runId);
  });
});
