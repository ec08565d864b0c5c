import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newRunFolder } from './run-stamp';

describe("a run's own folder (two runs of one seed in the same second)", () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'run-folder-'));
    dirs.push(d);
    return { out: join(d, 'out'), work: join(d, 'runs') };
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('the first run gets the id as it is, each later one -2, -3: never a folder of another run', () => {
    const { out, work } = fresh();
    const ids = [1, 2, 3].map(() => newRunFolder(out, '20261208-040000-42', work).runId);
    expect(ids).toEqual(['20261208-040000-42', '20261208-040000-42-2', '20261208-040000-42-3']);
    expect(readdirSync(out).sort()).toEqual(ids);
  });

  it('the id names folders and containers: lower case, letters, digits and - only', () => {
    const { out, work } = fresh();
    expect(newRunFolder(out, '20261208-040000-Seed_X.1-probe', work).runId).toBe('20261208-040000-seedx1-probe');
  });

  it('an id whose cluster work folder is taken (a run writing its reports elsewhere) is skipped, and no empty report folder is left for it', () => {
    const { out, work } = fresh();
    mkdirSync(join(work, '20261208-040000-42'), { recursive: true });
    const r = newRunFolder(out, '20261208-040000-42', work);
    expect(r.runId).toBe('20261208-040000-42-2');
    expect(r.runDir).toBe(join(out, '20261208-040000-42-2'));
    expect(readdirSync(out)).toEqual(['20261208-040000-42-2']);
  });
});
