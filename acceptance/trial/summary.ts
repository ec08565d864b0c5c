// trial.json: what `accept trial` hands to the trial report, next to journal.jsonl and
// ledger.json. The report formats this; it never re-runs anything.
import type { Profile } from '../../profile/profile';
import type { TrialRules, TrialStatus } from './ledger';

export interface TrialPart {
  name: string;
  zh: string;
  en: string;
  /** ran in this trial */
  connected: boolean;
  nature: 'measured' | 'simulated';
  note: { zh: string; en: string };
}

export interface TrialSummary {
  trialId: string;
  seed: string;
  accel: number;
  replay: string;
  resume: string;
  profile: { id: string; source: string; project: Profile['project'] };
  rules: TrialRules;
  /** where X and Y came from: the profile (contract) or the command line (this run only) */
  ruleSources: { trialDays: 'profile' | 'command line'; extensionDays: 'profile' | 'command line' };
  contract: { trialDays: Profile['trial']['trialDays']; extensionDays: Profile['trial']['extensionDays'] };
  incidentRule: NonNullable<Profile['trialRun']>;
  fleet: { id: string; model: string; bays: number; arch: string }[];
  virtualStartMs: number;
  startedAt: number;
  finishedAt: number;
  wallSeconds: number;
  sessions: number;
  status: TrialStatus;
  parts: TrialPart[];
  /** the storage core the soak days ran on (absent: no soak); in a field trial, the target's */
  core?: { name: string; title: string };
  /** a field trial (accept trial --target): real calendar days on a delivered system */
  field?: { target: string; startDate: string };
}
