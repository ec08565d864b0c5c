// The exit-code block at the end of every subcommand's --help (commander addHelpText 'after').
export const exitCodes = (...lines: string[]) => `\nExit codes:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
export const USAGE = '2  usage or environment error (one line on stderr; nothing was started)';
