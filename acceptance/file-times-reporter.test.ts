// The per-file time table is measured by vitest itself: a nested vitest run over two files,
// one of which sleeps, must list the sleeper first with at least its sleep, count the tests,
// and keep another project's files in the JSON when only one project ran.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeTimes, testTimesSchema, timesTable, type FileTime } from './file-times-reporter';

const repo = resolve(import.meta.dirname, '..');
// under the repository (git-ignored .tmp/) so the fixture files resolve 'vitest' from node_modules
const dir = join(repo, '.tmp', `file-times-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wall time per test file', () => {
  it('a real vitest run: the slow file first, with its sleep, test counts, a total; JSON beside it', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'slow.test.ts'),
      `import { it } from 'vitest';\nit('sleeps', async () => { await new Promise((r) => setTimeout(r, 700)); });\n`,
    );
    writeFileSync(
      join(dir, 'fast.test.ts'),
      `import { it, expect } from 'vitest';\nit('a', () => expect(1).toBe(1));\nit('b', () => expect(2).toBe(2));\n`,
    );
    writeFileSync(
      join(dir, 'vitest.config.mts'),
      `import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['*.test.ts'], reporters: [[${JSON.stringify(join(repo, 'acceptance/file-times-reporter.ts'))}, { outputFile: 'times.json' }]], projects: [{ extends: true, test: { name: 'fixture' } }] } });\n`,
    );
    const out = execFileSync(join(repo, 'node_modules/.bin/vitest'), ['run', '--config', join(dir, 'vitest.config.mts'), '--root', dir], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
    expect(out).toContain('Wall time per test file');
    const lines = out.split('\n');
    const first = lines.findIndex((l) => l.startsWith('-----'));
    expect(lines[first + 1]).toMatch(/^slow\.test\.ts\s+fixture\s+1\s+/);
    expect(lines[first + 2]).toMatch(/^fast\.test\.ts\s+fixture\s+2\s+/);
    expect(out).toMatch(/total \(2 files, summed\)\s+3\s+/);
    const json = testTimesSchema.parse(JSON.parse(readFileSync(join(dir, 'times.json'), 'utf8')));
    expect(json.files.map((f) => [f.file, f.project, f.tests])).toEqual([
      ['slow.test.ts', 'fixture', 1],
      ['fast.test.ts', 'fixture', 2],
    ]);
    expect(json.files[0]!.testSeconds).toBeGreaterThanOrEqual(0.69);
    expect(json.files[0]!.wallSeconds).toBeGreaterThanOrEqual(json.files[0]!.testSeconds);
    expect(json.projects.fixture!.files).toBe(2);
  }, 120_000);

  it('npm test runs unit, then core: the JSON keeps the project that did not run this time', () => {
    const f = (file: string, project: string, wallSeconds: number): FileTime => ({
      file,
      project,
      tests: 1,
      wallSeconds,
      testSeconds: wallSeconds,
      state: 'passed',
    });
    const afterUnit = mergeTimes(null, [f('a.test.ts', 'unit', 2), f('b.test.ts', 'unit', 5)], 6, 't1');
    const afterCore = mergeTimes(afterUnit, [f('c.core.test.ts', 'core', 300)], 310, 't2');
    expect(afterCore.files.map((x) => x.file)).toEqual(['c.core.test.ts', 'b.test.ts', 'a.test.ts']);
    expect(Object.keys(afterCore.projects).sort()).toEqual(['core', 'unit']);
    // a second unit run replaces the unit files, it does not add to them
    const again = mergeTimes(afterCore, [f('a.test.ts', 'unit', 1)], 1, 't3');
    expect(again.files.map((x) => x.file)).toEqual(['c.core.test.ts', 'a.test.ts']);
    expect(timesTable(again.files, 1)).toMatch(/total \(2 files, summed\)\s+2\s+301\.0/);
  });
});
