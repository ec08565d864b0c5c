// The definition of `accept probe` (options, help, exit codes) and what the probe and the field
// trial share on the command line. The probe itself is in probe-command.ts, which program.ts
// loads when it runs: every `accept` start reads this file, not the field mode's modules.
import { Command, Option } from 'commander';
import { listProfiles } from '../profile/profile';
import { exit2, exitCodes } from './help';
import { UsageError } from './inputs';

/** `accept probe`'s options as commander gives them */
export interface ProbeOptions {
  target: string;
  profile: string;
  seed?: string;
  seconds: string;
  keepTestData?: boolean;
  readExisting?: string;
  /** the default (1024) when absent: the field trial's daily probe reads none of the site's files */
  readExistingMib?: string;
  dryRun?: boolean;
  out?: string;
  timeout: string;
  pdf: boolean;
  powerLoss?: string;
  restart?: string;
  pull?: string;
  unplug?: string;
  connect?: string;
  operator?: string;
  stepTimeout: string;
}

/** A credential of the target found in an output of the run: the folder is not fit to share (a defect of the harness). */
export class CredentialLeakError extends Error {}

/** the per-request timeout of the BMC and switch reads, ms, unless --timeout says (a field trial's daily probe too) */
export const READ_TIMEOUT_MS = 5000;

/** --timeout MS of the BMC and switch reads, or a usage error (the probe's and the field trial's alike) */
export function readTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) throw new UsageError(`--timeout ${value}: whole milliseconds, 100 to 600000`);
  return ms;
}

/** a field trial's daily camera load, seconds, unless --probe-seconds says */
export const FIELD_PROBE_SECONDS = 30;

/** `probe` on the program; `probe` runs it (program.ts loads the probe's module then). */
export function registerProbeCommand(program: Command, probe: (o: ProbeOptions) => Promise<0 | 1>): void {
  program
    .command('probe')
    .description(
      "field mode: judge a delivered system the harness did not start, from its target file (mount, BMCs, switch; credentials named by environment variables, never written): read every BMC over Redfish and the switch (T1, T2, M1, S1), write camera load under the target's own test folder (bounded in time and MiB), read every acknowledged segment back (T3: data lost or a load threshold failed FAILs it; without --pull no disk is pulled, so otherwise INCONCLUSIVE), remove the test data, and write the run folder with the 初验报告",
    )
    .requiredOption('-t, --target <file>', 'the target file (JSON; accept core up writes one for the reference)')
    .addOption(
      new Option(
        '-p, --profile <name|file>',
        `contract profile for the cameras and thresholds: ${listProfiles().join(', ')}, or a JSON file`,
      ).default('ci'),
    )
    .option('-s, --seed <seed>', 'run seed (the same seed writes the same segments)')
    .option('--seconds <n>', 'how long the cameras write, at most (the target maxTestMiB may end them sooner)', '30')
    .option(
      '--power-loss <node>',
      "cut this storage node's power through its BMC during the load and power it on again (Redfish ComputerSystem.Reset ForceOff, On), refused unless the core reports every chunk at goal and none kept at one copy by its goal; judges T6 (needs the node's address in the target file and a core with management access)",
    )
    .option(
      '--restart <node>',
      "force this storage node to restart through its BMC during the load (Redfish ComputerSystem.Reset ForceRestart: the host reset, what its memory held lost; powered on (Reset On) if the BMC does not report it On again), refused unless the core reports every chunk at goal and none kept at one copy by its goal; judges T6 from the restart (needs the node's address in the target file and a core with management access)",
    )
    .option(
      '--pull <node:slot>',
      "ask the person at the rack (on this terminal) to pull that disk during the load and put it back, the slot's locate LED lit through the BMC; refused unless the core reports every chunk at goal and none kept at one copy by its goal; each step timed from the BMC seeing it to the core's disk list showing it; judges T3 (needs the node's address in the target file and a core with management access)",
    )
    .option(
      '--unplug <node>',
      "ask the person at the rack (on this terminal) to pull that node's network cable during the load and put it back, the node's locate LED lit through its BMC; refused unless the core reports every chunk at goal and none kept at one copy by its goal and the switch shows the node's port up; each step timed from the switch's management interface showing the port down or up to the core listing the node disconnected or connected; judges T9's link part (needs the node's address and switchPort and a switch in the target file, and a core with management access)",
    )
    .option(
      '--connect <node>',
      'ask the person at the rack (on this terminal) to connect a node delivered powered off (nodes[].joining in the target file) and power it on during the load, its locate LED lit through its BMC; refused unless the core lists its nodes and the BMC reports the node Off; timed from the BMC showing it On to the core listing a new storage node, then where the core put every acknowledged segment recorded; judges T8 (needs a core with management access)',
    )
    .option('--operator <name>', 'who answers the steps at the rack, recorded with each answer (default: $USER)')
    .option('--step-timeout <seconds>', 'how long a step at the rack may take before it counts as not done (INCONCLUSIVE)', '600')
    .option(
      '--read-existing <folder>',
      "read the site's own recordings under this folder of the mount (relative to it) before the load and again after it, each file hashed (SHA-256), nothing copied; a file that then reads differently or not at all, its size and time unchanged, is data lost (T3 and every clause that judges durability); without it none of the site's files is opened",
    )
    .option('--read-existing-mib <n>', 'the most --read-existing reads, MiB (files in path order; the rest are not read)', '1024')
    .option('--keep-test-data', 'leave the test folder of this run on the storage (default: removed at the end, also on Ctrl-C)')
    .option('--dry-run', 'print what would be read, written and judged, and touch nothing')
    .option('--timeout <ms>', 'per-request timeout of the BMC and switch reads, milliseconds', String(READ_TIMEOUT_MS))
    .option('--no-pdf', 'HTML reports only')
    .option('-o, --out <dir>', 'folder for the run folder (default: reports/out)')
    .addHelpText(
      'after',
      exitCodes(
        '0  no clause FAILed (what a probe cannot show stays INCONCLUSIVE, listed with its reason)',
        '1  some clause FAILed (e.g. an acknowledged segment not read back intact, a BMC short of the contract)',
        exit2(
          "usage or environment error: the target file invalid, a named credential variable unset, the mount or read mount missing, on this machine's root file system (the storage not mounted there) or, for a MooseFS target, not a MooseFS client mount of its master, the read mount not showing what the mount wrote, maxTestMiB below twice what may be in flight, --power-loss, --restart, --pull, --unplug or --connect of a node the file does not name, gives no address for (--connect: does not mark joining), or on a probe-only target, two of them at once, a --read-existing folder that is not a folder under the mount or lies in the test folder, a malformed --pull, --unplug of a node without switchPort or a target without a switch, --pull, --unplug or --connect without a terminal for the answers; or a credential found in the run folder",
        ),
        "130  Ctrl-C (143 SIGTERM): the writers stop and this run's test data is removed first",
      ),
    )
    .action(async (o: ProbeOptions) => {
      process.exitCode = await probe(o);
    });
}
