// The time stamp in run, trial and report ids: Beijing time (UTC+8), where the buyer reads it,
// as YYYYMMDD-HHMMSS; and a run's own folder under that id.
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

export const beijingStamp = (ms: number = Date.now()): string =>
  new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/** A run, suite, probe or trial id as it names folders and containers: lower case, letters, digits and '-' only. */
export const safeRunId = (raw: string): string => raw.toLowerCase().replace(/[^a-z0-9-]/g, '');

/**
 * Makes the run's folder under `outRoot`, its own: two runs of one seed started in the same
 * second (two terminals, a suite's part that ended at once) would otherwise share one id, its
 * containers and a history appended by both. The later one gets `-2`, `-3`, ... An id whose
 * work folder (`workRuns`/<id>, where its cluster lives) is taken is skipped too: another
 * run with another report folder may hold it.
 */
export function newRunFolder(outRoot: string, rawId: string, workRuns: string): { runId: string; runDir: string } {
  mkdirSync(outRoot, { recursive: true });
  const id = safeRunId(rawId);
  for (let n = 1; ; n++) {
    const runId = n === 1 ? id : `${id}-${n}`;
    const runDir = join(outRoot, runId);
    try {
      mkdirSync(runDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      continue;
    }
    if (!existsSync(join(workRuns, runId))) return { runId, runDir };
    rmdirSync(runDir);
  }
}
