// T10, the operator's side of elastic capacity: the recording folder's quota set online
// (bytes, or a multiple of what the folder holds then), read back, and the folder's use
// watched for a while after a change of quota or retention, and a quota shown to refuse writes
// past it on a probe folder. Records; never judges.
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '../clock';
import type { StorageCore } from '../core/adapter';
import type { HistoryWriter } from '../history';
import type { QuotaProbeStep, QuotaStep } from '../plan/scenario';
import { errText, isQuotaExceeded } from '../workload/segment-io';

export interface CapacityDeps {
  cluster: StorageCore;
  history: HistoryWriter;
  folder: string;
  log: (msg: string) => void;
}

export async function changeQuota(step: QuotaStep, d: CapacityDeps): Promise<void> {
  let held: number | null = null;
  // what was asked: bytes, or a multiple of what the folder holds (bytes known once the folder was read)
  let bytes: number | null = typeof step.bytes === 'number' ? step.bytes : null;
  const ofHeld = step.bytes !== null && typeof step.bytes === 'object' ? { ofHeld: step.bytes.ofHeld } : {};
  try {
    held = (await d.cluster.folderUsage(d.folder)).lengthBytes;
    bytes = step.bytes === null ? null : typeof step.bytes === 'number' ? step.bytes : Math.max(1, Math.ceil(held * step.bytes.ofHeld));
    await d.cluster.setFolderQuota(d.folder, bytes);
    const inForce = (await d.cluster.folderUsage(d.folder)).quotaBytes;
    d.history.append({ kind: 'quota.set', id: step.id, folder: d.folder, bytes, heldBytes: held, ok: true, inForce, ...ofHeld });
    d.log(
      `${step.id}: quota of ${d.folder} set to ${bytes === null ? 'none' : `${(bytes / 1e6).toFixed(1)} MB`} (holding ${(held / 1e6).toFixed(1)} MB); in force ${inForce ?? 'none'}`,
    );
  } catch (e) {
    d.history.append({
      kind: 'quota.set',
      id: step.id,
      folder: d.folder,
      bytes,
      heldBytes: held,
      ok: false,
      inForce: null,
      ...ofHeld,
      error: errText(e),
    });
    d.log(`${step.id}: setting the quota failed: ${errText(e)}`);
  }
}

/**
 * The folder's use and quota each second for `seconds`, then on, up to `o.atMost` seconds in
 * all, while the deleter is behind (`o.behind`: recordings it should have deleted by now) or the
 * use still falls (one of the last two samples the least of the watch): what a shortened
 * retention frees shows once the deleter has caught up, which on a loaded machine takes longer.
 */
export async function watchUsage(
  id: string,
  seconds: number,
  d: CapacityDeps,
  tick?: (elapsedS: number) => void,
  o: { atMost?: number; behind?: () => number; signal?: AbortSignal } = {},
): Promise<void> {
  const atMost = o.atMost ?? seconds;
  const t0 = Date.now();
  const elapsed = () => (Date.now() - t0) / 1000;
  let least = Infinity;
  // samples since the least one (one sample above it, as a sweep lands between two, ends nothing)
  let sinceLeast = 0;
  let why = '';
  do {
    sinceLeast++;
    try {
      const [u, nodes] = await Promise.all([d.cluster.folderUsage(d.folder), d.cluster.nodeStates()]);
      // the core's disks as well: what the folder's length says is freed, the chunkservers free later
      const coreUsedBytes = nodes.reduce((n, x) => n + x.usedBytes, 0);
      d.history.append({ kind: 'quota.usage', id, folder: d.folder, ...u, coreUsedBytes });
      if (u.lengthBytes < least) [least, sinceLeast] = [u.lengthBytes, 0];
    } catch (e) {
      d.log(`${id}: the folder's use could not be read: ${errText(e)}`);
    }
    tick?.(elapsed());
    if (o.signal?.aborted) break;
    if (seconds > 0) await sleep(1000, o.signal);
    if (elapsed() < seconds) continue;
    const behind = o.behind?.() ?? 0;
    if (elapsed() >= atMost || (behind === 0 && sinceLeast >= 2)) break;
    why ||= behind > 0 ? `the deleter still ${behind} recordings behind` : "the folder's use still falling";
  } while (true);
  if (why) d.log(`${id}: watched ${elapsed().toFixed(1)} s (at most ${atMost} s): ${why} after ${seconds} s`);
}

/**
 * Whether the core refuses writes past a quota: a probe folder beside the recordings (never the
 * recordings themselves) gets `quotaBytes`, then `writeBytes` are written and synced into it.
 * Records the outcome and removes the folder; judging is T10's.
 */
export async function probeQuota(step: QuotaProbeStep, d: CapacityDeps & { mountPoint: string }): Promise<void> {
  const folder = `/quota-probe-${step.id}`;
  const abs = join(d.mountPoint, folder);
  let inForce: number | null = null;
  let accepted = 0;
  let error: string | undefined;
  let refused = false;
  try {
    await mkdir(abs, { recursive: true });
    await d.cluster.setFolderQuota(folder, step.quotaBytes);
    inForce = (await d.cluster.folderUsage(folder)).quotaBytes;
    const fh = await open(join(abs, 'probe.bin'), 'w');
    try {
      const block = Buffer.alloc(64 * 1024, 0x5a);
      while (accepted < step.writeBytes) accepted += (await fh.write(block)).bytesWritten;
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (e) {
    error = errText(e);
    refused = isQuotaExceeded(e);
  }
  d.history.append({
    kind: 'quota.probe',
    id: step.id,
    folder,
    quotaBytes: step.quotaBytes,
    inForce,
    attemptedBytes: step.writeBytes,
    acceptedBytes: accepted,
    refused,
    ...(error ? { error } : {}),
  });
  d.log(
    `${step.id}: ${step.writeBytes} bytes written into ${folder} under a quota of ${step.quotaBytes}: ${refused ? `refused after ${accepted} accepted (${error})` : error ? `failed otherwise: ${error}` : 'all accepted'}`,
  );
  await rm(abs, { recursive: true, force: true }).catch((e: unknown) => d.log(`${step.id}: ${folder} not removed: ${errText(e)}`));
}
