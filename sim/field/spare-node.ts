// A storage node delivered but not yet connected: its disks made (the hardware racked) and its
// twin's BMC answering, the node powered off. Powering it on through that BMC (Redfish
// ComputerSystem.Reset On, or its power button) starts the real node knowing only the master's
// address, as a scale-out does; from then on the BMC's resets act on the real node as any
// node's do (NodeBinding).
import { startBmc, type BasicAuth, type BmcServer, type ResetHandler, type StorageNodeTwin } from '../../devices';
import type { StorageCore, StorageNodeSpec } from '../core/adapter';
import { NodeBinding } from '../topology/node-binding';
import { nodeTwin } from '../topology/rack';

export interface SpareNode {
  name: string;
  bays: number;
  twin: StorageNodeTwin;
  bmc: BmcServer;
  /** the node's binding once it was powered on (null: still off, never started) */
  binding(): NodeBinding | null;
  /** a person pressing its power button on the node delivered off; 'twin-only': the twin's BMC shows it, the real node never starts (a control) */
  pressPowerButton(reach: 'core' | 'twin-only'): Promise<{ ok: boolean; powerState: string; reason?: string }>;
  /** resolves when no reset is being applied to the real node (a start in flight has finished) */
  idle(): Promise<void>;
}

export async function startSpareNode(
  core: StorageCore,
  spec: StorageNodeSpec,
  o: { seed: string; baySizeMiB: number; auth?: BasicAuth },
): Promise<SpareNode> {
  const prepared = await core.prepareNode(spec);
  const twin = nodeTwin(spec.name, spec.bays, spec.arch ?? 'amd64', o.seed);
  // delivered powered off: its disks were shut down cleanly at the factory
  twin.reset('GracefulShutdown');
  let binding: NodeBinding | null = null;
  const apply: ResetHandler = async (type, outcome) => {
    if (binding) return binding.applyReset(type, outcome);
    // still off (a power-off of a node never started): nothing real to do
    if (outcome.after !== 'On') return;
    try {
      await core.powerOnNode(spec, prepared);
    } catch (e) {
      // the BMC must not report a node On that never started
      twin.reset('ForceOff');
      throw e;
    }
    binding = new NodeBinding(twin, core, spec.name, { baySizeMiB: o.baySizeMiB });
  };
  // one at a time, in the order the BMC accepted them: a second press while the node starts must not start it twice
  let queue: Promise<unknown> = Promise.resolve();
  const onReset: ResetHandler = (type, outcome) => {
    const done = queue.then(() => apply(type, outcome));
    queue = done.catch(() => undefined);
    return done;
  };
  const bmc = await startBmc({ node: twin, onReset, auth: o.auth });
  const pressPowerButton = async (reach: 'core' | 'twin-only') => {
    // a node already on would be shut down by the button: not the first connection asked for
    if (twin.powerState !== 'Off') return { ok: false, powerState: twin.powerState, reason: `${spec.name} is powered on already` };
    const outcome = twin.reset('PushPowerButton');
    if (!outcome.ok) return { ok: false, powerState: twin.powerState, reason: outcome.reason };
    if (reach === 'core') await onReset('PushPowerButton', outcome);
    return { ok: true, powerState: twin.powerState };
  };
  const idle = () => queue.then(() => undefined);
  return { name: spec.name, bays: spec.bays, twin, bmc, binding: () => binding, pressPowerButton, idle };
}
