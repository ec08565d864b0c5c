// Host interfaces a run's switch binding creates (one ifb per bound port, one capture veth
// pair). Their names are written to the run folder BEFORE they are created, so the normal
// stop, Ctrl-C (cleanup.ts) and the sweep of dead runs (reaper.ts) all find them. The
// containers' own veths need no record: Docker removes them with the containers, and the
// qdiscs and filters on them go with them.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../exec';
import { OWN_INTERFACE } from './switch-ports';

export const SWITCH_INTERFACES_FILE = 'switch-interfaces.txt';

export function recordInterfaces(runDir: string, names: readonly string[]): void {
  appendFileSync(join(runDir, SWITCH_INTERFACES_FILE), names.map((n) => n + '\n').join(''));
}

export function recordedInterfaces(runDir: string): string[] {
  const file = join(runDir, SWITCH_INTERFACES_FILE);
  if (!existsSync(file)) return [];
  return [
    ...new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}

export async function hostInterfaceNames(): Promise<Set<string>> {
  const r = await run('ip', ['-j', 'link', 'show'], { allowFailure: true });
  if (r.code !== 0) return new Set();
  return new Set((JSON.parse(r.stdout || '[]') as { ifname: string }[]).map((l) => l.ifname));
}

/** Deletes those of `names` that exist; returns the ones deleted. */
export async function deleteInterfaces(names: readonly string[]): Promise<string[]> {
  const deleted: string[] = [];
  for (const name of names) {
    // re-read each time: deleting one end of a veth pair removes its peer too
    if (!(await hostInterfaceNames()).has(name)) continue;
    const r = await run('ip', ['link', 'del', 'dev', name], { allowFailure: true });
    if (r.code === 0) deleted.push(name);
  }
  return deleted;
}

export const deleteRecordedInterfaces = (runDir: string) => deleteInterfaces(recordedInterfaces(runDir));

/** For a forced sweep (`accept clean`): every interface named like the binding's, record or not. */
export async function deleteAllOwnInterfaces(): Promise<string[]> {
  return deleteInterfaces([...(await hostInterfaceNames())].filter((n) => OWN_INTERFACE.test(n)));
}
