// Renders a folder's reports and seals the folder: evidence manifest first (its SHA-256
// goes into the reports), then the HTML in both languages, the PDFs, and the complete
// manifest over everything.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isReportFile,
  readManifest,
  writeCompleteManifest,
  writeEvidenceManifest,
  type ManifestEntry,
  type WrittenManifest,
} from './evidence-manifest';
import type { Lang } from './format';
import { htmlToPdf, type PdfTiming } from './pdf';

export { isReportFile };

export interface SealOptions {
  /** file name stem: 'initial-report' -> initial-report.zh.html, .en.pdf, ... */
  base: string;
  langs: readonly Lang[];
  render: (lang: Lang, evidence: { digest: string; fileCount: number; files: ManifestEntry[] }) => string;
  pdf: boolean;
  /** languages whose PDF is rendered (default: all of langs) */
  pdfLangs?: readonly Lang[];
  log?: (msg: string) => void;
}

export interface SealOutcome {
  evidence: WrittenManifest;
  manifest: WrittenManifest;
  html: string[];
  pdf: { launchSeconds: number; files: PdfTiming[]; totalSeconds: number } | null;
  pdfError: string | null;
}

export async function renderAndSeal(dir: string, o: SealOptions): Promise<SealOutcome> {
  const evidence = await writeEvidenceManifest(dir, isReportFile);
  const files = readManifest(evidence.path).files;
  const html: string[] = [];
  for (const lang of o.langs) {
    const path = join(dir, `${o.base}.${lang}.html`);
    writeFileSync(path, o.render(lang, { digest: evidence.sha256, fileCount: evidence.fileCount, files }));
    html.push(path);
  }
  let pdf: SealOutcome['pdf'] = null;
  let pdfError: string | null = null;
  if (o.pdf) {
    const t0 = performance.now();
    try {
      const wanted = o.pdfLangs ?? o.langs;
      const jobs = o.langs
        .map((lang, i) => ({ lang, html: html[i]!, pdf: html[i]!.replace(/\.html$/, '.pdf') }))
        .filter((j) => wanted.includes(j.lang) || existsSync(j.pdf));
      const r = await htmlToPdf(jobs);
      pdf = { ...r, totalSeconds: (performance.now() - t0) / 1000 };
      o.log?.(
        `PDF: ${r.files.map((f) => `${f.pdf.split('/').pop()} ${f.seconds.toFixed(1)} s`).join(', ')} (browser start ${r.launchSeconds.toFixed(1)} s)`,
      );
    } catch (e) {
      pdfError = (e as Error).message.split('\n')[0]!;
      o.log?.(`PDF not rendered: ${pdfError}`);
    }
  }
  const manifest = await writeCompleteManifest(dir);
  o.log?.(`evidence manifest: ${evidence.fileCount} files, SHA-256 ${evidence.sha256}`);
  o.log?.(`manifest.json: ${manifest.fileCount} files, ${manifest.bytes} bytes, SHA-256 ${manifest.sha256}`);
  return { evidence, manifest, html, pdf, pdfError };
}
