// A profile is a file the buyer or seller writes: none of its strings may run code in a
// report (初验, 试运行, 终验, disk health, faulty slots). Every string a report takes from a profile or a run folder is made hostile here
// (markup that closes <style>, scripts, event handlers, quotes, javascript: links); the HTML
// must carry it as text only, and a PDF is rendered with scripts off.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseProfile, trialRunOf } from '../profile/profile';
import { emptyLedger, ledgerStep, type DayRecord } from '../acceptance/trial/ledger';
import type { TrialSummary } from '../acceptance/trial/summary';
import { chromiumPath, launchChromium } from '../sim/console/browser';
import type { HistoryEvent } from '../sim/history';
import type { Verdict } from '../sim/verdict';
import type { Chart } from './charts/charts';
import { renderSvg } from './charts/render-svg';
import { diskDossiers, diskHealthHtml, faultySlotsHtml } from './disk-health';
import { documentHtml } from './document';
import { renderFinalReport } from './final-report';
import { cssString, hrefAttr } from './format';
import { renderInitialReport } from './initial-report';
import { htmlToPdf } from './pdf';
import type { RunSummary } from './run-summary';
import { renderTrialReport } from './trial-report';

const root = mkdtempSync(join(tmpdir(), 'accept-hostile-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// what a script would do if it ran: a mark on <html> and a word in the printed text
const RUN = `document.documentElement.setAttribute('data-ran','1');document.body.insertAdjacentText('afterbegin','SCRIPT'+'RAN')`;
const bad = (tag: string) =>
  `${tag}</style><script>${RUN}</script>"'><img src=x onerror="${RUN}">\\"\n</title><svg onload="${RUN}"><a href='javascript:${RUN}'>x</a>`;

const ciRaw = JSON.parse(readFileSync(join(import.meta.dirname, '../profile/profiles/ci.json'), 'utf8'));
const profile = parseProfile({
  ...ciRaw,
  project: {
    name: { zh: bad('项目'), en: bad('Project') },
    buyer: { zh: bad('甲方'), en: bad('Buyer') },
    seller: { zh: bad('乙方'), en: bad('Seller') },
    totalPriceCNY: 1,
  },
  trial: { ...ciRaw.trial, trialDays: { ...ciRaw.trial.trialDays, unit: bad('unit'), note: bad('note') } },
});

const verdict: Verdict = {
  clause: 'T8',
  scenario: bad('scenario'),
  status: 'FAIL',
  figures: [{ name: bad('figure'), value: 4.6, unit: bad('s'), threshold: bad('<= 60'), ok: false, nature: 'measured', note: bad('note') }],
  method: { zh: bad('方法'), en: bad('method') },
  nature: 'measured',
  reasons: [bad('reason')],
  evidence: [`javascript:${RUN}`, `history.jsonl#${bad('frag')}`],
};

const run: RunSummary = {
  runId: bad('run'),
  seed: bad('seed'),
  replay: bad('replay'),
  profile: { id: bad('id'), source: bad('source'), project: profile.project },
  scenario: { id: bad('sid'), variant: bad('variant'), title: { zh: bad('扩容'), en: bad('scale-out') } },
  startedAt: Date.UTC(2026, 0, 1),
  finishedAt: Date.UTC(2026, 0, 1) + 60_000,
  topology: {
    goal: 2,
    master: bad('master'),
    nodes: [{ name: bad('node'), address: bad('addr'), bays: 48, role: bad('role'), arch: bad('arch') }],
  },
  workload: { cameras: 12, bitrateMbps: 4, segmentSeconds: 2 },
  versions: { core: bad('core'), coreImage: bad('img'), harness: bad('h'), node: bad('n'), docker: bad('d') },
  machine: { cpus: 2, memoryGiB: 24, kernel: bad('k') },
  timings: {},
  segments: { acked: 10, verified: 10, lost: 0 },
  verdicts: [verdict],
};

// a chart whose legend and axis carry the hostile text, drawn the way the reports draw them
const chart: Chart = {
  id: 'c',
  title: { zh: bad('图'), en: bad('chart') },
  svg: renderSvg(
    {
      legend: { data: [bad('legend')] },
      xAxis: { type: 'category', data: [bad('x')] },
      yAxis: { type: 'value', name: bad('y') },
      series: [{ name: bad('legend'), type: 'bar', data: [1] }],
    },
    400,
    200,
  ),
  omitted: null,
  notes: [{ zh: bad('注'), en: bad('note') }],
  nature: 'measured',
};

function trialInput(lang: 'zh' | 'en') {
  let ledger = emptyLedger({ trialDays: 2, extensionDays: 1, maxDays: 5 });
  const days: DayRecord[] = [];
  while (ledger.status === 'running') {
    const d = ledger.daysRun + 1;
    const rec: DayRecord = {
      type: 'day',
      day: d,
      virtualDate: '2026-01-01',
      incidents:
        d === 1
          ? [
              {
                id: bad('inc'),
                day: d,
                clause: bad('P4'),
                kind: bad('kind'),
                source: 'twins',
                nature: 'simulated',
                summary: { zh: bad('问题'), en: bad('problem') },
              },
            ]
          : [],
      observations: {},
      parts: [],
    };
    days.push(rec);
    ledger = ledgerStep(ledger, rec);
  }
  const trial = {
    trialId: bad('trial'),
    seed: bad('seed'),
    accel: 86_400,
    replay: bad('replay'),
    resume: bad('resume'),
    profile: { id: profile.id, source: bad('source'), project: profile.project },
    rules: ledger.rules,
    ruleSources: { trialDays: 'profile', extensionDays: 'command line' },
    contract: { trialDays: profile.trial.trialDays, extensionDays: profile.trial.extensionDays },
    incidentRule: trialRunOf(profile),
    fleet: [{ id: bad('fleet'), model: bad('model'), bays: 24, arch: bad('arch') }],
    virtualStartMs: Date.UTC(2026, 0, 1),
    startedAt: 0,
    finishedAt: 0,
    wallSeconds: 1,
    sessions: 1,
    status: ledger.status,
    parts: [
      {
        name: 'twins',
        zh: bad('孪生'),
        en: bad('twins'),
        connected: true,
        nature: 'simulated',
        note: { zh: bad('说明'), en: bad('note') },
      },
      { name: 'soak', zh: bad('负载'), en: bad('soak'), connected: false, nature: 'measured', note: { zh: '', en: '' } },
    ],
  } as TrialSummary;
  return renderTrialReport({ trial, ledger, days, smart: null, profile, evidence: { digest: 'ab'.repeat(32), fileCount: 1 } }, lang);
}

function finalInput(lang: 'zh' | 'en') {
  return renderFinalReport(
    {
      summary: {
        finalId: bad('final'),
        createdAt: Date.UTC(2026, 3, 1),
        initial: { folder: bad('dir'), evidenceDigest: bad('digest') },
        trial: null,
        reruns: [{ folder: bad('rdir'), evidenceDigest: bad('rd'), input: bad('rerun-x') }],
        rerunPlan: { registry: [bad('reg')], chosen: [], source: 'profile' },
      },
      profile,
      initial: { folder: bad('dir'), evidenceDigest: bad('digest'), run },
      trial: null,
      reruns: [{ folder: bad('rdir'), evidenceDigest: bad('rd'), run }],
      attachments: [
        { slot: 'mlps', originalName: bad('file'), path: `javascript:${RUN}`, size: 1, sha256: bad('sha'), attachedAt: bad('at') },
      ],
      evidence: null,
    },
    lang,
  );
}

// T11 / M7 disk reports: node, serial and model come from the history, the rack name from the profile
const diskCheck = (i: number): HistoryEvent => ({
  i,
  wall: 1,
  mono: i,
  virt: 0,
  kind: 'disk.check',
  round: `day-${i}`,
  check: 'basic',
  node: bad('node'),
  slot: 4,
  serial: bad('serial'),
  model: bad('model'),
  twinVirtualMs: Date.UTC(2025, 0, 1) + i * 86_400_000,
  responding: true,
  smartPassed: true,
  attributes: { 5: i * 10, 194: 31, 191: 1, 197: 0, 198: 0 },
  missing: [],
  grade: null,
  reportedGrade: 'faulty',
});
const slots = [
  {
    node: bad('node'),
    slot: 21,
    serial: bad('serial'),
    label: bad('label'),
    row: 2,
    column: 10,
    rack: bad('rack'),
    uFrom: 1,
    uTo: 4,
    health: bad('health'),
  },
];

const reports: [string, string][] = (['zh', 'en'] as const).flatMap((lang): [string, string][] => [
  [
    `initial.${lang}`,
    renderInitialReport(
      {
        run,
        profile,
        charts: [chart],
        evidence: { digest: 'ab'.repeat(32), fileCount: 3 },
        keyFiles: [{ path: `javascript:${RUN}`, size: 1, sha256: bad('sha') }],
      },
      lang,
    ),
  ],
  [`trial.${lang}`, trialInput(lang)],
  [`final.${lang}`, finalInput(lang)],
  [
    `disk-health.${lang}`,
    diskHealthHtml(diskDossiers([diskCheck(1), diskCheck(2), diskCheck(3)]), { lang, runId: bad('run'), accel: 1000, generatedAt: 0 }),
  ],
  [`faulty-slots.${lang}`, faultySlotsHtml(slots, { lang, runId: bad('run'), accel: null, generatedAt: 0 })],
]);

/** The elements a report may contain: anything else (script, img, iframe, …) came from a string. */
const TAGS = new Set(
  'html head meta title style body p a section div span table thead tbody tr th td h1 h2 h3 ol ul li b code br wbr figure figcaption svg g path rect text tspan line polyline polygon circle defs clippath lineargradient stop title desc'.split(
    ' ',
  ),
);

describe('a hostile profile is inert in every report', () => {
  it.each(reports)('%s: the strings are there as text, no element or attribute came from them', (_name, html) => {
    expect(html).toContain('&lt;/style&gt;&lt;script&gt;'); // the text is printed, escaped
    // the document's <style> (and ECharts' own in each SVG) hold no '<': a CSS string cannot close one
    const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)];
    expect(styles[0]![0]).toMatch(/^<style>/);
    for (const [, css] of styles) expect(css!.replace(/^<!\[CDATA\[|\]\]>\s*$/g, '')).not.toContain('<');
    expect(html.match(/<\/style/gi)).toHaveLength(styles.length);
    for (const [tag] of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
      expect(TAGS, tag).toContain(/^<([a-zA-Z0-9]+)/.exec(tag)![1]!.toLowerCase());
      // attribute names only (an escaped value may well contain the text 'onerror=')
      expect(tag.replace(/="[^"]*"|='[^']*'/g, '=""')).not.toMatch(/\son\w+\s*=/i);
      expect(tag).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    }
  });

  it('the CSS string of the running header and the links are escaped whatever the text', () => {
    expect(cssString('a</style>"\\\n')).toBe('"a\\3c \\2f style\\3e \\22 \\5c \\a "');
    expect(cssString('测试项目 · 初验报告')).toBe('"测试项目 · 初验报告"');
    expect(hrefAttr('javascript:alert(1)')).toBe('./javascript:alert(1)');
    expect(hrefAttr('history.jsonl')).toBe('history.jsonl');
  });

  const chromium = chromiumPath();
  it.skipIf(chromium === null)(
    'Chromium with scripts ON runs nothing from the reports (the escaping alone holds)',
    async () => {
      const browser = await launchChromium(chromium!);
      try {
        const context = await browser.newContext({ offline: true, javaScriptEnabled: true });
        for (const [name, html] of reports) {
          const path = join(root, `${name}.html`);
          writeFileSync(path, html);
          const page = await context.newPage();
          await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
          // a control script of our own does run, so the check below can see one
          expect(await page.evaluate('1 + 1')).toBe(2);
          expect(await page.evaluate(`document.documentElement.getAttribute('data-ran')`), name).toBeNull();
          expect(await page.evaluate('document.querySelectorAll("script, img, iframe, object, embed").length'), name).toBe(0);
          expect(await page.title(), name).toContain('</style><script>');
          await page.close();
        }
        await context.close();
      } finally {
        await browser.close();
      }
    },
    60_000,
  );

  it.skipIf(chromium === null)(
    'the PDF is rendered with scripts off: a script in the page does not run, the hostile header prints as text',
    async () => {
      // a page with a real script element: it would print SCRIPTRAN if scripts were on
      const scripted = join(root, 'scripted.html');
      writeFileSync(
        scripted,
        documentHtml({
          lang: 'en',
          title: 't',
          runningTitle: 'plain',
          docId: 'x',
          evidenceDigest: null,
          cover: '<p>cover</p>',
          body: `<p>body</p><script>${RUN}</script>`,
        }),
      );
      const initial = join(root, 'initial.en.html');
      writeFileSync(initial, reports.find(([n]) => n === 'initial.en')![1]);
      await htmlToPdf(
        [
          { html: scripted, pdf: join(root, 'scripted.pdf') },
          { html: initial, pdf: join(root, 'initial.en.pdf') },
        ],
        chromium!,
      );
      const text = (pdf: string, ...range: string[]) => execFileSync('pdftotext', [...range, '-layout', pdf, '-'], { encoding: 'utf8' });
      expect(text(join(root, 'scripted.pdf'))).toContain('body');
      expect(text(join(root, 'scripted.pdf'))).not.toContain('SCRIPTRAN');
      const all = text(join(root, 'initial.en.pdf'));
      expect(all).not.toContain('SCRIPTRAN');
      // page 2's running header: the project name as the characters it is
      expect(text(join(root, 'initial.en.pdf'), '-f', '2', '-l', '2')).toContain('Project</style>');
    },
    60_000,
  );
});
