// `accept final`: after the trial, run every scenario's reference variant again (the
// registry scenarios/index.ts, or the profile's short list final.rerunScenarios), each as
// an ordinary `accept run` folder, then build the 终验报告 folder from the initial run, the
// trial and those re-runs. Data flows one way: runs -> their folders -> the final folder
// (which copies their key files and only formats them).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfile, type Profile } from '../profile/profile';
import { PROFILE_FILE } from '../reports/render-run';
import { SCENARIOS } from '../scenarios';
import { newRunSeed } from '../lib/random';
import { checkFinalInputs, finalCommand, ReportUsageError, type FinalOptions } from './report-commands';
import { log } from './progress';
import { JOURNAL_FILE, readJournal } from '../acceptance/trial/journal';
import { runCommand } from './run-command';

export interface FinalCliOptions extends Omit<FinalOptions, 'rerun' | 'rerunPlan'> {
  /** run folders given instead of re-running (repeatable) */
  rerun: string[];
  /** false: no re-run at all (--no-rerun) */
  rerunNow: boolean;
  /** 'all' or a comma list of scenario ids; default: the profile's final.rerunScenarios */
  rerunScenarios?: string;
  /** profile of the re-runs; default: the trial's, else the initial run's */
  profile?: string;
  seed?: string;
}

/** The scenario ids to re-run: the registry's (all, or the chosen ones), in registry order. */
export function rerunChoice(
  profile: Profile,
  override?: string,
): { registry: string[]; chosen: string[]; source: 'profile' | 'command line' } {
  const registry = SCENARIOS.filter((s) => s.variants.includes('reference')).map((s) => s.id);
  const wanted =
    override !== undefined
      ? override.trim() === 'all'
        ? 'all'
        : override
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
      : (profile.final?.rerunScenarios ?? 'all');
  const unknown = wanted === 'all' ? [] : wanted.filter((id) => !registry.includes(id));
  if (unknown.length) throw new ReportUsageError(`re-run scenarios ${unknown.join(', ')} are not in the registry (${registry.join(', ')})`);
  return {
    registry,
    chosen: wanted === 'all' ? registry : registry.filter((id) => wanted.includes(id)),
    source: override !== undefined ? 'command line' : 'profile',
  };
}

function reRunProfile(o: FinalCliOptions): string {
  if (o.profile) return o.profile;
  for (const d of [o.trial, o.initial]) if (d && existsSync(join(d, PROFILE_FILE))) return join(d, PROFILE_FILE);
  return 'ci';
}

/** `runRun` is `accept run` (a test passes its own to see whether a re-run was started). */
export async function finalWithReruns(
  o: FinalCliOptions,
  runRun: typeof runCommand = runCommand,
): Promise<Awaited<ReturnType<typeof finalCommand>>> {
  // the folders and documents first: a typo must not cost an hour of re-runs
  await checkFinalInputs(o);
  if (o.rerun.length || !o.rerunNow) {
    if (o.rerunScenarios)
      throw new ReportUsageError('--rerun-scenarios chooses what to re-run now: not with --rerun folders or --no-rerun');
    return finalCommand({
      ...o,
      rerun: o.rerun,
      rerunPlan: o.rerun.length ? { registry: SCENARIOS.map((s) => s.id), chosen: [], source: 'folders' } : undefined,
    });
  }
  // a delivered system's trial is re-judged on that system: a cluster this harness starts is another system
  const field = o.trial && existsSync(join(o.trial, JOURNAL_FILE)) ? readJournal(join(o.trial, JOURNAL_FILE)).header.field : undefined;
  if (field)
    throw new ReportUsageError(
      `--trial ${o.trial} is a field trial of ${field.target}: its end-of-trial re-runs belong on that system, not on a cluster this harness starts: run accept probe --target ${field.target} (with --power-loss, --restart, --pull, --unplug or --connect for each clause to judge again) and give each run folder with --rerun, or --no-rerun`,
    );
  const profileRef = reRunProfile(o);
  const { profile } = loadProfile(profileRef);
  const plan = rerunChoice(profile, o.rerunScenarios);
  const seed = o.seed ?? newRunSeed();
  log(
    `end-of-trial re-run: ${plan.chosen.length} of ${plan.registry.length} scenarios (${plan.chosen.join(', ')}; chosen by ${plan.source}), profile ${profile.id}, seed ${seed}`,
  );
  const folders: string[] = [];
  for (const id of plan.chosen) {
    log(`re-run ${folders.length + 1}/${plan.chosen.length}: ${id} (reference)`);
    const r = await runRun({ profile: profileRef, scenario: id, seed, out: o.out, allure: false, pdf: false });
    folders.push(r.runDir);
  }
  return finalCommand({ ...o, rerun: folders, rerunPlan: plan });
}
