// The disk bays of one storage node, each a real filesystem of its own.
//
// Choice: one sparse image file per bay, formatted ext4 and mounted through a loop
// device, under a per-node bay root that is a shared mount propagated (rslave) into the
// node's container. Why not a per-bay directory behind a fault-injecting FUSE layer:
// (1) a pull is then real: `xfs_io -x -c shutdown` makes every I/O on that one
// filesystem fail with EIO, open descriptors included, and `umount` makes it vanish,
// exactly what a chunkserver sees when a disk is yanked; (2) each bay has its own
// capacity and statvfs, so MooseFS sees 48 distinct disks, not one host disk 48 times;
// (3) no user-space process sits in the data path, so the harness measures the core and
// not its own FUSE daemon. Transient I/O errors (T5) are injected at the chunkserver's
// syscall boundary instead (sim/nemesis/ioerr/), per bay, with no layer in the data path.
// What bays cost to make and release is measured in the README (Tests and CI).
//
// Order matters (DESIGN.md): the bay root is made a shared mount BEFORE the bays are
// mounted and before the container starts, or the container sees empty directories.
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../exec';

export interface BayBackend {
  /** slot number as printed on the chassis and used by the twin (0-based: Slot 00 = bay00) */
  slot: number;
  /** mount point on the host, under the node's bay root */
  mountPoint: string;
  /** sparse image file */
  image: string;
}

export interface NodeBays {
  root: string;
  imagesDir: string;
  bays: BayBackend[];
}

export const bayName = (slot: number) => `bay${String(slot).padStart(2, '0')}`;

/**
 * The bays a node's twin holds present that the core does not list as serving (`served` says
 * which of the core's statuses serve): the model runs' reset and the nemesis's heal both ask it.
 */
export function presentBaysNotServed(
  node: string,
  twinBays: readonly { slot: number; state: string }[],
  views: readonly { node: string; bay: string; status: string; serving?: boolean }[],
  served: (view: { status: string; serving?: boolean }) => boolean,
): string[] {
  const ok = new Set(views.filter((v) => v.node === node && served(v)).map((v) => v.bay));
  return twinBays
    .filter((b) => b.state === 'present')
    .map((b) => bayName(b.slot))
    .filter((bay) => !ok.has(bay));
}

export async function prepareBays(nodeDir: string, count: number, sizeMiB: number): Promise<NodeBays> {
  const root = join(nodeDir, 'bays');
  const imagesDir = join(nodeDir, 'disks');
  mkdirSync(root, { recursive: true });
  mkdirSync(imagesDir, { recursive: true });
  await run('mount', ['--bind', root, root]);
  await run('mount', ['--make-rshared', root]);
  const bays: BayBackend[] = Array.from({ length: count }, (_, i) => ({
    slot: i,
    mountPoint: join(root, bayName(i)),
    image: join(imagesDir, `${bayName(i)}.img`),
  }));
  // one shell for all of a node's bays: a bay's commands are short, and starting each from
  // Node cost more than the commands themselves (README, Tests and CI)
  await run('sh', ['-c', PREPARE_BAYS, 'sh', String(sizeMiB), ...bays.flatMap((b) => [b.mountPoint, b.image])]);
  return { root, imagesDir, bays };
}

/** lazy init: no zeroing of inode tables or journal, so formatting writes almost nothing */
const MKFS_EXT4 = ['mkfs.ext4', '-q', '-F', '-m', '0', '-E', 'lazy_itable_init=1,lazy_journal_init=1'];

// $1 size in MiB, then pairs of mount point and image. The bare mount point is made
// immutable first, so a core can never write to the host root filesystem when the bay
// is pulled (DESIGN.md recipe, step 5).
const PREPARE_BAYS = `set -e
size=$1; shift
while [ $# -gt 1 ]; do
  mkdir -p "$1"; chattr +i "$1"
  truncate -s "\${size}M" "$2"; ${MKFS_EXT4.join(' ')} "$2"
  mount -o loop "$2" "$1"
  shift 2
done`;

export async function createDiskImage(image: string, sizeMiB: number): Promise<void> {
  await run('truncate', ['-s', `${sizeMiB}M`, image]);
  await run(MKFS_EXT4[0]!, [...MKFS_EXT4.slice(1), image]);
}

export async function mountBay(bay: BayBackend, image = bay.image): Promise<void> {
  await run('mount', ['-o', 'loop', image, bay.mountPoint]);
}

/** The image of the n-th blank disk put into a bay (0 = the disk it was delivered with). */
export const imageOf = (bay: BayBackend, generation: number): string =>
  generation === 0 ? bay.image : bay.image.replace(/\.img$/, `.g${generation}.img`);

/**
 * The disk is gone for everything above it: from this instant every read, write, fsync
 * and open on the bay's filesystem fails with EIO, open descriptors included.
 * `flushLog` false (default) is a yank or a power cut: what was not yet on the platter
 * (the ext4 journal not yet committed) is lost, as on real hardware.
 */
export async function shutdownBay(bay: BayBackend, opts: { flushLog?: boolean } = {}): Promise<void> {
  await run('xfs_io', ['-x', '-c', opts.flushLog ? 'shutdown -f' : 'shutdown', bay.mountPoint]);
}

/**
 * Flushes these bays' filesystems (syncfs on each), and nothing else: a global sync(2) would
 * also flush another cluster's bays on this host, and empty a power-cut control of the very
 * unsynced data it shows being lost. Resolves with sync's error if a bay refused (one shut down), else null.
 */
export async function syncBays(bays: readonly Pick<BayBackend, 'mountPoint'>[], timeoutMs = 60_000): Promise<string | null> {
  if (bays.length === 0) return null;
  const r = await run('sync', ['-f', ...bays.map((b) => b.mountPoint)], { allowFailure: true, timeoutMs });
  return r.code === 0 ? null : (r.stderr || `exit ${r.code}`).trim();
}

/**
 * Unmounts one bay, retrying while the core still holds descriptors on it ('target is
 * busy'); resolves false if it is still mounted after `timeoutMs`.
 */
export async function unmountBay(bay: BayBackend, timeoutMs = 10_000): Promise<boolean> {
  const t0 = Date.now();
  for (;;) {
    if (!(await isMountPoint(bay.mountPoint))) return true;
    const r = await run('umount', [bay.mountPoint], { allowFailure: true });
    if (r.code === 0) return true;
    if (Date.now() - t0 > timeoutMs) return false;
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Unmounts every bay and the bay root, detaching the loop devices. Safe to call twice. */
export async function releaseBays(nodeDir: string): Promise<void> {
  const root = join(nodeDir, 'bays');
  if (!existsSync(root)) return;
  await unmountUnder(root);
  const guarded = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory());
  if (guarded.length > 0) await run('chattr', ['-i', ...guarded.map((d) => join(root, d.name))], { allowFailure: true });
  // not rmSync: the nodes of a cluster are released side by side
  await rm(nodeDir, { recursive: true, force: true });
}

/** Unmounts every mount at or below `dir`, deepest first; lazily if a plain umount fails. */
export async function unmountUnder(dir: string): Promise<string[]> {
  const done: string[] = [];
  // all at once first (one umount for all of a node's bays, not a process a bay);
  // a bind mount of the same path can be stacked several times, so again while that helps
  for (let k = 0; k < 4; k++) {
    const before = mountsUnder(dir);
    if (before.length === 0) return done;
    await run('umount', before, { allowFailure: true });
    const after = new Set(mountsUnder(dir));
    done.push(...before.filter((m) => !after.has(m)));
    if (after.size === before.length) break;
  }
  // what a plain umount left (busy), one at a time and lazily
  for (const m of mountsUnder(dir)) {
    for (let k = 0; k < 4; k++) {
      const r = await run('umount', [m], { allowFailure: true });
      if (r.code !== 0) {
        const l = await run('umount', ['-l', m], { allowFailure: true });
        if (l.code !== 0) break;
      }
      done.push(m);
      if (!(await isMountPoint(m))) break;
    }
  }
  return done;
}

/** whether `path` is a mount point now, from /proc/self/mounts: never touches the mount (a hung FUSE mount would block a stat) */
export const isMounted = (path: string): boolean => mountsUnder(path).includes(path);

/** the distinct mount points at or below `dir`, deepest first */
function mountsUnder(dir: string): string[] {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((m): m is string => !!m && (m === dir || m.startsWith(dir + '/')));
  return [...new Set(mounts)].sort((a, b) => b.length - a.length);
}

async function isMountPoint(path: string): Promise<boolean> {
  return (await run('mountpoint', ['-q', path], { allowFailure: true })).code === 0;
}
