// The `accept` command line. Exit codes: 0 every judged clause PASS; 1 any clause not
// PASS (FAIL or INCONCLUSIVE); 2 usage or environment error.
import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { judge } from '../acceptance/judge';
import { listProfiles, loadProfile, ProfileError } from '../acceptance/profile';
import { ensureCoreImage, imageExists, recipeTag, referenceRecipe } from '../sim/core/moosefs/image';
import { EmulationUnavailable, ensureArm64Emulation } from '../sim/core/moosefs/binfmt';
import { readHistory } from '../sim/history';
import { sweep } from '../sim/topology/reaper';
import { overallStatus } from '../sim/verdict';
import { EnvironmentError } from './preflight';
import { log } from './progress';
import { workRoot } from './paths';
import { runSuite } from './run-suite';
import { runCommand } from './run-command';
import { CONTROLS, SCENARIOS, ScenarioChoiceError } from '../scenarios';
import { reportCommand, ReportUsageError, verifyCommand } from './report-commands';
import { finalWithReruns } from './final-command';
import { trialCommand, TrialUsageError } from './trial-command';
import { AttachmentError, MANUAL_SLOTS } from '../reports/manual-evidence';
import { ChromiumMissingError } from '../reports/pdf';
import { JournalError } from '../acceptance/trial/journal';
import { DiskUsageError, registerDiskCommands } from './disk-commands';
import { replayCommand } from './replay-command';
import { LedgerError } from '../acceptance/trial/ledger';

const collect = (value: string, previous: string[]) => [...previous, value];

const program = new Command()
  .name('accept')
  .description(
    'Acceptance harness for the video-storage cluster contract: a real MooseFS core in local containers, camera load, faults, verdicts per contract clause, the 初验报告, 试运行报告 and 终验报告 with a tamper-evident evidence bundle.\n' +
      'Exit codes: 0 = every judged clause PASS, 1 = some clause FAIL or INCONCLUSIVE, 2 = usage or environment error.',
  )
  .exitOverride()
  .configureOutput({ outputError: (s, write) => write(s) });

program
  .command('run')
  .description('start the cluster, write camera load, run one scenario (or --scenario all: each in turn) with its faults, judge every clause it claims, and write reports/out/<run-id>/ (history.jsonl, verdicts.json, run.json, load-summary.json, initial-report.{zh,en}.{html,pdf}, allure-results/, allure-report/, manifests)')
  .addOption(new Option('-p, --profile <name|file>', `contract profile: one of ${listProfiles().join(', ')}, or a JSON file`).default('ci'))
  .option('-s, --seed <seed>', 'run seed (printed in every report; the same seed replays the run)')
  .addOption(
    new Option('--scenario <id>', `what to run (default scaleout): ${SCENARIOS.map((x) => `${x.id} (${x.clauses.join(', ')})`).join(', ')}, or all (each in turn, one 初验报告 over all)`).choices([
      ...SCENARIOS.map((x) => x.id),
      'all',
    ]),
  )
  .option('--with-controls', 'with --scenario all: also run every negative control (each must FAIL; they are listed apart from the acceptance verdicts)')
  .addOption(
    new Option('--control <name>', `run a negative control that must FAIL: ${CONTROLS.map((c) => `${c.name} (${c.scenario})`).join(', ')}; implies its scenario`).choices(CONTROLS.map((c) => c.name)),
  )
  .option('-o, --out <dir>', 'folder for run folders (default: reports/out)')
  .option('--no-allure', 'skip the Allure results and HTML report')
  .option('--no-pdf', 'skip the PDF rendering of the reports (HTML only)')
  .action(async (o: { profile: string; seed?: string; scenario?: string; control?: string; out?: string; allure: boolean; pdf: boolean; withControls?: boolean }) => {
    if (o.scenario === 'all') {
      if (o.control) throw new UsageError('--control runs one control; with --scenario all use --with-controls');
      process.exitCode = (await runSuite(o)).exitCode;
      return;
    }
    if (o.withControls) throw new UsageError('--with-controls needs --scenario all');
    const r = await runCommand(o);
    process.exitCode = r.exitCode;
  });

program
  .command('recheck')
  .description('recompute the verdicts of a run folder from its saved history.jsonl (no cluster needed) and print them')
  .argument('<run-folder>')
  .option('-p, --profile <name|file>', 'profile whose thresholds to apply', 'ci')
  .action((dir: string, o: { profile: string }) => {
    const path = join(dir, 'history.jsonl');
    if (!existsSync(path)) throw new UsageError(`${path} does not exist`);
    const { profile } = loadProfile(o.profile);
    const { events, tornTail } = readHistory(path);
    if (tornTail) log('the last line of the history was torn (the run was interrupted); it is ignored');
    const verdicts = judge(events, profile);
    process.stdout.write(JSON.stringify(verdicts, null, 2) + '\n');
    process.exitCode = overallStatus(verdicts) === 'PASS' ? 0 : 1;
  });

program
  .command('verify')
  .description('check a run, trial or final folder against its manifest: prints OK, or every changed, missing and added file; exit 0 = unchanged, 1 = changed')
  .argument('<folder>')
  .action(async (dir: string) => {
    process.exitCode = await verifyCommand(dir);
  });

program
  .command('report')
  .description('re-render the reports of a run, trial or final folder (HTML in zh and en, PDF) and re-seal it; refuses a folder that no longer matches its manifest')
  .argument('<folder>')
  .addOption(new Option('--lang <lang>', 'language of the PDF to render (both HTML are always written: they carry the same evidence digest)').choices(['zh', 'en', 'both']).default('both'))
  .option('--pdf', 'render PDF (headless Chromium; ACCEPT_CHROMIUM overrides the one on PATH)')
  .option('--attach <slot=file>', `attach an outside document (${MANUAL_SLOTS.map((s) => s.id).join(', ')}); repeatable`, collect, [])
  .option('--force', 're-seal even if the folder no longer matches its manifest')
  .action(async (dir: string, o: { lang: 'zh' | 'en' | 'both'; pdf?: boolean; attach: string[]; force?: boolean }) => {
    await reportCommand(dir, { lang: o.lang, pdf: !!o.pdf, attach: o.attach, force: o.force });
  });

program
  .command('trial')
  .description('the trial run (试运行) in virtual days: each day the storage-node twins age in virtual time, cameras write through the real core (soak) and the day\'s seeded faults (disk pulls, crashes, power loss) are injected and judged; journal, ledger with the P4 extension and P5 termination rules, 试运行报告')
  .option('-p, --profile <name|file>', 'contract profile', 'ci')
  .option('--days <X>', 'trial length X in days (default: the profile; the report says when it came from the command line)')
  .option('--extension-days <Y>', 'extension Y per problem (needed while the profile says to be confirmed)')
  .requiredOption('--accel <N>', 'virtual-time acceleration: one virtual day takes 86400/N wall seconds')
  .option('-s, --seed <seed>', 'trial seed (the same seed gives the same ledger)')
  .option('--resume <folder>', 'continue an interrupted trial from its journal')
  .option('-o, --out <dir>', 'folder for trial folders (default: reports/out)')
  .option('--no-pdf', 'skip the PDF rendering')
  .option('--no-soak', 'twins only: no load and no faults on the real core (no Docker needed)')
  .action(async (o: { profile: string; days?: string; extensionDays?: string; accel: string; seed?: string; resume?: string; out?: string; pdf: boolean; soak: boolean }) => {
    const r = await trialCommand(o);
    process.exitCode = r.exitCode;
  });

program
  .command('final')
  .description('after the trial: run the reference variant of every scenario again (the registry, or the profile\'s final.rerunScenarios), then build the 终验报告 folder from the initial run, the trial and those re-runs, with the outside assessments attached (they stay 人工确认)')
  .requiredOption('--initial <run-folder>', 'folder of the initial acceptance run')
  .option('--trial <trial-folder>', 'folder of accept trial')
  .option('--rerun <run-folder>', 'use this accept run folder as an end-of-trial re-run instead of running now; repeatable', collect, [])
  .option('--no-rerun', 'no re-run (every measurable clause is then inconclusive in the report)')
  .option('--rerun-scenarios <ids>', `'all' or a comma list of: ${SCENARIOS.map((x) => x.id).join(', ')} (default: the profile's final.rerunScenarios)`)
  .option('-p, --profile <name|file>', 'profile of the re-runs (default: the trial\'s, else the initial run\'s)')
  .option('-s, --seed <seed>', 'seed of the re-runs')
  .option('--attach <slot=file>', `attach an outside document (${MANUAL_SLOTS.map((s) => s.id).join(', ')}); repeatable`, collect, [])
  .option('-o, --out <dir>', 'folder for final and re-run folders (default: reports/out)')
  .option('--no-pdf', 'skip the PDF rendering')
  .option('--force', 'accept input folders that no longer match their manifests')
  .action(async (o: { initial: string; trial?: string; rerun: string[] | boolean; rerunScenarios?: string; profile?: string; seed?: string; attach: string[]; out?: string; pdf: boolean; force?: boolean }) => {
    // commander puts --rerun <folder> and --no-rerun on one key
    const folders = Array.isArray(o.rerun) ? o.rerun : [];
    await finalWithReruns({ ...o, rerun: folders, rerunNow: o.rerun !== false });
  });

program
  .command('image')
  .description('build the reference-core image (debootstrap + docker import, no pull) unless the recipe’s image exists; print how long it took')
  .option('--print-tag', 'only print the tag the current recipe has')
  .option('--arch <arch>', 'amd64 (default) or arm64: an arm64 storage node under qemu user-mode emulation (T7); registers qemu-aarch64 in binfmt_misc first', 'amd64')
  .action(async (o: { printTag?: boolean; arch: string }) => {
    if (o.arch !== 'amd64' && o.arch !== 'arm64') throw new UsageError(`--arch must be amd64 or arm64, not '${o.arch}'`);
    const recipe = referenceRecipe(o.arch);
    const tag = recipeTag(recipe);
    if (o.printTag) {
      process.stdout.write(`${tag}${(await imageExists(tag)) ? '' : ' (not built)'}\n`);
      return;
    }
    if (o.arch === 'arm64') ensureArm64Emulation(log);
    const r = await ensureCoreImage(workRoot(), log, recipe);
    process.stdout.write(r.built ? `built ${r.tag} in ${r.seconds.toFixed(1)} s\n` : `${r.tag} is up to date\n`);
  });

program
  .command('clean')
  .description('remove containers, networks, mounts and loop devices left by runs whose process is gone (with --all: of every run)')
  .option('--all', 'also runs whose process is still alive')
  .action(async (o: { all?: boolean }) => {
    const r = await sweep(workRoot(), { force: !!o.all });
    process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  });

registerDiskCommands(program);

program
  .command('replay')
  .description('replay a counterexample file of the model-based property test (acceptance/properties) on a small reference cluster; exit 0 = the failure was reproduced')
  .argument('<file>', 'counterexample-<kind>.json from reports/out/properties/<run-id>/')
  .action(async (file: string) => {
    process.exitCode = (await replayCommand(file)).exitCode;
  });

class UsageError extends Error {}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (
    e instanceof ProfileError || e instanceof EnvironmentError || e instanceof UsageError || e instanceof ScenarioChoiceError || e instanceof ReportUsageError || e instanceof TrialUsageError ||
    e instanceof AttachmentError || e instanceof DiskUsageError || e instanceof ChromiumMissingError || e instanceof JournalError || e instanceof LedgerError || e instanceof EmulationUnavailable
  ) {
    process.stderr.write(`accept: ${(e as Error).message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`accept: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  }
}
