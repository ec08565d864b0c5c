// Global set-up of both test projects: every temporary folder a test or a run it starts makes
// (os.tmpdir(): control runs' output, read-back fixtures) goes under one folder per `vitest run`,
// removed when the run ends, so a test run leaves nothing in /tmp. ACCEPT_KEEP_TMP=1 keeps it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  // the workers are started after the global set-up and inherit the environment
  if (process.env.ACCEPT_TEST_TMP) return;
  const dir = mkdtempSync(join(tmpdir(), 'accept-tests-'));
  process.env.ACCEPT_TEST_TMP = dir;
  process.env.TMPDIR = dir;
  return () => {
    if (process.env.ACCEPT_KEEP_TMP === '1') process.stderr.write(`test scratch kept: ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
