// `accept disk ...`: T11 disk health reports and the M7 faulty-slot export, from a run
// folder's history (no cluster needed). Wired into cli/program.ts with registerDiskCommands().
import { Command, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exit2, exitCodes } from './help';
import { readRunHistory, requireOutFolder, UsageError } from './inputs';
import {
  diskDossiers,
  diskHealthHtml,
  faultySlotsCsv,
  faultySlotsHtml,
  faultySlotsOf,
  type DiskReportOptions,
} from '../reports/disk-health';
import { ChromiumMissingError, htmlToPdf, type PdfJob } from '../reports/pdf';
import { chromiumPath, launchChromium, screenshotHtml } from '../sim/console/browser';
import type { Lang } from '../reports/format';

export class DiskUsageError extends UsageError {}

interface Common {
  lang: Lang | 'both';
  pdf: boolean;
  /** also a full-page PNG of each HTML (headless Chromium) */
  png?: boolean;
  out?: string;
}

function load(dir: string) {
  const { events } = readRunHistory(dir);
  const start = events.find((e) => e.kind === 'run.start') as { runId?: string } | undefined;
  const aging = events.find((e) => e.kind === 'disk.aging') as { accel?: number | null } | undefined;
  return { events, runId: start?.runId ?? 'run', accel: aging?.accel ?? null };
}

/** next to the run folder, never inside it: the run folder is sealed by its manifest */
const defaultOut = (dir: string) => `${resolve(dir)}-disk-health`;

const langs = (l: Common['lang']): Lang[] => (l === 'both' ? ['zh', 'en'] : [l]);

async function write(outDir: string, files: { name: string; html: string }[], pdf: boolean, png = false): Promise<string[]> {
  requireOutFolder(outDir);
  mkdirSync(outDir, { recursive: true });
  const jobs: PdfJob[] = [];
  const written: string[] = [];
  for (const f of files) {
    const html = join(outDir, `${f.name}.html`);
    writeFileSync(html, f.html);
    written.push(html);
    if (pdf) jobs.push({ html, pdf: join(outDir, `${f.name}.pdf`) });
  }
  if (jobs.length) written.push(...(await htmlToPdf(jobs)).files.map((x) => x.pdf));
  if (png) {
    const exe = chromiumPath();
    if (!exe)
      throw new ChromiumMissingError(
        'no Chromium found to render PNGs: apt-get install chromium (done by ./setup) or set ACCEPT_CHROMIUM; the HTML was written anyway',
      );
    const browser = await launchChromium(exe);
    try {
      for (const f of files) {
        const p = join(outDir, `${f.name}.png`);
        await screenshotHtml(browser, f.html, p);
        written.push(p);
      }
    } finally {
      await browser.close().catch(() => undefined);
    }
  }
  return written;
}

export async function diskReport(
  dir: string,
  o: Common & { node?: string; slot?: string; serial?: string; all?: boolean },
): Promise<string[]> {
  // what was asked is checked before the history is read
  const asked = [
    o.node !== undefined || o.slot !== undefined ? '--node/--slot' : '',
    o.serial !== undefined ? '--serial' : '',
    o.all ? '--all' : '',
  ].filter(Boolean);
  if (asked.length > 1) throw new DiskUsageError(`give one of --node with --slot, --serial, --all (not ${asked.join(' and ')})`);
  if (asked.length === 0 || (asked[0] === '--node/--slot' && (o.node === undefined || o.slot === undefined))) {
    throw new DiskUsageError('give --node and --slot for one disk, --serial for one disk by serial number, or --all for a batch');
  }
  if (o.slot !== undefined && !/^\d+$/.test(o.slot))
    throw new DiskUsageError(`--slot must be a whole number >= 0 (0-based, as on the chassis label), got '${o.slot}'`);
  const { events, runId, accel } = load(dir);
  let disks = diskDossiers(events);
  if (disks.length === 0) throw new DiskUsageError(`${dir}: the history holds no disk check (run the operations scenario)`);
  if (o.serial !== undefined) {
    const one = disks.find((d) => d.serial === o.serial);
    if (!one) throw new DiskUsageError(`no checked disk with serial ${o.serial}`);
    disks = [one];
    o = { ...o, node: one.node, slot: String(one.slot) };
  } else if (!o.all) {
    // the disk now in the bay: its latest record
    const one = disks.filter((d) => d.node === o.node && d.slot === Number(o.slot)).at(-1);
    if (!one) throw new DiskUsageError(`no checked disk in ${o.node} slot ${o.slot}`);
    disks = [one];
  }
  const name = o.all ? 'disk-health-all' : `disk-health-${o.node}-${o.slot}`;
  const files = langs(o.lang).map((lang) => {
    const opts: DiskReportOptions = { lang, runId, accel, generatedAt: Date.now() };
    return { name: `${name}.${lang}`, html: diskHealthHtml(disks, opts) };
  });
  return write(o.out ?? defaultOut(dir), files, o.pdf, o.png);
}

export async function faultySlotsExport(dir: string, o: Common): Promise<string[]> {
  const { events, runId, accel } = load(dir);
  const rows = faultySlotsOf(events);
  if (!rows) throw new DiskUsageError(`${dir}: the history holds no faulty-slot list (run the operations scenario)`);
  const out = o.out ?? defaultOut(dir);
  requireOutFolder(out);
  mkdirSync(out, { recursive: true });
  const csv = join(out, 'faulty-slots.csv');
  writeFileSync(csv, faultySlotsCsv(rows));
  const files = langs(o.lang).map((lang) => ({
    name: `faulty-slots.${lang}`,
    html: faultySlotsHtml(rows, { lang, runId, accel, generatedAt: Date.now() }),
  }));
  return [csv, ...(await write(out, files, o.pdf))];
}

export function registerDiskCommands(program: Command): void {
  const disk = program
    .command('disk')
    .description('T11 disk health reports and the M7 faulty-slot export of a run folder (from its history; no cluster needed)')
    .addHelpText('after', exitCodes('2  no subcommand given (report or faulty-slots: each --help lists its own exit codes)'));
  const langOption = () => new Option('--lang <lang>', 'language').choices(['zh', 'en', 'both']).default('zh');
  disk
    .command('report')
    .description(
      '硬盘体检报告: one disk (--node, --slot) or a batch (--all), HTML and PDF, with trend charts of bad sectors, temperature and vibration',
    )
    .argument('<run-folder>')
    .option('--node <name>', 'node of the disk, e.g. node1')
    .option('--slot <n>', 'slot of the disk (0-based, as on the chassis label)')
    .option('--serial <serial>', 'one disk by serial number (also a disk since pulled or replaced)')
    .option('--all', 'every checked disk in one batch report')
    .addOption(langOption())
    .option('--no-pdf', 'HTML only')
    .option('--png', 'also a full-page PNG of each report (headless Chromium)')
    .option('-o, --out <dir>', 'output folder (default <run-folder>-disk-health, next to the sealed run folder)')
    .addHelpText(
      'after',
      exitCodes(
        '0  written (the files are listed on stdout)',
        exit2(
          'usage or environment error (one line on stderr): not a run folder, no such disk, no disk check in the history, no Chromium for --png',
        ),
      ),
    )
    .action(async (dir: string, o: Common & { node?: string; slot?: string; serial?: string; all?: boolean }) => {
      for (const f of await diskReport(dir, o)) process.stdout.write(`${f}\n`);
    });
  disk
    .command('faulty-slots')
    .description('故障槽位物理位置一键导出: rack, units, node, slot, row, column of every faulty slot as CSV and PDF')
    .argument('<run-folder>')
    .addOption(langOption())
    .option('--no-pdf', 'CSV and HTML only')
    .option('-o, --out <dir>', 'output folder (default <run-folder>-disk-health, next to the sealed run folder)')
    .addHelpText(
      'after',
      exitCodes(
        '0  written (the files are listed on stdout)',
        exit2('usage or environment error (one line on stderr): not a run folder, no faulty-slot list in the history'),
      ),
    )
    .action(async (dir: string, o: Common) => {
      for (const f of await faultySlotsExport(dir, o)) process.stdout.write(`${f}\n`);
    });
}
