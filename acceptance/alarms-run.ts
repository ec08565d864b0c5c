// One run of the alarm scenario with the reference operations stack on the real core, judged:
// alarms.core.test.ts (the reference) and alarms-controls.core.test.ts (the controls) share it
// (two files: the core project runs two at a time).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import { inject } from 'vitest';
import { loadProfile } from '../profile/profile';
import { judge } from './judge';
import { alarmsScenario, type AlarmVariant } from '../scenarios/alarms';
import { runScenario } from '../sim/runner';
import { readHistory } from '../sim/history';
import { workRoot } from '../lib/paths';
import { coreRunId } from './core-run-id';

export async function runAlarms(variant: AlarmVariant | readonly AlarmVariant[], seed: string) {
  const { profile } = loadProfile('ci');
  const scenario = alarmsScenario(profile, variant);
  const runId = coreRunId('alarms', variant);
  const outDir = mkdtempSync(join(tmpdir(), `${runId}-`));
  const rec = await runScenario(scenario, {
    runId,
    seed,
    workDir: join(workRoot(), 'runs', runId),
    outDir,
    image: inject('coreImage'),
    log: () => undefined,
  });
  const verdicts = judge(readHistory(rec.historyPath).events, profile);
  // attached, not written as verdicts.json: that name is the checked format-2 file of `accept run` alone
  await allure.epic('运维告警');
  await allure.attachment('verdicts.json', JSON.stringify(verdicts, null, 2), 'application/json');
  await allure.attachmentPath('history.jsonl', rec.historyPath, { contentType: 'application/x-ndjson' });
  const v = (clause: string) => {
    const x = verdicts.find((y) => y.clause === clause);
    if (!x) throw new Error(`no ${clause} verdict`);
    return x;
  };
  return { v, verdicts, outDir };
}
