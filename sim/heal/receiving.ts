// What 'receiving' means for an added storage node (FAULT_KINDS['add-node'].healed): the core
// lists it, and lists it holding at least one chunk. One reading for T8, T9/T10's extension and
// the model runs' wait. Pure: the node lists come from the history or a live look alike.

/** a storage node as the core lists it */
export interface ListedNode {
  address: string;
  chunks: number;
}

/** the core lists the node at this address */
export const listedIn = (nodes: readonly ListedNode[], address: string): boolean => nodes.some((n) => n.address === address);

/** the core lists the node at this address holding a chunk */
export const receivingIn = (nodes: readonly ListedNode[], address: string): boolean =>
  nodes.some((n) => n.address === address && n.chunks > 0);

/** Of the core's node lists (in time order), the first that lists the added node and the first that shows it receiving. */
export function receivingAfter<P extends { nodes: readonly ListedNode[] }>(
  lists: readonly P[],
  address: string,
): { registered: P | undefined; receiving: P | undefined } {
  return { registered: lists.find((p) => listedIn(p.nodes, address)), receiving: lists.find((p) => receivingIn(p.nodes, address)) };
}
