// A storage node's removal as MooseFS 3.0.117 reports it (for T9 drain/remove). When every
// disk of a chunkserver is marked for removal ('*' in mfshdd.cfg), `mfscli -SCS -p` moves its
// chunks from the regular columns to the 'marked for removal' columns and says whether the
// server can be removed (READY: every chunk on it has enough copies elsewhere, judged by the
// master at the end of a full chunk loop); `mfscli -SHD -p` says the same per disk.
// Captured rows (tab separated):
//   chunk servers:  IP 9422 ID - 3.0.117 0 maintenance_off 100 514793472 3000827904 - 0 0 0
//   chunk servers:  IP 9422 ID - 3.0.117 0 maintenance_off 0 0 0 NOT READY 100 514793472 3000827904
//   Disconnected chunk servers:  IP 9422 ID maintenance_temp_on
import { mfscli } from './mfscli';
import { seenOf, parseConnections } from './connections';
import type { RemovalState } from '../adapter';

export function parseRemovalState(text: string, ip: string): RemovalState {
  const seen = seenOf(parseConnections(text), ip);
  const num = (s: string | undefined) => (s === undefined || s === '' || s === '-' ? null : Number(s));
  for (const line of text.split('\n')) {
    const f = line.split('\t').map((x) => x.trim());
    if (f[1] !== ip) continue;
    if (f[0] === 'chunk servers:')
      return { seen, port: num(f[2]), regularChunks: num(f[8]), removal: f[11] ?? null, markedChunks: num(f[12]) };
    if (f[0] === 'Disconnected chunk servers:') return { seen, port: num(f[2]), regularChunks: null, removal: null, markedChunks: null };
  }
  return { seen, port: null, regularChunks: null, removal: null, markedChunks: null };
}

export async function removalState(masterHost: string, ip: string): Promise<RemovalState> {
  return parseRemovalState((await mfscli(['-H', masterHost, '-SCS', '-p'], { timeoutMs: 20_000 })).stdout, ip);
}

/** `mfscli -CRC/ip/port`: deletes a disconnected chunkserver from the master's list. */
export async function forgetChunkserver(masterHost: string, ip: string, port: number): Promise<{ ok: boolean; message: string }> {
  const r = await mfscli(['-H', masterHost, `-CRC/${ip}/${port}`], { timeoutMs: 20_000, allowFailure: true });
  const message = (r.stdout + r.stderr).trim();
  return { ok: r.code === 0 && /has been removed/.test(message), message };
}

/** `mfscli -SHD`'s word for a disk marked for removal whose chunks all have enough copies elsewhere */
export const diskReadyForRemoval = (status: string) => status === 'marked for removal (ready)';
