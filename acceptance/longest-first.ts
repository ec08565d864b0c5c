// Both projects run two test files at a time (2 cores; most of a core test is waiting for the
// real core). Longest first keeps both workers busy to the end: a long file started last would
// run alone. Durations come from the last run on this machine (reports/out/test-times.json) or
// else from the table committed beside this file (every file of both projects, so that a fresh
// clone orders them too); a file in neither (new) goes first, as if it were long.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { testTimesSchema } from './file-times-reporter.ts';

export const COMMITTED_TIMES = 'acceptance/test-file-seconds.json';

/** file (relative to the root) -> wall seconds, the measured run first */
export function knownSeconds(root: string): Map<string, number> {
  const seconds = new Map<string, number>();
  const committed = join(root, COMMITTED_TIMES);
  if (existsSync(committed))
    for (const [f, s] of Object.entries(JSON.parse(readFileSync(committed, 'utf8')) as Record<string, number>)) seconds.set(f, s);
  const measured = join(root, 'reports/out/test-times.json');
  if (existsSync(measured)) {
    const t = testTimesSchema.safeParse(JSON.parse(readFileSync(measured, 'utf8')));
    if (t.success) for (const f of t.data.files) if (f.state === 'passed' || f.state === 'failed') seconds.set(f.file, f.wallSeconds);
  }
  return seconds;
}

/** Longest first; unknown files before all known ones; ties by name (a stable order). */
export function longestFirst<T>(files: readonly T[], nameOf: (f: T) => string, seconds: ReadonlyMap<string, number>): T[] {
  const s = (f: T) => seconds.get(nameOf(f)) ?? Number.POSITIVE_INFINITY;
  return [...files].sort((a, b) => s(b) - s(a) || nameOf(a).localeCompare(nameOf(b)));
}

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    return longestFirst(files, (f) => relative(root, f.moduleId), knownSeconds(root));
  }
}
