// What is really in a node's bays, read from the host kernel (never from the twin):
// is the bay's filesystem mounted, from which disk image, and does it still answer.
// The twin is only ever compared with this, so a twin that drifts from reality is seen.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { mapLimit } from '../exec';
import { syncBays, type BayBackend } from './bays';

export type BayMedium = 'absent' | 'working' | 'dead';

export interface BayReality {
  slot: number;
  /** absent: nothing mounted; working: mounted and syncfs succeeds; dead: mounted, every I/O fails */
  medium: BayMedium;
  /** file name of the disk image behind the mount (bay07.img, bay07.g2.img), null if absent */
  image: string | null;
}

/** mount point -> source device, from /proc/self/mountinfo text (octal escapes decoded). */
export function parseMountinfo(text: string): Map<string, string> {
  const unescape = (s: string) => s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    const mountPoint = left[4];
    const source = right[1];
    // the last mount on a path wins: it is the one that hides the others
    if (mountPoint && source) out.set(unescape(mountPoint), unescape(source));
  }
  return out;
}

/** /dev/loop7 -> its backing file, or null (not a loop device, or detached). */
export function loopBackingFile(device: string): string | null {
  const m = device.match(/^\/dev\/(loop\d+)$/);
  if (!m) return null;
  try {
    return readFileSync(`/sys/block/${m[1]}/loop/backing_file`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Which bays have a filesystem mounted, from the mount table alone (no I/O on the bays). */
export function mountedSlots(bays: readonly BayBackend[]): Set<number> {
  const mounts = parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'));
  return new Set(bays.filter((b) => mounts.has(b.mountPoint)).map((b) => b.slot));
}

/** Mounted, image and answering per bay. The probe is a syncfs, so it flushes: never use it where unflushed data must be lost. */
export async function readBayReality(bays: readonly BayBackend[]): Promise<BayReality[]> {
  const mounts = parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'));
  return mapLimit(bays, 8, async (bay): Promise<BayReality> => {
    const source = mounts.get(bay.mountPoint);
    if (!source) return { slot: bay.slot, medium: 'absent', image: null };
    const backing = loopBackingFile(source);
    // syncfs is refused (EIO) by a filesystem that was shut down; statfs is not, so
    // syncfs is the probe that tells a dead disk from a working one
    const refused = await syncBays([bay], 10_000);
    return { slot: bay.slot, medium: refused === null ? 'working' : 'dead', image: backing ? basename(backing) : basename(source) };
  });
}
