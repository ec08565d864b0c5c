// The rack: one twin per storage node of a running core, bound to the real node, each
// with its own Redfish-shaped BMC on loopback whose resets act on the real node.
import {
  NODE_CATALOG,
  StorageNodeTwin,
  inventoryFor,
  startBmc,
  type BayCount,
  type BasicAuth,
  type BmcServer,
  type CatalogModel,
  type CpuArchitecture,
} from '../../devices';
import type { NodeHardwareHost, StartedNode } from './node-host';
import { NodeBinding, type HotPlugAgent, type NodeBindingOptions } from './node-binding';

export interface RackNode {
  twin: StorageNodeTwin;
  binding: NodeBinding;
  bmc: BmcServer;
}

export interface Rack {
  nodes: Map<string, RackNode>;
  node(name: string): RackNode;
  close(): Promise<void>;
}

/** The catalogue model with this many bays, preferring the node's real CPU architecture. */
export function modelFor(bays: number, arch: string): CatalogModel {
  const wanted: CpuArchitecture = arch === 'aarch64' || arch === 'arm64' ? 'aarch64' : 'x86_64';
  const candidates = (Object.keys(NODE_CATALOG) as CatalogModel[]).filter((m) => NODE_CATALOG[m].bays === bays);
  if (!candidates.length) throw new Error(`no contracted node model has ${bays} bays (24, 36 or 48)`);
  return candidates.find((m) => NODE_CATALOG[m].cpu.architecture === wanted) ?? candidates[0]!;
}

/** The twin of a storage node of this many bays, reporting the architecture the real node runs (T7 must not be claimed by a label). */
export function nodeTwin(name: string, bays: number, arch: string, seed: string): StorageNodeTwin {
  const model = modelFor(bays, arch);
  const base = NODE_CATALOG[model];
  const architecture: CpuArchitecture = arch === 'aarch64' || arch === 'arm64' ? 'aarch64' : 'x86_64';
  const inventory = inventoryFor(model, { bays: bays as BayCount, cpu: { ...base.cpu, architecture } });
  // the twin draws its own streams from the run seed ('disk/<node>/<bay>', devices/README.md)
  return new StorageNodeTwin({ id: name, seed, inventory });
}

export async function buildRack(
  host: NodeHardwareHost,
  nodes: readonly StartedNode[],
  o: {
    seed: string;
    agent?: HotPlugAgent;
    baySizeMiB: number;
    record?: NodeBindingOptions['record'];
    /** the account each BMC asks for (a standing target's, `accept core up`); none: open, as in a run */
    auth?: BasicAuth;
  },
): Promise<Rack> {
  const map = new Map<string, RackNode>();
  const close = async () => {
    await Promise.all([...map.values()].map((n) => n.bmc.close().catch(() => undefined)));
  };
  try {
    for (const n of nodes) {
      const twin = nodeTwin(n.name, n.bays, n.arch, o.seed);
      const binding = new NodeBinding(twin, host, n.name, { agent: o.agent, baySizeMiB: o.baySizeMiB, record: o.record });
      const bmc = await startBmc({ node: twin, onReset: binding.applyReset, auth: o.auth });
      map.set(n.name, { twin, binding, bmc });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return {
    nodes: map,
    node(name) {
      const n = map.get(name);
      if (!n) throw new Error(`no node '${name}' in the rack (${[...map.keys()].join(', ')})`);
      return n;
    },
    close,
  };
}
