// The project's own reaper. Sweeps what runs left behind: containers and networks by
// label, FUSE and loop mounts and loop devices under the harness's work root. A run is
// left alone while its owner process lives, so two runs on one machine do not reap each
// other; `force` reaps everything of the harness (the `accept clean` command).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from '../exec';
import { dockerEngine } from './docker-engine';
import { LABEL_HARNESS, LABEL_PID, LABEL_RUN } from './labels';
import { unmountUnder } from './bays';
import { abortFuseUnder, fuseClientsUnder } from './fuse';
import { deleteAllOwnInterfaces, deleteRecordedInterfaces } from './switch-interfaces';

export interface SweepReport {
  containers: string[];
  networks: string[];
  mounts: string[];
  loops: string[];
  runDirs: string[];
  /** host interfaces of switch bindings (ifbs, capture veths) */
  interfaces: string[];
  /** FUSE connections aborted and mfsmount processes killed (a run interrupted in a read) */
  fuseClients: string[];
}

/** a process of that pid exists (EPERM: it does, another user's) */
export const alive = (pid: number) => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export const OWNER_FILE = 'owner.pid';

/** Creates a run's folder with its owner written first: a sweep by a concurrent run must never take a folder whose owner is alive. */
export function claimRunDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
}

/**
 * @param only  sweep only this run id (the normal end of a run)
 * @param force sweep runs whose owner is still alive too
 */
export async function sweep(workRoot: string, opts: { only?: string; force?: boolean } = {}): Promise<SweepReport> {
  const report: SweepReport = { containers: [], networks: [], mounts: [], loops: [], runDirs: [], interfaces: [], fuseClients: [] };
  const shouldReap = (runId: string | undefined, pid: number) => (opts.only ? runId === opts.only : opts.force || !alive(pid));

  // 1. containers first (they hold the bay mounts), then networks
  const docker = await dockerEngine();
  const containers = await docker.listContainers({ all: true, filters: { label: [LABEL_HARNESS] } });
  await Promise.all(
    containers
      .filter((c) => shouldReap(c.Labels[LABEL_RUN], Number(c.Labels[LABEL_PID])))
      .map(async (c) => {
        await docker
          .getContainer(c.Id)
          .remove({ force: true, v: true })
          .catch(() => undefined);
        report.containers.push(c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12));
      }),
  );
  const networks = await docker.listNetworks({ filters: { label: [LABEL_HARNESS] } });
  for (const n of networks) {
    if (!shouldReap(n.Labels?.[LABEL_RUN], Number(n.Labels?.[LABEL_PID]))) continue;
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => undefined);
    report.networks.push(n.Name);
  }

  // 2. mounts, loop devices and run folders under the work root
  const runsDir = join(workRoot, 'runs');
  if (existsSync(runsDir)) {
    for (const runId of readdirSync(runsDir)) {
      const dir = join(runsDir, runId);
      const ownerFile = join(dir, OWNER_FILE);
      const owner = ownerOf(ownerFile);
      // gone since it was listed: its owner removed it at its end
      if (!existsSync(dir)) continue;
      if (owner === 'busy' && runId !== opts.only) continue;
      if (!shouldReap(runId, owner === 'busy' ? -1 : owner)) continue;
      // its FUSE clients first: an umount of a mount whose requests hang in mfsmount hangs too
      report.fuseClients.push(...(await abortFuseUnder(dir)));
      report.mounts.push(...(await unmountUnder(dir)));
      report.loops.push(...(await detachLoopsUnder(dir)));
      report.interfaces.push(...(await deleteRecordedInterfaces(dir)));
      await run('sh', ['-c', `find ${JSON.stringify(dir)} -maxdepth 4 -type d -name 'bay*' -exec chattr -i {} + 2>/dev/null; true`], {
        allowFailure: true,
      });
      rmSync(dir, { recursive: true, force: true });
      report.runDirs.push(runId);
    }
  }
  // an mfsmount of a run whose folder is already gone (nothing of it is mounted any more)
  if (!opts.only) {
    // (the run folder, never the mount point itself: a stat() of a hung FUSE mount hangs)
    const runOf = (mp: string) => join(runsDir, mp.slice(runsDir.length + 1).split('/')[0] ?? '');
    const killed = new Set(report.fuseClients.map((l) => Number(/ pid (\d+) \(/.exec(l)?.[1])));
    const orphans = fuseClientsUnder(runsDir).filter((p) => !killed.has(p.pid) && !existsSync(runOf(p.mountPoint)));
    for (const p of orphans) {
      try {
        process.kill(p.pid, 'SIGKILL');
        report.fuseClients.push(`killed ${p.program} pid ${p.pid} (${p.mountPoint}, folder gone)`);
      } catch {
        // ended meanwhile
      }
    }
  }
  // a forced sweep also takes interfaces whose run folder is already gone
  if (opts.force && !opts.only) report.interfaces.push(...(await deleteAllOwnInterfaces()));
  return report;
}

/** Loop devices whose backing file lies under `dir` (a mount may already be gone). */
export async function detachLoopsUnder(dir: string): Promise<string[]> {
  const r = await run('losetup', ['--list', '--noheadings', '--output', 'NAME,BACK-FILE'], { allowFailure: true });
  const detached: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const [dev, file] = line.trim().split(/\s+/, 2);
    if (dev && file && file.startsWith(dir + '/')) {
      await run('losetup', ['-d', dev], { allowFailure: true });
      detached.push(dev);
    }
  }
  return detached;
}

export const sweepIsEmpty = (r: SweepReport) =>
  r.containers.length + r.networks.length + r.mounts.length + r.loops.length + r.interfaces.length + r.fuseClients.length === 0;

/** A run folder without its owner file this young is being claimed (claimRunDir makes it, then writes the file). */
const CLAIM_SECONDS = 60;

/**
 * The pid in a run folder's owner file; -1 for a folder that never got one; 'busy' when it is
 * not ours to reap now: it vanished between listing and reading (its owner removed it at its
 * end) or it is younger than CLAIM_SECONDS without the file (its owner is writing it).
 */
export function ownerOf(ownerFile: string): number | 'busy' {
  try {
    return Number(readFileSync(ownerFile, 'utf8').trim());
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    try {
      return Date.now() - statSync(dirname(ownerFile)).mtimeMs < CLAIM_SECONDS * 1000 ? 'busy' : -1;
    } catch {
      return 'busy';
    }
  }
}
