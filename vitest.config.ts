import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './acceptance/longest-first.ts';

// Two projects: 'unit' (pure parts, fast, many fast-check cases) and 'core' (against the
// real MooseFS core in containers: needs root, Docker and the Debian tools from ./setup).
export default defineConfig({
  test: {
    // console, Allure, JUnit XML for other CI systems (npm test names one file per project,
    // --outputFile.junit), and the wall time per test file (table + reports/out/test-times.json)
    reporters: [
      'default',
      ['allure-vitest/reporter', { resultsDir: 'reports/out/test-allure-results' }],
      ['junit', { addFileAttribute: true }],
      ['./acceptance/file-times-reporter.ts', { outputFile: 'reports/out/test-times.json' }],
    ],
    outputFile: { junit: 'reports/out/vitest-junit.xml' },
    // longest file first (acceptance/longest-first.ts); vitest takes the sequencer from the root only
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{lib,sim,devices,profile,scenarios,acceptance,reports,cli}/**/*.test.ts'],
          exclude: ['**/*.core.test.ts', '**/node_modules/**'],
          setupFiles: ['allure-vitest/setup'],
          globalSetup: ['lib/test-scratch.ts'],
          // vitest's default in a run is one worker fewer than the cores: one file at a time on 2 cores
          maxWorkers: 2,
          // the unit files keep no state between them (no module mocks, no stubbed globals), so a
          // worker imports the shared modules once instead of once a file (README, Tests and CI)
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'core',
          include: ['{lib,sim,devices,profile,scenarios,acceptance,reports,cli}/**/*.core.test.ts'],
          setupFiles: ['allure-vitest/setup'],
          globalSetup: ['lib/test-scratch.ts', 'acceptance/core-global-setup.ts'],
          // two files at a time, longest first (the sequencer above): the 2 cores are the limit, a
          // third file stretched its neighbours (alarms 406 -> 822 s; README, Tests and CI);
          // ACCEPT_CORE_WORKERS=N for another machine; the wall time per file is in reports/out/test-times.json
          maxWorkers: Number(process.env.ACCEPT_CORE_WORKERS ?? 2),
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
        },
      },
    ],
  },
});
