// The definition of `accept inventory` (options, help, exit codes). The walk and the verdicts are
// in inventory-command.ts, which program.ts loads when it runs.
import { Command } from 'commander';
import { collect, exitCodes, USAGE } from './help';

/** `accept inventory`'s options as commander gives them */
export interface InventoryOptions {
  bmc: string[];
  mgmt: string[];
  switch: string[];
  out?: string;
  timeout: string;
}

/** `inventory` on the program; `inventory` runs it (program.ts loads inventory-command.ts then). */
export function registerInventoryCommand(program: Command, inventory: (o: InventoryOptions) => Promise<number>): void {
  program
    .command('inventory')
    .description(
      "T1, T2 and M1 through Redfish, S1 through the switch's RESTCONF: walk each BMC from /redfish/v1 by its links (memory, processors, drives, fans, power supplies, network interfaces) and read each switch's Ethernet ports (speed, connector), write the inventory to history.jsonl and judge it against profile/hardware-requirements.ts into verdicts.json and junit.xml (credentials, never written: ACCEPT_BMC_USER and ACCEPT_BMC_PASSWORD for the BMCs, ACCEPT_SWITCH_USER and ACCEPT_SWITCH_PASSWORD for the switch)",
    )
    .option('--bmc <url>', 'BMC of a storage node (T1, T2); repeatable', collect, [])
    .option('--mgmt <url>', 'BMC of the management server (M1); repeatable', collect, [])
    .option(
      '--switch <url>',
      "the access switch's management interface, RESTCONF with OpenConfig interfaces and components (S1); repeatable",
      collect,
      [],
    )
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '5000')
    .option('-o, --out <dir>', 'folder for the inventory folder (default: reports/out)')
    .addHelpText(
      'after',
      exitCodes(
        '0  every judged clause PASS',
        '1  some clause FAIL or INCONCLUSIVE (a BMC or switch that could not be read is INCONCLUSIVE)',
        USAGE,
      ),
    )
    .action(async (o: InventoryOptions) => {
      process.exitCode = await inventory(o);
    });
}
