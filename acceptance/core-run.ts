// One scenario run on the real core for the core test suite, judged as `accept run`
// judges it: the verdict of the clause (with the background load folded in, as in
// verdicts.json) and the clause's own status before the load (`rules`), which is what a
// negative control must FAIL and what the fault tests assert on a shared 2-core machine.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import { inject } from 'vitest';
import { judge } from './judge';
import type { Profile } from '../profile/profile';
import type { Scenario } from '../sim/plan/scenario';
import { runScenario, type RunRecord } from '../sim/runner';
import { readHistory, type HistoryEvent } from '../sim/history';
import type { Verdict, VerdictStatus } from '../sim/verdict';
import { workRoot } from '../lib/paths';
import { coreRunId } from './core-run-id';

export interface JudgedRun {
  verdict: Verdict;
  /** the clause checker's own status, before the background load was folded in */
  rules: VerdictStatus;
  events: HistoryEvent[];
  rec: RunRecord;
  runId: string;
  outDir: string;
}

export async function runJudged(
  scenario: Scenario,
  profile: Profile,
  o: { clause: string; seed: string; tag: string; epic?: string; feature?: string; quiet?: boolean },
): Promise<JudgedRun> {
  const runId = coreRunId(o.tag, scenario.variant.split('+'));
  const outDir = mkdtempSync(join(tmpdir(), `${runId}-`));
  const log = o.quiet ? () => undefined : (m: string) => process.stderr.write(`[${runId}] ${m}\n`);
  const rec = await runScenario(scenario, {
    runId,
    seed: o.seed,
    workDir: join(workRoot(), 'runs', runId),
    outDir,
    image: inject('coreImage'),
    log,
    verify: profile.verify,
  });
  const { events } = readHistory(rec.historyPath);
  const verdict = judge(events, profile).find((v) => v.clause === o.clause);
  if (!verdict) throw new Error(`scenario ${scenario.id} gave no ${o.clause} verdict`);
  const rules = verdict.clauseStatus ?? verdict.status;
  if (o.epic) await allure.epic(o.epic);
  await allure.feature(o.feature ?? o.clause);
  await allure.attachment('verdict.json', JSON.stringify(verdict, null, 2), 'application/json');
  await allure.attachmentPath('history.jsonl', rec.historyPath, { contentType: 'application/x-ndjson' });
  process.stderr.write(
    `${o.clause} ${scenario.id}/${scenario.variant}: rules ${rules}, with the load ${verdict.status}\n` +
      `${verdict.figures.map((f) => `  ${f.ok === false ? '✗' : ' '} ${f.name}: ${f.value} ${f.unit}${f.threshold ? ` [${f.threshold}]` : ''} (${f.nature})`).join('\n')}\n  ${verdict.reasons.join('\n  ')}\n`,
  );
  return { verdict, rules, events, rec, runId, outDir };
}

/** The figures whose name contains `part` (the figure names are the checkers' stable English keys). */
export const figureOf = (v: { figures: Verdict['figures'] }, part: string) => v.figures.find((f) => f.name.includes(part));
