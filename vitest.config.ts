import { defineConfig } from 'vitest/config';

// Two projects: 'unit' (pure parts, fast, many fast-check cases) and 'core' (against the
// real MooseFS core in containers: needs root, Docker and the Debian tools from ./setup).
export default defineConfig({
  test: {
    reporters: ['default', ['allure-vitest/reporter', { resultsDir: 'reports/out/test-allure-results' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{sim,devices,scenarios,acceptance,reports,cli}/**/*.test.ts'],
          exclude: ['**/*.core.test.ts', '**/node_modules/**'],
          setupFiles: ['allure-vitest/setup'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'core',
          include: ['{sim,devices,scenarios,acceptance,reports,cli}/**/*.core.test.ts'],
          setupFiles: ['allure-vitest/setup'],
          globalSetup: ['acceptance/core-global-setup.ts'],
          // one cluster at a time: 2 cores
          fileParallelism: false,
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
        },
      },
    ],
  },
});
