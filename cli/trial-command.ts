// `accept trial`: the trial run (试运行) in virtual days, with its journal, ledger and
// 试运行报告. Today the day step ages the storage-node twins; the soak load and the
// seeded faults plug in as further DaySteps (acceptance/trial/day-step.ts, SoakDayStep).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadProfile, type Profile } from '../acceptance/profile';
import { combineSteps, type DayStep, type SoakDayStep } from '../acceptance/trial/day-step';
import { runTrial } from '../acceptance/trial/driver';
import { readJournal, JOURNAL_FILE } from '../acceptance/trial/journal';
import type { TrialRules } from '../acceptance/trial/ledger';
import type { TrialPart, TrialSummary } from '../acceptance/trial/summary';
import { modelForBays, TwinAgeingStep } from '../acceptance/trial/twin-ageing-step';
import { inventoryFor } from '../devices/node/inventory';
import { newRunSeed } from '../sim/random';
import { renderTrialReports, TRIAL_FILE } from '../reports/render-trial';
import { PROFILE_FILE } from '../reports/render-run';
import { TRIAL_STATUS_TEXT } from '../reports/trial-report';
import { log } from './progress';
import { OUT_ROOT, REPO_ROOT } from './paths';

export interface TrialCommandOptions {
  profile: string;
  days?: string;
  accel: string;
  seed?: string;
  resume?: string;
  extensionDays?: string;
  out?: string;
  pdf: boolean;
  /** further day steps (the real soak and faults, once they exist) */
  extraSteps?: SoakDayStep[];
}

export class TrialUsageError extends Error {}

const DEFAULT_TRIAL_RULE = { incidentDiskGrade: 'faulty', replaceFaultyDisks: true, maxExtraDays: 180 } as const;

const PARTS: Omit<TrialPart, 'connected'>[] = [
  { name: 'twins', zh: '数字孪生硬件老化', en: 'ageing of the hardware twins', nature: 'simulated', note: { zh: '各存储节点的硬盘在虚拟时间中老化（SMART 计数、温度、失效），按书面分级规则评级；故障盘次日更换。', en: 'Every disk of every storage node ages in virtual time (SMART counters, temperature, failures), graded by the written rules; faulty disks are replaced the next day.' } },
  { name: 'soak', zh: '真实负载（持续录像写入）', en: 'real soak load (continuous camera writes)', nature: 'measured', note: { zh: '摄像机持续写入真实存储核心并校验；接口已预留（SoakDayStep），待接入。', en: 'Cameras writing continuously to the real core, verified; the hook exists (SoakDayStep), not connected yet.' } },
  { name: 'faults', zh: '按种子随机到达的故障注入', en: 'faults arriving at seeded rates', nature: 'measured', note: { zh: '热插拔、死机、断电、断链等故障按种子化到达率注入；接口已预留，待接入。', en: 'Hot-plug, crash, power and link faults injected at seeded rates; the hook exists, not connected yet.' } },
];

const positiveInt = (s: string | undefined, what: string): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new TrialUsageError(`${what} must be a whole number >= 0, got '${s}'`);
  return n;
};

function rulesFrom(profile: Profile, o: TrialCommandOptions): { rules: TrialRules; sources: TrialSummary['ruleSources'] } {
  const days = positiveInt(o.days, '--days');
  const ext = positiveInt(o.extensionDays, '--extension-days');
  const X = days ?? profile.trial.trialDays.value;
  const Y = ext ?? profile.trial.extensionDays.value;
  if (X === null || X === undefined) throw new TrialUsageError(`the profile's trial length X (trial.trialDays) is to be confirmed: give --days`);
  if (X < 1) throw new TrialUsageError('--days must be at least 1');
  if (Y === null || Y === undefined) {
    throw new TrialUsageError(`the profile's extension Y (trial.extensionDays, P4) is to be confirmed (lost by the OCR): give --extension-days for this trial; the report will say the value was given on the command line`);
  }
  const extra = (profile.trialRun ?? DEFAULT_TRIAL_RULE).maxExtraDays;
  return { rules: { trialDays: X, extensionDays: Y, maxDays: X + extra }, sources: { trialDays: days === undefined ? 'profile' : 'command line', extensionDays: ext === undefined ? 'profile' : 'command line' } };
}

function fleetOf(profile: Profile) {
  return Array.from({ length: profile.topology.storageNodes }, (_, i) => {
    const model = modelForBays(profile.topology.baysPerNode);
    const inv = inventoryFor(model);
    return { id: `node${i + 1}`, model, bays: inv.bays, arch: inv.cpu.architecture };
  });
}

export async function trialCommand(o: TrialCommandOptions): Promise<{ dir: string; exitCode: 0 | 1 }> {
  const accel = Number(o.accel);
  if (!(accel > 0) || !Number.isFinite(accel)) throw new TrialUsageError(`--accel must be a number > 0, got '${o.accel}'`);
  let dir: string;
  let seed: string;
  let trialId: string;
  let virtualStartMs: number;
  let profileName = o.profile;
  if (o.resume) {
    dir = o.resume;
    const h = readJournal(join(dir, JOURNAL_FILE)).header;
    ({ seed, trialId, virtualStartMs } = h);
    // the trial folder keeps the profile it started with
    profileName = existsSync(join(dir, PROFILE_FILE)) ? join(dir, PROFILE_FILE) : h.profileId;
    if (o.seed && o.seed !== seed) throw new TrialUsageError(`--seed ${o.seed} differs from the journal's seed ${seed}`);
  } else {
    seed = o.seed ?? newRunSeed();
    const stamp = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    trialId = `trial-${stamp}-${seed}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
    dir = join(o.out ?? OUT_ROOT, trialId);
    // day 1 is the next calendar day (Beijing); virtual days run on UTC midnights so that dates read the same everywhere
    const d = new Date(Date.now() + 8 * 3600_000);
    virtualStartMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  }
  const { profile, source } = loadProfile(profileName);
  const { rules, sources } = o.resume ? resumeRules(dir, profile, o) : rulesFrom(profile, o);
  const rule = profile.trialRun ?? DEFAULT_TRIAL_RULE;
  const fleet = fleetOf(profile);
  const twins = new TwinAgeingStep({ nodes: fleet.map((f) => ({ id: f.id, model: f.model })), incidentGrade: rule.incidentDiskGrade, replaceFaultyDisks: rule.replaceFaultyDisks });
  const steps: DayStep[] = [twins, ...(o.extraSteps ?? [])];
  const connected = new Set(steps.map((s) => ('kind' in s ? (s as SoakDayStep).kind : s.name)));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, PROFILE_FILE), JSON.stringify(profile, null, 2) + '\n');

  const replay = `npx accept trial --profile ${profile.id} --days ${rules.trialDays} --extension-days ${rules.extensionDays} --accel ${accel} --seed ${seed}`;
  const resume = `npx accept trial --accel ${accel} --resume ${relative(REPO_ROOT, dir) || dir}`;
  log(`trial ${trialId}: X = ${rules.trialDays} days, Y = ${rules.extensionDays} days, accel ${accel} (1 virtual day = ${(86_400 / accel).toFixed(2)} s), seed ${seed}`);
  log(`resume after an interruption with: ${resume}`);

  const abort = new AbortController();
  const onSigint = () => {
    log('interrupt: stopping after the current day (the journal stays consistent)');
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  const startedWall = Date.now();
  let result;
  try {
    result = await runTrial({ dir, trialId, seed, accel, rules, profileId: profile.id, step: combineSteps(steps), virtualStartMs, resume: !!o.resume, signal: abort.signal, log });
  } finally {
    process.off('SIGINT', onSigint);
  }
  for (const [name, value] of Object.entries(result.artifacts)) writeFileSync(join(dir, name), JSON.stringify(value, null, 1) + '\n');
  const sessions = readJournal(join(dir, JOURNAL_FILE)).sessions;
  const first = sessions.find((s) => s.event === 'start')?.wall ?? startedWall;
  const summary: TrialSummary = {
    trialId,
    seed,
    accel,
    replay,
    resume,
    profile: { id: profile.id, source: relative(REPO_ROOT, source), project: profile.project },
    rules,
    ruleSources: sources,
    contract: { trialDays: profile.trial.trialDays, extensionDays: profile.trial.extensionDays },
    incidentRule: rule,
    fleet: fleet.map((f) => ({ id: f.id, model: inventoryFor(f.model).model, bays: f.bays, arch: f.arch })),
    virtualStartMs,
    startedAt: first,
    finishedAt: Date.now(),
    wallSeconds: sessionSeconds(sessions),
    sessions: sessions.filter((s) => s.event !== 'stop').length,
    status: result.ledger.status,
    parts: PARTS.map((p) => ({ ...p, connected: connected.has(p.name) })),
  };
  writeFileSync(join(dir, TRIAL_FILE), JSON.stringify(summary, null, 2) + '\n');
  const sealed = await renderTrialReports(dir, { pdf: o.pdf, log });
  const l = result.ledger;
  process.stdout.write(`\ntrial ${trialId}: ${TRIAL_STATUS_TEXT[l.status].zh} / ${TRIAL_STATUS_TEXT[l.status].en}\n`);
  process.stdout.write(`  days run ${l.daysRun}, end day ${l.endDay}, problems ${l.incidents.length} on days [${l.problemDays.join(', ')}]${l.terminationRight ? `, P5 on day ${l.terminationRight.day} (inside the extension of day ${l.terminationRight.insideExtensionOf})` : ''}\n`);
  process.stdout.write(`  simulated: twins ageing in virtual time at ${accel}x; not connected: ${summary.parts.filter((p) => !p.connected).map((p) => p.name).join(', ') || 'none'}\n`);
  process.stdout.write(`  evidence manifest SHA-256 ${sealed.evidence.sha256}\n  folder ${dir}\n`);
  if (result.stopped) process.stdout.write(`  interrupted: resume with ${resume}\n`);
  return { dir, exitCode: l.status === 'completed' ? 0 : 1 };
}

function resumeRules(dir: string, profile: Profile, o: TrialCommandOptions): { rules: TrialRules; sources: TrialSummary['ruleSources'] } {
  const h = readJournal(join(dir, JOURNAL_FILE)).header;
  if (o.days !== undefined && Number(o.days) !== h.rules.trialDays) throw new TrialUsageError(`--days ${o.days} differs from the journal's ${h.rules.trialDays}`);
  if (o.extensionDays !== undefined && Number(o.extensionDays) !== h.rules.extensionDays) throw new TrialUsageError(`--extension-days ${o.extensionDays} differs from the journal's ${h.rules.extensionDays}`);
  if (Number(o.accel) !== h.accel) throw new TrialUsageError(`--accel ${o.accel} differs from the journal's ${h.accel}`);
  return {
    rules: h.rules,
    sources: {
      trialDays: profile.trial.trialDays.value === h.rules.trialDays ? 'profile' : 'command line',
      extensionDays: profile.trial.extensionDays.value === h.rules.extensionDays ? 'profile' : 'command line',
    },
  };
}

function sessionSeconds(sessions: { event: string; wall: number }[]): number {
  let total = 0;
  let open: number | null = null;
  for (const s of sessions) {
    if (s.event === 'start' || s.event === 'resume') open = s.wall;
    else if (s.event === 'stop' && open !== null) {
      total += s.wall - open;
      open = null;
    }
  }
  return Math.round(total / 100) / 10;
}
