// What one node's bricks hold, from a single `find` over the node's bays on the host: one
// process per node and poll (one per brick cost 144 processes a poll for 3 x 48 bays, on the
// same 2 cores as the core under test). Pure: parses find's output and its error lines.

/** the arguments of the one find over a node's bays: regular files under each bay's brick/, GlusterFS's own .glusterfs left out,
 *  DHT's link files (mode ---------T: they only point to where a file lives) left out */
export const nodeListingArgs = (baysRoot: string): string[] => [
  baysRoot,
  // a file deleted while it is listed (retention) is no error of the disk
  '-ignore_readdir_race',
  '-path',
  `${baysRoot}/*/brick/.glusterfs`,
  '-prune',
  '-o',
  '-type',
  'f',
  '-path',
  `${baysRoot}/*/brick/*`,
  '!',
  '-perm',
  '1000',
  '-printf',
  '%P\\n',
];

/** per bay: its brick's files ('/a/b.seg', from the volume's root), or null where find could not read all of it */
export type NodeListing = Map<string, string[] | null>;

/**
 * Splits find's lines (BAY/brick/PATH, relative to the bays' root) by bay. A bay named in an error
 * line (LC_ALL=C: `find: '/root/bayNN/...': reason`) could not be read whole: null. An error
 * line that names no bay of this node, or find's failure without one, leaves every bay unreadable:
 * which one failed cannot be told.
 */
export function parseNodeListing(
  baysRoot: string,
  bays: readonly string[],
  r: { code: number; stdout: string; stderr: string },
): NodeListing {
  const out: NodeListing = new Map(bays.map((b) => [b, [] as string[]]));
  for (const line of r.stdout.split('\n')) {
    const slash = line.indexOf('/brick/');
    if (slash <= 0) continue;
    const files = out.get(line.slice(0, slash));
    if (files) files.push(line.slice(slash + '/brick'.length));
  }
  const failed = new Set<string>();
  let unattributed = false;
  for (const line of r.stderr.split('\n').filter(Boolean)) {
    const m = /^find: '([^']*)'/.exec(line);
    const rel = m && m[1]!.startsWith(`${baysRoot}/`) ? m[1]!.slice(baysRoot.length + 1) : null;
    const bay = rel?.split('/')[0];
    if (bay && out.has(bay)) failed.add(bay);
    else unattributed = true;
  }
  if (unattributed || (r.code !== 0 && failed.size === 0)) return new Map(bays.map((b) => [b, null]));
  for (const b of failed) out.set(b, null);
  return out;
}
