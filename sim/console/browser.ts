// Headless Debian Chromium through playwright-core (never a downloaded browser), for the
// M2 check: open the page as an operator would and time what it shows.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

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

export async function launchChromium(path: string): Promise<Browser> {
  // root in a container has no sandbox to give; the page is the harness's own on loopback
  return chromium.launch({ executablePath: path, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'], timeout: 60_000 });
}
