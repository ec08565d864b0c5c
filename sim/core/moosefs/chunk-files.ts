// Chunk files that lost their content: after a power cut, a MooseFS chunkserver (which does
// not fsync chunk files: HDD_FSYNC_BEFORE_CLOSE ships as 0, and a chunk's header is written
// at close) comes back with files of the right name and version but empty, or without the
// 'MFSC 1.x' header. It registers them by name, and the master counts them as valid copies
// until something reads them (README, issue 18 item 11).
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../exec';

/** What hddspacemgr.c accepts as a chunk header: 'MFSC 1.0' or 'MFSC 1.1'. */
export const hasChunkSignature = (head: Buffer): boolean =>
  head.length >= 8 && head.subarray(0, 7).toString('latin1') === 'MFSC 1.' && (head[7] === 0x30 || head[7] === 0x31);

/** Chunk files under these bay folders (bay/XX/chunk_*.mfs) that are empty or lack the signature, as paths. */
export async function damagedChunkFiles(bays: readonly string[]): Promise<string[]> {
  const damaged: string[] = [];
  for (const bay of bays) {
    const subdirs = await readdir(bay, { withFileTypes: true }).catch(() => []);
    for (const sub of subdirs.filter((d) => d.isDirectory())) {
      const dir = join(bay, sub.name);
      const names = await readdir(dir).catch(() => [] as string[]);
      const files = names.filter((n) => /^chunk_[0-9A-F]+_[0-9A-F]+\.mfs$/.test(n)).map((n) => join(dir, n));
      damaged.push(...(await stillDamaged(files)));
    }
  }
  return damaged;
}

/** Those of these chunk files that exist and are empty or lack the signature (a file gone is not damaged). */
export async function stillDamaged(paths: readonly string[]): Promise<string[]> {
  const damaged: string[] = [];
  const head = Buffer.alloc(8);
  for (const path of paths) {
    const fh = await open(path, 'r').catch(() => null);
    if (!fh) continue;
    try {
      const { bytesRead } = await fh.read(head, 0, 8, 0);
      if (bytesRead < 8 || !hasChunkSignature(head)) damaged.push(path);
    } catch {
      // an unreadable bay (a disk the twin says failed) is not a damaged chunk file
    } finally {
      await fh.close();
    }
  }
  return damaged;
}

/** The bay whose filesystem holds the chunk's file (MooseFS names it chunk_<ID>_<VERSION>.mfs, two folders down). */
export async function bayHoldingChunk(bayRoot: string, chunkId: string): Promise<number | null> {
  const r = await run('find', [bayRoot, '-mindepth', '3', '-maxdepth', '3', '-name', `chunk_${chunkId}_*.mfs`, '-print', '-quit'], {
    allowFailure: true,
    timeoutMs: 30_000,
  });
  const m = r.stdout.match(/\/bay(\d+)\//);
  return m ? Number(m[1]) : null;
}
