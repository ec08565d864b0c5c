// The storage nodes a profile asks for: node1..nodeN, each with the profile's bays, and every
// storage node a scenario starts with the profile's core options.
import type { Profile } from '../acceptance/profile';
import type { StorageNodeSpec } from '../sim/plan/scenario';

export function profileNodes(profile: Profile): StorageNodeSpec[] {
  const t = profile.topology;
  return Array.from({ length: t.storageNodes }, (_, i) =>
    withCoreOptions(profile, { name: `node${i + 1}`, bays: t.baysPerNode, baySizeMiB: t.baySizeMiB }),
  );
}

/** The node with the profile's core options (core.chunkserverConfig) under its own. */
export function withCoreOptions(profile: Profile, node: StorageNodeSpec): StorageNodeSpec {
  const coreConfig = { ...profile.core.chunkserverConfig, ...node.coreConfig };
  return Object.keys(coreConfig).length ? { ...node, coreConfig } : node;
}
