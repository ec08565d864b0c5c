// The evidence bundle: a manifest of every file of a report folder with its size and
// SHA-256, so that a single changed byte, a removed or an added file is found by
// `accept verify`. Two stages, because a report cannot contain its own hash:
//   1. evidence-manifest.json: every file that exists before the reports are written
//      (history, verdicts, charts, Allure, attached documents). Its SHA-256 is printed
//      in the reports and signed on paper with them.
//   2. manifest.json: every file of the folder but itself (the evidence manifest, the
//      reports, their PDFs), and the evidence manifest's SHA-256 at sealing.
// Each manifest also records the SHA-256 of its own canonical text (selfSha256, over the
// file with that field left out), and verify requires the file to be byte for byte that
// canonical text: a changed byte in a manifest's own fields is found, not only in the
// files it lists. That is an integrity check, not a signature: anyone who can write the
// folder can recompute it. What binds the folder is the evidence digest on the signed
// paper, which verify prints and also compares with the digest printed in every report
// HTML, so that changed evidence with re-written manifests still shows.
import { createHash } from 'node:crypto';
import { sha256File } from '../lib/sha256-file';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { z } from 'zod';

export const EVIDENCE_MANIFEST = 'evidence-manifest.json';
export const MANIFEST = 'manifest.json';
export const MANIFEST_FORMAT = 'accept-evidence-manifest/2';

/** Report files are derived from the evidence: they are sealed in stage 2 only. */
export const isReportFile = (p: string) => /(^|\/)[a-z]+-report\.(zh|en)\.(html|pdf)$/.test(p);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const entrySchema = z.object({ path: z.string(), size: z.number().int().min(0), sha256: sha256Hex }).strict();
const common = {
  stage: z.enum(['evidence', 'complete']),
  folder: z.string(),
  createdAt: z.string(),
  algorithm: z.literal('sha256'),
  fileCount: z.number().int().min(0),
  totalBytes: z.number().int().min(0),
  files: z.array(entrySchema),
};
// format 1 (before selfSha256): still read, so that folders sealed earlier verify
const manifestV1Schema = z.object({ format: z.literal('accept-evidence-manifest/1'), ...common }).strict();
const manifestV2Schema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    ...common,
    /** stage 2 only: SHA-256 of evidence-manifest.json when the folder was sealed */
    evidenceManifestSha256: sha256Hex.nullable().optional(),
    /** SHA-256 of this file's canonical text without this field (always the last key) */
    selfSha256: sha256Hex,
  })
  .strict();
const manifestSchema = z.union([manifestV2Schema, manifestV1Schema]);

export type ManifestEntry = z.infer<typeof entrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export { sha256File };

export const sha256Of = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The one way a manifest is written; verify requires the file to be exactly this text. */
const canonical = (m: object) => JSON.stringify(m, null, 1) + '\n';

/** Every regular file under dir, as '/'-separated relative paths, sorted (stable manifests). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
      // symlinks and sockets are not evidence: a link could point anywhere
    }
  };
  walk(dir);
  return out.sort();
}

async function entries(dir: string, paths: readonly string[]): Promise<ManifestEntry[]> {
  const result: ManifestEntry[] = [];
  for (const path of paths) {
    const full = join(dir, path);
    result.push({ path, size: statSync(full).size, sha256: await sha256File(full) });
  }
  return result;
}

export interface WrittenManifest {
  path: string;
  sha256: string;
  fileCount: number;
  totalBytes: number;
  /** size of the manifest file itself */
  bytes: number;
}

async function writeManifestFile(dir: string, name: string, stage: Manifest['stage'], paths: string[]): Promise<WrittenManifest> {
  const files = await entries(dir, paths);
  const path = join(dir, name);
  const ePath = join(dir, EVIDENCE_MANIFEST);
  const evidenceManifestSha256 = stage === 'complete' ? (existsSync(ePath) ? sha256Of(readFileSync(ePath)) : null) : undefined;
  // unchanged content keeps the old file, so re-rendering does not change a signed digest
  // (an evidence manifest of format 1 too); a file failing its own checks is rewritten
  if (existsSync(path)) {
    const old = checkManifestFile(path, name, stage);
    const m = old.manifest;
    if (m && old.problems.length === 0 && JSON.stringify(m.files) === JSON.stringify(files)) {
      const current = m.format === MANIFEST_FORMAT && m.evidenceManifestSha256 === evidenceManifestSha256;
      if (stage === 'evidence' || current) {
        const text = readFileSync(path);
        return { path, sha256: sha256Of(text), fileCount: m.fileCount, totalBytes: m.totalBytes, bytes: text.length };
      }
    }
  }
  const body = {
    format: MANIFEST_FORMAT,
    stage,
    folder: dir.split(sep).pop() ?? dir,
    createdAt: new Date().toISOString(),
    algorithm: 'sha256' as const,
    fileCount: files.length,
    totalBytes: files.reduce((s, f) => s + f.size, 0),
    files,
    ...(evidenceManifestSha256 !== undefined ? { evidenceManifestSha256 } : {}),
  };
  const text = canonical({ ...body, selfSha256: sha256Of(canonical(body)) });
  writeFileSync(path, text);
  return { path, sha256: sha256Of(text), fileCount: body.fileCount, totalBytes: body.totalBytes, bytes: Buffer.byteLength(text) };
}

/** Stage 1: every file now in the folder except the two manifests and the given report files. */
export function writeEvidenceManifest(dir: string, reportFiles: (path: string) => boolean): Promise<WrittenManifest> {
  const paths = listFiles(dir).filter((p) => p !== EVIDENCE_MANIFEST && p !== MANIFEST && !reportFiles(p));
  return writeManifestFile(dir, EVIDENCE_MANIFEST, 'evidence', paths);
}

/** Stage 2: every file of the folder but manifest.json itself. */
export function writeCompleteManifest(dir: string): Promise<WrittenManifest> {
  return writeManifestFile(
    dir,
    MANIFEST,
    'complete',
    listFiles(dir).filter((p) => p !== MANIFEST),
  );
}

export function readManifest(path: string): Manifest {
  const r = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success)
    throw new Error(`${path} is not a manifest: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export interface ManifestCheck {
  manifest: Manifest | null;
  problems: string[];
  notes: string[];
}

/** A manifest file's own bytes: JSON, schema, stage, canonical text, self digest, totals. */
export function checkManifestFile(path: string, name: string, stage: Manifest['stage']): ManifestCheck {
  const out: ManifestCheck = { manifest: null, problems: [], notes: [] };
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    out.problems.push(`${name} is not valid JSON any more (${(e as Error).message}): it was changed or cut`);
    return out;
  }
  const r = manifestSchema.safeParse(json);
  if (!r.success) {
    out.problems.push(
      `${name} is not a manifest any more: ${r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`,
    );
    return out;
  }
  const m = r.data;
  out.manifest = m;
  if (m.stage !== stage) out.problems.push(`${name} says stage '${m.stage}', expected '${stage}'`);
  if (text !== canonical(json as object))
    out.problems.push(`${name} is not byte for byte the text accept wrote (spacing or layout changed)`);
  if (m.format === MANIFEST_FORMAT) {
    const { selfSha256, ...rest } = json as { selfSha256: string };
    const actual = sha256Of(canonical(rest));
    if (actual !== selfSha256)
      out.problems.push(
        `${name}: its content does not match the SHA-256 it records of itself (recorded ${selfSha256.slice(0, 16)}…, computed ${actual.slice(0, 16)}…): a field of ${name} was changed`,
      );
  } else {
    out.notes.push(
      `${name} is of format 1 (sealed before manifests recorded their own digest): its own fields are checked for consistency only`,
    );
  }
  if (m.fileCount !== m.files.length) out.problems.push(`${name} says fileCount ${m.fileCount} but lists ${m.files.length} files`);
  const total = m.files.reduce((s, f) => s + f.size, 0);
  if (m.totalBytes !== total) out.problems.push(`${name} says totalBytes ${m.totalBytes} but its files add up to ${total}`);
  return out;
}

/** Where a report shows its evidence digest: a meta tag for tools and marked elements for readers. */
export const EVIDENCE_DIGEST_META = 'accept-evidence-manifest-sha256';
export const EVIDENCE_DIGEST_CLASS = 'evidence-digest';

/** Every evidence digest a report HTML prints (its own, not those of the folders it cites). */
export function printedEvidenceDigests(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(new RegExp(`<meta name="${EVIDENCE_DIGEST_META}" content="([^"]*)">`, 'g'))) out.push(m[1]!);
  for (const m of html.matchAll(new RegExp(`<(?:span|code)\\b[^>]*\\bclass="[^"]*\\b${EVIDENCE_DIGEST_CLASS}\\b[^"]*"[^>]*>([^<]*)<`, 'g')))
    out.push(m[1]!.trim());
  // reports rendered before the markup: the cover line
  if (out.length === 0)
    for (const m of html.matchAll(/(?:证据清单 SHA-256：|Evidence manifest SHA-256: )<span class="mono">([^<]*)<\/span>/g))
      out.push(m[1]!.trim());
  return out;
}

export interface VerifyResult {
  ok: boolean;
  changed: { path: string; expected: string; actual: string; expectedSize: number; actualSize: number }[];
  missing: string[];
  added: string[];
  /** SHA-256 of manifest.json and evidence-manifest.json as found (compare with the printed ones) */
  manifestSha256: string | null;
  evidenceManifestSha256: string | null;
  /** report HTML files whose printed evidence digest was compared */
  reportsChecked: string[];
  checked: number;
  /** each names the file it is about */
  problems: string[];
  /** not failures: e.g. a manifest of an older format */
  notes: string[];
}

/** Checks a folder against its manifest.json and evidence manifest, their own digests, and
 *  the evidence digest printed in each report. */
export async function verifyFolder(dir: string): Promise<VerifyResult> {
  const r: VerifyResult = {
    ok: false,
    changed: [],
    missing: [],
    added: [],
    manifestSha256: null,
    evidenceManifestSha256: null,
    reportsChecked: [],
    checked: 0,
    problems: [],
    notes: [],
  };
  const mPath = join(dir, MANIFEST);
  const ePath = join(dir, EVIDENCE_MANIFEST);
  if (!existsSync(mPath)) {
    r.problems.push(`${MANIFEST} is missing: the folder was never sealed, or the manifest was removed`);
    return r;
  }
  r.manifestSha256 = sha256Of(readFileSync(mPath));
  const complete = checkManifestFile(mPath, MANIFEST, 'complete');
  r.problems.push(...complete.problems);
  r.notes.push(...complete.notes);
  let evidence: ManifestCheck | null = null;
  if (existsSync(ePath)) {
    r.evidenceManifestSha256 = sha256Of(readFileSync(ePath));
    evidence = checkManifestFile(ePath, EVIDENCE_MANIFEST, 'evidence');
    r.problems.push(...evidence.problems);
    r.notes.push(...evidence.notes);
  } else r.problems.push(`${EVIDENCE_MANIFEST} is missing`);
  const manifests = [complete.manifest, evidence?.manifest ?? null].filter((m): m is Manifest => m !== null);

  const present = new Set(listFiles(dir).filter((p) => p !== MANIFEST));
  const seen = new Set<string>();
  for (const m of manifests) {
    for (const f of m.files) {
      if (seen.has(`${m.stage}:${f.path}`)) continue;
      seen.add(`${m.stage}:${f.path}`);
      const full = join(dir, f.path);
      if (!present.has(f.path)) {
        if (!r.missing.includes(f.path)) r.missing.push(f.path);
        continue;
      }
      r.checked++;
      const size = statSync(full).size;
      const actual = await sha256File(full);
      if (actual !== f.sha256 || size !== f.size) {
        if (!r.changed.some((c) => c.path === f.path))
          r.changed.push({ path: f.path, expected: f.sha256, actual, expectedSize: f.size, actualSize: size });
      }
    }
  }
  // without a readable manifest.json there is no complete list to find added files by
  if (complete.manifest) {
    const listed = new Set(complete.manifest.files.map((f) => f.path));
    r.added = [...present].filter((p) => !listed.has(p)).sort();
    const recorded = complete.manifest.format === MANIFEST_FORMAT ? complete.manifest.evidenceManifestSha256 : undefined;
    if (recorded !== undefined && recorded !== r.evidenceManifestSha256) {
      r.problems.push(
        `${MANIFEST} records ${recorded ? `SHA-256 ${recorded.slice(0, 16)}…` : 'no evidence manifest'} for ${EVIDENCE_MANIFEST} at sealing, but ${r.evidenceManifestSha256 ? `the file now has ${r.evidenceManifestSha256.slice(0, 16)}…` : 'the file is missing'}`,
      );
    }
  }
  // the digest printed in each report (and signed on paper) must be its own folder's evidence
  // manifest's: a suite's part reports print their part's (those manifests are files the
  // suite's manifests cover, so a change to them shows above as well)
  const digestOf = new Map<string, string | null>([[EVIDENCE_MANIFEST, r.evidenceManifestSha256]]);
  const evidenceFor = (p: string): { path: string; sha: string | null } => {
    let path = EVIDENCE_MANIFEST;
    for (let d = dirname(p); d !== '.' && d !== ''; d = dirname(d)) {
      if (present.has(join(d, EVIDENCE_MANIFEST))) {
        path = join(d, EVIDENCE_MANIFEST);
        break;
      }
    }
    if (!digestOf.has(path)) digestOf.set(path, sha256Of(readFileSync(join(dir, path))));
    return { path, sha: digestOf.get(path)! };
  };
  for (const p of [...present].filter((x) => isReportFile(x) && x.endsWith('.html')).sort()) {
    r.reportsChecked.push(p);
    const printed = [...new Set(printedEvidenceDigests(readFileSync(join(dir, p), 'utf8')))];
    if (printed.length === 0) r.problems.push(`${p} prints no evidence manifest SHA-256`);
    const own = evidenceFor(p);
    for (const d of printed) {
      if (d !== own.sha)
        r.problems.push(
          `${p} prints evidence manifest SHA-256 ${d.slice(0, 16)}… but ${own.path} has ${own.sha ? `${own.sha.slice(0, 16)}…` : 'no digest (missing)'}`,
        );
    }
  }
  r.ok = r.changed.length === 0 && r.missing.length === 0 && r.added.length === 0 && r.problems.length === 0;
  return r;
}

export function formatVerify(dir: string, r: VerifyResult): string {
  const lines: string[] = [];
  if (r.ok)
    lines.push(
      `OK: ${dir}: all ${r.checked} file checks passed, no file changed, missing or added; both manifests match their own digests; ${r.reportsChecked.length} report(s) print the evidence manifest's digest`,
    );
  else lines.push(`CHANGED: ${dir} does not match its manifests`);
  for (const p of r.problems) lines.push(`  problem: ${p}`);
  for (const c of r.changed)
    lines.push(
      `  changed: ${c.path} (sha256 ${c.expected.slice(0, 16)}… -> ${c.actual.slice(0, 16)}…, ${c.expectedSize} -> ${c.actualSize} bytes)`,
    );
  for (const m of r.missing) lines.push(`  missing: ${m}`);
  for (const a of r.added) lines.push(`  added:   ${a}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  if (r.evidenceManifestSha256)
    lines.push(`  SHA-256 of ${EVIDENCE_MANIFEST} (printed in the reports; compare with the signed paper): ${r.evidenceManifestSha256}`);
  if (r.manifestSha256) lines.push(`  SHA-256 of ${MANIFEST}: ${r.manifestSha256}`);
  return lines.join('\n');
}
