// The `accept` command line: every subcommand, its options and its help (with its exit
// codes). Built by a function so that tests can read the definitions without running them.
import { Command, CommanderError, Option, type OutputConfiguration } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listProfiles, loadProfile, ProfileError } from '../profile/profile';
import { AttachmentError, MANUAL_SLOTS } from '../reports/manual-evidence';
import { PROFILE_FILE } from '../reports/render-run';
import { CONTROLS, SCENARIOS, ScenarioChoiceError } from '../scenarios';
import { CORES, CORE_NAMES, EmulationUnavailable, ensureArm64Emulation, imageExists, type CoreName } from '../sim/core/cores';
import { registerDiskCommands } from './disk-commands';
import { registerInventoryCommand } from './inventory-definition';
import { CredentialLeakError, FIELD_PROBE_SECONDS, READ_TIMEOUT_MS, registerProbeCommand } from './probe-definition';
import { registerCoreCommand } from './core-definition';
import { TargetError } from '../profile/target';
import { collect, exit2, exitCodes, USAGE } from './help';
import { readRunHistory, requireOutFolder, UsageError } from './inputs';
import { harnessVersion, workRoot } from '../lib/paths';
import { HistoryFormatError } from '../sim/history';
import { log } from './progress';

const INTERRUPTED = "130  Ctrl-C (143 SIGTERM): the run's containers, network, mounts and loop devices are removed first";

/** The whole command line, without parsing anything (cli/main.ts parses; tests read the definitions). */
export function buildProgram(output: OutputConfiguration = {}): Command {
  const program = new Command()
    .name('accept')
    .version(harnessVersion(), '-V, --version', 'print the harness version (from package.json) and exit')
    .description(
      'Acceptance harness for the video-storage cluster contract: a real storage core in local containers (the reference: MooseFS), camera load, faults, verdicts per contract clause, the 初验报告, 试运行报告 and 终验报告 with a tamper-evident evidence bundle.\n' +
        "Exit codes: 0 = what was asked for holds (every judged clause PASS; a control FAILed as it must), 1 = it does not (some clause FAIL or INCONCLUSIVE), 2 = usage or environment error; each command's --help lists its own.",
    )
    .exitOverride()
    // a command's options are its own: `trial incident add --no-pdf` is not trial's --no-pdf
    .enablePositionalOptions()
    // set before the subcommands are added: each copies it
    .configureOutput({ outputError: (s, write) => write(s), ...output });

  program
    .command('run')
    .description(
      "start the cluster, write camera load, run one scenario (or --scenario all: each in turn) with its faults, judge every clause it claims and the twins' hardware read before the load (T1, T2, M1 over Redfish, S1 over the switch\'s RESTCONF; simulated), and write reports/out/<run-id>/ (history.jsonl, verdicts.json, junit.xml, run.json, load-summary.json, initial-report.{zh,en}.{html,pdf}, allure-results/, allure-report/, manifests)",
    )
    .addOption(
      new Option('-p, --profile <name|file>', `contract profile: one of ${listProfiles().join(', ')}, or a JSON file`).default('ci'),
    )
    .option('-s, --seed <seed>', 'run seed (printed in every report; the same seed replays the run)')
    .addOption(
      new Option(
        '--scenario <id>',
        `what to run (default scaleout): ${SCENARIOS.map((x) => `${x.id} (${x.clauses.join(', ')})`).join(', ')}, or all (each in turn, one 初验报告 over all)`,
      ).choices([...SCENARIOS.map((x) => x.id), 'all']),
    )
    .option(
      '--with-controls',
      'with --scenario all: also run every negative control (each must FAIL; they are listed apart from the acceptance verdicts)',
    )
    .addOption(
      new Option(
        '--control <name>',
        `run one negative control, which must FAIL: ${CONTROLS.map((c) => `${c.name} (${c.scenario})`).join(', ')}; implies its scenario`,
      ).choices(CONTROLS.map((c) => c.name)),
    )
    .addOption(
      new Option('--core <name>', `the storage core to start: ${CORE_NAMES.join(', ')} (the reference, moosefs, by default)`)
        .choices(CORE_NAMES)
        .default('moosefs'),
    )
    .option('-o, --out <dir>', 'folder for run folders (default: reports/out)')
    .option('--no-allure', 'skip the Allure results and HTML report')
    .option('--no-pdf', 'skip the PDF rendering of the reports (HTML only)')
    .addHelpText(
      'after',
      exitCodes(
        '0  every clause the run claims PASS, and every other judged clause PASS or MANUAL (left to a person, listed in the reports); with --control: the control FAILed its clause as required; with --scenario all: every reference so (and, with --with-controls, every control FAILed)',
        "1  otherwise: some clause FAIL or INCONCLUSIVE (MANUAL alone is INCONCLUSIVE), or a control that did not FAIL; or the run did not end by the profile's run.deadlineMinutes (a hung core or client), or the core (--core) does not provide an operation the scenario needs (said with its reason): verdicts.json judges what it measured (a PASS on part of the run is INCONCLUSIVE), no report is made; with --scenario all, also any part that did not complete, whatever stopped it",
        exit2(
          'usage or environment error, one line on stderr (checked before anything starts); one scenario whose run ended in another error (a core that would not start, a harness failure), its verdicts.json written too',
        ),
        INTERRUPTED,
      ),
    )
    .action(
      async (o: {
        profile: string;
        seed?: string;
        scenario?: string;
        control?: string;
        core: CoreName;
        out?: string;
        allure: boolean;
        pdf: boolean;
        withControls?: boolean;
      }) => {
        if (o.out) requireOutFolder(o.out);
        if (o.scenario === 'all') {
          if (o.control) throw new UsageError('--control runs one control; with --scenario all use --with-controls');
          process.exitCode = (await (await import('./run-suite')).runSuite(o)).exitCode;
          return;
        }
        if (o.withControls) throw new UsageError('--with-controls needs --scenario all');
        process.exitCode = (await (await import('./run-command')).runCommand(o)).exitCode;
      },
    );

  program
    .command('recheck')
    .description('recompute the verdicts of a run folder from its saved history.jsonl (no cluster needed) and print them as JSON')
    .argument('<run-folder>')
    .option('-p, --profile <name|file>', `profile whose thresholds to apply (default: the run folder's ${PROFILE_FILE}, else ci)`)
    .addHelpText(
      'after',
      exitCodes('0  every judged clause PASS (MANUAL ones wait for a person)', '1  some clause FAIL or INCONCLUSIVE', USAGE),
    )
    .action(async (dir: string, o: { profile?: string }) => {
      const { judge } = await import('../acceptance/judge');
      const { passedAsFarAsMeasurable } = await import('../sim/verdict');
      const { events, tornTail } = readRunHistory(dir);
      // by default the thresholds the run was judged by
      const { profile } = loadProfile(o.profile ?? (existsSync(join(dir, PROFILE_FILE)) ? join(dir, PROFILE_FILE) : 'ci'));
      if (tornTail) log('the last line of the history was torn (the run was interrupted); it is ignored');
      const verdicts = judge(events, profile);
      process.stdout.write(JSON.stringify(verdicts, null, 2) + '\n');
      process.exitCode = passedAsFarAsMeasurable(verdicts) ? 0 : 1;
    });

  program
    .command('verify')
    .description(
      'check a run, trial or final folder against its manifests: prints OK and the evidence digest, or every changed, missing and added file',
    )
    .argument('<folder>')
    .addHelpText(
      'after',
      exitCodes(
        '0  unchanged',
        '1  changed (the lines name each file)',
        exit2('usage error: no such folder, or not a folder of accept run, trial or final'),
      ),
    )
    .action(async (dir: string) => {
      process.exitCode = await (await import('./report-commands')).verifyCommand(dir);
    });

  program
    .command('report')
    .description(
      're-render the reports of a run, trial or final folder (HTML in zh and en, PDF) and re-seal it; refuses a folder that no longer matches its manifest',
    )
    .argument('<folder>')
    .addOption(
      new Option('--lang <lang>', 'language of the PDF to render (both HTML are always written: they carry the same evidence digest)')
        .choices(['zh', 'en', 'both'])
        .default('both'),
    )
    .option('--pdf', 'render PDF (headless Chromium; ACCEPT_CHROMIUM overrides the one on PATH)')
    .option(
      '--attach <slot=file>',
      `attach a document for a clause a person decides: outside assessments (P6), service records (W3), the switch's records (S2-S10), dates and letters (P1, P2, P8, W1, W2); slots: ${MANUAL_SLOTS.map((s) => s.id).join(', ')}; repeatable`,
      collect,
      [],
    )
    .option(
      '--confirm <slot=pass|fail>',
      "record the acceptance panel's decision on a slot's documents (attached now or before; the decision covers exactly those files, by SHA-256, and lapses when another is attached); a clause whose every slot is confirmed pass is 通过, one failed is 不通过; needs --by; repeatable",
      collect,
      [],
    )
    .option('--by <name>', 'the panel member who decides (--confirm)')
    .option(
      '--compare <run-folder>',
      "a run folder of another core (accept run --core): its verdicts side by side with this run's as an appendix of the initial report, and compare.json, compare.{zh,en}.html in this folder (a run folder only; it judges nothing)",
    )
    .option('--force', 're-seal even if the folder no longer matches its manifest')
    .addHelpText(
      'after',
      exitCodes(
        '0  re-rendered and re-sealed (a PDF that could not be rendered is said on stdout)',
        exit2(
          'usage error: no such folder, not a folder of accept, a folder changed since it was sealed (without --force), a bad --attach or --confirm (an unknown slot, a decision not pass or fail, no --by, nothing attached to the slot), a --compare folder without a readable verdicts.json or given with a trial or final folder',
        ),
      ),
    )
    .action(
      async (
        dir: string,
        o: {
          lang: 'zh' | 'en' | 'both';
          pdf?: boolean;
          attach: string[];
          confirm: string[];
          by?: string;
          force?: boolean;
          compare?: string;
        },
      ) => {
        await (
          await import('./report-commands')
        ).reportCommand(dir, {
          lang: o.lang,
          pdf: !!o.pdf,
          attach: o.attach,
          confirm: o.confirm,
          by: o.by,
          force: o.force,
          compare: o.compare,
        });
      },
    );

  const trial = program
    .command('trial')
    .description(
      "the trial run (试运行): in virtual days (--accel), each day the storage-node twins age in virtual time, cameras write through the real core (soak) and the day's seeded faults (disk pulls, crashes, power loss) are injected and judged; or, with --target, on a delivered system in real calendar days, run once a day: the BMCs and the switch read, a short camera load written and read back, the disks' health and the capacity; journal, ledger with the P4 extension and P5 termination rules (with the problems entered by 'trial incident add'), 试运行报告",
    )
    .option('-p, --profile <name|file>', 'contract profile', 'ci')
    .option('--days <X>', 'trial length X in whole days >= 1 (default: the profile; the report says when it came from the command line)')
    .option('--extension-days <Y>', 'extension Y in whole days >= 1 per problem (needed while the profile says to be confirmed)')
    .option(
      '--accel <N>',
      "virtual-time acceleration (required unless --target): one virtual day takes 86400/N wall seconds; with --resume, the journal's",
    )
    .option(
      '-t, --target <file>',
      "a field trial on the delivered system this target file describes (as accept probe), in real calendar days (Beijing); run it once a day with --resume: the days since the last run are journalled unchecked, today's checks are made once",
    )
    .option('--probe-seconds <n>', "a field trial's daily camera load, seconds (5 to 3600)", String(FIELD_PROBE_SECONDS))
    .option('--timeout <ms>', "a field trial's per-request timeout of the BMC and switch reads, milliseconds", String(READ_TIMEOUT_MS))
    .option('--dry-run', "with --target: print what this run would journal and check (and the day probe's plan), and touch nothing")
    .option('-s, --seed <seed>', 'trial seed (the same seed gives the same ledger)')
    .option('--resume <folder>', 'continue an interrupted trial from its journal')
    .option('-o, --out <dir>', 'folder for trial folders (default: reports/out)')
    .option('--no-pdf', 'skip the PDF rendering')
    .option('--no-soak', 'twins only: no load and no faults on the real core (no Docker needed)')
    .addOption(
      new Option(
        '--core <name>',
        `the storage core the soak days start: ${CORE_NAMES.join(', ')} (the reference, moosefs, by default); with --resume, the journal's`,
      ).choices(CORE_NAMES),
    )
    .addHelpText(
      'after',
      exitCodes(
        '0  the trial completed (试运行期满)',
        "1  not completed: P5 reached, still extended at the maximum length, interrupted, or a day past its deadline (its length + the profile's run.deadlineMinutes: a hung core or client); resume with --resume",
        '   with --target: 0 no problem found by this run and the trial runs on or completed; 1 a check FAILed today, P5 reached, or stopped at the maximum length',
        USAGE,
        "130  Ctrl-C during a soak day (143 SIGTERM): the day's cluster is removed; the journal keeps the days done",
      ),
    )
    .action(
      async (
        o: {
          profile: string;
          days?: string;
          extensionDays?: string;
          accel?: string;
          seed?: string;
          resume?: string;
          out?: string;
          pdf: boolean;
          soak: boolean;
          core?: CoreName;
          target?: string;
          probeSeconds: string;
          timeout: string;
          dryRun?: boolean;
        },
        cmd: Command,
      ) => {
        // the default daily load is a field trial's: given without --target it is a usage error
        const probeSeconds = cmd.getOptionValueSource('probeSeconds') === 'default' ? undefined : o.probeSeconds;
        const timeout = cmd.getOptionValueSource('timeout') === 'default' ? undefined : o.timeout;
        // the soak is a virtual trial's: only --no-soak given counts against a field trial
        const soak = cmd.getOptionValueSource('soak') === 'default' ? undefined : o.soak;
        process.exitCode = (await (await import('./trial-command')).trialCommand({ ...o, soak, probeSeconds, timeout })).exitCode;
      },
    );
  const incident = trial
    .command('incident')
    .description(
      "a field trial's problems as people find and deal with them: entered into its journal, counted by P4/P5 from the day found",
    )
    .addHelpText('after', exitCodes('2  no subcommand given (add or resolve: each --help lists its own exit codes)'));
  // what both entries share: the trial folder, who entered it, the reports brought up to date
  const entry = (name: string, description: string, refused: string, own: (c: Command) => Command) =>
    own(
      incident.command(name).description(description).requiredOption('--trial <folder>', 'the field trial folder (accept trial --target)'),
    )
      .option('--by <name>', 'who entered it (default: $USER)')
      .option('--no-pdf', 'HTML reports only')
      .addHelpText('after', exitCodes('0  entered', exit2(`usage error: ${refused}`)));
  entry(
    'add',
    'enter a problem found during a field trial (who and when recorded); the ledger and the 试运行报告 are brought up to date',
    "not a field trial's folder, a time in the future or before the trial, after the trial ended, an unknown clause",
    (c) =>
      c
        .requiredOption('--found <time>', "when it was found: 'now', 'yyyy-mm-dd hh:mm' (Beijing time) or ISO 8601 with its zone")
        .requiredOption('--clause <id>', 'the contract clause it is counted against, e.g. T3 or P4')
        .requiredOption('--description <text>', 'what was found'),
  ).action(async (o: { trial: string; found: string; clause: string; description: string; by?: string; pdf: boolean }) => {
    await (await import('./incident-command')).incidentAdd(o);
  });
  entry(
    'resolve',
    'enter how a problem of a field trial (found by its checks or entered) was dealt with, once per problem',
    "not a field trial's folder, no such problem, resolved already, a time in the future or before the problem was found",
    (c) =>
      c
        .requiredOption('--id <id>', 'the problem, as the ledger and the report name it (e.g. r1, d3-T3-fail)')
        .requiredOption('--resolution <text>', 'how it was dealt with')
        .option('--at <time>', "when it was resolved: 'now' (default), 'yyyy-mm-dd hh:mm' (Beijing time) or ISO 8601 with its zone"),
  ).action(async (o: { trial: string; id: string; resolution: string; at?: string; by?: string; pdf: boolean }) => {
    await (await import('./incident-command')).incidentResolve(o);
  });

  program
    .command('final')
    .description(
      "after the trial: run the reference variant of every scenario again (the registry, or the profile's final.rerunScenarios), then build the 终验报告 folder from the initial run, the trial and those re-runs, with the manual documents attached (outside assessments, service records, the switch's records, dates and letters; they stay 人工确认); every folder and --attach is checked before anything runs",
    )
    .requiredOption('--initial <run-folder>', 'folder of the initial acceptance run (accept run) (required)')
    .option('--trial <trial-folder>', 'folder of accept trial (without it the trial clauses P4, P5 are inconclusive)')
    .option('--rerun <run-folder>', 'use this accept run folder as an end-of-trial re-run instead of running now; repeatable', collect, [])
    .option('--no-rerun', 'no re-run (every measurable clause is then inconclusive in the report)')
    .option(
      '--rerun-scenarios <ids>',
      `'all' or a comma list of: ${SCENARIOS.map((x) => x.id).join(', ')} (default: the profile's final.rerunScenarios)`,
    )
    .option('-p, --profile <name|file>', "profile of the re-runs (default: the trial's, else the initial run's)")
    .option('-s, --seed <seed>', 'seed of the re-runs')
    .option(
      '--attach <slot=file>',
      `attach a document for a clause a person decides: outside assessments (P6), service records (W3), the switch's records (S2-S5, S7-S10), dates and letters (P1, P2, P8, W1, W2); slots: ${MANUAL_SLOTS.map((s) => s.id).join(', ')}; repeatable`,
      collect,
      [],
    )
    .option('-o, --out <dir>', 'folder for final and re-run folders (default: reports/out)')
    .option('--no-pdf', 'skip the PDF rendering')
    .option('--force', 'accept input folders that no longer match their manifests')
    .addHelpText(
      'after',
      exitCodes(
        '0  the 终验报告 folder was written and sealed (its conclusion is in the report, not in the exit code)',
        "1  a re-run did not end by its profile's run.deadlineMinutes (a hung core or client): its verdicts.json is written, no 终验报告 is made",
        exit2(
          'usage or environment error: a folder missing or of the wrong kind or changed since sealed, a bad --attach, re-runs asked of a field trial (give its probe folders with --rerun; all checked before any re-run); a re-run that ended in another error',
        ),
        INTERRUPTED,
      ),
    )
    .action(
      async (o: {
        initial: string;
        trial?: string;
        rerun: string[] | boolean;
        rerunScenarios?: string;
        profile?: string;
        seed?: string;
        attach: string[];
        out?: string;
        pdf: boolean;
        force?: boolean;
      }) => {
        if (o.out) requireOutFolder(o.out);
        // commander puts --rerun <folder> and --no-rerun on one key
        const folders = Array.isArray(o.rerun) ? o.rerun : [];
        await (await import('./final-command')).finalWithReruns({ ...o, rerun: folders, rerunNow: o.rerun !== false });
      },
    );

  program
    .command('image')
    .description(
      "build a storage core's image (debootstrap + docker import, no pull) unless the recipe’s image exists; print how long it took",
    )
    .option('--print-tag', 'only print the tag the current recipe has')
    .addOption(
      new Option('--core <name>', 'whose image: the reference (moosefs), or glusterfs (issue 14)').choices(CORE_NAMES).default('moosefs'),
    )
    .addOption(
      new Option(
        '--arch <arch>',
        'amd64, or arm64: an arm64 storage node under qemu user-mode emulation (T7, moosefs only); registers qemu-aarch64 in binfmt_misc first',
      )
        .choices(['amd64', 'arm64'])
        .default('amd64'),
    )
    .addHelpText(
      'after',
      exitCodes(
        '0  the image is built or was up to date (with --print-tag: the tag was printed)',
        exit2(
          'usage or environment error (no Docker, no debootstrap, no qemu-user-static for arm64, an architecture the core has no recipe for)',
        ),
      ),
    )
    .action(async (o: { printTag?: boolean; core: CoreName; arch: 'amd64' | 'arm64' }) => {
      const core = CORES[o.core];
      if (!(core.archs as readonly string[]).includes(o.arch))
        throw new UsageError(`--core ${o.core} has no ${o.arch} recipe (it has: ${core.archs.join(', ')})`);
      const tag = core.tag(o.arch);
      if (o.printTag) {
        process.stdout.write(`${tag}${(await imageExists(tag)) ? '' : ' (not built)'}\n`);
        return;
      }
      if (o.arch === 'arm64') ensureArm64Emulation(log);
      const r = await core.ensure(workRoot(), log, o.arch);
      process.stdout.write(r.built ? `built ${r.tag} in ${r.seconds.toFixed(1)} s\n` : `${r.tag} is up to date\n`);
    });

  program
    .command('clean')
    .description(
      'remove containers, networks, mounts and loop devices left by runs whose process is gone (with --all: of every run); prints what was removed as JSON',
    )
    .option('--all', 'also runs whose process is still alive')
    .addHelpText(
      'after',
      exitCodes('0  swept (the JSON says what was removed)', exit2('environment error (e.g. the Docker engine does not answer)')),
    )
    .action(async (o: { all?: boolean }) => {
      const { sweep } = await import('../sim/topology/reaper');
      const r = await sweep(workRoot(), { force: !!o.all });
      process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    });

  registerDiskCommands(program);
  // each command's module is loaded when it runs, not at every start
  registerInventoryCommand(program, async (o) => (await import('./inventory-command')).inventoryCommand(o));
  registerProbeCommand(program, async (o) => (await import('./probe-command')).probeCommand(o));
  registerCoreCommand(program, {
    up: async (o) => (await import('./core-command')).coreUp(o),
    down: async (o) => (await import('./core-command')).coreDown(o),
  });

  program
    .command('replay')
    .description('replay a counterexample file of the model-based property test (acceptance/properties) on a small reference cluster')
    .argument('<file>', 'counterexample-<kind>.json from reports/out/properties/<run-id>/')
    .addHelpText(
      'after',
      exitCodes(
        '0  the recorded failure was reproduced',
        '1  not reproduced',
        exit2('usage or environment error (the file is missing or not a counterexample file)'),
        INTERRUPTED,
      ),
    )
    .action(async (file: string) => {
      process.exitCode = (await (await import('./replay-command')).replayCommand(file)).exitCode;
    });

  program
    .command('compare')
    .description(
      "two run folders side by side (e.g. one scenario on two cores, --core): per clause and scenario both verdicts, per figure both values against the threshold, and each side's reasons where the verdicts differ; printed, and written as compare.json, compare.zh.html and compare.en.html",
    )
    .argument('<run-a>', 'a folder of accept run')
    .argument('<run-b>', 'another folder of accept run')
    .option('-o, --out <dir>', 'where to write (default: reports/out/compare-<run-a id>-<run-b id>)')
    .addHelpText(
      'after',
      exitCodes(
        '0  the comparison was written (it judges nothing: each run keeps its own verdicts)',
        exit2('usage error: a folder missing, or without a readable verdicts.json'),
      ),
    )
    .action(async (a: string, b: string, o: { out?: string }) => {
      (await import('./compare-command')).compareCommand(a, b, o);
      process.exitCode = 0;
    });

  return program;
}

/**
 * Errors that are the user's input or the machine, not a bug: said in one line. Loaded when an
 * error is to be said (the modules of the commands that throw them are loaded by then anyway).
 */
async function plainErrors(): Promise<(abstract new (...args: never[]) => Error)[]> {
  const [{ EnvironmentError }, { ChromiumMissingError }, { JournalError }, { LedgerError }] = await Promise.all([
    import('../sim/preflight'),
    import('../reports/pdf'),
    import('../acceptance/trial/journal'),
    import('../acceptance/trial/ledger'),
  ]);
  return [
    UsageError,
    HistoryFormatError,
    ProfileError,
    TargetError,
    CredentialLeakError,
    EnvironmentError,
    ScenarioChoiceError,
    AttachmentError,
    ChromiumMissingError,
    JournalError,
    LedgerError,
    EmulationUnavailable,
  ];
}

/** Parses and runs one command line; returns the exit code. A plain error is one line on stderr. */
export async function runCli(argv: readonly string[], writeErr: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  try {
    await buildProgram({ writeErr }).parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    // commander has said what is wrong (or printed the help or the version)
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const PLAIN = await plainErrors();
    // only a run loads run-command.ts: an error of another command is not one of its
    const { RunIncompleteError } =
      (e as Error)?.name === 'RunIncompleteError' ? await import('./run-command') : { RunIncompleteError: null };
    // a run that did not complete has its verdicts written: past its deadline its clauses are
    // not accepted (1); another error is the environment's or the harness's (2, with its stack)
    if (RunIncompleteError && e instanceof RunIncompleteError) {
      writeErr(`accept: ${e.message}\n`);
      if (e.pastDeadline || e.notProvided) return 1;
      const cause = e.failure as Error;
      writeErr(`accept: ${PLAIN.some((c) => cause instanceof c) ? cause.message : (cause?.stack ?? cause)}\n`);
      return 2;
    }
    if (PLAIN.some((c) => e instanceof c)) writeErr(`accept: ${(e as Error).message}\n`);
    // anything else is a bug of the harness: the stack says where
    else writeErr(`accept: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}
