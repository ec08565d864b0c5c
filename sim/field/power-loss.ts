// A storage node's power cut and given back through its BMC (Redfish ComputerSystem.Reset:
// ForceOff, then On), or the node forced to restart (ForceRestart: the host reset, what its
// memory held lost, no power-off period), on a delivered system the harness did not start. Refused while the core
// reports a chunk below its goal or the node not listed (the system's remaining redundancy
// could not absorb the loss). Watched through the core's own view until healed by the one
// definition (sim/heal/healed.ts), and recorded as the nemesis records a power loss, so T6
// judges it alike; there is no process to compare, so the core seeing the node gone is what
// shows the cut took effect.
import { performance } from 'node:perf_hooks';
import { sleep } from '../clock';
import { healedNow, type HealQuestion } from '../heal/healed';
import { fetchJson } from '../inventory/fetch-json';
import { onCleanup, stopRequested } from '../topology/cleanup';
import { lookAt, recordLook } from '../observe/core-observer';
import { onBmc, redundancyRefusal, refuser, sendToBmc, systemOf, type FieldFaultContext, type FieldFaultOutcome } from './field-fault';

export interface FieldPowerLoss {
  id: string;
  /** power-loss: ForceOff, then On after offSeconds; restart: ForceRestart */
  mode: FieldResetMode;
  /** the node's name in the target file */
  node: string;
  /** its address as the core lists it */
  address: string;
  bmc: { url: string; headers: Record<string, string> };
  /** how long the power stays off before the BMC is told to power the node on */
  offSeconds: number;
  /** longest the heal is watched for after the power comes back */
  watchSeconds: number;
  timeoutMs: number;
}

export type FieldResetMode = 'power-loss' | 'restart';

type ResetType = 'ForceOff' | 'On' | 'ForceRestart';

/**
 * Each mode once: the reset types it needs of the BMC (On for a restart too: a node left off is
 * powered on before the run ends), its name, what heals it, and what its heal is counted from.
 */
const MODES: Record<FieldResetMode, { needs: ResetType[]; what: string; healedBy: string; from: string }> = {
  'power-loss': {
    needs: ['ForceOff', 'On'],
    what: 'power loss',
    healedBy: 'power on through the BMC (Redfish ComputerSystem.Reset On)',
    from: 'the power came back',
  },
  restart: {
    needs: ['ForceRestart', 'On'],
    what: 'forced restart',
    healedBy: 'its own restart (Redfish ComputerSystem.Reset ForceRestart)',
    from: 'the restart began',
  },
};

/** The ComputerSystem's reset action of a BMC, as its service names it: the first system's. */
async function resetTarget(bmc: FieldPowerLoss['bmc'], timeoutMs: number, needs: ResetType[]): Promise<{ system: URL; reset: URL }> {
  const system = await systemOf(bmc, timeoutMs);
  const sys = await fetchJson(system, bmc.headers, timeoutMs);
  if (!sys.ok) throw new Error(`${system.href}: ${sys.error}`);
  const action = (sys.body.Actions as Record<string, { target?: string; 'ResetType@Redfish.AllowableValues'?: string[] }> | undefined)?.[
    '#ComputerSystem.Reset'
  ];
  if (!action?.target) throw new Error(`${system.href}: no #ComputerSystem.Reset action`);
  const allowed = action['ResetType@Redfish.AllowableValues'];
  const missing = allowed ? needs.filter((t) => !allowed.includes(t)) : [];
  if (missing.length) throw new Error(`${system.href}: the reset action does not allow ${missing.join(' and ')}`);
  return { system, reset: onBmc(action.target, bmc) };
}

/** One reset, and the power state the BMC reports afterwards, recorded (field.redfish); that state is returned. */
async function reset(f: FieldPowerLoss, ctx: FieldFaultContext, at: { system: URL; reset: URL }, type: ResetType): Promise<string | null> {
  const { status, error } = await sendToBmc(at.reset, 'POST', { ResetType: type }, f.bmc, f.timeoutMs);
  const read = await fetchJson(at.system, f.bmc.headers, f.timeoutMs);
  const powerState = read.ok ? String(read.body.PowerState ?? 'unknown') : null;
  ctx.history.append({
    kind: 'field.redfish',
    id: f.id,
    node: f.node,
    action: `ComputerSystem.Reset ${type}`,
    status,
    powerState,
    ...(error ? { error } : {}),
  });
  ctx.log(
    `${f.id}: ${f.node} ComputerSystem.Reset ${type}: ${error ?? `HTTP ${status}`}, the BMC says PowerState ${powerState ?? 'unreadable'}`,
  );
  // a BMC that answered no (an HTTP error), or answers nothing at all, did not reset the node; one slow to answer
  // the request (it may answer once the host went down, as the twins do) may have: the power state read back and
  // the core's own view say what happened, and T6 judges from them
  if (error && (status !== null || powerState === null))
    throw new Error(`${f.id}: ${f.node}'s BMC refused ComputerSystem.Reset ${type}: ${error}`);
  return powerState;
}

/** The power back on: On asked (up to three times, 5 s apart) until the BMC reports the node On; nothing asked of a node it reports On already (some BMCs refuse On then). */
async function powerOn(f: FieldPowerLoss, ctx: FieldFaultContext, at: { system: URL; reset: URL }): Promise<void> {
  const now = await fetchJson(at.system, f.bmc.headers, f.timeoutMs);
  if (now.ok && now.body.PowerState === 'On') return;
  let last = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      if ((await reset(f, ctx, at, 'On')) === 'On') return;
      last = 'the BMC does not report it On';
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(5000);
  }
  ctx.log(`${f.id}: ${f.node} MAY STILL BE OFF: power it on by hand (${last})`);
  throw new Error(`${f.id}: ${f.node} not powered on again through its BMC: ${last}`);
}

export async function fieldPowerLoss(f: FieldPowerLoss, ctx: FieldFaultContext): Promise<FieldFaultOutcome> {
  const { history, log } = ctx;
  const before = await lookAt(ctx.view);
  const fault = `crash:${f.mode}`;
  const refuse = refuser(ctx, { id: f.id, fault, target: f.node }, `${MODES[f.mode].what} of ${f.node}`);
  // safety on a production system: the loss of one node must leave every chunk a copy
  const unsafe = redundancyRefusal(before, f.node, f.address, f.node);
  if (unsafe || !before.nodes || !before.health) return refuse(unsafe ?? 'the core did not answer');
  let at: { system: URL; reset: URL };
  try {
    at = await resetTarget(f.bmc, f.timeoutMs, MODES[f.mode].needs);
  } catch (e) {
    return refuse((e as Error).message);
  }
  if (stopRequested()) return refuse('the run is being stopped');
  const expected = before.nodes.map((n) => n.address);
  recordLook(history, before, { by: 'nemesis', faultId: f.id, when: 'before' });
  history.append({ kind: 'fault.start', id: f.id, fault, target: f.node, address: f.address, mode: f.mode, selfHeal: true });
  history.sync();
  // a run stopped while the node is off (Ctrl-C, an error) powers it on before it ends, after
  // a cut still in flight: never left dark
  let cut: Promise<unknown> | undefined;
  const powerBack = onCleanup(`${f.node} powered on again through its BMC`, async () => {
    await cut?.catch(() => undefined);
    await powerOn(f, ctx, at);
  });
  try {
    if (f.mode === 'restart') {
      cut = reset(f, ctx, at, 'ForceRestart');
      await cut;
      // the node restarts by itself; one the BMC does not report On again is powered on
      await powerOn(f, ctx, at);
    } else {
      cut = reset(f, ctx, at, 'ForceOff');
      await cut;
      history.append({ kind: 'fault.effect', id: f.id, power: 'off' });
      await sleep(f.offSeconds * 1000, ctx.signal);
      // the power back: the BMC powers the node on as a power-restore policy would; its boot is real, not simulated
      history.append({ kind: 'heal.power-restored', id: f.id });
      await powerOn(f, ctx, at);
    }
    powerBack();
  } catch (e) {
    // the cleanup stays registered until the node is back on: a Ctrl-C later tries again
    await powerOn(f, ctx, at).then(powerBack, () => undefined);
    throw e;
  }
  history.append({
    kind: 'heal.by',
    id: f.id,
    mechanism: MODES[f.mode].healedBy,
    simulatedBootSeconds: 0,
  });
  const q: HealQuestion = { target: f.node, expected, missingBefore: 0 };
  const t0 = performance.now();
  const waited = () => Math.round(performance.now() - t0) / 1000;
  for (;;) {
    const now = await lookAt(ctx.view);
    const answer = healedNow(q, { registered: now.nodes?.map((n) => n.address) ?? null, chunks: now.health });
    if (answer.healed || waited() >= f.watchSeconds || ctx.signal?.aborted) {
      recordLook(history, now, { by: 'nemesis', faultId: f.id });
      history.append({
        kind: 'fault.end',
        id: f.id,
        recovered: answer.healed,
        atGoal: answer.atGoal,
        pending: answer.pending,
        waitedSeconds: waited(),
      });
      history.sync();
      log(
        `${f.id}: ${f.node} ${answer.healed ? `healed ${waited()} s after ${MODES[f.mode].from}` : `not healed after ${waited()} s: ${answer.pending.join('; ')}`}`,
      );
      return { ran: true };
    }
    await sleep(1000, ctx.signal);
  }
}
