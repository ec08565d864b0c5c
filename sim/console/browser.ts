// Headless Debian Chromium through playwright-core (never a downloaded browser), for the
// M2 check (open the page as an operator would and time what it shows) and for evidence
// screenshots of the harness's own HTML (a disk health report as PNG).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser } from 'playwright-core';

const executable = (p: string) => {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** ACCEPT_CHROMIUM, else 'chromium' or 'chromium-browser' on PATH (as reports/pdf.ts finds it). */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ACCEPT_CHROMIUM) return executable(env.ACCEPT_CHROMIUM) ? env.ACCEPT_CHROMIUM : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) if (executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Flags: root in a container has no sandbox to give (the pages are the harness's own, on
 *  loopback or local HTML), and nothing may talk to the outside (no updates, sync, pings). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
] as const;

export async function launchChromium(path: string): Promise<Browser> {
  // loaded here, not at start-up: every command of the CLI would pay its 0.36 s otherwise
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: path, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 });
}

/** One HTML document (self-contained: inline CSS and SVG) as a full-page PNG, offline. */
export async function screenshotHtml(
  browser: Browser,
  html: string,
  pngPath: string,
  o: { width?: number; scale?: number } = {},
): Promise<{ width: number; height: number }> {
  // static documents: scripts off, so no string in them can run (page.evaluate still works)
  const context = await browser.newContext({
    offline: true,
    javaScriptEnabled: false,
    viewport: { width: o.width ?? 900, height: 1200 },
    deviceScaleFactor: o.scale ?? 1,
  });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
    await page.screenshot({ path: pngPath, fullPage: true });
    return (await page.evaluate('({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })')) as {
      width: number;
      height: number;
    };
  } finally {
    await context.close();
  }
}
