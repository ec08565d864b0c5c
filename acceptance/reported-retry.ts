// One retry for a reference run that a correct core can fail on a loaded 2-core machine,
// and only for the one reason named by the test. The first attempt's failure is printed
// and attached to Allure, never hidden; any other failure is returned as it is.
import * as allure from 'allure-js-commons';
import { isLoadFigure } from '../sim/checkers/load';
import type { Figure } from '../sim/verdict';

/** The figures out of bounds by the clause's own rules (the background load's left out). */
export const ruleFailures = (v: { figures: readonly Figure[] }): Figure[] => v.figures.filter((f) => f.ok === false && !isLoadFigure(f));

/**
 * Runs `attempt(1)`; when `loadOnlyFailure` names the failure (a string), prints it, attaches
 * it to Allure and returns `attempt(2)`. `loadOnlyFailure` returns null for anything else,
 * a PASS included.
 */
export async function withReportedRetry<T>(
  what: string,
  attempt: (n: 1 | 2) => Promise<T>,
  loadOnlyFailure: (r: T) => string | null,
): Promise<T> {
  const first = await attempt(1);
  const failure = loadOnlyFailure(first);
  if (failure === null) return first;
  process.stderr.write(`${what} attempt 1 FAILED, retrying once:\n${failure}\n`);
  await allure.attachment(`${what} attempt 1 (FAILED, retried)`, failure, 'text/plain');
  return attempt(2);
}
