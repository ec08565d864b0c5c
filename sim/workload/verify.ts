// After the cluster settles: read back every acknowledged segment and compare it with
// what was acknowledged. Results go to the history; the durability checker reads them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mapLimit } from '../exec';
import type { HistoryWriter } from '../history';
import type { AckedSegment } from './cameras';
import { verifySegment } from './segment';

export async function verifyAcknowledged(
  acked: readonly AckedSegment[],
  mountPoint: string,
  history: HistoryWriter,
  onProgress?: (done: number, total: number) => void,
): Promise<{ verified: number; lost: number }> {
  let done = 0;
  let lost = 0;
  await mapLimit(acked, 4, async (seg) => {
    let outcome: 'ok' | 'lost' | 'corrupt' = 'ok';
    let error: string | undefined;
    try {
      const v = verifySegment(await readFile(join(mountPoint, seg.path)), seg);
      if (!v.ok) {
        outcome = 'corrupt';
        error = v.reason;
      }
    } catch (e) {
      outcome = 'lost';
      error = (e as Error).message;
    }
    if (outcome !== 'ok') lost++;
    history.append({ kind: 'segment.verify', outcome, camera: seg.camera, seq: seg.seq, path: seg.path, ...(error ? { error } : {}) });
    onProgress?.(++done, acked.length);
  });
  history.sync();
  return { verified: acked.length - lost, lost };
}
