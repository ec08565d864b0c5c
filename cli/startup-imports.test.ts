// What every `accept` start loads: the command line's definitions, not the commands. A run's
// engine, the storage cores' clients, the model-based tests and the mocks of the outside world
// are loaded when a command that uses them runs (1.43-1.74 user CPU s a start before, about 0.6
// after, on this machine).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/paths';

describe('accept start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'startup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** every module `accept ARGS` resolved, through a module resolve hook that writes them down */
  function modulesLoadedBy(args: string[]): string[] {
    const list = join(dir, `modules-${args.join('-')}.txt`);
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(list)}, r.url + '\\n'); return r; }\n`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const r = spawnSync(process.execPath, ['--import', register, join(REPO_ROOT, 'bin', 'accept.mjs'), ...args], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return [...new Set(readFileSync(list, 'utf8').trim().split('\n'))];
  }

  it('--version and --help load no command: no run engine, no storage core client, no fast-check, no msw', () => {
    for (const args of [['--version'], ['run', '--help']]) {
      const loaded = modulesLoadedBy(args);
      const ours = loaded.filter((u) => u.startsWith(pathToFileURL(REPO_ROOT).href) && !u.includes('/node_modules/'));
      expect(ours).toContain(pathToFileURL(join(REPO_ROOT, 'cli', 'program.ts')).href);
      for (const heavy of [
        'sim/runner.ts',
        'cli/run-command.ts',
        'cli/probe-command.ts',
        'cli/core-command.ts',
        'sim/core/moosefs/cluster.ts',
        'sim/core/glusterfs/cluster.ts',
        'acceptance/properties/runner.ts',
      ])
        expect(
          ours.some((u) => u.endsWith(`/${heavy}`)),
          `${args.join(' ')} loaded ${heavy}`,
        ).toBe(false);
      for (const pkg of ['/node_modules/msw/', '/node_modules/fast-check/', '/node_modules/smtp-server/', '/node_modules/testcontainers/'])
        expect(
          loaded.some((u) => u.includes(pkg)),
          `${args.join(' ')} loaded ${pkg}`,
        ).toBe(false);
    }
  });
});
