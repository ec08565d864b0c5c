// T11 evidence: one disk's 硬盘体检报告 (the first the deep check found faulty, else the
// first deep-checked disk), built from the saved history exactly as `accept disk report`
// builds it and rendered HTML -> PNG in headless Chromium into the run's evidence folder,
// before the folder is sealed. A report step: it reads the history, it never measures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { firstOf, type HistoryEvent } from '../sim/history';
import { ruleGrade, type DiskCheckEvent } from '../sim/checkers/disk-health';
import { chromiumPath, launchChromium, screenshotHtml } from '../sim/console/browser';
import { diskDossiers, diskHealthHtml, type DiskDossier } from './disk-health';

export interface DiskReportShot {
  node: string;
  slot: number;
  serial: string;
  /** relative to the run folder */
  html: string;
  png: string | null;
  error?: string;
  seconds?: number;
}

/** null when the history holds no deep disk check (the scenario did none). */
export async function diskReportEvidence(
  runDir: string,
  events: readonly HistoryEvent[],
  log: (m: string) => void = () => undefined,
): Promise<DiskReportShot | null> {
  const dossiers = diskDossiers(events);
  const isDeep = (c: DiskCheckEvent) => c.round === 'deep';
  const faulty = (d: DiskDossier) => d.checks.some((c) => isDeep(c) && (c.reportedGrade === 'faulty' || ruleGrade(c) === 'faulty'));
  const d = dossiers.find(faulty) ?? dossiers.find((x) => x.checks.some(isDeep));
  if (!d) return null;
  const base = `disk-health-${d.node}-${d.slot}`;
  const start = firstOf(events, 'run.start');
  const aging = firstOf(events, 'disk.aging');
  const evidence = join(runDir, 'evidence');
  mkdirSync(evidence, { recursive: true });
  const html = diskHealthHtml([d], { lang: 'zh', runId: start?.runId ?? 'run', accel: aging?.accel ?? null, generatedAt: Date.now() });
  writeFileSync(join(evidence, `${base}.zh.html`), html);
  const shot: DiskReportShot = { node: d.node, slot: d.slot, serial: d.serial, html: `evidence/${base}.zh.html`, png: null };
  const exe = chromiumPath();
  if (!exe) return { ...shot, error: 'no Chromium found (apt-get install chromium, or ACCEPT_CHROMIUM)' };
  const t = performance.now();
  const browser = await launchChromium(exe);
  try {
    await screenshotHtml(browser, html, join(evidence, `${base}.png`));
    log(`T11: disk health report of ${d.node}/${d.slot} (${d.serial}) rendered to evidence/${base}.png`);
    return { ...shot, png: `evidence/${base}.png`, seconds: Math.round(performance.now() - t) / 1000 };
  } catch (e) {
    return { ...shot, error: (e as Error).message };
  } finally {
    await browser.close().catch(() => undefined);
  }
}
