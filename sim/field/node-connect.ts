// A storage node's first connection by the person at the rack, on a delivered system the
// harness did not start (T8 in the field): the node, delivered powered off, is cabled and
// powered on. Its BMC showing PowerState On is the add that T8 counts from (never the key
// press), and the core listing a node it did not list before (at the address the target file
// gives, when it gives one) is its registration. Recorded as the nemesis records a scale-out
// (scaleout.add, scaleout.powered), so T8 judges it alike; a step not carried out is recorded
// as such, never as the core's failure.
import { lookAt, recordLook } from '../observe/core-observer';
import type { FaultKindName } from '../plan/faults';
import { stopRequested } from '../topology/cleanup';
import {
  chassisLed,
  ledHint,
  chassisOf,
  faultEnder,
  powerStateOf,
  refuser,
  systemOf,
  type FieldFaultContext,
  type FieldFaultOutcome,
} from './field-fault';
import { type Operator, answerSaid } from './operator';
import { abortedBy, rackStep } from './rack-step';

export interface FieldNodeConnect {
  id: string;
  /** the node's name in the target file */
  node: string;
  /** the address it will have, when the target file gives one (else: any address the core did not list before) */
  address?: string;
  bmc: { url: string; headers: Record<string, string> };
  /** once its BMC shows it On, how long the core is watched to list it */
  registerSeconds: number;
  /** after the answer 'done', how long the BMC is watched for the power to come on */
  watchSeconds: number;
  /** longest the person has for the step */
  stepSeconds: number;
  pollMs: number;
  timeoutMs: number;
}

/** the catalogue's kind (sim/plan/faults.ts): a node added, here by the person at the rack */
export const CONNECT_FAULT: FaultKindName = 'add-node';

export async function fieldNodeConnect(f: FieldNodeConnect, ctx: FieldFaultContext & { operator: Operator }): Promise<FieldFaultOutcome> {
  const { history, log, view } = ctx;
  const refuse = refuser(ctx, { id: f.id, fault: CONNECT_FAULT, target: f.node }, `connecting ${f.node}`);
  const before = await lookAt(view);
  // a node the core keeps as disconnected that comes back is no new node: the baseline is every node it knows
  const known = view.nodesKnown ? await view.nodesKnown().catch(() => null) : [];
  if (!before.nodes || !known)
    return refuse(`the core did not list its storage nodes (${before.errors.nodes ?? 'no answer'}): a new one could not be seen joining`);
  const listed = new Set([...before.nodes.map((n) => n.address), ...known]);
  if (f.address && listed.has(f.address)) return refuse(`the core already lists ${f.address}: ${f.node} is connected already`);
  let system: URL;
  try {
    system = await systemOf(f.bmc, f.timeoutMs);
  } catch (e) {
    return refuse(`its BMC: ${(e as Error).message}`);
  }
  const power = await powerStateOf(system, f.bmc, f.timeoutMs);
  if (power === null) return refuse(`its BMC at ${f.bmc.url} does not report the node's PowerState: the power coming on could not be seen`);
  if (power !== 'Off')
    return refuse(`its BMC reports PowerState ${power}: the first connection is timed from the power coming on (power the node off first)`);
  if (stopRequested()) return refuse('the run is being stopped');

  recordLook(history, before, { by: 'nemesis', faultId: f.id, when: 'before' });
  history.append({
    kind: 'fault.start',
    id: f.id,
    fault: CONNECT_FAULT,
    node: f.node,
    target: f.node,
    mode: 'operator',
    ...(f.address ? { address: f.address } : {}),
  });
  let added = false;
  const onState = (state: string) => {
    history.append({ kind: 'field.power', id: f.id, node: f.node, state, atWall: Date.now() });
    // T8 counts from here: the node powered on, as its BMC shows it
    if (state === 'On' && !added) {
      added = true;
      history.append({ kind: 'scaleout.add', node: f.node, bays: null, configured: [], defect: null, mode: 'operator' });
    }
  };
  const last = { state: power as string | null };
  onState(power);
  history.sync();
  const end = faultEnder(history, f.id);
  const chassis = await chassisOf(f.bmc, f.timeoutMs);
  const lit = await chassisLed(ctx, f, chassis, true);
  try {
    const step = await rackStep(
      {
        id: f.id,
        step: 'connect',
        instruction: `connect ${f.node} to the storage network and power it on (${ledHint(lit)}; give it nothing but the core's master address), then answer done`,
        deviceState: () => powerStateOf(system, f.bmc, f.timeoutMs),
        deviceShows: (s) => s === 'On',
        coreShows: async () => {
          const nodes = await view.nodeStates().catch(() => null);
          return nodes?.find((n) => !listed.has(n.address) && (!f.address || n.address === f.address))?.address;
        },
        onState,
      },
      { stepSeconds: f.stepSeconds, afterDoneSeconds: f.watchSeconds, coreSeconds: f.registerSeconds, pollMs: f.pollMs },
      ctx,
      last,
    );
    if (step.seen.deviceWall === null) {
      const why =
        step.reply.answer === 'done'
          ? `${step.reply.who} answered done, but its BMC never showed ${f.node} powered on (within ${f.watchSeconds} s of the answer)`
          : `${f.node} was not connected: ${answerSaid(step.reply, f.stepSeconds)}`;
      log(`${f.id}: ${why}`);
      return end({ notDone: why }, abortedBy(step.reply));
    }
    const address = step.seen.shown;
    if (address === undefined) {
      log(
        `${f.id}: its BMC showed ${f.node} On; the core listed no new storage node${f.address ? ` at ${f.address}` : ''} within ${f.registerSeconds} s`,
      );
      // the writes after a node that joined measure its share; with none joined there is nothing more to measure
      return end({ notListedWithinSeconds: f.registerSeconds }, abortedBy(step.reply) ?? `no node joined within ${f.registerSeconds} s`);
    }
    history.append({ kind: 'scaleout.powered', node: f.node, address });
    log(`${f.id}: its BMC showed ${f.node} On; the core listed it at ${address} ${step.seen.coreSeconds} s after`);
    return end({}, abortedBy(step.reply));
  } finally {
    await chassisLed(ctx, f, chassis, false);
  }
}
