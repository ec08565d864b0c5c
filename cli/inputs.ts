// Checks of the paths a user names on the command line, made before anything starts: a
// mistake is one line and exit 2, never a stack trace or a cluster started for nothing.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readHistory, type HistoryEvent } from '../sim/history';

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
    throw new UsageError(`${path} is not a history (one JSON event a line): ${(e as Error).message.replace(`${path}:`, 'line ')}`);
  }
  if (!read.events.some((e) => e.kind === 'run.start')) throw new UsageError(`${path} has no run.start event: not a history written by accept run`);
  return { ...read, path };
}

/** An output folder may not exist yet (it is made), but it cannot be a file. */
export function requireOutFolder(path: string, what = '--out'): void {
  if (existsSync(path) && !statSync(path).isDirectory()) throw new UsageError(`${what} ${path} is a file, not a folder`);
}
