// HTML -> PDF through the Debian Chromium driven by playwright-core (no browser
// download). The executable is found on PATH ('chromium') or given by ACCEPT_CHROMIUM.
// Page size, margins, running headers and page numbers come from the report's own
// CSS (@page with margin boxes), so the HTML and the PDF are one document. JavaScript is
// off in the page (page.evaluate still works: Playwright runs it through the DevTools protocol).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from '../sim/console/browser';

export class ChromiumMissingError extends Error {}

/** ACCEPT_CHROMIUM, else the first 'chromium' (or 'chromium-browser') on PATH; a clear error otherwise. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const found = chromiumPath(env);
  if (found) return found;
  if (env.ACCEPT_CHROMIUM) throw new ChromiumMissingError(`ACCEPT_CHROMIUM=${env.ACCEPT_CHROMIUM} is not an executable file`);
  throw new ChromiumMissingError(
    'no Chromium found to render PDFs: install the Debian package (apt-get install chromium, done by ./setup) or point ACCEPT_CHROMIUM at a Chromium executable; the HTML reports were written anyway',
  );
}

export interface PdfJob {
  html: string;
  pdf: string;
}

export interface PdfTiming {
  pdf: string;
  seconds: number;
  bytes: number;
}

/** Renders several HTML files with one browser. Returns per-file timings. */
export async function htmlToPdf(
  jobs: readonly PdfJob[],
  executablePath = findChromium(),
): Promise<{ launchSeconds: number; files: PdfTiming[] }> {
  const t0 = performance.now();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(executablePath);
    const launchSeconds = (performance.now() - t0) / 1000;
    const files: PdfTiming[] = [];
    // the reports are static (charts are SVG drawn in Node): no script may run while one is rendered,
    // whatever a profile string smuggled into it
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    for (const job of jobs) {
      const t = performance.now();
      if (!existsSync(job.html)) throw new Error(`${job.html} does not exist`);
      const page = await context.newPage();
      await page.goto(pathToFileURL(resolve(job.html)).href, { waitUntil: 'load' });
      await page.evaluate('document.fonts.ready.then(() => true)');
      await page.pdf({
        path: job.pdf,
        preferCSSPageSize: true,
        printBackground: true,
        displayHeaderFooter: false,
        outline: true,
        tagged: true,
      });
      await page.close();
      files.push({ pdf: job.pdf, seconds: (performance.now() - t) / 1000, bytes: statSync(job.pdf).size });
    }
    await context.close();
    return { launchSeconds, files };
  } finally {
    await browser?.close();
  }
}
