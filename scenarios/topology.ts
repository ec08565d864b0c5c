// The storage nodes a profile asks for: node1..nodeN, each with the profile's bays, every
// storage node a scenario starts with the profile's core options, and the hardware a run reads.
import type { Profile } from '../profile/profile';
import { CONTRACTED_STORAGE_NODE_BAYS, SWITCH_PORT_REQUIREMENTS } from '../profile/hardware-requirements';
import type { Scenario, StorageNodeSpec } from '../sim/plan/scenario';

export function profileNodes(profile: Profile): StorageNodeSpec[] {
  const t = profile.topology;
  return Array.from({ length: t.storageNodes }, (_, i) =>
    withCoreOptions(profile, { name: `node${i + 1}`, bays: t.baysPerNode, baySizeMiB: t.baySizeMiB }),
  );
}

/** `count` nodes beyond the profile's, as a scale-out adds them (scaleout.newNodeBays bays each, the profile's core options). */
export function addedNodes(profile: Profile, count: number): StorageNodeSpec[] {
  const t = profile.topology;
  return Array.from({ length: count }, (_, i) =>
    withCoreOptions(profile, { name: `node${t.storageNodes + 1 + i}`, bays: profile.scaleout.newNodeBays, baySizeMiB: t.baySizeMiB }),
  );
}

/** The node with the profile's core options (core.chunkserverConfig) under its own. */
export function withCoreOptions(profile: Profile, node: StorageNodeSpec): StorageNodeSpec {
  const coreConfig = { ...profile.core.chunkserverConfig, ...node.coreConfig };
  return Object.keys(coreConfig).length ? { ...node, coreConfig } : node;
}

/** The access switch's twin built to the contract's port counts (S1). */
export const CONTRACTED_SWITCH_PORTS = {
  geCopper: SWITCH_PORT_REQUIREMENTS.geCopperPorts,
  tenGeOptical: SWITCH_PORT_REQUIREMENTS.tenGeOpticalPorts,
};

/** The run reads its twins' hardware before the load (T1, T2, M1, S1; simulated), twins built to the contract. */
export function withHardwareInventory(s: Scenario): Scenario {
  return { ...s, hardwareInventory: { storageNodeBays: CONTRACTED_STORAGE_NODE_BAYS, switchPorts: CONTRACTED_SWITCH_PORTS } };
}
