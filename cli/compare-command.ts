// `accept compare A B`: two run folders (e.g. the same scenario on two cores) side by side:
// printed, and written as compare.json and a page in zh and en.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { compareRuns, COMPARE_FILE, type ComparedSide, type Comparison } from '../reports/compare-runs';
import { comparisonHtml, comparisonText } from '../reports/compare-page';
import { readVerdictsFile, VerdictsFileError, VERDICTS_FILE } from '../reports/verdicts-file';
import { OUT_ROOT } from '../lib/paths';
import { requireFolder, requireOutFolder, UsageError } from './inputs';

export function sideOf(dir: string): ComparedSide {
  requireFolder(dir, 'run folder');
  const path = join(dir, VERDICTS_FILE);
  if (!existsSync(path)) throw new UsageError(`${dir}: no ${VERDICTS_FILE} (not a folder of accept run)`);
  let file;
  try {
    file = readVerdictsFile(path);
  } catch (e) {
    if (e instanceof VerdictsFileError) throw new UsageError(e.message);
    throw e;
  }
  // the core's name and version from run.json; a run that did not complete has none
  let label = basename(resolve(dir));
  try {
    const core = (JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { versions?: { core?: string } }).versions?.core;
    if (core) label = core;
  } catch {
    // no run.json: the folder's name stands for the run
  }
  return { label, runId: file.runId, verdicts: file.verdicts };
}

/** compare.json and the two pages, into dir */
export function writeComparison(dir: string, c: Comparison, now = Date.now()): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, COMPARE_FILE), JSON.stringify(c, null, 2) + '\n');
  writeFileSync(join(dir, 'compare.zh.html'), comparisonHtml(c, 'zh', now, 'compare.en.html'));
  writeFileSync(join(dir, 'compare.en.html'), comparisonHtml(c, 'en', now, 'compare.zh.html'));
}

/** The two runs compared; two verdicts of one clause in one scenario (not a folder of accept run) is the user's input */
export function compareFolders(a: string, b: string): Comparison {
  const sa = sideOf(a);
  const sb = sideOf(b);
  try {
    return compareRuns(sa, sb);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function compareCommand(a: string, b: string, o: { out?: string }): string {
  const c = compareFolders(a, b);
  const dir = o.out ?? join(OUT_ROOT, `compare-${c.a.runId}-${c.b.runId}`);
  if (o.out) {
    requireOutFolder(o.out);
    // a run folder's compare.json is its 初验报告's appendix, with that run as A: made by accept report --compare
    if (existsSync(join(o.out, 'run.json')))
      throw new UsageError(
        `--out ${o.out} is a run folder: to append the comparison to its report, use accept report ${o.out} --compare OTHER`,
      );
  }
  writeComparison(dir, c);
  process.stdout.write(comparisonText(c) + `\n\nwritten: ${join(dir, COMPARE_FILE)}, compare.zh.html, compare.en.html\n`);
  return dir;
}
