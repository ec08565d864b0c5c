// The exit-code block at the end of every subcommand's --help (commander addHelpText 'after').
export const exitCodes = (...lines: string[]) => `\nExit codes:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
export const USAGE =
  '2  usage or environment error, one line on stderr (checked before anything starts); a failure of the harness itself also exits 2, with its stack';
