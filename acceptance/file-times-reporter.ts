// Where the test time goes (issue 17: CI must fit in 30 minutes, measure first): at the end of
// every vitest run a table of wall time per test file, longest first, and the same as JSON in
// reports/out/test-times.json. `npm test` runs the projects one after the other, so the JSON
// keeps the files of the projects this run did not cover (each project with its own finishedAt).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { Reporter, TestModule } from 'vitest/node';

export const fileTimeSchema = z.object({
  file: z.string(),
  project: z.string(),
  tests: z.number().int().nonnegative(),
  /** environment + prepare + setup files + import and collection + tests and hooks */
  wallSeconds: z.number().nonnegative(),
  /** tests and hooks only */
  testSeconds: z.number().nonnegative(),
  state: z.string(),
});
export type FileTime = z.infer<typeof fileTimeSchema>;

export const testTimesSchema = z.object({
  format: z.literal(1),
  /** per project: when its last run ended and how long that run took on the wall clock */
  projects: z.record(z.string(), z.object({ finishedAt: z.string(), runWallSeconds: z.number(), files: z.number().int() })),
  /** longest first */
  files: z.array(fileTimeSchema),
});
export type TestTimes = z.infer<typeof testTimesSchema>;

type ModuleLike = Pick<TestModule, 'moduleId' | 'project' | 'children' | 'diagnostic' | 'state'>;

export function fileTimeOf(m: ModuleLike, root: string): FileTime {
  const d = m.diagnostic();
  const wallMs = d.environmentSetupDuration + d.prepareDuration + d.setupDuration + d.collectDuration + d.duration;
  return {
    file: relative(root, m.moduleId),
    project: m.project.name,
    tests: [...m.children.allTests()].length,
    wallSeconds: wallMs / 1000,
    testSeconds: d.duration / 1000,
    state: m.state(),
  };
}

/** Replaces the files of the projects that ran; keeps the other projects' (a separate invocation of npm test). */
export function mergeTimes(previous: TestTimes | null, ran: readonly FileTime[], runWallSeconds: number, finishedAt: string): TestTimes {
  const projects = [...new Set(ran.map((f) => f.project))];
  const kept = (previous?.files ?? []).filter((f) => !projects.includes(f.project));
  const files = [...kept, ...ran].sort((a, b) => b.wallSeconds - a.wallSeconds || a.file.localeCompare(b.file));
  const meta = { ...(previous?.projects ?? {}) };
  for (const p of projects) meta[p] = { finishedAt, runWallSeconds, files: ran.filter((f) => f.project === p).length };
  return { format: 1, projects: meta, files };
}

export function timesTable(files: readonly FileTime[], runWallSeconds: number): string {
  const sorted = [...files].sort((a, b) => b.wallSeconds - a.wallSeconds || a.file.localeCompare(b.file));
  const rows = sorted.map((f) => [
    f.file,
    f.project,
    String(f.tests),
    f.wallSeconds.toFixed(1),
    f.testSeconds.toFixed(1),
    f.state === 'passed' ? '' : f.state,
  ]);
  const total = sorted.reduce((s, f) => s + f.wallSeconds, 0);
  const head = ['file', 'project', 'tests', 'wall s', 'tests s', ''];
  const foot = [
    `total (${sorted.length} files, summed)`,
    '',
    String(sorted.reduce((s, f) => s + f.tests, 0)),
    total.toFixed(1),
    sorted.reduce((s, f) => s + f.testSeconds, 0).toFixed(1),
    '',
  ];
  const all = [head, ...rows, foot];
  const width = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i >= 2 && i <= 4 ? c.padStart(width[i]!) : c.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  const rule = width
    .map((w) => '-'.repeat(w))
    .join('  ')
    .trimEnd();
  return [
    line(head),
    rule,
    ...rows.map(line),
    rule,
    line(foot),
    `run wall clock: ${runWallSeconds.toFixed(1)} s (files run in parallel where the project allows it, so the sum can be larger)`,
  ].join('\n');
}

export default class FileTimesReporter implements Reporter {
  private started = performance.now();
  private root = process.cwd();
  constructor(private readonly options: { outputFile?: string } = {}) {}

  onInit(ctx: { config: { root: string } }): void {
    this.root = ctx.config.root;
  }

  onTestRunStart(): void {
    this.started = performance.now();
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const runWall = (performance.now() - this.started) / 1000;
    const ran = modules.map((m) => fileTimeOf(m, this.root));
    if (ran.length === 0) return;
    process.stdout.write(`\nWall time per test file\n${timesTable(ran, runWall)}\n`);
    const out = resolve(this.root, this.options.outputFile ?? 'reports/out/test-times.json');
    let previous: TestTimes | null = null;
    try {
      previous = existsSync(out) ? testTimesSchema.parse(JSON.parse(readFileSync(out, 'utf8'))) : null;
    } catch {
      previous = null; // an older or damaged file is replaced, not merged
    }
    mkdirSync(dirname(out), { recursive: true });
    const merged = mergeTimes(previous, ran, runWall, new Date().toISOString());
    writeFileSync(out, JSON.stringify(merged, null, 2) + '\n');
    process.stdout.write(
      `written to ${relative(this.root, out)} with the last run of each project (${Object.entries(merged.projects)
        .map(([p, m]) => `${p}: ${m.files} files, ${m.runWallSeconds.toFixed(1)} s`)
        .join('; ')})\n`,
    );
  }
}
