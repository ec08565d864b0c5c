// Which file system a target's mount really is. An empty local folder where the storage should
// be mounted (the mount gone, or never made) would take a field run's writes and its verdicts
// would judge this machine's own disk; a MooseFS mount of another master would judge another
// system. Read from the kernel's mount table: the mount that holds the path.
import { lookup } from 'node:dns/promises';
import { readFileSync, realpathSync } from 'node:fs';
import { isIP } from 'node:net';

/** A mount as the kernel lists it (/proc/self/mountinfo). */
export interface FileSystemSeen {
  mountPoint: string;
  type: string;
  source: string;
}

/** What the target file says the mount must be: any mounted storage, or a MooseFS client of its master. */
export type FileSystemExpected = { kind: 'probe-only' } | { kind: 'moosefs'; master: string };

/** MooseFS's master port for clients, when the target names the master without one. */
export const MOOSEFS_CLIENT_PORT = 9421;

// the table escapes space, tab, newline and backslash in paths as octal (\040)
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** The kernel's mount table, in its order (a later mount on the same point hides an earlier one). */
export function parseMountInfo(text: string): FileSystemSeen[] {
  const out: FileSystemSeen[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    const dash = f.indexOf('-', 6);
    const [mountPoint, type, source] = [f[4], f[dash + 1], f[dash + 2]];
    if (dash < 0 || mountPoint === undefined || type === undefined || source === undefined) continue;
    out.push({ mountPoint: unescape(mountPoint), type, source: unescape(source) });
  }
  return out;
}

const readTable = () => parseMountInfo(readFileSync('/proc/self/mountinfo', 'utf8'));

/** The mount holding `path` (its real path, links followed): the deepest mount point above it, the last mounted there. */
export function fileSystemOf(path: string, table: readonly FileSystemSeen[] = readTable()): FileSystemSeen | null {
  const real = realpathSync(path);
  let best: FileSystemSeen | null = null;
  for (const m of table) {
    const holds = m.mountPoint === '/' || real === m.mountPoint || real.startsWith(`${m.mountPoint}/`);
    if (holds && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

/** The master a MooseFS client mount names (mfsmount lists its source as mfs#HOST:PORT), or null for another file system. */
export function moosefsMasterOf(fs: FileSystemSeen): { host: string; port: number } | null {
  if (fs.type !== 'fuse' && !fs.type.startsWith('fuse.')) return null;
  const m = /^mfs#(.+):(\d+)$/.exec(fs.source);
  return m ? { host: m[1]!, port: Number(m[2]) } : null;
}

/** The target file's master as host and port (host or host:port). */
export function masterAddress(master: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(master);
  return m ? { host: m[1]!, port: Number(m[2]) } : { host: master, port: MOOSEFS_CLIENT_PORT };
}

/** Every address a host name stands for (an address stands for itself); none when it does not resolve. */
async function addressesOf(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  return (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
}

const sameHost = async (a: string, b: string) => {
  if (a === b) return true;
  const [x, y] = await Promise.all([addressesOf(a), addressesOf(b)]);
  return x.some((addr) => y.includes(addr));
};

/**
 * Why the folder at `path` is not the storage the target names, or null: it must lie on a mount
 * other than this machine's root file system, and for a MooseFS target on a MooseFS client mount
 * of the target's master. `what` names the folder in the reason (mount, read mount).
 */
export async function fileSystemProblem(
  what: string,
  path: string,
  expected: FileSystemExpected,
  table?: readonly FileSystemSeen[],
): Promise<string | null> {
  const fs = fileSystemOf(path, table);
  if (!fs) return `${what} ${path} is on no file system the kernel lists`;
  const seen = `${fs.type} from ${fs.source}, mounted on ${fs.mountPoint}`;
  if (fs.mountPoint === '/')
    return `${what} ${path} is on this machine's root file system (${seen}), not a mounted storage: is the storage mounted there?`;
  if (expected.kind === 'probe-only') return null;
  const master = moosefsMasterOf(fs);
  if (!master) return `${what} ${path} is ${seen}: not a MooseFS client mount (mfsmount) of the target's master ${expected.master}`;
  const want = masterAddress(expected.master);
  if (master.port !== want.port || !(await sameHost(master.host, want.host)))
    return `${what} ${path} is a MooseFS client mount of ${master.host}:${master.port}, not of the target's master ${want.host}:${want.port}`;
  return null;
}
