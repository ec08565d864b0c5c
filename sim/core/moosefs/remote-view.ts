// A MooseFS system the harness did not start, seen through its master's management access
// (the MooseFS CLI over the network, as its operators use it): which storage nodes the
// master lists (nodeStates: the connected ones; nodeSeen, nodesKnown: disconnected too) and how redundant its chunks are. Read only: nothing is changed on it.
import type { CoreView } from '../adapter';
import { seenOf } from './connections';
import { MfsCli, diskRowServing, placementUnder, rowAddress } from './introspect';

/** `master`: host or host:port of the master's client port (9421 as shipped). */
export function moosefsView(master: string): CoreView {
  const [host, port] = master.split(':');
  return viewOf(new MfsCli(host!, port === undefined ? undefined : Number(port)));
}

/** The core's own view as one master's CLI gives it (the cluster the harness started reads it the same way). */
export function viewOf(cli: MfsCli): CoreView {
  return {
    async nodeStates() {
      const rows = await cli.chunkservers();
      return rows.map((r) => ({ address: r.ip, registered: true, chunks: r.chunks, usedBytes: r.usedBytes, totalBytes: r.totalBytes }));
    },
    chunkHealth: () => cli.chunkHealth(),
    nodeSeen: async (address) => seenOf(await cli.connections(), address),
    async nodesKnown() {
      const c = await cli.connections();
      return [...c.connected, ...c.disconnected];
    },
    // mfsfileinfo on the mount itself: any client of the system can ask it
    placementUnder,
    async diskStates() {
      const rows = await cli.disks();
      return rows.map((r) => ({ address: rowAddress(r), path: r.path, status: r.status, serving: diskRowServing(r) }));
    },
  };
}
