// Global set-up of both test projects: every temporary folder a test or a run it starts makes
// (os.tmpdir(): control runs' output, read-back fixtures) goes under one folder per `vitest run`,
// removed when the run ends, so a test run leaves nothing in /tmp. ACCEPT_KEEP_TMP=1 keeps it.
// A second one lies on a mounted file system (tmpfs at /dev/shm): a field run refuses a "storage"
// on the machine's root file system, so the field tests' stand-in storage lives there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder a test makes a field target's stand-in storage under (a mount other than the root file system). */
export const mountedScratch = (): string => {
  const dir = process.env.ACCEPT_TEST_MOUNTED_TMP;
  if (!dir) throw new Error('ACCEPT_TEST_MOUNTED_TMP unset: run the tests through vitest (lib/test-scratch.ts)');
  return dir;
};

export default function setup() {
  // the workers are started after the global set-up and inherit the environment
  if (process.env.ACCEPT_TEST_TMP) return;
  const dir = mkdtempSync(join(tmpdir(), 'accept-tests-'));
  const mounted = mkdtempSync('/dev/shm/accept-tests-');
  process.env.ACCEPT_TEST_TMP = dir;
  process.env.ACCEPT_TEST_MOUNTED_TMP = mounted;
  process.env.TMPDIR = dir;
  return () => {
    if (process.env.ACCEPT_KEEP_TMP === '1') process.stderr.write(`test scratch kept: ${dir} ${mounted}\n`);
    else for (const d of [dir, mounted]) rmSync(d, { recursive: true, force: true });
  };
}
