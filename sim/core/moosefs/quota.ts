// Capacity allocated on demand (T10) on MooseFS: a folder's hard quota on the sum of its
// files' lengths (mfssetquota -L), changed online; its use as the master counts it
// (mfsdirinfo); trash time 0, so that a file the recording server deletes frees its space
// at once (MooseFS keeps deleted files a day by default).
import { run } from '../../exec';

export interface FolderUsage {
  /** sum of the files' lengths, as the master counts it */
  lengthBytes: number;
  /** the hard quota on that sum, null when none is set */
  quotaBytes: number | null;
}

export async function setFolderQuota(abs: string, bytes: number | null): Promise<void> {
  if (bytes === null) await run('mfsdelquota', ['-n', '-L', abs], { timeoutMs: 30_000 });
  else {
    if (!(Number.isSafeInteger(bytes) && bytes > 0)) throw new RangeError(`a quota is a whole number of bytes > 0, got ${bytes}`);
    await run('mfssetquota', ['-n', '-L', String(bytes), abs], { timeoutMs: 30_000 });
  }
}

export async function folderUsage(abs: string): Promise<FolderUsage> {
  const [info, quota] = await Promise.all([
    run('mfsdirinfo', ['-n', abs], { timeoutMs: 30_000 }),
    run('mfsgetquota', ['-n', abs], { timeoutMs: 30_000 }),
  ]);
  return parseFolderUsage(info.stdout, quota.stdout);
}

/** mfsdirinfo -n ("length: N" among its lines) and mfsgetquota -n (" length | current | soft | hard |"). */
export function parseFolderUsage(dirinfo: string, getquota: string): FolderUsage {
  const length = /^\s*length:\s*(\d+)\s*$/m.exec(dirinfo);
  if (!length) throw new Error(`no length in mfsdirinfo output: ${dirinfo.trim().slice(0, 200)}`);
  const row = /^\s*length\s*\|\s*(\d+)\s*\|\s*(\S+)\s*\|\s*(\S+)\s*\|/m.exec(getquota);
  const hard = row?.[3];
  return { lengthBytes: Number(length[1]), quotaBytes: hard && /^\d+$/.test(hard) ? Number(hard) : null };
}

export async function setNoTrash(abs: string): Promise<void> {
  await run('mfssettrashtime', ['-r', '0', abs], { timeoutMs: 60_000 });
  // read back: with trash kept, a deletion would free nothing for a day
  const got = /:\s*(\d+)\s*$/m.exec((await run('mfsgettrashtime', ['-n', abs], { timeoutMs: 30_000 })).stdout);
  if (got?.[1] !== '0') throw new Error(`trash time of ${abs} read back as ${got?.[1] ?? 'nothing'}, not 0`);
}
