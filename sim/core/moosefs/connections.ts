// Which chunkservers the master lists as connected, from `mfscli -SCS -p`. MooseFS 3.0.117
// keeps a disconnected server in a second list ('Disconnected chunk servers'). A link loss
// (sim/topology/link-loss.ts) is timed by this view; a removal (removal.ts) starts from it.
import type { Seen } from '../../topology/link-loss';
import { mfscli } from './mfscli';

export type { Seen };

export interface Connections {
  connected: string[];
  disconnected: string[];
}

/** Parses `mfscli -SCS -p`: 'chunk servers:' rows are connected, 'Disconnected chunk servers:' are not. */
export function parseConnections(text: string): Connections {
  const out: Connections = { connected: [], disconnected: [] };
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    const head = f[0]?.trim();
    const ip = f[1]?.trim();
    if (!ip) continue;
    if (head === 'chunk servers:') out.connected.push(ip);
    else if (head === 'Disconnected chunk servers:') out.disconnected.push(ip);
  }
  return out;
}

export async function chunkserverConnections(masterHost: string): Promise<Connections> {
  return parseConnections((await mfscli(['-H', masterHost, '-SCS', '-p'], { timeoutMs: 20_000 })).stdout);
}

export const seenOf = (c: Connections, ip: string): Seen =>
  c.connected.includes(ip) ? 'connected' : c.disconnected.includes(ip) ? 'disconnected' : 'absent';

/** How the master at masterHost sees the chunkserver at this address now (one mfscli call). */
export const masterSees =
  (masterHost: string) =>
  async (address: string): Promise<Seen> =>
    seenOf(await chunkserverConnections(masterHost), address);
