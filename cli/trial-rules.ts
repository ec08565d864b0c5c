// The trial's rules X, Y and the longest run: from the profile (the contract) or the command
// line, and on a resume from the journal, which the command line may not contradict.
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../lib/paths';
import { JOURNAL_FILE, readJournal } from '../acceptance/trial/journal';
import type { TrialRules } from '../acceptance/trial/ledger';
import type { TrialSummary } from '../acceptance/trial/summary';
import { trialRunOf, type Profile } from '../profile/profile';
import { UsageError } from './inputs';

export class TrialUsageError extends UsageError {}

export interface RuleOptions {
  days?: string;
  extensionDays?: string;
}

// the contract counts trial and extension days in whole calendar days, and neither can be zero
const positiveInt = (s: string | undefined, what: string): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (s.trim() === '' || !Number.isInteger(n) || n < 1)
    throw new TrialUsageError(`${what} must be a whole number of days >= 1, got '${s}'`);
  return n;
};

export function rulesFrom(profile: Profile, o: RuleOptions): { rules: TrialRules; sources: TrialSummary['ruleSources'] } {
  const days = positiveInt(o.days, '--days');
  const ext = positiveInt(o.extensionDays, '--extension-days');
  const X = days ?? profile.trial.trialDays.value;
  const Y = ext ?? profile.trial.extensionDays.value;
  if (X === null || X === undefined)
    throw new TrialUsageError(`the profile's trial length X (trial.trialDays) is to be confirmed: give --days`);
  if (Y === null || Y === undefined) {
    throw new TrialUsageError(
      `the profile's extension Y (trial.extensionDays, P4) is to be confirmed (lost by the OCR): give --extension-days for this trial; the report will say the value was given on the command line`,
    );
  }
  const extra = trialRunOf(profile).maxExtraDays;
  return {
    rules: { trialDays: X, extensionDays: Y, maxDays: X + extra },
    sources: { trialDays: days === undefined ? 'profile' : 'command line', extensionDays: ext === undefined ? 'profile' : 'command line' },
  };
}

export function resumeRules(
  dir: string,
  profile: Profile,
  o: RuleOptions & { accel?: string },
): { rules: TrialRules; sources: TrialSummary['ruleSources'] } {
  const h = readJournal(join(dir, JOURNAL_FILE)).header;
  if (o.days !== undefined && Number(o.days) !== h.rules.trialDays)
    throw new TrialUsageError(`--days ${o.days} differs from the journal's ${h.rules.trialDays}`);
  if (o.extensionDays !== undefined && Number(o.extensionDays) !== h.rules.extensionDays)
    throw new TrialUsageError(`--extension-days ${o.extensionDays} differs from the journal's ${h.rules.extensionDays}`);
  if (o.accel !== undefined && Number(o.accel) !== h.accel)
    throw new TrialUsageError(`--accel ${o.accel} differs from the journal's ${h.accel}`);
  return {
    rules: h.rules,
    sources: {
      trialDays: profile.trial.trialDays.value === h.rules.trialDays ? 'profile' : 'command line',
      extensionDays: profile.trial.extensionDays.value === h.rules.extensionDays ? 'profile' : 'command line',
    },
  };
}

/** What trial.json says of the rules, from the profile and where X and Y came from (one place for both trial kinds). */
export function rulesSummary(
  profile: Profile,
  source: string,
  rules: TrialRules,
  sources: TrialSummary['ruleSources'],
): Pick<TrialSummary, 'profile' | 'rules' | 'ruleSources' | 'contract' | 'incidentRule'> {
  return {
    profile: { id: profile.id, source: relative(REPO_ROOT, source), project: profile.project },
    rules,
    ruleSources: sources,
    contract: { trialDays: profile.trial.trialDays, extensionDays: profile.trial.extensionDays },
    incidentRule: trialRunOf(profile),
  };
}
