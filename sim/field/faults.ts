// The faults a field run can schedule, each its own module's fault under the probe's timing.
import type { ScheduledFieldFault } from './field-fault';
import { CABLE_FAULT, fieldCablePull, type FieldCablePull } from './cable-pull';
import { fieldDiskPull, type FieldDiskPull } from './disk-pull';
import { CONNECT_FAULT, fieldNodeConnect, type FieldNodeConnect } from './node-connect';
import type { Operator } from './operator';
import { fieldPowerLoss, type FieldPowerLoss } from './power-loss';

type Timing = Pick<ScheduledFieldFault, 'afterSeconds' | 'settleSeconds'>;

export const powerLossFault = (f: FieldPowerLoss, timing: Timing): ScheduledFieldFault => ({
  id: f.id,
  fault: `crash:${f.mode}`,
  target: f.node,
  ...timing,
  // on Ctrl-C its power-back cleanup powers the node on; its own waits are bounded and must not race that
  perform: (ctx) => fieldPowerLoss(f, { ...ctx, signal: undefined }),
});

export const diskPullFault = (f: FieldDiskPull, operator: Operator, timing: Timing): ScheduledFieldFault => ({
  id: f.id,
  fault: 'disk-pull',
  target: `${f.node} slot ${f.slot}`,
  ...timing,
  perform: (ctx) => fieldDiskPull(f, { ...ctx, operator }),
});

export const cablePullFault = (f: FieldCablePull, operator: Operator, timing: Timing): ScheduledFieldFault => ({
  id: f.id,
  fault: CABLE_FAULT,
  target: `${f.node} (switch port ${f.switchPort})`,
  ...timing,
  perform: (ctx) => fieldCablePull(f, { ...ctx, operator }),
});

export const nodeConnectFault = (f: FieldNodeConnect, operator: Operator, timing: Timing): ScheduledFieldFault => ({
  id: f.id,
  fault: CONNECT_FAULT,
  target: f.node,
  ...timing,
  perform: (ctx) => fieldNodeConnect(f, { ...ctx, operator }),
});
