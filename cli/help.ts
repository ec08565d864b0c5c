// What every subcommand's definition shares: the exit-code block at the end of its --help
// (commander addHelpText 'after'), and a repeatable option's collector.
export const exitCodes = (...lines: string[]) => `\nExit codes:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
/** An exit-2 line: what the command refuses, and the harness's own failure, which exits 2 too. */
export const exit2 = (what: string) => `2  ${what}; a failure of the harness itself also exits 2, with its stack`;
export const USAGE = exit2('usage or environment error, one line on stderr (checked before anything starts)');

/** a repeatable option (--attach a --attach b): every value, in order */
export const collect = (value: string, previous: string[]) => [...previous, value];
