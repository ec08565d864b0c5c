// One negative control as its own `accept run --control` process, for controls that run side
// by side (a run's command helper and FUSE mounts belong to its process): the profile written
// to a file; when it exits, its history judged here as `accept recheck` would judge it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import { expect } from 'vitest';
import { judge } from './judge';
import type { Profile } from '../profile/profile';
import { REPO_ROOT } from '../lib/paths';
import { mapLimit } from '../sim/exec';
import { readHistory, type HistoryEvent } from '../sim/history';
import type { Verdict } from '../sim/verdict';

/**
 * What a control that runs beside others writes with: it is judged by what never comes (a heal,
 * a drain, lost data, a read of a cut node, a first chunk on an added node), which 2 cameras show
 * as well as the reference's 6-8 (six alarm runs at once beside another test file stalled all of
 * them: 35-97 s to start a cluster, 12 s alone).
 */
export const CONTROL_CAMERAS = 2;

export interface ControlRun {
  code: number | null;
  seconds: number;
  stderr: string;
  verdict: (clause: string) => Verdict;
  /** the read-back's outcome (its run.end event); lost: every segment not read back intact */
  segments: { acked: number; verified: number; lost: number; unreadable: number };
  verifySeconds: number;
  runDir: string;
  /** the run's history, as `accept recheck` reads it */
  events: HistoryEvent[];
}

/** Starts `accept run --control NAME` with this profile and seed; resolves when it exits, with what it wrote. */
export function runControlProcess(control: string, profile: Profile, seed: string): Promise<ControlRun> {
  const dir = mkdtempSync(join(tmpdir(), `ctl-${control}-`));
  const profileFile = join(dir, 'profile.json');
  writeFileSync(profileFile, JSON.stringify(profile, null, 2));
  const out = join(dir, 'out');
  const args = [
    join(REPO_ROOT, 'bin/accept.mjs'),
    'run',
    '--control',
    control,
    '--profile',
    profileFile,
    '--seed',
    seed,
    '--no-allure',
    '--no-pdf',
    '-o',
    out,
  ];
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (Date.now() - t0) / 1000;
      try {
        const runDir = join(out, readdirSync(out)[0]!);
        const { events } = readHistory(join(runDir, 'history.jsonl'));
        const verdicts = judge(events, profile);
        const end = events.find((e) => e.kind === 'run.end');
        if (!end) throw new Error(`no run.end in ${runDir}/history.jsonl`);
        const n = (k: string) => Number(end[k] ?? 0);
        const segments = { acked: n('acked'), verified: n('verified'), lost: n('lost'), unreadable: n('unreadable') };
        const verdict = (clause: string) => {
          const v = verdicts.find((x) => x.clause === clause);
          if (!v) throw new Error(`no ${clause} verdict in ${runDir}`);
          return v;
        };
        resolve({ code, seconds, stderr, verdict, segments, verifySeconds: n('seconds'), runDir, events });
      } catch (e) {
        reject(
          new Error(
            `accept ${args.slice(1).join(' ')} exited ${code} after ${seconds} s without its history (${(e as Error).message}):\n${stderr.slice(-4000)}`,
          ),
        );
      }
    });
  });
}

/**
 * Starts the controls `limit` at a time, in the order given; each name's promise settles when
 * its own run ends (a test awaits its own control while the others still run).
 */
export function controlsSideBySide<K extends string>(
  controls: readonly { name: K; profile: Profile; seed: string }[],
  limit: number,
): Record<K, Promise<ControlRun>> {
  const settle = new Map<K, { resolve: (r: ControlRun) => void; reject: (e: Error) => void }>();
  const runs = {} as Record<K, Promise<ControlRun>>;
  for (const c of controls) {
    runs[c.name] = new Promise<ControlRun>((resolve, reject) => settle.set(c.name, { resolve, reject }));
    // awaited by its test; never an unhandled rejection while another test is judged
    runs[c.name].catch(() => undefined);
  }
  void mapLimit(controls, limit, async (c) => {
    const s = settle.get(c.name)!;
    await runControlProcess(c.name, c.profile, c.seed).then(s.resolve, s.reject);
  });
  return runs;
}

/**
 * The clause's verdict of a control run, attached to Allure and printed; the run must have
 * exited 0, as `accept run --control` does when the control FAILs as it must.
 */
export async function controlVerdict(r: ControlRun, control: string, clause: string, epic: string) {
  const v = r.verdict(clause);
  const rules = v.clauseStatus ?? v.status;
  await allure.epic(epic);
  await allure.feature(clause);
  await allure.attachment('verdict.json', JSON.stringify(v, null, 2), 'application/json');
  await allure.attachmentPath('history.jsonl', join(r.runDir, 'history.jsonl'), { contentType: 'application/x-ndjson' });
  process.stderr.write(
    `${clause} control:${control}: exit ${r.code} in ${r.seconds} s, rules ${rules}, with the load ${v.status}\n  ${v.reasons.join('\n  ')}\n`,
  );
  expect(r.code, r.stderr.slice(-4000)).toBe(0);
  return { v, rules };
}
