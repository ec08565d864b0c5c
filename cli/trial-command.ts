// `accept trial`: the trial run (试运行) in virtual days, with its journal, ledger and
// 试运行报告. Each day the storage-node twins age in virtual time and (unless --no-soak)
// cameras write through the real core while the day's seeded faults arrive
// (acceptance/trial/soak-step.ts); the day's clause checks come from its own history.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadProfile, trialDayWorstSeconds, trialRunOf, type Profile } from '../profile/profile';
import { combineSteps, type DayStep } from '../acceptance/trial/day-step';
import { writeVerdictsFile } from '../reports/verdicts-file';
import { CoreSoakStep } from '../acceptance/trial/soak-step';
import { CORES, type CoreName } from '../sim/core/cores';
import { runCleanups } from '../sim/topology/cleanup';
import { sweep } from '../sim/topology/reaper';
import { preflight } from '../sim/preflight';
import { requireFolder, requireOutFolder } from './inputs';
import { resumeRules, rulesFrom, rulesSummary, TrialUsageError } from './trial-rules';
export { TrialUsageError } from './trial-rules';
import { runTrial } from '../acceptance/trial/driver';
import { fieldTrialCommand } from './field-trial-command';
import { achievedPace, readJournal, JOURNAL_FILE, sessionSeconds, type JournalHeader } from '../acceptance/trial/journal';
import type { TrialPart, TrialSummary } from '../acceptance/trial/summary';
import { modelForBays, TwinAgeingStep } from '../acceptance/trial/twin-ageing-step';
import { inventoryFor } from '../devices/node/inventory';
import { newRunSeed } from '../lib/random';
import { renderTrialReports, TRIAL_FILE } from '../reports/render-trial';
import { PROFILE_FILE } from '../reports/render-run';
import { TRIAL_STATUS_TEXT } from '../reports/trial-report';
import { log } from './progress';
import { OUT_ROOT, REPO_ROOT, workRoot } from '../lib/paths';
import { beijingStamp, safeRunId } from './run-stamp';

export interface TrialCommandOptions {
  profile: string;
  days?: string;
  /** required unless --target */
  accel?: string;
  seed?: string;
  /** a field trial on the delivered system this target file describes, in real days (cli/field-trial-command.ts) */
  target?: string;
  probeSeconds?: string;
  timeout?: string;
  dryRun?: boolean;
  resume?: string;
  extensionDays?: string;
  out?: string;
  pdf: boolean;
  /** run the soak and faults on the real core (default: the profile's trialRun.soak.enabled) */
  soak?: boolean;
  /** the storage core the soak days start (default the reference, moosefs; a resumed trial keeps its journal's) */
  core?: CoreName;
  /** further day steps (tests) */
  extraSteps?: DayStep[];
}

const PARTS: Omit<TrialPart, 'connected'>[] = [
  {
    name: 'twins',
    zh: '数字孪生硬件老化',
    en: 'ageing of the hardware twins',
    nature: 'simulated',
    note: {
      zh: '各存储节点的硬盘在虚拟时间中老化（SMART 计数、温度、失效），按书面分级规则评级；故障盘次日更换。',
      en: 'Every disk of every storage node ages in virtual time (SMART counters, temperature, failures), graded by the written rules; faulty disks are replaced the next day.',
    },
  },
  {
    name: 'soak',
    zh: '真实负载（持续录像写入）',
    en: 'real soak load (continuous camera writes)',
    nature: 'measured',
    note: {
      zh: '每个试运行日，摄像机在当日的墙钟时段内持续写入真实存储核心，日终逐段回读并逐字节校验；负载阈值按当日历史判定。',
      en: 'Each trial day the cameras write to the real core for the day’s wall-clock slice; every acknowledged segment is read back and checked byte for byte at the end of the day; load thresholds judged from that day’s history.',
    },
  },
  {
    name: 'faults',
    zh: '按种子随机到达的故障注入',
    en: 'faults arriving at seeded rates',
    nature: 'measured',
    note: {
      zh: '拔盘（T3）、进程崩溃与断电（T6）按合同参数文件的日到达率（泊松）由试运行种子与日序号决定，经数字孪生的绑定作用于真实节点；当日以初验相同的判定器判定，判定不通过即计为问题。未含断链。',
      en: 'Disk pulls (T3), crashes and power losses (T6) arrive at the profile’s daily rates (Poisson), fixed by the trial seed and the day number, and act on the real nodes through the twins’ bindings; judged by the same checkers as the initial acceptance, a FAIL is a problem. Link loss is not included.',
    },
  },
];

function fleetOf(profile: Profile) {
  return Array.from({ length: profile.topology.storageNodes }, (_, i) => {
    const model = modelForBays(profile.topology.baysPerNode);
    const inv = inventoryFor(model);
    return { id: `node${i + 1}`, model, bays: inv.bays, arch: inv.cpu.architecture };
  });
}

export async function trialCommand(o: TrialCommandOptions): Promise<{ dir: string; exitCode: 0 | 1 }> {
  if (o.target !== undefined) return fieldTrialCommand({ ...o, target: o.target });
  if (o.probeSeconds !== undefined) throw new TrialUsageError(`--probe-seconds is the daily probe of a field trial: give --target`);
  if (o.timeout !== undefined) throw new TrialUsageError(`--timeout is the field trial's reads of the BMCs and the switch: give --target`);
  if (o.dryRun) throw new TrialUsageError(`--dry-run shows a field trial's run (--target): a trial in virtual days has no plan to show`);
  if (o.accel === undefined)
    throw new TrialUsageError(
      `--accel N is required: one virtual day takes 86400/N wall seconds (a field trial, --target, runs in real days)`,
    );
  const accel = Number(o.accel);
  if (!(accel > 0) || !Number.isFinite(accel)) throw new TrialUsageError(`--accel must be a number > 0, got '${o.accel}'`);
  if (o.resume) requireFolder(o.resume, '--resume');
  else if (o.out) requireOutFolder(o.out);
  let dir: string;
  let seed: string;
  let trialId: string;
  let virtualStartMs: number;
  let profileName = o.profile;
  // a resumed trial's header: its seed, its parts and its core (journalled only with a soak: a journal without it is the reference's)
  let journal: JournalHeader | undefined;
  if (o.resume) {
    dir = o.resume;
    const h = (journal = readJournal(join(dir, JOURNAL_FILE)).header);
    if (h.field) throw new TrialUsageError(`${dir} is a field trial of ${h.field.target}: resume it with --target FILE, without --accel`);
    ({ seed, trialId, virtualStartMs } = h);
    // the trial folder keeps the profile it started with
    profileName = existsSync(join(dir, PROFILE_FILE)) ? join(dir, PROFILE_FILE) : h.profileId;
    if (o.seed && o.seed !== seed) throw new TrialUsageError(`--seed ${o.seed} differs from the journal's seed ${seed}`);
  } else {
    seed = o.seed ?? newRunSeed();
    const stamp = beijingStamp();
    trialId = safeRunId(`trial-${stamp}-${seed}`);
    dir = join(o.out ?? OUT_ROOT, trialId);
    // day 1 is the next calendar day (Beijing); virtual days run on UTC midnights so that dates read the same everywhere
    const d = new Date(Date.now() + 8 * 3600_000);
    virtualStartMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  }
  const { profile, source } = loadProfile(profileName);
  const { rules, sources } = o.resume ? resumeRules(dir, profile, o) : rulesFrom(profile, o);
  const rule = trialRunOf(profile);
  const fleet = fleetOf(profile);
  const twins = new TwinAgeingStep({
    nodes: fleet.map((f) => ({ id: f.id, model: f.model })),
    incidentGrade: rule.incidentDiskGrade,
    replaceFaultyDisks: rule.replaceFaultyDisks,
  });
  const steps: DayStep[] = [twins, ...(o.extraSteps ?? [])];
  // a resumed trial keeps the parts it started with (the journal's header says which)
  const soak = journal ? journal.steps.includes('soak') : (o.soak ?? rule.soak.enabled);
  const journalCore = journal?.core;
  if (!soak && o.core)
    throw new TrialUsageError(`--core ${o.core} names the core the soak days start: nothing starts one without the soak`);
  if (o.resume && o.core && o.core !== (journalCore ?? 'moosefs'))
    throw new TrialUsageError(`--core ${o.core} differs from the journal's core ${journalCore ?? 'moosefs'}`);
  if (journalCore && !Object.hasOwn(CORES, journalCore))
    throw new TrialUsageError(`the journal's core ${journalCore} is not one this harness can start`);
  const root = workRoot();
  const coreName = (o.resume ? journalCore : o.core) as CoreName | undefined;
  const core = CORES[coreName ?? 'moosefs'];
  // the reference stays unnamed (in the journal as before cores could be chosen, and in the replay line)
  const namedCore = soak && coreName && coreName !== 'moosefs' ? coreName : undefined;
  const coreFlag = namedCore ? ` --core ${namedCore}` : '';
  const replay = `npx accept trial --profile ${profile.id} --days ${rules.trialDays} --extension-days ${rules.extensionDays} --accel ${accel} --seed ${seed}${soak ? '' : ' --no-soak'}${coreFlag}`;
  let soakRunId: string | null = null;
  const worst = trialDayWorstSeconds(profile);
  if (soak && profile.run.deadlineMinutes * 60 <= worst)
    throw new TrialUsageError(
      `run.deadlineMinutes ${profile.run.deadlineMinutes} is not above a soak day's worst case of ${worst} s (trialRun.soak.warmupSeconds + maxFaultsPerDay x (faults.selfHeal.observeMaxSeconds + thresholds.T6.maxSelfHealSeconds) + verify.maxTotalSeconds): a slow but healthy day would be stopped as hung`,
    );
  if (soak) {
    await preflight();
    // no sweep of other runs' leftovers here (`accept clean` does that): a stuck FUSE mount of
    // a dead run hung a trial's start in umount; this session's own resources are swept at the end
    const image = await core.ensure(root, log, 'amd64');
    soakRunId = `${trialId.slice(0, 48)}-${Date.now().toString(36)}`;
    steps.push(
      new CoreSoakStep({
        profile,
        dir,
        trialId,
        runId: soakRunId,
        workDir: join(root, 'runs', soakRunId),
        startCore: core.start,
        image: image.tag,
        log,
        replay,
        writeDayVerdicts: writeVerdictsFile,
      }),
    );
  }
  const connected = new Set(steps.flatMap((s) => ('kinds' in s ? [...(s as CoreSoakStep).kinds] : [s.name])));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, PROFILE_FILE), JSON.stringify(profile, null, 2) + '\n');

  const resume = `npx accept trial --accel ${accel} --resume ${relative(REPO_ROOT, dir) || dir}`;
  log(
    `trial ${trialId}: X = ${rules.trialDays} days, Y = ${rules.extensionDays} days, accel ${accel} (1 virtual day = ${(86_400 / accel).toFixed(2)} s${soak && 86_400 / accel < rule.soak.minDaySeconds ? `; a soak day lasts at least ${rule.soak.minDaySeconds} s` : ''}), seed ${seed}`,
  );
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
    result = await runTrial({
      dir,
      trialId,
      seed,
      accel,
      rules,
      profileId: profile.id,
      step: combineSteps(steps),
      ...(namedCore ? { core: namedCore } : {}),
      virtualStartMs,
      resume: !!o.resume,
      signal: abort.signal,
      // a soak day lasts at least minDaySeconds, however short the virtual day
      dayOverrunMs: (profile.run.deadlineMinutes * 60 + (soak ? rule.soak.minDaySeconds : 0)) * 1000,
      log,
    });
  } finally {
    process.off('SIGINT', onSigint);
    if (soakRunId) {
      await runCleanups(log);
      await sweep(root, { only: soakRunId });
    }
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
    ...rulesSummary(profile, source, rules, sources),
    fleet: fleet.map((f) => ({ id: f.id, model: inventoryFor(f.model).model, bays: f.bays, arch: f.arch })),
    virtualStartMs,
    startedAt: first,
    finishedAt: Date.now(),
    wallSeconds: sessionSeconds(sessions),
    sessions: sessions.filter((s) => s.event === 'start' || s.event === 'resume').length,
    status: result.ledger.status,
    parts: PARTS.map((p) => ({ ...p, connected: connected.has(p.name) })),
    ...(soak ? { core: { name: coreName ?? 'moosefs', title: core.title } } : {}),
  };
  writeFileSync(join(dir, TRIAL_FILE), JSON.stringify(summary, null, 2) + '\n');
  const sealed = await renderTrialReports(dir, { pdf: o.pdf, log });
  const l = result.ledger;
  process.stdout.write(`\ntrial ${trialId}: ${TRIAL_STATUS_TEXT[l.status].zh} / ${TRIAL_STATUS_TEXT[l.status].en}\n`);
  process.stdout.write(
    `  days run ${l.daysRun}, end day ${l.endDay}, problems ${l.incidents.length} on days [${l.problemDays.join(', ')}]${l.terminationRight ? `, P5 on day ${l.terminationRight.day} (inside the extension of day ${l.terminationRight.insideExtensionOf})` : ''}\n`,
  );
  const injected = result.days.reduce((n, d) => n + (d.faults?.length ?? 0), 0);
  const measured = l.incidents.filter((i) => i.nature === 'measured').length;
  process.stdout.write(
    `  simulated: twins ageing in virtual time at ${accel}x; measured on the real core: ${soak ? `${injected} faults injected, ${measured} measured problems` : 'nothing (--no-soak)'}; not connected: ${
      summary.parts
        .filter((p) => !p.connected)
        .map((p) => p.name)
        .join(', ') || 'none'
    }\n`,
  );
  const pace = achievedPace(sessions);
  process.stdout.write(
    `  wall clock ${summary.wallSeconds} s over ${summary.sessions} session(s); acceleration nominal ${accel}x, achieved ${pace.accel === null ? 'not measurable' : `${Math.round(pace.accel)}x (${pace.days} virtual days in ${pace.wallSeconds.toFixed(1)} wall s)`}\n`,
  );
  process.stdout.write(`  evidence manifest SHA-256 ${sealed.evidence.sha256}\n  folder ${dir}\n`);
  if (result.pastDeadline)
    process.stdout.write(
      `  stopped: day ${result.pastDeadline.day} did not end within its deadline of ${result.pastDeadline.seconds} s (its length + run.deadlineMinutes): a hung core or client; that day is not counted\n`,
    );
  if (result.stopped) process.stdout.write(`  interrupted: resume with ${resume}\n`);
  return { dir, exitCode: l.status === 'completed' ? 0 : 1 };
}
