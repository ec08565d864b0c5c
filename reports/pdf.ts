// HTML -> PDF through the Debian Chromium driven by playwright-core (no browser
// download). The executable is found on PATH ('chromium') or given by ACCEPT_CHROMIUM.
// Page size, margins, running headers and page numbers come from the report's own
// CSS (@page with margin boxes), so the HTML and the PDF are one document.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export class ChromiumMissingError extends Error {}

const isExecutable = (p: string) => {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** ACCEPT_CHROMIUM, else the first 'chromium' (or 'chromium-browser') on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const forced = env.ACCEPT_CHROMIUM;
  if (forced) {
    if (!isExecutable(forced)) throw new ChromiumMissingError(`ACCEPT_CHROMIUM=${forced} is not an executable file`);
    return forced;
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const p = join(dir, name);
      if (isExecutable(p)) return p;
    }
  }
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
export async function htmlToPdf(jobs: readonly PdfJob[], executablePath = findChromium()): Promise<{ launchSeconds: number; files: PdfTiming[] }> {
  const t0 = performance.now();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      // a root user in a container has no sandbox to give; the reports are local files
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
      timeout: 60_000,
    });
    const launchSeconds = (performance.now() - t0) / 1000;
    const files: PdfTiming[] = [];
    const context = await browser.newContext({ offline: true });
    for (const job of jobs) {
      const t = performance.now();
      if (!existsSync(job.html)) throw new Error(`${job.html} does not exist`);
      const page = await context.newPage();
      await page.goto(pathToFileURL(resolve(job.html)).href, { waitUntil: 'load' });
      await page.evaluate('document.fonts.ready.then(() => true)');
      await page.pdf({ path: job.pdf, preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false, outline: true, tagged: true });
      await page.close();
      files.push({ pdf: job.pdf, seconds: (performance.now() - t) / 1000, bytes: statSync(job.pdf).size });
    }
    await context.close();
    return { launchSeconds, files };
  } finally {
    await browser?.close();
  }
}
