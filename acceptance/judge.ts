// From a saved history to verdicts: each clause a scenario claims is judged by its
// checker with the profile's thresholds. Used by `accept run` and `accept recheck`.
import type { HistoryEvent } from '../sim/history';
import { checkScaleOut } from '../sim/checkers/scaleout';
import { checkHotplug } from '../sim/checkers/hotplug';
import { checkSelfHeal } from '../sim/checkers/selfheal';
import { checkLoad, foldLoad } from '../sim/checkers/load';
import type { Verdict } from '../sim/verdict';
import type { Profile } from './profile';

type Checker = (events: readonly HistoryEvent[], profile: Profile, scenario: string) => Verdict;

const CHECKERS: Record<string, Checker> = {
  T8: (events, p, scenario) => checkScaleOut(events, p.thresholds.T8, scenario),
  T3: (events, p, scenario) => checkHotplug(events, p.faults.hotplug, scenario),
  T6: (events, p, scenario) => checkSelfHeal(events, { maxSelfHealSeconds: p.thresholds.T6.maxSelfHealSeconds, fullRateFraction: p.faults.selfHeal.fullRateFraction }, scenario),
};

export function judge(events: readonly HistoryEvent[], profile: Profile): Verdict[] {
  const start = events.find((e) => e.kind === 'run.start') as (HistoryEvent & { clauses: string[]; scenario: string; variant: string }) | undefined;
  if (!start) throw new Error('history has no run.start event: not a history written by this harness');
  const scenario = start.variant === 'reference' ? start.scenario : `${start.scenario}/${start.variant}`;
  // a failed load threshold fails the scenario, hence each of its clause verdicts
  const load = checkLoad(events);
  return start.clauses.map((clause) => foldLoad(judgeClause(clause), load));
  function judgeClause(clause: string): Verdict {
    const checker = CHECKERS[clause];
    if (!checker) {
      return { clause, scenario, status: 'INCONCLUSIVE', figures: [], method: { zh: '—', en: '—' }, nature: 'measured', reasons: [`no checker for ${clause} yet`], evidence: [] } satisfies Verdict;
    }
    return checker(events, profile, scenario);
  }
}
