// Where the harness keeps its files, and its version: a leaf in lib/, so that cli/,
// acceptance/ and sim/bench/ all read it without importing one another.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** generated reports: git-ignored */
export const OUT_ROOT = join(REPO_ROOT, 'reports', 'out');
/** bays, mount points, image build folders: outside the repository */
export const workRoot = () => process.env.ACCEPT_WORK_ROOT ?? join(tmpdir(), 'accept-harness');

/** The harness version: package.json's, printed by `accept --version` and recorded in run.json */
export function harnessVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
