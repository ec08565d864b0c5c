// Scale-out as a fault of the membership kind (Jepsen's membership nemesis): a new
// storage node is prepared (disks formatted: hardware racked), then powered on knowing
// only the master's address. The history records both moments; T8 counts from 'add'.
import type { StorageNodeSpec } from '../core/adapter';
import type { StorageCore } from '../core/adapter';
import type { HistoryWriter } from '../history';

export async function scaleOut(core: StorageCore, spec: StorageNodeSpec, history: HistoryWriter): Promise<{ address: string }> {
  history.append({ kind: 'scaleout.prepare', node: spec.name, bays: spec.bays, defect: spec.defect ?? null });
  const prepared = await core.prepareNode(spec);
  history.append({ kind: 'scaleout.add', node: spec.name, bays: spec.bays, configured: ['MASTER_HOST'], defect: spec.defect ?? null });
  history.sync();
  const node = await core.powerOnNode(spec, prepared);
  history.append({ kind: 'scaleout.powered', node: spec.name, address: node.address });
  return { address: node.address };
}
