// A final-acceptance folder: final.json, inputs/{initial,trial,rerun-<scenario>}/ (key files copied
// from the source folders, which pins them through this folder's manifests),
// attachments/<slot>/ (outside assessments), and the 终验报告.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfile } from '../profile/profile';
import { JOURNAL_FILE, readJournal } from '../acceptance/trial/journal';
import { checkedDays, ledgerOfJournal } from '../acceptance/trial/reported';
import type { TrialSummary } from '../acceptance/trial/summary';
import { EVIDENCE_MANIFEST, MANIFEST } from './evidence-manifest';
import { renderFinalReport, type FinalReportInput, type FinalSummary } from './final-report';
import { folderSlots, readAttachments, readConfirmations } from './manual-evidence';
import { PROFILE_FILE } from './render-run';
import { TRIAL_FILE } from './render-trial';
import type { RunSummary } from './run-summary';
import type { Lang } from './format';
import { renderAndSeal, type SealOutcome } from './seal';

export const FINAL_FILE = 'final.json';
const RUN_FILES = ['run.json', 'verdicts.json', PROFILE_FILE, EVIDENCE_MANIFEST, MANIFEST];
/** a run folder's documents and the panel's decisions on them: the 初验's own conclusion rests on them */
const RUN_DIRS = ['attachments', 'confirmations'];
const TRIAL_FILES = [TRIAL_FILE, 'ledger.json', JOURNAL_FILE, EVIDENCE_MANIFEST, MANIFEST];

/** Copies the key files of a source folder into inputs/<name>/. */
export function copyInputs(from: string, to: string, kind: 'run' | 'trial'): void {
  mkdirSync(to, { recursive: true });
  for (const f of kind === 'run' ? RUN_FILES : TRIAL_FILES) if (existsSync(join(from, f))) copyFileSync(join(from, f), join(to, f));
  if (kind === 'run') for (const d of RUN_DIRS) if (existsSync(join(from, d))) cpSync(join(from, d), join(to, d), { recursive: true });
}

const readJson = <T>(p: string): T => JSON.parse(readFileSync(p, 'utf8')) as T;

export function readFinalFolder(dir: string): Omit<FinalReportInput, 'evidence'> {
  const summary = readJson<FinalSummary>(join(dir, FINAL_FILE));
  const inputs = join(dir, 'inputs');
  const run = (name: string, s: { folder: string; evidenceDigest: string | null } | null) =>
    s ? { ...s, run: readJson<RunSummary>(join(inputs, name, 'run.json')) } : null;
  const initial = {
    ...run('initial', summary.initial)!,
    slots: folderSlots(join(inputs, 'initial')),
  };
  let trial: FinalReportInput['trial'] = null;
  if (summary.trial) {
    const j = readJournal(join(inputs, 'trial', JOURNAL_FILE));
    const ledger = ledgerOfJournal(j);
    trial = {
      ...summary.trial,
      trial: readJson<TrialSummary>(join(inputs, 'trial', TRIAL_FILE)),
      ledger,
      checkedDays: checkedDays(j.days, ledger),
    };
  }
  const profilePath = join(inputs, 'initial', PROFILE_FILE);
  return {
    summary,
    profile: existsSync(profilePath) ? parseProfile(readJson(profilePath)) : null,
    initial,
    trial,
    // folders of before the re-runs were per scenario had one 'rerun'
    reruns: (
      summary.reruns ??
      ((summary as { rerun?: FinalSummary['reruns'][number] }).rerun
        ? [{ ...(summary as unknown as { rerun: FinalSummary['reruns'][number] }).rerun, input: 'rerun' }]
        : [])
    ).map((r) => run(r.input, r)!),
    attachments: readAttachments(dir),
    confirmations: readConfirmations(dir),
  };
}

export async function renderFinalReports(
  dir: string,
  o: { pdf: boolean; pdfLangs?: readonly Lang[]; log?: (m: string) => void },
): Promise<SealOutcome> {
  const f = readFinalFolder(dir);
  return renderAndSeal(dir, {
    base: 'final-report',
    langs: ['zh', 'en'],
    pdf: o.pdf,
    log: o.log,
    pdfLangs: o.pdfLangs,
    render: (lang, evidence) => renderFinalReport({ ...f, evidence }, lang),
  });
}
