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
// Cost measured here: 48 bays (1 GiB sparse images) formatted and mounted in 0.57 s,
// released in 0.49 s (4 at a time, 2 cores); a 3-node cluster starts in about 4 s.
//
// Order matters (DESIGN.md): the bay root is made a shared mount BEFORE the bays are
// mounted and before the container starts, or the container sees empty directories.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run, mapLimit } from '../exec';

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
  await mapLimit(bays, 4, async (bay) => {
    mkdirSync(bay.mountPoint, { recursive: true });
    // guard: the bare mount point is immutable, so a core can never write to the host
    // root filesystem when the bay is pulled (DESIGN.md recipe, step 5)
    await run('chattr', ['+i', bay.mountPoint]);
    await createDiskImage(bay.image, sizeMiB);
    await mountBay(bay);
  });
  return { root, imagesDir, bays };
}

export async function createDiskImage(image: string, sizeMiB: number): Promise<void> {
  await run('truncate', ['-s', `${sizeMiB}M`, image]);
  // lazy init: no zeroing of inode tables or journal, so a 1 GiB disk formats in ~0.1 s
  await run('mkfs.ext4', ['-q', '-F', '-m', '0', '-E', 'lazy_itable_init=1,lazy_journal_init=1', image]);
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
  await run('sh', ['-c', `for d in ${JSON.stringify(root)}/*; do [ -d "$d" ] && chattr -i "$d"; done; true`], { allowFailure: true });
  rmSync(nodeDir, { recursive: true, force: true });
}

/** Unmounts every mount at or below `dir`, deepest first; lazily if a plain umount fails. */
export async function unmountUnder(dir: string): Promise<string[]> {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((m): m is string => !!m && (m === dir || m.startsWith(dir + '/')));
  const unique = [...new Set(mounts)].sort((a, b) => b.length - a.length);
  const done: string[] = [];
  for (const m of unique) {
    // a bind mount of the same path can be stacked several times
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

async function isMountPoint(path: string): Promise<boolean> {
  return (await run('mountpoint', ['-q', path], { allowFailure: true })).code === 0;
}
