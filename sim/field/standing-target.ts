// The reference core kept running as a target for field mode (`accept core up`): the cluster
// as a run starts it, each storage node's twin BMC bound to the real node (a Redfish reset
// acts on its container), a management server twin's BMC and the switch twin's management
// interface, the twin bound to the real links (a cable pulled on the twin downs the node's
// link), all on loopback, until close(). Field runs reach it only through what its target
// file describes, as they would a delivered system.
import type { BasicAuth, BmcServer } from '../../devices';
import { accessSwitchTwin, serveSwitchTwin, startMgmtServerTwin } from '../inventory/twins';
import type { CoreDiskState, CoreStartSpec, StartCore, StorageCore, StorageNodeSpec } from '../core/adapter';
import { buildRack, type Rack } from '../topology/rack';
import { startSpareNode, type SpareNode } from './spare-node';
import { SwitchBinding } from '../topology/switch-binding';
import { startRackHands, type RackHands } from './rack-hands';

export interface StandingTargetSpec extends CoreStartSpec {
  start: StartCore;
  seed: string;
  baySizeMiB: number;
  switchPorts: { geCopper: number; tenGeOptical: number };
  auth: { bmc?: BasicAuth; switch?: BasicAuth };
  /** nodes delivered but not yet connected: disks made, BMC answering, powered off until someone powers them on */
  spares?: StorageNodeSpec[];
}

export interface StandingTarget {
  core: StorageCore;
  /** switchPort: the node's port as the switch's management interface names it */
  nodes: { name: string; address: string; bays: number; bmcUrl: string; switchPort: string }[];
  mgmtUrl: string;
  switchUrl: string;
  /** a person's hands at this rack, for tests that play the operator (sim/field/rack-hands.ts) */
  handsUrl: string;
  /** the nodes delivered powered off, not yet connected */
  spares: { name: string; bays: number; bmcUrl: string }[];
  close(): Promise<void>;
}

/** Per node, the core's path of each disk by its slot: the disks the core lists under a folder named bayNN. */
export function diskPathsBySlot(
  disks: readonly CoreDiskState[] | undefined,
  nodes: readonly { name: string; address: string }[],
): Record<string, Record<string, string>> | undefined {
  if (!disks) return undefined;
  const out: Record<string, Record<string, string>> = {};
  for (const d of disks) {
    const node = nodes.find((n) => n.address === d.address);
    const slot = /\/bay(\d+)\/?$/.exec(d.path)?.[1];
    if (node && slot !== undefined) (out[node.name] ??= {})[String(Number(slot))] = d.path;
  }
  return out;
}

export async function startStandingTarget(spec: StandingTargetSpec): Promise<StandingTarget> {
  const core = await spec.start(spec);
  let rack: Rack | undefined;
  let binding: SwitchBinding | undefined;
  const servers: (BmcServer | RackHands)[] = [];
  const spares: SpareNode[] = [];
  // each part stopped whatever the others do: a failed one must not leave the cluster running
  const close = async () => {
    const failed: unknown[] = [];
    const steps: (() => Promise<unknown> | undefined)[] = [
      () => Promise.all(servers.map((s) => s.close().catch(() => undefined))),
      // a spare's start in flight ends before the core stops: its container would outlive the removal
      () => Promise.all(spares.map((s) => s.idle())),
      () => binding?.stop(),
      () => rack?.close(),
      () => core.stop(),
    ];
    for (const stop of steps)
      await Promise.resolve()
        .then(stop)
        .catch((e: unknown) => failed.push(e));
    if (failed.length) throw failed[0];
  };
  try {
    rack = await buildRack(core, core.nodes, { seed: spec.seed, baySizeMiB: spec.baySizeMiB, auth: spec.auth.bmc });
    const mgmt = await startMgmtServerTwin(spec.auth.bmc);
    servers.push(mgmt);
    const twin = accessSwitchTwin(spec.switchPorts);
    binding = await SwitchBinding.bind({ runId: spec.runId, runDir: core.runDir, twin, members: core.switchMembers(), log: spec.log });
    const sw = await serveSwitchTwin(twin, spec.auth.switch);
    servers.push(sw);
    for (const node of spec.spares ?? []) {
      const spare = await startSpareNode(core, node, { seed: spec.seed, baySizeMiB: node.baySizeMiB, auth: spec.auth.bmc });
      spares.push(spare);
      servers.push(spare.bmc);
    }
    const hands = await startRackHands(rack, binding, spares);
    servers.push(hands);
    const portName = (node: string) => {
      const port = twin.ports.find((p) => p.id === binding!.portOf(node));
      if (!port) throw new Error(`storage node ${node} is not cabled to the switch twin`);
      return port.name;
    };
    return {
      core,
      nodes: core.nodes.map((n) => ({
        name: n.name,
        address: n.address,
        bays: n.bays,
        bmcUrl: rack!.node(n.name).bmc.url,
        switchPort: portName(n.name),
      })),
      mgmtUrl: mgmt.url,
      switchUrl: sw.url,
      handsUrl: hands.url,
      spares: spares.map((n) => ({ name: n.name, bays: n.bays, bmcUrl: n.bmc.url })),
      close,
    };
  } catch (e) {
    // the error that stopped the start is the one to report, not one of the clean-up
    await close().catch(() => undefined);
    throw e;
  }
}
