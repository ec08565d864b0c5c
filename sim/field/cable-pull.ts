// A node's network cable pulled and put back by the person at the rack, on a delivered system
// the harness did not start: the node's locate LED lit through its BMC (Redfish
// LocationIndicatorActive on its chassis), the step shown on the terminal, its effect seen on
// the switch's management interface (the node's port down, then up) and timed from there to
// the core's own list of connected nodes (the node disconnected, then connected again), never
// from a key press. The cable stays out until the core lists the node disconnected (at most
// detectSeconds), as the reference's link-down does. Refused while the core reports a chunk
// below its goal. Recorded as the nemesis records a link-down (link.start, link.end), so T9
// judges it alike; a step not carried out is recorded as such, never as the core's failure.
import { sleep } from '../clock';
import { portStates } from '../inventory/switch-walk';
import { onCleanup, stopRequested } from '../topology/cleanup';
import type { Seen } from '../topology/link-loss';
import { lookAt, recordLook } from '../observe/core-observer';
import {
  chassisLed,
  ledHint,
  chassisOf,
  faultEnder,
  redundancyRefusal,
  refuser,
  type FieldFaultContext,
  type FieldFaultOutcome,
} from './field-fault';
import { type Operator, answerSaid } from './operator';
import { abortedBy, rackStep, type RackStep } from './rack-step';

export interface FieldCablePull {
  id: string;
  /** the node's name in the target file */
  node: string;
  /** its address as the core lists it */
  address: string;
  /** its port as the switch's management interface names it */
  switchPort: string;
  switch: { url: string; headers: Record<string, string> };
  bmc: { url: string; headers: Record<string, string> };
  /** once the switch shows the link down, the cable stays out until the core lists the node disconnected, at most this long */
  detectSeconds: number;
  /** once the switch shows the link up, how long the core is watched to list the node connected again */
  reconnectSeconds: number;
  /** once the core lists it connected again, how long it is watched for a late disconnect */
  settleSeconds: number;
  /** after the answer 'done', how long the switch is watched for the port to change */
  watchSeconds: number;
  /** longest the person has for each step */
  stepSeconds: number;
  pollMs: number;
  timeoutMs: number;
}

export const CABLE_FAULT = 'link-down';

/** OpenConfig oper-status values a switch gives a port whose cable is out */
const LINK_LOST = new Set(['DOWN', 'LOWER_LAYER_DOWN', 'NOT_PRESENT']);

/** The port's oper-status now, null when the switch does not answer or does not list it. */
async function portState(f: FieldCablePull): Promise<string | null> {
  const states = await portStates({ url: f.switch.url, headers: f.switch.headers, timeoutMs: f.timeoutMs });
  return states instanceof Map ? (states.get(f.switchPort) ?? null) : null;
}

export async function fieldCablePull(f: FieldCablePull, ctx: FieldFaultContext & { operator: Operator }): Promise<FieldFaultOutcome> {
  const { history, log, view } = ctx;
  const where = `${f.node} (switch port ${f.switchPort})`;
  const refuse = refuser(ctx, { id: f.id, fault: CABLE_FAULT, target: where }, `pulling the cable of ${where}`);
  const nodeSeen = view.nodeSeen;
  if (!nodeSeen) return refuse("the core's management access does not say which nodes are connected: the link loss could not be seen");
  const before = await lookAt(view);
  // safety on a production system: while the node is cut off, each of its chunks must have a copy elsewhere
  const unsafe = redundancyRefusal(before, f.node, f.address, `the link of ${f.node}`);
  if (unsafe) return refuse(unsafe);
  const seenBefore = await nodeSeen(f.address).catch((e: Error) => `not known (${e.message})`);
  if (seenBefore !== 'connected') return refuse(`the core lists ${f.node} at ${f.address} ${seenBefore}, not connected`);
  const states = await portStates({ url: f.switch.url, headers: f.switch.headers, timeoutMs: f.timeoutMs });
  if (!(states instanceof Map)) return refuse(`the switch's management interface at ${f.switch.url} did not answer: ${states.error}`);
  const state = states.get(f.switchPort);
  if (state === undefined)
    return refuse(`the switch lists no port ${f.switchPort} (its ports: ${[...states.keys()].slice(0, 6).join(', ')}, …)`);
  if (state !== 'UP') return refuse(`the switch reports port ${f.switchPort} ${state}: no link to pull`);
  if (stopRequested()) return refuse('the run is being stopped');

  recordLook(history, before, { by: 'nemesis', faultId: f.id, when: 'before' });
  history.append({ kind: 'fault.start', id: f.id, fault: CABLE_FAULT, node: f.node, address: f.address, target: where, mode: 'operator' });
  history.append({
    kind: 'link.start',
    id: f.id,
    action: CABLE_FAULT,
    node: f.node,
    port: null,
    hold: 'until-detected',
    mode: 'operator',
    switchPort: f.switchPort,
  });
  // the cable out as the switch last showed it: then a run stopped leaves the LED lit and says so
  let out = false;
  const onState = (s: string) => {
    out = LINK_LOST.has(s);
    history.append({ kind: 'field.port', id: f.id, node: f.node, switchPort: f.switchPort, state: s, atWall: Date.now() });
  };
  const last = { state: state as string | null };
  onState(state);
  history.sync();
  const end = faultEnder(history, f.id);
  const chassis = await chassisOf(f.bmc, f.timeoutMs);
  const lit = await chassisLed(ctx, f, chassis, true);
  const reminder = onCleanup(`${where}: the locate LED off, the cable back in`, async () => {
    if (out) log(`${f.id}: THE CABLE OF ${where.toUpperCase()} IS STILL OUT: put it back (the node's locate LED stays lit)`);
    else await chassisLed(ctx, f, chassis, false);
  });
  // what the core said of the node, each change with its wall time (seconds from the link going down in link.end)
  const looks: { wall: number; seen: Seen }[] = [{ wall: Date.now(), seen: 'connected' }];
  const look = async (): Promise<Seen | null> => {
    const seen = await nodeSeen(f.address).catch(() => null);
    if (seen !== null && seen !== looks.at(-1)?.seen) looks.push({ wall: Date.now(), seen });
    return seen;
  };
  const timing = (coreSeconds: number) => ({ stepSeconds: f.stepSeconds, afterDoneSeconds: f.watchSeconds, coreSeconds, pollMs: f.pollMs });
  /** a step watched on the node's switch port, then on the core's list of connected nodes */
  const step = (
    name: string,
    instruction: string,
    portShows: (s: string) => boolean,
    core: Pick<RackStep<Seen>, 'coreShows' | 'whileWaiting'>,
    coreSeconds: number,
  ) =>
    rackStep(
      { id: f.id, step: name, instruction, deviceState: () => portState(f), deviceShows: portShows, ...core, onState },
      timing(coreSeconds),
      ctx,
      last,
    );
  try {
    const unplug = await step(
      'unplug',
      `pull the network cable of ${f.node} out of switch port ${f.switchPort} (${ledHint(lit, "the node's")}), then answer done`,
      (s) => LINK_LOST.has(s),
      {
        coreShows: async () => {
          const seen = await look();
          return seen !== null && seen !== 'connected' ? seen : undefined;
        },
      },
      f.detectSeconds,
    );
    if (unplug.seen.deviceWall === null) {
      const why =
        unplug.reply.answer === 'done'
          ? `${unplug.reply.who} answered done, but the switch never showed port ${f.switchPort} down (within ${f.watchSeconds} s of the answer)`
          : `the cable was not pulled: ${answerSaid(unplug.reply, f.stepSeconds)}`;
      log(`${f.id}: ${why}`);
      if (unplug.reply.answer === 'done') {
        // the switch may be slow to show it: a cable that might be out is asked back, the LED left lit
        out = true;
        log(`${f.id}: IF THE CABLE OF ${where.toUpperCase()} WAS PULLED, PUT IT BACK (the node's locate LED stays lit)`);
      }
      return end({ notDone: why }, abortedBy(unplug.reply));
    }
    const downWall = unplug.seen.deviceWall;
    const detected = unplug.seen.coreSeconds;
    log(
      `${f.id}: the switch showed port ${f.switchPort} down; ${detected === null ? `the core still listed ${f.node} connected ${f.detectSeconds} s later` : `the core listed ${f.node} ${unplug.seen.shown} ${detected} s after`}`,
    );
    // a loss the core noticed only after the cable went back in counts as noticed then (as the reference's replug does)
    let detectedWall = detected === null ? null : downWall + detected * 1000;
    const noticed = async () => {
      const seen = await look();
      if (seen !== null && seen !== 'connected' && detectedWall === null) detectedWall = Date.now();
      return seen;
    };
    const replug = await step(
      'replug',
      `plug the network cable of ${f.node} back into switch port ${f.switchPort} (${ledHint(lit, "the node's")}), then answer done`,
      (s) => s === 'UP',
      {
        // while the cable goes back in, the core is still watched: a loss it notices then is timed then
        whileWaiting: async () => void (await noticed()),
        coreShows: async () => ((await noticed()) === 'connected' ? 'connected' : undefined),
      },
      f.reconnectSeconds,
    );
    const detectedAfterSeconds = detectedWall === null ? null : (detectedWall - downWall) / 1000;
    if (replug.seen.deviceWall === null) {
      const why =
        replug.reply.answer === 'done'
          ? `${replug.reply.who} answered done, but the switch never showed port ${f.switchPort} up again (last: ${last.state ?? 'unreadable'})`
          : `the cable was not put back: ${answerSaid(replug.reply, f.stepSeconds)}`;
      log(`${f.id}: ${why}: THE CABLE OF ${where.toUpperCase()} IS STILL OUT`);
      return end({ notDone: why }, abortedBy(unplug.reply, replug.reply));
    }
    const upWall = replug.seen.deviceWall;
    const reconnected = detectedAfterSeconds === null ? null : replug.seen.coreSeconds;
    // connected again and staying so: a node that drops again at once is not back
    if (replug.seen.coreSeconds !== null)
      for (const until = Date.now() + f.settleSeconds * 1000; Date.now() < until && !ctx.signal?.aborted;) {
        await sleep(f.pollMs, ctx.signal);
        await look();
      }
    log(
      `${f.id}: the switch showed port ${f.switchPort} up; ${replug.seen.coreSeconds === null ? `the core did not list ${f.node} connected within ${f.reconnectSeconds} s` : `the core listed it connected ${replug.seen.coreSeconds} s after`}`,
    );
    history.append({
      kind: 'link.end',
      id: f.id,
      action: CABLE_FAULT,
      node: f.node,
      port: null,
      address: f.address,
      downSeconds: (upWall - downWall) / 1000,
      detectedAfterSeconds,
      reconnectedAfterSeconds: reconnected,
      connectedAtEnd: looks.at(-1)?.seen === 'connected',
      timeline: looks.filter((l) => l.wall >= downWall).map((l) => ({ t: (l.wall - downWall) / 1000, seen: l.seen })),
      pollSeconds: f.pollMs / 1000,
    });
    return end({}, abortedBy(unplug.reply, replug.reply));
  } finally {
    if (!out) {
      await chassisLed(ctx, f, chassis, false);
      reminder();
    }
  }
}
