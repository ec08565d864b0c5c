// One writer at a time on a field trial's folder: the daily run (cron, or a person running it
// by hand the same day) and the entries of problems. Two writers would journal a day twice (the
// ledger then refuses the journal for good) or write a ledger.json without the other's record.
// The lock names its holder's pid; one left by a process that no longer runs is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { JournalError } from './journal';

export const LOCK_FILE = 'trial.lock';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes the folder's lock for `what`, or throws naming who holds it; the returned function releases it. */
export function lockTrial(dir: string, what: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, what, since: Date.now() }) + '\n');
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      let holder: { pid?: number; what?: string } = {};
      try {
        holder = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // a lock being written this instant, or torn by a kill: judged by its pid below
      }
      if (typeof holder.pid === 'number' && alive(holder.pid))
        throw new JournalError(`${dir} is being written by process ${holder.pid} (${holder.what ?? 'unknown'}): try again when it ends`);
      rmSync(path, { force: true });
    }
  }
}
