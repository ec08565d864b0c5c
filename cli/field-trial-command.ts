// `accept trial --target FILE`: the trial run (试运行) on a delivered system, in real calendar
// days. Run once a day (cron, or by hand): it journals the days since its last run, makes today's
// checks (acceptance/trial/field-day-step.ts: the field probe, the disks, the capacity), folds the
// ledger with the problems people entered (accept trial incident add), and renders the 试运行报告.
import { existsSync, mkdirSync, statfsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FieldDayStep } from '../acceptance/trial/field-day-step';
import { planFieldDays, refuseOtherTrial, runFieldDays, todayOf } from '../acceptance/trial/field-days';
import { JOURNAL_FILE, readJournal, sessionSeconds } from '../acceptance/trial/journal';
import type { TrialPart, TrialSummary } from '../acceptance/trial/summary';
import { newRunSeed } from '../lib/random';
import { OUT_ROOT, REPO_ROOT } from '../lib/paths';
import { loadProfile } from '../profile/profile';
import { loadTarget, type Target } from '../profile/target';
import { PROFILE_FILE } from '../reports/render-run';
import { renderTrialReports, TRIAL_FILE } from '../reports/render-trial';
import { trialStatusText } from '../reports/trial-report';
import { CORES } from '../sim/core/cores';
import { requireFolder, requireOutFolder } from './inputs';
import { probeRun } from './probe-command';
import { FIELD_PROBE_SECONDS, READ_TIMEOUT_MS, readTimeout } from './probe-definition';
import { mountProblem } from '../sim/field/probe';
import { emptyLedger, type DayRecord, type TrialRules } from '../acceptance/trial/ledger';
import { beijingDate, dateOfDay } from '../acceptance/trial/field-calendar';
import { log } from './progress';
import { beijingStamp, safeRunId } from './run-stamp';
import { resumeRules, rulesFrom, rulesSummary, TrialUsageError } from './trial-rules';

export interface FieldTrialCommandOptions {
  target: string;
  profile: string;
  days?: string;
  extensionDays?: string;
  seed?: string;
  resume?: string;
  out?: string;
  pdf: boolean;
  /** how long the day's cameras write (seconds) */
  probeSeconds?: string;
  timeout?: string;
  /** options of the virtual trial, refused here */
  accel?: string;
  soak?: boolean;
  core?: string;
  /** print what this run would journal and check, and touch nothing */
  dryRun?: boolean;
  /** the clock (tests move it across days) */
  now?: () => number;
}

export const FIELD_PART: Omit<TrialPart, 'connected'> = {
  name: 'field',
  zh: '交付系统每日检查（现场）',
  en: 'daily checks of the delivered system (field)',
  nature: 'measured',
  note: {
    zh: '每个日历日运行一次：经 Redfish 读取各 BMC 与交换机（T1、T2、M1、S1），在目标的测试目录中短时写入摄像机负载并逐段回读（T3、负载阈值），读取 BMC 与存储核心报告的硬盘健康状况及容量；判定不通过即计为问题。未运行检查的日历日照常计入试运行天数，并标明“未检查”。',
    en: 'Run once a calendar day: every BMC and the switch read over Redfish (T1, T2, M1, S1), a short camera load written under the target’s test folder and read back segment by segment (T3, load thresholds), the disks’ health as the BMCs and the core report it, and the capacity in use; a FAIL is a problem. A calendar day with no run still counts as a trial day and is shown unchecked.',
  },
};

/** The part as it ran: simulated when some day's checks rested on a twin's answers (the reference held as a target). */
function fieldPart(days: readonly DayRecord[]): TrialPart {
  const twins = days.some((d) => d.checks?.some((c) => c.nature !== undefined && c.nature !== 'measured'));
  return twins
    ? {
        ...FIELD_PART,
        connected: true,
        nature: 'simulated',
        note: {
          zh: `${FIELD_PART.note.zh}本次目标的部分检查来自数字孪生 BMC 的仿真应答，相应结果标注为仿真。`,
          en: `${FIELD_PART.note.en} Some checks of this target rest on digital twin BMCs' simulated answers, and are marked so.`,
        },
      }
    : { ...FIELD_PART, connected: true };
}

export async function fieldTrialCommand(o: FieldTrialCommandOptions): Promise<{ dir: string; exitCode: 0 | 1 }> {
  if (o.accel !== undefined)
    throw new TrialUsageError(`--accel ${o.accel}: a field trial (--target) runs in real calendar days, with no acceleration`);
  if (o.soak === false || o.core !== undefined)
    throw new TrialUsageError(
      `${o.core !== undefined ? `--core ${o.core}` : '--no-soak'}: a field trial (--target) judges the delivered system's own core, with its own checks`,
    );
  const probeSeconds = o.probeSeconds === undefined ? FIELD_PROBE_SECONDS : Number(o.probeSeconds);
  if (!Number.isInteger(probeSeconds) || probeSeconds < 5 || probeSeconds > 3600)
    throw new TrialUsageError(`--probe-seconds ${o.probeSeconds}: whole seconds, 5 to 3600`);
  const timeoutMs = o.timeout === undefined ? READ_TIMEOUT_MS : readTimeout(o.timeout);
  const timing = `--probe-seconds ${probeSeconds}${timeoutMs === READ_TIMEOUT_MS ? '' : ` --timeout ${timeoutMs}`}`;
  const target = loadTarget(o.target);
  const now = o.now ?? Date.now;
  let dir: string;
  let seed: string;
  let trialId: string;
  let profileName = o.profile;
  if (o.resume) {
    requireFolder(o.resume, '--resume');
    dir = o.resume;
    const h = readJournal(join(dir, JOURNAL_FILE)).header;
    if (!h.field) throw new TrialUsageError(`${dir} is a trial in virtual days: resume it without --target (with --accel ${h.accel})`);
    ({ seed, trialId } = h);
    if (o.seed && o.seed !== seed) throw new TrialUsageError(`--seed ${o.seed} differs from the journal's seed ${seed}`);
    profileName = existsSync(join(dir, PROFILE_FILE)) ? join(dir, PROFILE_FILE) : h.profileId;
  } else {
    if (o.out) requireOutFolder(o.out);
    // on day 1 a mount that is not there is the target file's mistake; later, the storage gone is that day's problem
    const refused = await mountProblem(target);
    if (refused) throw new TrialUsageError(`${o.target}: ${refused}`);
    seed = o.seed ?? newRunSeed();
    trialId = safeRunId(`trial-${beijingStamp(now())}-${seed}-field`);
    dir = join(o.out ?? OUT_ROOT, trialId);
  }
  const { profile, source } = loadProfile(profileName);
  const { rules, sources } = o.resume ? resumeRules(dir, profile, o) : rulesFrom(profile, o);
  if (o.dryRun)
    return { dir, exitCode: await dryRun({ o, target, dir, profileName, profileId: profile.id, rules, probeSeconds, timeoutMs, now }) };
  mkdirSync(dir, { recursive: true });
  const profileFile = join(dir, PROFILE_FILE);
  if (!existsSync(profileFile)) writeFileSync(profileFile, JSON.stringify(profile, null, 2) + '\n');
  const replay = `npx accept trial --target ${o.target} --profile ${profile.id} --days ${rules.trialDays} --extension-days ${rules.extensionDays} --seed ${seed} ${timing}`;
  const resume = `npx accept trial --target ${o.target} --resume ${relative(REPO_ROOT, dir) || dir} ${timing}`;
  log(
    `field trial ${trialId} of ${target.name}: X = ${rules.trialDays} days, Y = ${rules.extensionDays} days, real calendar days (Beijing), seed ${seed}`,
  );
  log(`run once a day (e.g. from cron) with: ${resume}`);

  const step = new FieldDayStep({
    dir,
    probe: async ({ seed: daySeed, outDir }) => {
      const gone = await mountProblem(target);
      if (gone) return { unavailable: gone };
      const p = await probeRun({
        target: o.target,
        profile: profileFile,
        seed: daySeed,
        seconds: String(probeSeconds),
        out: outDir,
        timeout: String(timeoutMs),
        pdf: false,
        stepTimeout: '600',
      });
      if (!p.run) throw new Error('the day probe wrote no run folder');
      const view = target.core.kind === 'moosefs' ? CORES.moosefs.view(target.core.master) : null;
      const core = view?.diskStates
        ? await view.diskStates().then(
            (disks) => ({ disks }),
            (e: Error) => ({ error: e.message.split('\n')[0]! }),
          )
        : null;
      const fs = statfsSync(target.mount);
      return {
        historyPath: p.run.historyPath,
        verdicts: p.run.verdicts,
        core,
        mount: { totalBytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize },
      };
    },
  });
  const result = await runFieldDays({
    dir,
    trialId,
    seed,
    rules,
    profileId: profile.id,
    target: target.name,
    step,
    resume: !!o.resume,
    now,
    log,
  });
  const sessions = readJournal(join(dir, JOURNAL_FILE)).sessions;
  const summary: TrialSummary = {
    trialId,
    seed,
    accel: 1,
    replay,
    resume,
    ...rulesSummary(profile, source, rules, sources),
    fleet: target.nodes.map((n) => ({ id: n.name, model: '—', bays: 0, arch: '—' })),
    virtualStartMs: result.header.virtualStartMs,
    startedAt: sessions.find((s) => s.event === 'start')?.wall ?? now(),
    finishedAt: now(),
    wallSeconds: sessionSeconds(sessions),
    sessions: sessions.filter((s) => s.event === 'start' || s.event === 'resume').length,
    status: result.ledger.status,
    parts: [fieldPart(result.days)],
    core: { name: target.core.kind, title: target.core.kind === 'moosefs' ? `MooseFS (${target.core.master})` : '—（probe-only）' },
    field: { target: target.name, startDate: result.header.field.startDate },
  };
  writeFileSync(join(dir, TRIAL_FILE), JSON.stringify(summary, null, 2) + '\n');
  const sealed = await renderTrialReports(dir, { pdf: o.pdf, log });
  const l = result.ledger;
  const today = result.checked === null ? [] : result.days.filter((d) => d.day === result.checked);
  const found = today.flatMap((d) => d.incidents);
  const st = trialStatusText(l.status, true);
  process.stdout.write(`\nfield trial ${trialId}: ${st.zh} / ${st.en}\n`);
  process.stdout.write(
    `  today is day ${result.today} (${result.header.field.startDate} was day 1); ${result.checked === null ? 'no check made by this run' : `day ${result.checked} checked: ${today[0]!.checks?.map((c) => `${c.clause} ${c.status}`).join(', ')}`}${result.unchecked.length ? `; unchecked days journalled: ${result.unchecked.join(', ')}` : ''}\n`,
  );
  process.stdout.write(
    `  days ${l.daysRun}, end day ${l.endDay}, problems ${l.incidents.length} on days [${l.problemDays.join(', ')}]${l.terminationRight ? `, P5 on day ${l.terminationRight.day} (inside the extension of day ${l.terminationRight.insideExtensionOf})` : ''}${result.nextDue ? `; next check due on ${result.nextDue}` : ''}\n`,
  );
  process.stdout.write(`  evidence manifest SHA-256 ${sealed.evidence.sha256}\n  folder ${dir}\n`);
  const ended = l.status === 'termination-right' || l.status === 'stopped-at-max-days';
  return { dir, exitCode: found.length || ended ? 1 : 0 };
}

/** --dry-run: what this run would journal and check (the run's own plan from the journal, if resumed), and the day probe's own plan; nothing written. */
async function dryRun(a: {
  o: FieldTrialCommandOptions;
  target: Target;
  dir: string;
  profileName: string;
  profileId: string;
  rules: TrialRules;
  probeSeconds: number;
  timeoutMs: number;
  now: () => number;
}): Promise<0> {
  const { o, dir, rules, target } = a;
  const path = join(dir, JOURNAL_FILE);
  const journal = o.resume ? readJournal(path) : null;
  if (journal) refuseOtherTrial(path, journal.header, { target: target.name, profileId: a.profileId, rules });
  const startDate = journal?.header.field?.startDate ?? beijingDate(a.now());
  const today = todayOf(startDate, a.now());
  const plan = journal ? planFieldDays(journal, today) : { unchecked: [], checkToday: true, ledger: emptyLedger(rules) };
  const lines = [
    journal
      ? `resume ${dir}: day 1 was ${startDate}, today is day ${today}; ${journal.days.length} days journalled`
      : `start a field trial in ${dir}: today (${startDate}, Beijing) is day 1; X = ${rules.trialDays}, Y = ${rules.extensionDays}, at most ${rules.maxDays} days`,
  ];
  const days = plan.unchecked.map((d) => d.day);
  if (days.length) lines.push(`journal days ${days[0]} to ${days.at(-1)} as unchecked (no run checked them; they count as trial days)`);
  const l = plan.ledger;
  const mountGone = plan.checkToday ? await mountProblem(target) : null;
  if (plan.checkToday) {
    lines.push(
      mountGone
        ? `check day ${today}: the storage is not at its mount (${mountGone}): that is day ${today}'s FAIL, a problem (P4/P5); nothing is written to the target`
        : `check day ${today}: the storage at ${target.mount}, the field probe below (${a.probeSeconds} s of cameras), the disks (every BMC's drives; ${target.core.kind === 'moosefs' ? `the core's disk list at ${target.core.master}` : 'no core disk list: probe-only'}), the capacity in use; each FAIL a problem of day ${today} (P4/P5)`,
    );
  } else if (l.status === 'running')
    lines.push(`day ${today}'s checks were made already: the next are due on ${dateOfDay(startDate, today + 1)}`);
  if (l.status !== 'running')
    lines.push(`the trial ends (${l.status}) on day ${l.daysRun}${days.length ? ', among the unchecked days' : ''}: nothing to check`);
  else lines.push(`the trial then ends on day ${l.endDay} at the earliest`);
  lines.push('write the journal, ledger.json, trial.json and the 试运行报告');
  process.stdout.write(`accept trial --dry-run: nothing is journalled or written\n${lines.map((x) => `  - ${x}`).join('\n')}\n`);
  if (plan.checkToday && !mountGone)
    await probeRun({
      target: o.target,
      profile: a.profileName,
      seconds: String(a.probeSeconds),
      timeout: String(a.timeoutMs),
      pdf: false,
      stepTimeout: '600',
      dryRun: true,
    });
  return 0;
}
