/** An error's first line, for a history event or a log (a stack or a command's output stays out). */
export const errorLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
