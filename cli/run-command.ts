// `accept run`: scenario -> topology + workload + nemesis -> history -> checkers ->
// verdicts -> reports, writing everything to reports/out/<run-id>/.
import { coreTuningOf } from '../sim/checkers/core-config';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join, relative } from 'node:path';
import { loadProfile, type Profile } from '../profile/profile';
import { judge } from '../acceptance/judge';
import { asRequired, resolveScenario, type ScenarioEntry } from '../scenarios';
import { CORES, type CoreName } from '../sim/core/cores';
import { NotProvided } from '../sim/core/adapter';
import { firstOf, readHistory, type HistoryEvent } from '../sim/history';
import { newRunSeed } from '../lib/random';
import { RunDeadlineError, runScenario, type RunRecord } from '../sim/runner';
import type { NodeResources } from '../sim/observe/resources';
import { sweep, sweepIsEmpty } from '../sim/topology/reaper';
import { runCleanups } from '../sim/topology/cleanup';
import type { Verdict } from '../sim/verdict';
import { diskReportEvidence } from '../reports/disk-report-evidence';
import { chartAttachments, generateAllureReport, writeAllureResults } from '../reports/allure';
import { PROFILE_FILE, renderRunReports, writeRunCharts } from '../reports/render-run';
import type { RunSummary } from '../reports/run-summary';
import { writeVerdictsFile } from '../reports/verdicts-file';
import { STATUS_TEXT } from '../reports/verdict-text';
import { preflight } from '../sim/preflight';
import { log, phaseBar } from './progress';
import { harnessVersion, OUT_ROOT, REPO_ROOT, workRoot } from '../lib/paths';
import { beijingStamp, newRunFolder } from './run-stamp';

export interface RunOptions {
  profile: string;
  seed?: string;
  /** scaleout (T8, default), hotplug (T3), selfheal (T6) */
  scenario?: string;
  control?: string;
  /** the storage core the run starts (default the reference, moosefs) */
  core?: CoreName;
  out?: string;
  allure: boolean;
  /** render the PDFs of the reports (default true) */
  pdf?: boolean;
  /** the profile already loaded (a suite loads it once, so every part judges by the same one) */
  loaded?: { profile: Profile; source: string };
  /** a part of `--scenario all`: the suite decides the exit code and says so, not each part */
  part?: boolean;
}

export interface RunOutcome {
  runDir: string;
  verdicts: Verdict[];
  exitCode: 0 | 1;
}

export function replayCommand(o: RunOptions, seed: string): string {
  return [
    'npx accept run',
    `--profile ${o.profile}`,
    o.scenario && !o.control ? `--scenario ${o.scenario}` : '',
    `--seed ${seed}`,
    o.control ? `--control ${o.control}` : '',
    o.core && o.core !== 'moosefs' ? `--core ${o.core}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * `accept run` whose run ended in an error: its verdicts of what it measured are written. Past
 * its deadline, or refused by a core that does not provide what the scenario needs, the run
 * exits 1 (its clauses are not accepted); any other error exits 2 with its stack (the
 * environment or the harness).
 */
export class RunIncompleteError extends Error {
  override name = 'RunIncompleteError';
  constructor(
    readonly failure: unknown,
    readonly runDir: string,
    readonly verdicts: Verdict[],
    replay: string,
  ) {
    super(
      `the run did not complete: ${String((failure as Error)?.message ?? failure).split('\n')[0]}\n` +
        `verdicts of what it measured: ${relative(REPO_ROOT, join(runDir, 'verdicts.json'))} (no report is made of part of a run); replay with: ${replay}`,
    );
  }
  get pastDeadline(): boolean {
    return this.failure instanceof RunDeadlineError;
  }
  /** the core refused an operation the scenario needs (StorageCore.notProvided): its clauses are INCONCLUSIVE with the reason */
  get notProvided(): boolean {
    return this.failure instanceof NotProvided;
  }
}

export async function runCommand(o: RunOptions): Promise<RunOutcome> {
  const { profile, source } = o.loaded ?? loadProfile(o.profile);
  const { entry, variant } = resolveScenario(o);
  const seed = o.seed ?? newRunSeed();
  // the seed chooses the faults (bays, nodes, modes): the same seed, the same plan
  const scenario = entry.build(profile, seed, variant);
  const { docker } = await preflight();
  const startedAt = Date.now();
  const stamp = beijingStamp(startedAt);
  // a control's name is part of the id: two controls started in the same second with one seed are two runs
  const outRoot = o.out ?? OUT_ROOT;
  const { runId, runDir } = newRunFolder(
    outRoot,
    `${stamp}-${seed}${variant === 'reference' ? '' : `-${variant.replace(/^control:/, '')}`}`,
    join(workRoot(), 'runs'),
  );
  const replay = replayCommand(o, seed);
  log(`run ${runId}  profile ${profile.id}  scenario ${scenario.id}/${variant}  seed ${seed}`);
  log(`replay with: ${replay}`);

  const root = workRoot();
  const swept = await sweep(root);
  if (!sweepIsEmpty(swept)) log(`removed leftovers of earlier runs: ${JSON.stringify(swept)}`);

  const core = CORES[o.core ?? 'moosefs'];
  const image = await core.ensure(root, log, 'amd64');
  log(image.built ? `core image ${image.tag} built in ${image.seconds.toFixed(1)} s` : `core image ${image.tag} (already built)`);

  let record;
  let failure: unknown;
  try {
    record = await runScenario(scenario, {
      runId,
      seed,
      workDir: join(root, 'runs', runId),
      outDir: runDir,
      image: image.tag,
      startCore: core.start,
      log,
      phase: phaseBar,
      verify: profile.verify,
      deadlineSeconds: profile.run.deadlineMinutes * 60,
    });
  } catch (e) {
    failure = e;
  } finally {
    await runCleanups(log);
    await sweep(root, { only: runId });
  }
  const finishedAt = Date.now();
  const writeVerdicts = (verdicts: Verdict[], events: readonly HistoryEvent[]) =>
    writeVerdictsFile(runDir, {
      runId,
      seed,
      replay,
      profile: profile.id,
      scenario: `${scenario.id}/${variant}`,
      verdicts,
      coreTuning: coreTuningOf(events) ?? undefined,
      seconds: { [scenario.id]: Math.max(0, Math.round(finishedAt - startedAt) / 1000) },
    });
  if (!record) {
    // what was measured before the error is judged and written; no report is made of part of a run
    const historyPath = join(runDir, 'history.jsonl');
    if (!existsSync(historyPath)) throw failure;
    let verdicts: Verdict[];
    try {
      const { events } = readHistory(historyPath);
      verdicts = judge(events, profile);
      writeFileSync(join(runDir, PROFILE_FILE), JSON.stringify(profile, null, 2) + '\n');
      writeVerdicts(verdicts, events);
    } catch (e) {
      // the run's own error is the news: this one is said, not put in its place
      log(`the verdicts of the incomplete run could not be written: ${(e as Error).message}`);
      throw failure;
    }
    printVerdicts(verdicts, replay);
    throw new RunIncompleteError(failure, runDir, verdicts, replay);
  }
  // verdicts from the saved history, exactly as `accept recheck` would compute them
  const { events } = readHistory(record.historyPath);
  const verdicts = judge(events, profile);
  // T11's evidence: one disk's health report as a picture, drawn from the saved history
  const shot = await diskReportEvidence(runDir, events, log);
  if (shot?.error) log(`disk health report picture not made: ${shot.error}`);
  if (shot?.png) verdicts.find((v) => v.clause === 'T11')?.evidence.push(shot.png);
  const coreTuning = coreTuningOf(events) ?? undefined;
  const verifyStart = firstOf(events, 'verify.start');
  writeVerdicts(verdicts, events);

  const summary: RunSummary = {
    runId,
    seed,
    replay,
    profile: { id: profile.id, source: relative(REPO_ROOT, source), project: profile.project },
    scenario: { id: scenario.id, variant, title: scenario.title },
    startedAt,
    finishedAt,
    topology: {
      goal: scenario.topology.goal,
      master: record.core.masterAddress,
      nodes: [
        { name: 'master', address: record.core.masterAddress, bays: 0, role: 'management-server', arch: record.core.masterArch },
        ...record.core.nodes.map((n) => ({ ...n, role: 'storage-node' })),
      ],
    },
    workload: {
      cameras: scenario.workload.cameras,
      bitrateMbps: scenario.workload.bitrateMbps,
      segmentSeconds: scenario.workload.segmentSeconds,
    },
    versions: {
      core: `${record.core.name} ${record.core.version}`,
      coreImage: image.tag,
      harness: harnessVersion(),
      node: process.versions.node,
      docker,
    },
    machine: { cpus: cpus().length, memoryGiB: totalmem() / 2 ** 30, kernel: release() },
    timings: { imageBuildSeconds: image.seconds, ...record.timings, runSeconds: (finishedAt - startedAt) / 1000 },
    coreTuning,
    ...(verifyStart ? { readMount: { path: verifyStart.mount, options: [...verifyStart.mountOptions] } } : {}),
    resources: record.resources,
    segments: record.segments,
    verdicts,
  };
  writeFileSync(join(runDir, 'run.json'), JSON.stringify(summary, null, 2));
  writeFileSync(join(runDir, PROFILE_FILE), JSON.stringify(profile, null, 2) + '\n');
  // charts from the history (the SMART trends from its disk checks): inline in the reports, attached to Allure
  const charts = writeRunCharts(runDir, events, profile);

  if (o.allure) {
    const resultsDir = join(runDir, 'allure-results');
    writeAllureResults(resultsDir, verdicts, {
      runId,
      seed,
      replay,
      startMs: startedAt,
      stopMs: finishedAt,
      environment: {
        profile: profile.id,
        core: summary.versions.core,
        image: image.tag,
        seed,
        node: process.versions.node,
        docker,
        goal: String(scenario.topology.goal),
      },
      attachments: [
        { name: 'history.jsonl', path: record.historyPath, type: 'application/x-ndjson' },
        { name: 'run.json', path: join(runDir, 'run.json'), type: 'application/json' },
        // the background load's k6-like summary (the runner writes it; absent if the load never ended)
        { name: 'load-summary.json', path: join(runDir, 'load-summary.json'), type: 'application/json' },
        ...chartAttachments(runDir, charts.zh),
      ],
    });
    try {
      await generateAllureReport(resultsDir, join(runDir, 'allure-report'), outRoot);
    } catch (e) {
      log(`allure report not generated: ${(e as Error).message.split('\n').slice(0, 3).join(' ')}`);
    }
  }

  // evidence manifest, 初验报告 in zh/en (HTML + PDF), complete manifest
  const sealed = await renderRunReports(runDir, { pdf: o.pdf !== false, log, charts });

  printVerdicts(verdicts, replay);
  log(
    `evidence manifest SHA-256 ${sealed.evidence.sha256} (printed in the reports; check with: npx accept verify ${relative(REPO_ROOT, runDir)})`,
  );
  log(`timings: ${JSON.stringify(summary.timings)}`);
  log(`resources per node (CPU cores in use, memory of its processes), idle → under load: ${resourcesLine(record.resources)}`);
  log(`run folder: ${runDir}`);
  const exit = runExit(entry, variant, verdicts);
  if (exit.line && !o.part) process.stdout.write(`\n${exit.line}\n`);
  return { runDir, verdicts, exitCode: exit.exitCode };
}

/**
 * The exit code of one run, by the rule `--scenario all --with-controls` applies to each part
 * (scenarios/index.ts asRequired): a reference must PASS; a control must FAIL its target
 * clause by that clause's own checker, and then the run did what it is for (exit 0).
 */
export function runExit(entry: ScenarioEntry, variant: string, verdicts: readonly Verdict[]): { exitCode: 0 | 1; line?: string } {
  if (!variant.startsWith('control:')) return { exitCode: asRequired(entry, variant, verdicts) ? 0 : 1 };
  const name = variant.slice('control:'.length);
  const target = entry.controlTargets?.[name];
  const seen =
    verdicts
      .filter((v) => !target || v.clause === target)
      .map((v) => `${v.clause} ${v.clauseStatus ?? v.status}`)
      .join(', ') || 'no verdict';
  return asRequired(entry, variant, verdicts)
    ? { exitCode: 0, line: `control ${name} FAILED as required (${seen}) → exit 0` }
    : {
        exitCode: 1,
        line: `control ${name} did NOT fail as required (${seen}; required: ${target ?? 'a clause'} FAIL by its own checker): the checker did not catch this broken core, or the defect did not show in this run (the verdict's figures say which, e.g. a power cut that emptied no chunk file) → exit 1`,
      };
}

export function printVerdicts(verdicts: readonly Verdict[], replay: string) {
  for (const v of verdicts) {
    // a pass on a twin or a modelled duration is not an accepted pass: the header says so
    const nature =
      (v.nature === 'measured' ? '' : `, ${v.nature === 'simulated' ? '仿真 simulated' : '部分仿真 partly simulated'}`) +
      (v.standIn ? ', 参考实现 a harness stand-in, not the product' : '');
    process.stdout.write(`\n${v.clause} ${v.scenario}: ${v.status} (${STATUS_TEXT[v.status].zh}${nature})\n`);
    for (const f of v.figures) {
      process.stdout.write(
        `  ${f.ok === false ? '✗' : f.ok ? '✓' : '·'} ${f.name}: ${f.value ?? 'n/a'} ${f.unit}${f.threshold ? `  [${f.threshold}]` : ''}${f.note ? `  (${f.note})` : ''}\n`,
      );
    }
    for (const r of v.reasons) process.stdout.write(`  -> ${r}\n`);
    if (v.status !== 'PASS') process.stdout.write(`  replay: ${replay}\n`);
  }
}

export type { Profile };

/** one line per run log: name idle → load, e.g. 'node1 0.01 cores 95 MiB → 0.42 cores 180 MiB' */
function resourcesLine(r: RunRecord['resources']): string {
  const one = (x: NodeResources | undefined) =>
    x
      ? `${x.cpuCores === null ? '?' : x.cpuCores.toFixed(2)} cores ${x.rssBytes === null ? '?' : Math.round(x.rssBytes / 2 ** 20)} MiB`
      : '?';
  return r.load.map((l) => `${l.name} ${one(r.idle.find((i) => i.name === l.name))} → ${one(l)}`).join('; ');
}
