// `accept verify`, `accept report` and `accept final`: check a sealed folder, re-render
// its reports (after attaching documents), and build the final acceptance folder.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { EVIDENCE_MANIFEST, MANIFEST, formatVerify, sha256Of, verifyFolder } from '../reports/evidence-manifest';
import type { FinalSummary } from '../reports/final-report';
import type { Lang } from '../reports/format';
import {
  attachManual,
  confirmSlot,
  parseAttachOption,
  parseConfirmOption,
  readAttachments,
  refuseUnfounded,
} from '../reports/manual-evidence';
import { copyInputs, FINAL_FILE, renderFinalReports } from '../reports/render-final';
import { renderRunReports } from '../reports/render-run';
import { renderTrialReports, TRIAL_FILE } from '../reports/render-trial';
import type { SealOutcome } from '../reports/seal';
import type { RunSummary } from '../reports/run-summary';
import { requireFolder, UsageError } from './inputs';
import { compareFolders, writeComparison } from './compare-command';
import { COMPARE_FILE } from '../reports/compare-runs';
import { log } from './progress';
import { OUT_ROOT, REPO_ROOT } from '../lib/paths';
import { beijingStamp } from './run-stamp';

export class ReportUsageError extends UsageError {}

export async function verifyCommand(dir: string): Promise<0 | 1> {
  requireFolder(dir, 'folder');
  // nothing to verify is a usage error; a folder of ours without its manifest is CHANGED (it may have been removed)
  if (!existsSync(join(dir, MANIFEST)) && !['run.json', TRIAL_FILE, FINAL_FILE].some((f) => existsSync(join(dir, f)))) {
    throw new ReportUsageError(
      `${dir} is not a folder of accept run, accept trial or accept final (no ${MANIFEST}, run.json, ${TRIAL_FILE} or ${FINAL_FILE}): nothing to verify`,
    );
  }
  const r = await verifyFolder(dir);
  process.stdout.write(formatVerify(dir, r) + '\n');
  return r.ok ? 0 : 1;
}

type FolderKind = 'run' | 'trial' | 'final';

export function folderKind(dir: string, what = 'folder'): FolderKind {
  requireFolder(dir, what);
  if (existsSync(join(dir, FINAL_FILE))) return 'final';
  if (existsSync(join(dir, TRIAL_FILE))) return 'trial';
  if (existsSync(join(dir, 'run.json'))) return 'run';
  throw new ReportUsageError(
    `${what} ${dir} is not a folder of accept run, accept trial or accept final (no run.json, trial.json or final.json)`,
  );
}

/** A sealed folder must still match its manifest before anything is re-rendered or added. */
async function requireIntact(dir: string, force: boolean): Promise<void> {
  if (!existsSync(join(dir, MANIFEST))) return;
  const r = await verifyFolder(dir);
  if (r.ok) return;
  if (force) {
    log(`${dir} does not match its manifest; re-sealing anyway (--force):\n${formatVerify(dir, r)}`);
    return;
  }
  throw new ReportUsageError(
    `${dir} does not match its manifest, so it is not re-sealed (that would hide the change); inspect it, or pass --force:\n${formatVerify(dir, r)}`,
  );
}

export interface ReportOptions {
  lang: 'zh' | 'en' | 'both';
  pdf: boolean;
  attach: string[];
  /** the panel's decisions, slot=pass|fail, made by `by` */
  confirm?: string[];
  by?: string;
  force?: boolean;
  /** another run folder whose verdicts the 初验报告 appends side by side (a run folder only) */
  compare?: string;
}

export async function reportCommand(dir: string, o: ReportOptions): Promise<SealOutcome> {
  const kind = folderKind(dir);
  if (o.compare !== undefined && kind !== 'run')
    throw new ReportUsageError(`--compare appends to an initial acceptance report: ${dir} is a ${kind} folder, not a run folder`);
  // read before anything changes: a folder that is not a run is refused here
  const comparison = o.compare !== undefined ? compareFolders(dir, o.compare) : null;
  const attachments = o.attach.map(parseAttachOption);
  const confirms = (o.confirm ?? []).map(parseConfirmOption);
  // refused before anything changes: every decision has its maker and its evidence, attached before or in this command
  const held = new Set([...readAttachments(dir).map((a) => a.slot), ...attachments.map((a) => a.slot)]);
  for (const c of confirms) refuseUnfounded(c.slot, c.decision, o.by, held);
  await requireIntact(dir, !!o.force);
  for (const a of attachments) {
    const r = await attachManual(dir, a.slot, a.file);
    log(`attached ${r.originalName} as ${a.slot}: ${r.path}, SHA-256 ${r.sha256}`);
  }
  for (const c of confirms) {
    const r = confirmSlot(dir, c.slot, c.decision, o.by!);
    log(`${c.slot}: the panel's decision '${c.decision}' by ${r.by} recorded, covering ${r.files.map((f) => f.path).join(', ')}`);
  }
  if (comparison) {
    writeComparison(dir, comparison);
    log(
      `${comparison.differ} of ${comparison.rows.length} verdicts differ from ${o.compare} (${comparison.b.label}): appended to the initial report, ${join(dir, COMPARE_FILE)}`,
    );
  }
  const pdfLangs: Lang[] = o.lang === 'both' ? ['zh', 'en'] : [o.lang];
  const render = kind === 'run' ? renderRunReports : kind === 'trial' ? renderTrialReports : renderFinalReports;
  const sealed = await render(dir, { pdf: o.pdf, pdfLangs, log });
  printSealed(dir, kind, sealed, pdfLangs);
  return sealed;
}

function printSealed(dir: string, kind: FolderKind, s: SealOutcome, langs: readonly Lang[]) {
  const base = { run: 'initial-report', trial: 'trial-report', final: 'final-report' }[kind];
  for (const lang of langs) {
    process.stdout.write(`${join(dir, `${base}.${lang}.html`)}\n`);
    if (s.pdf) process.stdout.write(`${join(dir, `${base}.${lang}.pdf`)}\n`);
  }
  if (s.pdfError) process.stdout.write(`PDF not rendered: ${s.pdfError}\n`);
  process.stdout.write(
    `evidence manifest SHA-256 (printed in the reports): ${s.evidence.sha256}\nmanifest.json SHA-256: ${s.manifest.sha256} (${s.manifest.fileCount} files, ${s.manifest.bytes} bytes)\n`,
  );
}

export interface FinalOptions {
  initial: string;
  trial?: string;
  /** run folders of the end-of-trial re-runs (cli/final-command.ts makes them) */
  rerun?: string[];
  rerunPlan?: FinalSummary['rerunPlan'];
  attach: string[];
  pdf: boolean;
  out?: string;
  force?: boolean;
}

type FinalInputs = {
  sources: { name: string; dir: string; kind: FolderKind }[];
  reruns: { dir: string; name: string }[];
  attachments: { slot: string; file: string }[];
};

/** Every folder and document `accept final` is given, checked before anything runs: each folder of the
 *  right kind and still matching its manifest, each --attach a slot and a file. */
export async function checkFinalInputs(o: Pick<FinalOptions, 'initial' | 'trial' | 'rerun' | 'attach' | 'force'>): Promise<FinalInputs> {
  const sources: FinalInputs['sources'] = [];
  const need = (name: string, dir: string | undefined, kind: FolderKind) => {
    if (!dir) return;
    const option = name.startsWith('rerun') ? 'rerun' : name;
    const found = folderKind(dir, `--${option}`);
    if (found !== kind) throw new ReportUsageError(`--${option} ${dir} is a ${found} folder, not a ${kind} folder`);
    sources.push({ name, dir, kind });
  };
  need('initial', o.initial, 'run');
  need('trial', o.trial, 'trial');
  const reruns = (o.rerun ?? []).map((d, i) => {
    const scenario = existsSync(join(d, 'run.json'))
      ? (JSON.parse(readFileSync(join(d, 'run.json'), 'utf8')) as RunSummary).scenario.id
      : `run${i + 1}`;
    const name = `rerun-${String(i + 1).padStart(2, '0')}-${scenario}`.replace(/[^a-z0-9-]/gi, '');
    need(name, d, 'run');
    return { dir: d, name };
  });
  const attachments = o.attach.map(parseAttachOption);
  for (const s of sources) await requireIntact(s.dir, !!o.force);
  return { sources, reruns, attachments };
}

export async function finalCommand(o: FinalOptions): Promise<{ dir: string; sealed: SealOutcome }> {
  const { sources, reruns, attachments } = await checkFinalInputs(o);

  const createdAt = Date.now();
  const stamp = beijingStamp(createdAt);
  const finalId = `final-${stamp}`;
  const dir = join(o.out ?? OUT_ROOT, finalId);
  mkdirSync(dir, { recursive: true });
  const digestOf = (d: string) => (existsSync(join(d, EVIDENCE_MANIFEST)) ? sha256Of(readFileSync(join(d, EVIDENCE_MANIFEST))) : null);
  const ref = (d: string | undefined) => (d ? { folder: relative(REPO_ROOT, resolve(d)) || d, evidenceDigest: digestOf(d) } : null);
  for (const s of sources) copyInputs(s.dir, join(dir, 'inputs', s.name), s.kind === 'trial' ? 'trial' : 'run');
  const summary: FinalSummary = {
    finalId,
    createdAt,
    initial: ref(o.initial)!,
    trial: ref(o.trial),
    reruns: reruns.map((r) => ({ ...ref(r.dir)!, input: r.name })),
    ...(o.rerunPlan ? { rerunPlan: o.rerunPlan } : {}),
  };
  writeFileSync(join(dir, FINAL_FILE), JSON.stringify(summary, null, 2) + '\n');
  for (const a of attachments) {
    const r = await attachManual(dir, a.slot, a.file);
    log(`attached ${r.originalName} as ${a.slot}: SHA-256 ${r.sha256}`);
  }
  if (!o.trial) log('no --trial folder: the trial clauses (P4, P5) are inconclusive in the final report');
  if (!reruns.length)
    log('no --rerun folder: every measurable clause is inconclusive in the final report (re-run accept run at the end of the trial)');
  const sealed = await renderFinalReports(dir, { pdf: o.pdf, log });
  printSealed(dir, 'final', sealed, ['zh', 'en']);
  return { dir, sealed };
}
