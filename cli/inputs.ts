// Checks of the paths a user names on the command line, made before anything starts: a
// mistake is one line and exit 2, never a stack trace or a cluster started for nothing.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readHistory, type HistoryEvent } from '../sim/history';

const runStartSchema = z.looseObject({
  kind: z.literal('run.start'),
  scenario: z.string().min(1),
  variant: z.string().min(1),
  clauses: z.array(z.string()).min(1),
});

/** A plain user error: cli/main.ts prints its message on one line and exits 2. */
export class UsageError extends Error {}

export function requireFolder(path: string, what: string): void {
  if (!existsSync(path)) throw new UsageError(`${what} ${path} does not exist`);
  if (!statSync(path).isDirectory()) throw new UsageError(`${what} ${path} is a file, not a folder`);
}

export function requireFile(path: string, what: string): void {
  if (!existsSync(path)) throw new UsageError(`${what} ${path} does not exist`);
  if (!statSync(path).isFile()) throw new UsageError(`${what} ${path} is a folder, not a file`);
}

/** The history of a run folder, refused with one line when it is not one `accept run` wrote. */
export function readRunHistory(dir: string, what = 'run folder'): { events: HistoryEvent[]; tornTail: boolean; path: string } {
  requireFolder(dir, what);
  const path = join(dir, 'history.jsonl');
  if (!existsSync(path)) throw new UsageError(`${what} ${dir} has no history.jsonl: not a folder written by accept run`);
  requireFile(path, 'history');
  let read: { events: HistoryEvent[]; tornTail: boolean };
  try {
    read = readHistory(path);
  } catch (e) {
    throw new UsageError(`${path} is not a history (one declared event a line): ${(e as Error).message.replace(`${path}:`, 'line ')}`);
  }
  const start = read.events.find((e) => e.kind === 'run.start');
  if (!start) throw new UsageError(`${path} has no run.start event: not a history written by accept run`);
  // the checkers start from what run.start says was run; a hand-edited one must not crash them
  const r = runStartSchema.safeParse(start);
  if (!r.success)
    throw new UsageError(
      `${path}: its run.start event is not one accept run writes (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
    );
  return { ...read, path };
}

/** An output folder may not exist yet (it is made), but it cannot be a file. */
export function requireOutFolder(path: string, what = '--out'): void {
  if (existsSync(path) && !statSync(path).isDirectory()) throw new UsageError(`${what} ${path} is a file, not a folder`);
}
