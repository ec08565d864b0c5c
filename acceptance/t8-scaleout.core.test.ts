// T8 on the real MooseFS core: PASS on the reference, FAIL on the negative control.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import { describe, expect, inject, it } from 'vitest';
import { loadProfile } from './profile';
import { judge } from './judge';
import { scaleOutScenario, type ScaleOutVariant } from '../scenarios/scaleout';
import { runScenario } from '../sim/runner';
import { readHistory } from '../sim/history';
import { workRoot } from '../cli/paths';

async function runT8(variant: ScaleOutVariant, seed: string) {
  const { profile } = loadProfile('ci');
  // shorter than `accept run` (CI time), still 3 real nodes under load + 1 added
  profile.topology.baysPerNode = 24;
  profile.scaleout.newNodeBays = 24;
  profile.scaleout.warmupSeconds = 10;
  profile.scaleout.observeSeconds = 25;
  const scenario = scaleOutScenario(profile, variant);
  const runId = `t8-${variant === 'reference' ? 'ref' : 'ctl'}-${Date.now().toString(36)}`;
  const outDir = mkdtempSync(join(tmpdir(), `${runId}-`));
  const rec = await runScenario(scenario, { runId, seed, workDir: join(workRoot(), 'runs', runId), outDir, image: inject('coreImage'), log: () => undefined });
  const [verdict] = judge(readHistory(rec.historyPath).events, profile);
  await allure.feature('T8');
  await allure.epic('存储节点');
  await allure.attachment('verdict.json', JSON.stringify(verdict, null, 2), 'application/json');
  await allure.attachmentPath('history.jsonl', rec.historyPath, { contentType: 'application/x-ndjson' });
  return { verdict: verdict!, rec };
}

describe('T8 scale-out on the real core', () => {
  it('PASSes on the reference core: node registered and receiving new chunks within 60 s, no write error, nothing lost', async () => {
    const { verdict, rec } = await runT8('reference', 't8-ref');
    expect(verdict.clause).toBe('T8');
    expect(verdict.status, verdict.reasons.join('; ')).toBe('PASS');
    const total = verdict.figures.find((f) => f.name === '(a)+(b)');
    expect(total?.value).toBeGreaterThan(0);
    expect(total?.value).toBeLessThanOrEqual(60);
    expect(rec.segments.acked).toBeGreaterThan(50);
    expect(rec.segments.lost).toBe(0);
  });

  it('FAILs on the control: a node that registers but cannot receive chunks', async () => {
    const { verdict } = await runT8('control:cannot-receive-chunks', 't8-ctl');
    expect(verdict.clauseStatus ?? verdict.status).toBe('FAIL');
    expect(verdict.reasons.join(' ')).toMatch(/held no chunk|none of the/);
  });
});
