// `accept run --scenario all`: every scenario of the registry, one after the other, each in
// its own folder (its own cluster, history, verdicts, reports), then one 初验报告 over all
// of their verdicts in the suite folder. With --with-controls every negative control runs
// too; a control counts as passed when its clauses FAIL (it proves the checker can fail),
// and controls stay out of the acceptance report, which judges the reference core only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadProfile, rateWindowsOf } from '../profile/profile';
import { mergeTuning } from '../sim/checkers/core-config';
import { SCENARIOS, asRequired, scenarioById } from '../scenarios';
import { newRunSeed } from '../lib/random';
import { overallStatus, type Verdict } from '../sim/verdict';
import { generateAllureReport, writeAllureResults, chartAttachments } from '../reports/allure';
import { PROFILE_FILE, readRunFolder, renderRunReports } from '../reports/render-run';
import { runCharts, type Chart } from '../reports/charts/charts';
import type { Lang } from '../reports/format';
import type { RunSummary } from '../reports/run-summary';
import { writeVerdictsFile } from '../reports/verdicts-file';
import { statusLabel } from '../reports/verdict-text';
import { RunIncompleteError, runCommand, type RunOptions } from './run-command';
import { log } from './progress';
import { OUT_ROOT, REPO_ROOT, workRoot } from '../lib/paths';
import { beijingStamp, newRunFolder } from './run-stamp';

export interface SuitePart {
  scenario: string;
  variant: string;
  /** folder of the part, relative to the suite folder (an ERROR part's holds the verdicts of what it measured; '' when it made none) */
  folder: string;
  overall: Verdict['status'] | 'ERROR';
  /** a reference must PASS; a control must FAIL */
  asRequired: boolean;
  /** its PASS rests on a harness reference implementation standing in for the product (T4): shown as such, never as a plain PASS */
  standIn?: boolean;
  error?: string;
  /** wall-clock seconds the part took, set up and read-back included */
  seconds?: number;
}

export interface SuiteOutcome {
  suiteDir: string;
  parts: SuitePart[];
  exitCode: 0 | 1;
}

export function suiteReplayCommand(o: RunOptions & { withControls?: boolean }, seed: string): string {
  return [
    'npx accept run',
    `--profile ${o.profile}`,
    '--scenario all',
    o.withControls ? '--with-controls' : '',
    o.core && o.core !== 'moosefs' ? `--core ${o.core}` : '',
    `--seed ${seed}`,
  ]
    .filter(Boolean)
    .join(' ');
}

export async function runSuite(o: RunOptions & { withControls?: boolean }): Promise<SuiteOutcome> {
  const loaded = loadProfile(o.profile);
  const { profile, source } = loaded;
  const seed = o.seed ?? newRunSeed();
  const startedAt = Date.now();
  const stamp = beijingStamp(startedAt);
  const { runId: suiteId, runDir: suiteDir } = newRunFolder(o.out ?? OUT_ROOT, `${stamp}-suite-${seed}`, join(workRoot(), 'runs'));
  mkdirSync(join(suiteDir, 'parts'));
  const replay = suiteReplayCommand(o, seed);
  const plan = SCENARIOS.flatMap((s) =>
    s.variants
      .filter((v) => v === 'reference' || (o.withControls && v.startsWith('control:')))
      .map((v) => ({ scenario: s.id, variant: v })),
  );
  log(`suite ${suiteId}: ${plan.length} runs (${plan.map((p) => `${p.scenario}/${p.variant}`).join(', ')}), seed ${seed}`);
  log(`replay with: ${replay}`);

  const parts: SuitePart[] = [];
  const measuredOfIncomplete = new Map<SuitePart, Verdict[]>();
  for (const [i, p] of plan.entries()) {
    log(`── [${i + 1}/${plan.length}] ${p.scenario}/${p.variant}`);
    const control = p.variant.startsWith('control:') ? p.variant.slice('control:'.length) : undefined;
    const partStart = Date.now();
    const seconds = () => Math.max(0, Math.round(Date.now() - partStart) / 1000);
    try {
      // every part renders its own HTML report; the PDF and Allure are made once, for the suite
      const r = await runCommand({
        ...o,
        seed,
        scenario: control ? undefined : p.scenario,
        control,
        out: join(suiteDir, 'parts'),
        allure: false,
        pdf: false,
        loaded,
        part: true,
      });
      const overall = overallStatus(r.verdicts);
      parts.push({
        ...p,
        folder: relative(suiteDir, r.runDir),
        overall,
        asRequired: asRequired(scenarioById(p.scenario), p.variant, r.verdicts),
        ...(overall === 'PASS' && r.verdicts.some((v) => v.standIn !== undefined) ? { standIn: true } : {}),
        seconds: seconds(),
      });
    } catch (e) {
      // one broken part must not hide the others' results; it is reported, never passed
      const error = (e as Error).message.split('\n').slice(0, 4).join(' ').trim();
      log(`${p.scenario}/${p.variant} did not complete: ${error}`);
      // a part that ended in an error still has its folder (verdicts.json of what it measured, junit.xml)
      const folder = e instanceof RunIncompleteError ? relative(suiteDir, e.runDir) : '';
      parts.push({ ...p, folder, overall: 'ERROR', asRequired: false, error, seconds: seconds() });
      // what it measured before the error (a FAIL stands)
      if (e instanceof RunIncompleteError) measuredOfIncomplete.set(parts.at(-1)!, e.verdicts);
    }
  }
  const finishedAt = Date.now();

  // the acceptance verdicts: the reference parts only
  const completed = (p: SuitePart) => p.overall !== 'ERROR';
  const refs = parts.filter((p) => p.variant === 'reference' && completed(p));
  const partsRead = refs.map((p) => ({ part: p, ...readRunFolder(join(suiteDir, p.folder)) }));
  const verdicts = onceEach(partsRead.map((l) => ({ scenario: l.part.scenario, verdicts: l.run.verdicts })));
  // a reference that did not complete leaves every clause it claims without a conclusion, and says why
  for (const p of parts.filter((x) => x.variant === 'reference' && !completed(x))) {
    const measured = measuredOfIncomplete.get(p);
    for (const clause of SCENARIOS.find((s) => s.id === p.scenario)!.clauses) {
      const v = measured?.find((m) => m.clause === clause);
      if (v) {
        verdicts.push({ ...v, scenario: p.scenario });
        continue;
      }
      verdicts.push({
        clause,
        scenario: p.scenario,
        status: 'INCONCLUSIVE',
        figures: [],
        method: { zh: '—', en: '—' },
        nature: 'measured',
        reasons: [`the scenario did not complete: ${p.error}`],
        evidence: [],
      });
    }
  }
  const first = partsRead[0]?.run;
  const summary: RunSummary = {
    runId: suiteId,
    seed,
    replay,
    profile: { id: profile.id, source: relative(REPO_ROOT, source), project: profile.project },
    scenario: { id: 'all', variant: 'reference', title: { zh: `全部场景（${refs.length} 个）`, en: `All scenarios (${refs.length})` } },
    startedAt,
    finishedAt,
    topology: {
      goal: first?.topology.goal ?? profile.core.goal,
      master: first?.topology.master ?? '',
      // each scenario builds its own cluster: its nodes are listed under its name
      nodes: partsRead.flatMap((l) => l.run.topology.nodes.map((n) => ({ ...n, name: `${l.part.scenario}/${n.name}` }))),
    },
    workload: first?.workload ?? {
      cameras: profile.workload.cameras,
      bitrateMbps: profile.workload.bitrateMbps,
      segmentSeconds: profile.workload.segmentSeconds,
    },
    versions: first?.versions ?? {
      core: 'unknown',
      coreImage: 'unknown',
      harness: 'unknown',
      node: process.versions.node,
      docker: 'unknown',
    },
    machine: first?.machine ?? { cpus: 0, memoryGiB: 0, kernel: '' },
    timings: {
      ...Object.fromEntries(partsRead.map((l) => [`${l.part.scenario}.runSeconds`, l.run.timings.runSeconds ?? 0])),
      clusterStartSeconds: first?.timings.clusterStartSeconds ?? 0,
      runSeconds: (finishedAt - startedAt) / 1000,
    },
    coreTuning: mergeTuning(partsRead.map((l) => l.run.coreTuning)),
    ...(partsRead.find((l) => l.run.readMount) ? { readMount: partsRead.find((l) => l.run.readMount)!.run.readMount } : {}),
    segments: partsRead.reduce(
      (a, l) => ({
        acked: a.acked + l.run.segments.acked,
        verified: a.verified + l.run.segments.verified,
        lost: a.lost + l.run.segments.lost,
      }),
      { acked: 0, verified: 0, lost: 0 },
    ),
    verdicts,
  };
  writeFileSync(join(suiteDir, 'run.json'), JSON.stringify(summary, null, 2));
  writeFileSync(join(suiteDir, PROFILE_FILE), JSON.stringify(profile, null, 2) + '\n');
  writeFileSync(join(suiteDir, 'suite.json'), JSON.stringify({ suiteId, seed, replay, profile: profile.id, parts }, null, 2));
  writeVerdictsFile(suiteDir, {
    runId: suiteId,
    seed,
    replay,
    profile: profile.id,
    scenario: 'all',
    verdicts,
    controls: parts.filter((p) => p.variant !== 'reference'),
    coreTuning: summary.coreTuning,
    seconds: secondsByScenario(parts),
  });

  // the parts' charts, titled with their scenario, in one report
  const charts = {} as Record<Lang, Chart[]>;
  mkdirSync(join(suiteDir, 'charts'), { recursive: true });
  for (const lang of ['zh', 'en'] as const) {
    charts[lang] = partsRead.flatMap((l) =>
      partCharts(join(suiteDir, l.part.folder), lang, { id: l.part.scenario, title: l.run.scenario.title }),
    );
    for (const c of charts[lang]) writeFileSync(join(suiteDir, 'charts', `${c.id}.${lang}.svg`), c.svg!);
  }
  if (o.allure) {
    const resultsDir = join(suiteDir, 'allure-results');
    writeAllureResults(resultsDir, verdicts, {
      runId: suiteId,
      seed,
      replay,
      startMs: startedAt,
      stopMs: finishedAt,
      environment: {
        profile: profile.id,
        core: summary.versions.core,
        image: summary.versions.coreImage,
        seed,
        node: process.versions.node,
        docker: summary.versions.docker,
      },
      attachments: [
        { name: 'suite.json', path: join(suiteDir, 'suite.json'), type: 'application/json' },
        ...partsRead.map((l) => ({
          name: `${l.part.scenario}.history.jsonl`,
          path: join(suiteDir, l.part.folder, 'history.jsonl'),
          type: 'application/x-ndjson',
        })),
        ...chartAttachments(suiteDir, charts.zh),
      ],
    });
    try {
      await generateAllureReport(resultsDir, join(suiteDir, 'allure-report'), o.out ?? OUT_ROOT);
    } catch (e) {
      log(`allure report not generated: ${(e as Error).message.split('\n').slice(0, 3).join(' ')}`);
    }
  }
  const sealed = await renderRunReports(suiteDir, { pdf: o.pdf !== false, log, charts });

  process.stdout.write(`\nsuite ${suiteId}\n`);
  for (const p of parts) {
    const target = scenarioById(p.scenario).controlTargets?.[p.variant.slice('control:'.length)];
    const want = p.variant === 'reference' ? 'PASS' : `FAIL${target ? ` of ${target} by its own checker` : ''}`;
    const shown =
      p.overall === 'ERROR'
        ? 'ERROR'
        : `${p.standIn ? 'PASS (stand-in)' : p.overall} (${statusLabel({ status: p.overall, standIn: p.standIn || undefined }, 'zh')})`;
    process.stdout.write(
      `  ${p.asRequired ? '✓' : '✗'} ${p.scenario}/${p.variant}: ${shown}, required ${want}${p.error ? ` — ${p.error}` : ''}  ${p.folder}\n`,
    );
  }
  log(`evidence manifest SHA-256 ${sealed.evidence.sha256} (check with: npx accept verify ${relative(REPO_ROOT, suiteDir)})`);
  log(`suite folder: ${suiteDir}`);
  return { suiteDir, parts, exitCode: parts.every((p) => p.asRequired) ? 0 : 1 };
}

/** A part's charts (those it has data for), recomputed from its history and titled with its scenario. */
function partCharts(dir: string, lang: Lang, scenario: { id: string; title: { zh: string; en: string } }): Chart[] {
  const { events, profile, smart } = readRunFolder(dir);
  const charts = runCharts(events, lang, {
    selfHealThresholdS: profile?.thresholds.T6.maxSelfHealSeconds,
    rateWindows: profile ? rateWindowsOf(profile.faults.selfHeal) : undefined,
    smart,
  });
  return charts
    .filter((c) => c.svg)
    .map((c) => ({
      ...c,
      id: `${scenario.id}-${c.id}`,
      title: { zh: `${scenario.title.zh}：${c.title.zh}`, en: `${scenario.title.en}: ${c.title.en}` },
    }));
}

/**
 * The parts' verdicts, each part's own clauses all, and what every run reads besides (the twins'
 * hardware: T1, T2, M1, S1) once: the first part's verdict, and a later one only where it differs.
 */
export function onceEach(parts: readonly { scenario: string; verdicts: readonly Verdict[] }[]): Verdict[] {
  const seen = new Map<string, Set<string>>();
  const out: Verdict[] = [];
  for (const p of parts) {
    const own = scenarioById(p.scenario).clauses;
    for (const v of p.verdicts) {
      if (own.includes(v.clause)) {
        out.push(v);
        continue;
      }
      const statuses = seen.get(v.clause) ?? new Set<string>();
      if (statuses.has(v.status)) continue;
      statuses.add(v.status);
      seen.set(v.clause, statuses);
      out.push(v);
    }
  }
  return out;
}

/** Each scenario's parts' seconds added up (its reference and controls), as junit.xml gives a suite's time. */
export function secondsByScenario(parts: readonly SuitePart[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts) out[p.scenario] = Math.round(((out[p.scenario] ?? 0) + (p.seconds ?? 0)) * 1000) / 1000;
  return out;
}
