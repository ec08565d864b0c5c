// The reports of a run folder (initial acceptance), from what the folder holds:
// run.json, history.jsonl, profile.json, optional smart-trends.json. Used at the end of
// `accept run` and by `accept report` to re-render.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfile, rateWindowsOf, type Profile } from '../profile/profile';
import { readHistory, type HistoryEvent } from '../sim/history';
import { runCharts, type Chart } from './charts/charts';
import type { SmartTrendInput } from './charts/smart-trends';
import type { Lang } from './format';
import { COMPARE_FILE, parseComparison, type Comparison } from './compare-runs';
import { renderInitialReport } from './initial-report';
import { folderSlots } from './manual-evidence';
import type { RunSummary } from './run-summary';
import { renderAndSeal, type SealOutcome } from './seal';

export const PROFILE_FILE = 'profile.json';
export const SMART_TRENDS_FILE = 'smart-trends.json';
const KEY_FILES = ['history.jsonl', 'verdicts.json', 'run.json', PROFILE_FILE, SMART_TRENDS_FILE, COMPARE_FILE];

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path} is not JSON: ${(e as Error).message}`);
  }
}

export function readRunFolder(dir: string): {
  run: RunSummary;
  events: HistoryEvent[];
  profile: Profile | null;
  smart: SmartTrendInput | null;
  /** another run set beside this one (accept report --compare), for the 初验报告's appendix */
  comparison: Comparison | null;
} {
  const runPath = join(dir, 'run.json');
  if (!existsSync(runPath)) throw new Error(`${runPath} does not exist: not a run folder of 'accept run'`);
  const run = JSON.parse(readFileSync(runPath, 'utf8')) as RunSummary;
  const events = existsSync(join(dir, 'history.jsonl')) ? readHistory(join(dir, 'history.jsonl')).events : [];
  const profile = existsSync(join(dir, PROFILE_FILE))
    ? parseProfile(JSON.parse(readFileSync(join(dir, PROFILE_FILE), 'utf8')), join(dir, PROFILE_FILE))
    : null;
  const smart = existsSync(join(dir, SMART_TRENDS_FILE))
    ? (JSON.parse(readFileSync(join(dir, SMART_TRENDS_FILE), 'utf8')) as SmartTrendInput)
    : null;
  const comparePath = join(dir, COMPARE_FILE);
  const comparison = existsSync(comparePath) ? parseComparison(readJson(comparePath), comparePath) : null;
  // the appendix says A is this report's run: a comparison of other runs (a copy, compare --out here) is refused
  if (comparison && comparison.a.runId !== run.runId)
    throw new Error(
      `${comparePath} compares run ${comparison.a.runId} with ${comparison.b.runId}, not this run ${run.runId}: remove it, or make it with accept report ${dir} --compare OTHER`,
    );
  return { run, events, profile, smart, comparison };
}

/** Charts in both languages, also saved as charts/<id>.<lang>.svg (evidence and Allure attachments).
 *  Without smart-trends.json the SMART chart is drawn from the history's disk checks. */
export function writeRunCharts(
  dir: string,
  events: readonly HistoryEvent[],
  profile: Profile | null,
  smart: SmartTrendInput | null = null,
): Record<Lang, Chart[]> {
  const out = {} as Record<Lang, Chart[]>;
  mkdirSync(join(dir, 'charts'), { recursive: true });
  for (const lang of ['zh', 'en'] as const) {
    out[lang] = runCharts(events, lang, {
      selfHealThresholdS: profile?.thresholds.T6.maxSelfHealSeconds,
      rateWindows: profile ? rateWindowsOf(profile.faults.selfHeal) : undefined,
      smart,
    });
    for (const c of out[lang]) if (c.svg) writeFileSync(join(dir, 'charts', `${c.id}.${lang}.svg`), c.svg);
  }
  return out;
}

export async function renderRunReports(
  dir: string,
  o: { pdf: boolean; pdfLangs?: readonly Lang[]; log?: (m: string) => void; charts?: Record<Lang, Chart[]> },
): Promise<SealOutcome> {
  const { run, events, profile, smart, comparison } = readRunFolder(dir);
  const charts = o.charts ?? writeRunCharts(dir, events, profile, smart);
  return renderAndSeal(dir, {
    base: 'initial-report',
    langs: ['zh', 'en'],
    pdf: o.pdf,
    pdfLangs: o.pdfLangs,
    log: o.log,
    render: (lang, evidence) =>
      renderInitialReport(
        {
          run,
          profile,
          charts: charts[lang],
          evidence,
          keyFiles: evidence.files.filter((f) => KEY_FILES.includes(f.path) || f.path.startsWith('attachments/')),
          slots: folderSlots(dir),
          comparison,
        },
        lang,
      ),
  });
}
