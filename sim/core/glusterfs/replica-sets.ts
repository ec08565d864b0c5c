// Which bricks hold the copies of one another: GlusterFS places a file's copies on the bricks
// of one replica set, and sets are formed by the order bricks are given to `volume create` /
// `add-brick`. A vendor keeps every set across distinct nodes (one node lost loses one copy);
// the sets here are formed so, one brick per bay, as evenly as the nodes' bays allow.

export interface NodeBricks {
  node: string;
  bricks: readonly string[];
}

export interface BrickOf {
  node: string;
  brick: string;
}

/**
 * Replica sets of `replica` bricks, each on distinct nodes: each set takes a brick from the
 * nodes with the most bricks left (ties in the given order), so no node is left with bricks
 * that have no partner while others still have some. What cannot be paired is left over.
 */
export function replicaSets(nodes: readonly NodeBricks[], replica: number): { sets: BrickOf[][]; leftOver: BrickOf[] } {
  if (!Number.isInteger(replica) || replica < 1) throw new RangeError(`a replica count is a whole number of copies, not ${replica}`);
  const left = nodes.map((n) => ({ node: n.node, bricks: [...n.bricks] }));
  const sets: BrickOf[][] = [];
  for (;;) {
    const ranked = left
      .map((n, i) => ({ n, i }))
      .filter(({ n }) => n.bricks.length > 0)
      .sort((a, b) => b.n.bricks.length - a.n.bricks.length || a.i - b.i)
      .slice(0, replica);
    if (ranked.length < replica) break;
    sets.push(ranked.sort((a, b) => a.i - b.i).map(({ n }) => ({ node: n.node, brick: n.bricks.shift()! })));
  }
  return { sets, leftOver: left.flatMap((n) => n.bricks.map((brick) => ({ node: n.node, brick }))) };
}
