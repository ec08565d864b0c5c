// T3 hot-plug and T6 self-heal on the real MooseFS core: PASS on the reference, FAIL on
// the controls (goal 1 with blank replacements; self-heal disabled). Short versions of
// what `accept run` does in full (fewer bays per node, fewer pulls).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import { describe, expect, inject, it } from 'vitest';
import { loadProfile, type Profile } from './profile';
import { judge } from './judge';
import { hotplugScenario, type HotplugVariant } from '../scenarios/hotplug';
import { selfHealScenario, type SelfHealVariant } from '../scenarios/selfheal';
import type { Scenario } from '../scenarios/types';
import { runScenario } from '../sim/runner';
import { readHistory } from '../sim/history';
import { workRoot } from '../cli/paths';

const SEED = process.env.ACCEPT_SEED ?? 'faults-ci';

function shortProfile(): Profile {
  const { profile } = loadProfile('ci');
  profile.topology.baysPerNode = 24;
  profile.faults.hotplug.pulls = 2;
  profile.faults.hotplug.warmupSeconds = 10;
  profile.faults.hotplug.outSeconds = 8;
  profile.faults.hotplug.settleSeconds = 15;
  profile.faults.selfHeal.warmupSeconds = 25;
  return profile;
}

async function runAndJudge(scenario: Scenario, profile: Profile, clause: string) {
  const runId = `${scenario.id}-${scenario.variant === 'reference' ? 'ref' : 'ctl'}-${Date.now().toString(36)}`;
  const outDir = mkdtempSync(join(tmpdir(), `${runId}-`));
  const rec = await runScenario(scenario, { runId, seed: SEED, workDir: join(workRoot(), 'runs', runId), outDir, image: inject('coreImage'), log: (m) => process.stderr.write(`[${runId}] ${m}\n`) });
  const verdict = judge(readHistory(rec.historyPath).events, profile).find((v) => v.clause === clause)!;
  await allure.feature(clause);
  await allure.attachment('verdict.json', JSON.stringify(verdict, null, 2), 'application/json');
  await allure.attachmentPath('history.jsonl', rec.historyPath, { contentType: 'application/x-ndjson' });
  process.stderr.write(`${clause} ${scenario.variant}: ${verdict.status}\n${verdict.figures.map((f) => `  ${f.name}: ${f.value} ${f.unit}${f.threshold ? ` [${f.threshold}]` : ''}`).join('\n')}\n  ${verdict.reasons.join('\n  ')}\n`);
  return { verdict, rec };
}

describe('T3 disk hot-plug on the real core', () => {
  for (const variant of ['reference', 'control:goal-1'] as HotplugVariant[]) {
    it(`${variant}: ${variant === 'reference' ? 'PASS' : 'FAIL'}`, async () => {
      const profile = shortProfile();
      const { verdict, rec } = await runAndJudge(hotplugScenario(profile, SEED, variant), profile, 'T3');
      if (variant === 'reference') {
        expect(verdict.status, verdict.reasons.join('\n')).toBe('PASS');
        expect(verdict.figures.find((f) => f.name.includes('SHA-256'))?.ok).toBe(true);
        expect(rec.segments.lost).toBe(0);
      } else {
        // FAIL by T3's own rules, not only because the background load failed
        expect(verdict.clauseStatus ?? verdict.status, verdict.reasons.join('\n')).toBe('FAIL');
      }
    });
  }
});

describe('T6 self-heal on the real core', () => {
  for (const variant of ['reference', 'control:no-self-heal'] as SelfHealVariant[]) {
    it(`${variant}: ${variant === 'reference' ? 'PASS' : 'FAIL'}`, async () => {
      const profile = shortProfile();
      const { verdict } = await runAndJudge(selfHealScenario(profile, SEED, variant), profile, 'T6');
      if (variant === 'reference') expect(verdict.status, verdict.reasons.join('\n')).toBe('PASS');
      // the control FAILs by T6's own rules, not only because the background load failed
      else expect(verdict.clauseStatus ?? verdict.status, verdict.reasons.join('\n')).toBe('FAIL');
    });
  }
});
