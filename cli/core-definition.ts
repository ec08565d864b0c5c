// The definition of `accept core up|down` (options, help, exit codes). What they do is in
// core-command.ts, which program.ts loads when one runs.
import { relative, join } from 'node:path';
import { Command, Option } from 'commander';
import { OUT_ROOT, REPO_ROOT } from '../lib/paths';
import { listProfiles } from '../profile/profile';
import { BMC_CREDENTIAL_ENV, SWITCH_CREDENTIAL_ENV } from '../profile/target';
import { CORE_NAMES, type CoreName } from '../sim/core/cores';
import { exit2, exitCodes, USAGE } from './help';

/** where core up writes its target file and core down looks for it, unless --target says */
export const DEFAULT_TARGET = join(OUT_ROOT, 'core', 'target.json');

/** `accept core up`'s options as commander gives them */
export interface CoreUpOptions {
  profile: string;
  core: CoreName;
  target: string;
  spareNodes: string;
}

/** most nodes `core up` keeps delivered and unconnected */
export const MAX_SPARE_NODES = 4;

/** `core up|down` on the program; `run` does them (program.ts loads core-command.ts then). */
export function registerCoreCommand(
  program: Command,
  run: { up: (o: CoreUpOptions) => Promise<never>; down: (o: { target: string }) => Promise<number> },
): void {
  const core = program
    .command('core')
    .description(
      'the reference system kept running as a field-mode target: core up starts it with its twins (each node BMC bound to the real node, a management server BMC, the switch) on loopback and writes its target file; core down stops it',
    )
    .addHelpText('after', exitCodes('2  no subcommand given (up or down: each --help lists its own exit codes)'));
  core
    .command('up')
    .description(
      `start the reference cluster of the profile and hold it until accept core down or Ctrl-C; writes the target file (default ${relative(REPO_ROOT, DEFAULT_TARGET)}). With ${BMC_CREDENTIAL_ENV.userEnv}/${BMC_CREDENTIAL_ENV.passwordEnv} (and ${SWITCH_CREDENTIAL_ENV.userEnv}/${SWITCH_CREDENTIAL_ENV.passwordEnv}) set, the twins ask for that account and the target file names those variables`,
    )
    .addOption(new Option('-p, --profile <name|file>', `contract profile: ${listProfiles().join(', ')}, or a JSON file`).default('ci'))
    .addOption(new Option('--core <name>', 'the storage core').choices(CORE_NAMES).default('moosefs'))
    .option('-t, --target <file>', 'where to write the target file', DEFAULT_TARGET)
    .option(
      '--spare-nodes <n>',
      `nodes beyond the profile's, delivered powered off and not yet connected (joining in the target file, for accept probe --connect; 0 to ${MAX_SPARE_NODES}, moosefs only)`,
      '0',
    )
    .addHelpText(
      'after',
      exitCodes(
        '0  not returned: it holds the system until stopped',
        '130  Ctrl-C (143 SIGTERM, as accept core down sends): the cluster, its twins, the target file and the holder file are removed first',
        USAGE,
      ),
    )
    .action(async (o: CoreUpOptions) => {
      await run.up(o);
    });
  core
    .command('down')
    .description('stop the accept core up that holds the target file, and remove whatever its run left')
    .option('-t, --target <file>', 'the target file accept core up wrote', DEFAULT_TARGET)
    .addHelpText(
      'after',
      exitCodes('0  stopped and removed', exit2('usage error: no accept core up holds that target file, or it did not stop in 120 s')),
    )
    .action(async (o: { target: string }) => {
      process.exitCode = await run.down(o);
    });
}
