// The `accept` command line. Exit codes: 0 every judged clause PASS; 1 any clause not
// PASS (FAIL or INCONCLUSIVE); 2 usage or environment error.
import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { judge } from '../acceptance/judge';
import { listProfiles, loadProfile, ProfileError } from '../acceptance/profile';
import { ensureCoreImage, imageExists, recipeTag, referenceRecipe } from '../sim/core/moosefs/image';
import { readHistory } from '../sim/history';
import { sweep } from '../sim/topology/reaper';
import { overallStatus } from '../sim/verdict';
import { EnvironmentError } from './preflight';
import { log } from './progress';
import { workRoot } from './paths';
import { runCommand } from './run-command';

const program = new Command()
  .name('accept')
  .description(
    'Acceptance harness for the video-storage cluster contract: a real MooseFS core in local containers, camera load, faults, verdicts per contract clause, and the 初验报告.\n' +
      'Exit codes: 0 = every judged clause PASS, 1 = some clause FAIL or INCONCLUSIVE, 2 = usage or environment error.',
  )
  .exitOverride()
  .configureOutput({ outputError: (s, write) => write(s) });

program
  .command('run')
  .description('start the cluster, write camera load, add a storage node (T8 scale-out), judge, and write reports/out/<run-id>/ (history.jsonl, verdicts.json, run.json, initial-report.{zh,en}.html, allure-results/, allure-report/)')
  .addOption(new Option('-p, --profile <name|file>', `contract profile: one of ${listProfiles().join(', ')}, or a JSON file`).default('ci'))
  .option('-s, --seed <seed>', 'run seed (printed in every report; the same seed replays the run)')
  .addOption(new Option('--control <defect>', 'run a negative control that must FAIL: the new node cannot receive chunks').choices(['cannot-receive-chunks']))
  .option('-o, --out <dir>', 'folder for run folders (default: reports/out)')
  .option('--no-allure', 'skip the Allure results and HTML report')
  .action(async (o: { profile: string; seed?: string; control?: string; out?: string; allure: boolean }) => {
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
  .command('image')
  .description('build the reference-core image (debootstrap + docker import, no pull) unless the recipe’s image exists; print how long it took')
  .option('--print-tag', 'only print the tag the current recipe has')
  .action(async (o: { printTag?: boolean }) => {
    const tag = recipeTag(referenceRecipe());
    if (o.printTag) {
      process.stdout.write(`${tag}${(await imageExists(tag)) ? '' : ' (not built)'}\n`);
      return;
    }
    const r = await ensureCoreImage(workRoot(), log);
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

class UsageError extends Error {}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (e instanceof ProfileError || e instanceof EnvironmentError || e instanceof UsageError) {
    process.stderr.write(`accept: ${(e as Error).message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`accept: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  }
}
