// The evidence bundle: a manifest of every file of a report folder with its size and
// SHA-256, so that a single changed byte, a removed or an added file is found by
// `accept verify`. Two stages, because a report cannot contain its own hash:
//   1. evidence-manifest.json: every file that exists before the reports are written
//      (history, verdicts, charts, Allure, attached documents). Its SHA-256 is printed
//      in the reports and signed on paper with them.
//   2. manifest.json: every file of the folder but itself (the evidence manifest, the
//      reports, their PDFs). `accept verify` prints its SHA-256 too.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';

export const EVIDENCE_MANIFEST = 'evidence-manifest.json';
export const MANIFEST = 'manifest.json';

const entrySchema = z.object({ path: z.string(), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
const manifestSchema = z
  .object({
    format: z.literal('accept-evidence-manifest/1'),
    stage: z.enum(['evidence', 'complete']),
    folder: z.string(),
    createdAt: z.string(),
    algorithm: z.literal('sha256'),
    fileCount: z.number().int().min(0),
    totalBytes: z.number().int().min(0),
    files: z.array(entrySchema),
  })
  .strict();

export type ManifestEntry = z.infer<typeof entrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (b) => h.update(b))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export const sha256Of = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

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
  // unchanged content keeps the old file, so re-rendering does not change a signed digest
  if (existsSync(path)) {
    try {
      const old = readManifest(path);
      if (old.stage === stage && JSON.stringify(old.files) === JSON.stringify(files)) {
        const text = readFileSync(path);
        return { path, sha256: sha256Of(text), fileCount: old.fileCount, totalBytes: old.totalBytes, bytes: text.length };
      }
    } catch {
      // not a manifest: overwritten below
    }
  }
  const m: Manifest = {
    format: 'accept-evidence-manifest/1',
    stage,
    folder: dir.split(sep).pop() ?? dir,
    createdAt: new Date().toISOString(),
    algorithm: 'sha256',
    fileCount: files.length,
    totalBytes: files.reduce((s, f) => s + f.size, 0),
    files,
  };
  const text = JSON.stringify(m, null, 1) + '\n';
  writeFileSync(path, text);
  return { path, sha256: sha256Of(text), fileCount: m.fileCount, totalBytes: m.totalBytes, bytes: Buffer.byteLength(text) };
}

/** Stage 1: every file now in the folder except the two manifests and the given report files. */
export function writeEvidenceManifest(dir: string, reportFiles: (path: string) => boolean): Promise<WrittenManifest> {
  const paths = listFiles(dir).filter((p) => p !== EVIDENCE_MANIFEST && p !== MANIFEST && !reportFiles(p));
  return writeManifestFile(dir, EVIDENCE_MANIFEST, 'evidence', paths);
}

/** Stage 2: every file of the folder but manifest.json itself. */
export function writeCompleteManifest(dir: string): Promise<WrittenManifest> {
  return writeManifestFile(dir, MANIFEST, 'complete', listFiles(dir).filter((p) => p !== MANIFEST));
}

export function readManifest(path: string): Manifest {
  const r = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`${path} is not a manifest: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export interface VerifyResult {
  ok: boolean;
  changed: { path: string; expected: string; actual: string; expectedSize: number; actualSize: number }[];
  missing: string[];
  added: string[];
  /** SHA-256 of manifest.json and evidence-manifest.json as found (compare with the printed ones) */
  manifestSha256: string | null;
  evidenceManifestSha256: string | null;
  checked: number;
  problems: string[];
}

/** Checks a folder against its manifest.json (and the evidence manifest against its own list). */
export async function verifyFolder(dir: string): Promise<VerifyResult> {
  const r: VerifyResult = { ok: false, changed: [], missing: [], added: [], manifestSha256: null, evidenceManifestSha256: null, checked: 0, problems: [] };
  const mPath = join(dir, MANIFEST);
  const ePath = join(dir, EVIDENCE_MANIFEST);
  if (!existsSync(mPath)) {
    r.problems.push(`${MANIFEST} is missing: the folder was never sealed, or the manifest was removed`);
    return r;
  }
  r.manifestSha256 = sha256Of(readFileSync(mPath));
  if (existsSync(ePath)) r.evidenceManifestSha256 = sha256Of(readFileSync(ePath));
  const manifests = [readManifest(mPath)];
  if (existsSync(ePath)) manifests.push(readManifest(ePath));
  else r.problems.push(`${EVIDENCE_MANIFEST} is missing`);

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
        if (!r.changed.some((c) => c.path === f.path)) r.changed.push({ path: f.path, expected: f.sha256, actual, expectedSize: f.size, actualSize: size });
      }
    }
  }
  const listed = new Set(manifests[0]!.files.map((f) => f.path));
  r.added = [...present].filter((p) => !listed.has(p)).sort();
  r.ok = r.changed.length === 0 && r.missing.length === 0 && r.added.length === 0 && r.problems.length === 0;
  return r;
}

export function formatVerify(dir: string, r: VerifyResult): string {
  const lines: string[] = [];
  if (r.ok) lines.push(`OK: ${dir}: all ${r.checked} checks passed, no file changed, missing or added`);
  else lines.push(`CHANGED: ${dir} does not match its manifest`);
  for (const p of r.problems) lines.push(`  problem: ${p}`);
  for (const c of r.changed) lines.push(`  changed: ${c.path} (sha256 ${c.expected.slice(0, 16)}… -> ${c.actual.slice(0, 16)}…, ${c.expectedSize} -> ${c.actualSize} bytes)`);
  for (const m of r.missing) lines.push(`  missing: ${m}`);
  for (const a of r.added) lines.push(`  added:   ${a}`);
  if (r.evidenceManifestSha256) lines.push(`  SHA-256 of ${EVIDENCE_MANIFEST} (printed in the reports): ${r.evidenceManifestSha256}`);
  if (r.manifestSha256) lines.push(`  SHA-256 of ${MANIFEST}: ${r.manifestSha256}`);
  return lines.join('\n');
}
