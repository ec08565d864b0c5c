// The storage nodes a profile asks for: node1..nodeN, each with the profile's bays.
import type { Profile } from '../acceptance/profile';
import type { StorageNodeSpec } from '../sim/plan/scenario';

export function profileNodes(profile: Profile): StorageNodeSpec[] {
  const t = profile.topology;
  return Array.from({ length: t.storageNodes }, (_, i) => ({ name: `node${i + 1}`, bays: t.baysPerNode, baySizeMiB: t.baySizeMiB }));
}
