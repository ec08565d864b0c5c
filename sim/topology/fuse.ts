// Ending the run's own FUSE clients when a run stops or is interrupted. A read or write
// already handed to mfsmount is waited out uninterruptibly (D state): a process with such
// a thread cannot exit, and SIGTERM/SIGKILL do not help, while mfsmount retries against a
// core that is gone. Aborting the connection (fusectl) fails every pending request at once
// (ENOTCONN); killing the mount's own mfsmount closes /dev/fuse, which aborts it as well.
// Only mounts and processes under the given folder are touched (the harness's work root).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { run } from '../exec';

const FUSECTL = '/sys/fs/fuse/connections';

export interface FuseMount {
  mountPoint: string;
  /** the connection's number in fusectl: the minor device number of the mount */
  minor: number;
}

/**
 * FUSE mounts at or below `dir`, from /proc/self/mountinfo: no syscall on the mount
 * itself (a stat() of a hung FUSE mount would hang too).
 */
export function fuseMountsUnder(dir: string): FuseMount[] {
  const out: FuseMount[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const f = line.split(' ');
    const sep = f.indexOf('-');
    if (sep < 0) continue;
    const fstype = f[sep + 1] ?? '';
    const mountPoint = (f[4] ?? '').replace(/\\040/g, ' ');
    if (!fstype.startsWith('fuse') || fstype === 'fusectl') continue;
    if (mountPoint !== dir && !mountPoint.startsWith(dir + '/')) continue;
    out.push({ mountPoint, minor: Number((f[2] ?? '').split(':')[1]) });
  }
  return out;
}

const fusectlMounted = () => readFileSync('/proc/self/mountinfo', 'utf8').includes(' - fusectl ');

/**
 * Runs `fn` with fusectl mounted at its place (a fresh container host may not have it) and
 * unmounts it again if it was mounted here, so that a run leaves the host's mounts as it
 * found them. `fn` gets false if fusectl cannot be had.
 */
async function withFusectl<T>(fn: (ready: boolean) => T | Promise<T>): Promise<T> {
  if (fusectlMounted()) return fn(true);
  if (!existsSync(FUSECTL)) return fn(false);
  const r = await run('mount', ['-t', 'fusectl', 'fusectl', FUSECTL], { allowFailure: true, timeoutMs: 5_000 });
  if (r.code !== 0) return fn(false);
  try {
    return await fn(true);
  } finally {
    await run('umount', [FUSECTL], { allowFailure: true, timeoutMs: 5_000 });
  }
}

/** A core's FUSE client on the host: MooseFS's mfsmount or GlusterFS's glusterfs. */
export interface FuseClient {
  pid: number;
  mountPoint: string;
  program: 'mfsmount' | 'glusterfs';
}

/** the mount point a FUSE client process serves, from its command line (undefined: not a client) */
export function fuseClientOf(argv: readonly string[]): { mountPoint: string; program: FuseClient['program'] } | undefined {
  // a running mfsmount rewrites its title to 'mfsmount (mounted on: <dir>)'; one starting has its argv
  const titled = /^mfsmount \(mounted on: (.*)\)$/.exec(argv[0] ?? '')?.[1];
  if (titled !== undefined) return { mountPoint: titled, program: 'mfsmount' };
  const args = argv.filter(Boolean);
  if (/(^|\/)mfsmount$/.test(args[0] ?? '')) {
    const mp = args.slice(1).find((a) => a.startsWith('/'));
    return mp === undefined ? undefined : { mountPoint: mp, program: 'mfsmount' };
  }
  // glusterfs --process-name fuse --volfile-server=... --volfile-id=/VOL MOUNTPOINT (its daemons have no mount point)
  if (/(^|\/)glusterfs$/.test(args[0] ?? '') && args.includes('fuse') && args.at(-1)?.startsWith('/'))
    return { mountPoint: args.at(-1)!, program: 'glusterfs' };
  return undefined;
}

/** FUSE client processes whose mount point is at or below `dir` (from their command line). */
export function fuseClientsUnder(dir: string): FuseClient[] {
  const found: FuseClient[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    const c = fuseClientOf(argv);
    if (c && (c.mountPoint === dir || c.mountPoint.startsWith(dir + '/'))) found.push({ pid: Number(p), ...c });
  }
  return found;
}

/**
 * Aborts every FUSE connection mounted at or below `dir` and kills the FUSE client processes
 * serving mount points there. Returns what it did, one line each (for logs and reports).
 */
export async function abortFuseUnder(dir: string): Promise<string[]> {
  const done: string[] = [];
  const mounts = fuseMountsUnder(dir);
  if (mounts.length)
    await withFusectl((ready) => {
      if (!ready) return;
      for (const m of mounts) {
        try {
          writeFileSync(`${FUSECTL}/${m.minor}/abort`, '1');
          done.push(`aborted FUSE connection ${m.minor} (${m.mountPoint})`);
        } catch {
          // already gone with its daemon
        }
      }
    });
  for (const p of fuseClientsUnder(dir)) {
    try {
      process.kill(p.pid, 'SIGKILL');
      done.push(`killed ${p.program} pid ${p.pid} (${p.mountPoint})`);
    } catch {
      // ended meanwhile
    }
  }
  return done;
}
