// The site's own recordings, read only when the person running a field probe asks for them
// (`accept probe --read-existing FOLDER`): each file under that folder hashed before the load
// and again after it, nothing copied, so that a fault that damaged what the storage already
// held is seen (a police site's video is evidence: the harness never opens it otherwise).
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sha256File } from '../../lib/sha256-file';
import { waitAtMost } from '../clock';

/** One of the site's files as one read found it: its hash, or why it could not be read. */
export interface SiteFileSeen {
  /** relative to the folder read */
  path: string;
  bytes: number;
  /** whole milliseconds (a file system keeps nanoseconds, which a restore of the time cannot always give back) */
  mtimeMs: number;
  /** null: not read whole (error says why) */
  sha256: string | null;
  error?: string;
}

export interface SiteReadLimits {
  /** the most bytes the first read takes, files in path order (the rest are not read) */
  maxBytes: number;
  /** a file not read whole within this is unreadable (a read stuck in the storage stays stuck; the probe goes on) */
  fileTimeoutMs: number;
}

/** The files the first read takes: every regular file under `root`, in path order, up to maxBytes. */
export async function chooseSiteFiles(root: string, maxBytes: number): Promise<{ paths: string[]; truncated: boolean }> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
  const paths: string[] = [];
  let total = 0;
  for (const p of files) {
    const size = (await stat(join(root, p)).catch(() => null))?.size;
    if (size === undefined) continue;
    if (total + size > maxBytes) return { paths, truncated: true };
    total += size;
    paths.push(p);
  }
  return { paths, truncated: false };
}

/** Reads each of `paths` under `root` whole, one after another; a file gone since is left out. */
export async function readSiteFiles(root: string, paths: readonly string[], fileTimeoutMs: number): Promise<SiteFileSeen[]> {
  const out: SiteFileSeen[] = [];
  for (const path of paths) {
    const file = join(root, path);
    const st = await stat(file).catch((e: NodeJS.ErrnoException) => e);
    if (st instanceof Error) {
      if (st.code === 'ENOENT') continue;
      out.push({ path, bytes: 0, mtimeMs: 0, sha256: null, error: st.message });
      continue;
    }
    const hashing = sha256File(file).catch((e: Error) => e);
    const sha256 = (await waitAtMost(hashing, fileTimeoutMs))
      ? await hashing
      : new Error(`not read whole within ${fileTimeoutMs / 1000} s`);
    out.push(
      sha256 instanceof Error
        ? { path, bytes: st.size, mtimeMs: Math.floor(st.mtimeMs), sha256: null, error: sha256.message }
        : { path, bytes: st.size, mtimeMs: Math.floor(st.mtimeMs), sha256 },
    );
  }
  return out;
}
