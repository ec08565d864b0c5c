// `accept core up|down` refusals that need no cluster: a target file it did not write is never
// overwritten, and down without a holder says so; both in one line, exit 2.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/paths';

function accept(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'accept.mjs'), ...args]);
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('exit', (code) => resolve({ code, out }));
  });
}

describe('accept core up|down refusals', () => {
  it('core up refuses a target file it did not write, and leaves it as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'core-up-'));
    const site = join(dir, 'site-target.json');
    writeFileSync(site, '{"the site": "its own file"}\n');
    const r = await accept(['core', 'up', '--target', site]);
    expect(r.code).toBe(2);
    expect(r.out.trim()).toBe(`accept: ${site} exists and is not the target file of an accept core up: name another --target`);
    expect(readFileSync(site, 'utf8')).toBe('{"the site": "its own file"}\n');
  });

  it('core down without a core up holding the target: exit 2 in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'core-down-'));
    const r = await accept(['core', 'down', '--target', join(dir, 'target.json')]);
    expect(r.code).toBe(2);
    expect(r.out.trim()).toMatch(/^accept: .*target\.json\.holder\.json does not exist: no accept core up holds .*target\.json$/);
  });

  it('a holder file that is not one: exit 2 in one line, nothing killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'core-down-'));
    writeFileSync(join(dir, 'target.json.holder.json'), '{"pid": 1}');
    const r = await accept(['core', 'down', '--target', join(dir, 'target.json')]);
    expect(r.code).toBe(2);
    expect(r.out.trim()).toMatch(/is not a holder file of accept core up/);
  });
});
