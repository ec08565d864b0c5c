// What the faults of a field run share: the context they run in, what they hand back, the
// safety check before them, how a refusal and an end are recorded, the locate LED, and the
// rule that a BMC's links are followed on the BMC only.
import { performance } from 'node:perf_hooks';
import type { CoreView } from '../core/adapter';
import type { HistoryWriter } from '../history';
import { fetchJson } from '../inventory/fetch-json';
import type { CoreLook } from '../observe/core-observer';

export interface FieldFaultContext {
  history: HistoryWriter;
  view: CoreView;
  log: (m: string) => void;
  signal?: AbortSignal;
}

/** not run (refused, and why), or run; `stop`: the person at the rack aborted the run, and how they said it */
export type FieldFaultOutcome = { ran: false; reason: string } | { ran: true; stop?: string };

/** A fault of a field run as the probe schedules it: after `afterSeconds` of writing, the cameras going on `settleSeconds` after it ends. */
export interface ScheduledFieldFault {
  id: string;
  /** the fault's kind as its history names it (fault.start, fault.refused) */
  fault: string;
  target: string;
  afterSeconds: number;
  settleSeconds: number;
  perform(ctx: FieldFaultContext): Promise<FieldFaultOutcome>;
}

/** A link the BMC gives, on the BMC itself: the account is never sent to another host it names. */
export function onBmc(link: string, bmc: { url: string }): URL {
  const u = new URL(link, bmc.url);
  if (u.origin !== new URL(bmc.url).origin) throw new Error(`${bmc.url} names ${u.origin} for its system: not the BMC of the target file`);
  return u;
}

/**
 * Why the system's remaining redundancy could not absorb losing part of `address` now, or null:
 * every chunk must be at its goal and the node listed by the core.
 */
export function redundancyRefusal(before: CoreLook, node: string, address: string, losing: string): string | null {
  if (!before.nodes || !before.health) return 'the core did not answer: its redundancy cannot be checked';
  const below = before.health.missing + before.health.endangered + before.health.undergoal;
  if (below > 0)
    return `the core reports ${before.health.missing} chunks missing, ${before.health.endangered} with one copy and ${before.health.undergoal} under goal: losing ${losing} could lose data`;
  // stable to the core, yet one copy: a folder set to goal 1 on purpose
  if ((before.health.oneCopyByGoal ?? 0) > 0)
    return `the core keeps ${before.health.oneCopyByGoal} chunks at one copy (their goal is 1; deleted files in its trash count too): losing ${losing} could lose them`;
  if (!before.nodes.some((n) => n.address === address))
    return `the core does not list ${node} at ${address}: not a node of this core, or already gone`;
  return null;
}

/** One bounded request that changes something on a BMC (a reset, an LED): its HTTP status, or why there was none. */
export async function sendToBmc(
  url: URL,
  method: 'POST' | 'PATCH',
  body: unknown,
  bmc: { headers: Record<string, string> },
  timeoutMs: number,
): Promise<{ status: number | null; error?: string }> {
  try {
    const res = await fetch(url, {
      method,
      headers: { ...bmc.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.text();
    return res.ok ? { status: res.status } : { status: res.status, error: `HTTP ${res.status}` };
  } catch (e) {
    return { status: null, error: (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e as Error).message };
  }
}

/** The refusal of a fault before anything is done: recorded (fault.refused), said on the terminal, returned. */
export function refuser(ctx: FieldFaultContext, f: { id: string; fault: string; target: string }, what: string) {
  return (reason: string): FieldFaultOutcome => {
    ctx.history.append({ kind: 'fault.refused', id: f.id, fault: f.fault, target: f.target, reason });
    ctx.log(`${f.id}: ${what} refused: ${reason}`);
    return { ran: false, reason };
  };
}

/** The end of a fault that ran, from now on: fault.end with the seconds since, synced; a stop asked by the person at the rack handed on. */
export function faultEnder(history: HistoryWriter, id: string) {
  const t0 = performance.now();
  return (fields: Record<string, unknown>, stop?: string): FieldFaultOutcome => {
    history.append({ kind: 'fault.end', id, waitedSeconds: Math.round(performance.now() - t0) / 1000, ...fields });
    history.sync();
    return stop ? { ran: true, stop } : { ran: true };
  };
}

/**
 * A locate LED on or off through the BMC (`url`: a drive or a chassis; null: the BMC names none),
 * recorded as field.redfish with what the BMC shows after the change; an error is logged, not
 * thrown: the LED only guides. Redfish's LocationIndicatorActive, or the deprecated IndicatorLED
 * where the resource has only that (BMCs older than Redfish 2020.3). `what` names the LED in the
 * record, `where` on the terminal. True when the BMC shows the LED as asked.
 */
export async function setLocateLed(
  ctx: FieldFaultContext,
  f: { id: string; node: string; bmc: { headers: Record<string, string> }; timeoutMs: number },
  url: URL | null,
  led: { what: string; where: string; missing?: string },
  on: boolean,
): Promise<boolean> {
  const resource = url ? await fetchJson(url, f.bmc.headers, f.timeoutMs) : null;
  const legacy = !!resource?.ok && !('LocationIndicatorActive' in resource.body) && 'IndicatorLED' in resource.body;
  const property = legacy ? 'IndicatorLED' : 'LocationIndicatorActive';
  const value = legacy ? (on ? 'Blinking' : 'Off') : on;
  const { status, error } = url
    ? await sendToBmc(url, 'PATCH', { [property]: value }, f.bmc, f.timeoutMs)
    : { status: null, error: led.missing ?? 'the BMC names no such resource' };
  const after = url && !error ? await fetchJson(url, f.bmc.headers, f.timeoutMs) : null;
  const shown = after?.ok ? after.body[property] : undefined;
  const asAsked = legacy ? (on ? shown === 'Blinking' || shown === 'Lit' : shown === 'Off') : shown === on;
  const problem =
    error ?? (asAsked ? undefined : `the BMC shows ${property} ${shown === undefined ? '(not read)' : String(shown)} after the change`);
  ctx.history.append({
    kind: 'field.redfish',
    id: f.id,
    node: f.node,
    action: `${led.what} ${property} ${value}`,
    status,
    powerState: null,
    ...(shown === undefined ? {} : { readBack: String(shown) }),
    ...(problem ? { error: problem } : {}),
  });
  if (problem) ctx.log(`${f.id}: the locate LED of ${led.where} not turned ${on ? 'on' : 'off'}: ${problem}`);
  return asAsked;
}

/** Where the person at the rack finds the part: by its locate LED when the BMC shows it lit, else by its label. */
export const ledHint = (lit: boolean, whose = 'its'): string =>
  lit ? `${whose} locate LED is lit` : `${whose} locate LED could NOT be lit: find it by its label`;

/** A node's chassis on its BMC (the first the BMC lists), for its locate LED; null when the BMC names none. */
export async function chassisOf(bmc: { url: string; headers: Record<string, string> }, timeoutMs: number): Promise<URL | null> {
  const r = await fetchJson(new URL('/redfish/v1/Chassis', bmc.url), bmc.headers, timeoutMs);
  const first = r.ok ? (r.body.Members as { '@odata.id'?: string }[] | undefined)?.[0]?.['@odata.id'] : undefined;
  return first ? onBmc(first, bmc) : null;
}

/** A node's chassis locate LED on or off (setLocateLed). */
export const chassisLed = (
  ctx: FieldFaultContext,
  f: { id: string; node: string; bmc: { headers: Record<string, string> }; timeoutMs: number },
  chassis: URL | null,
  on: boolean,
) => setLocateLed(ctx, f, chassis, { what: 'Chassis', where: f.node, missing: 'the BMC lists no chassis' }, on);

/** A node's ComputerSystem on its BMC (the first the BMC lists); throws, saying why, when there is none. */
export async function systemOf(bmc: { url: string; headers: Record<string, string> }, timeoutMs: number): Promise<URL> {
  const systems = await fetchJson(new URL('/redfish/v1/Systems', bmc.url), bmc.headers, timeoutMs);
  if (!systems.ok) throw new Error(`${bmc.url}/redfish/v1/Systems: ${systems.error}`);
  const first = (systems.body.Members as { '@odata.id'?: string }[] | undefined)?.[0]?.['@odata.id'];
  if (!first) throw new Error(`${bmc.url}: no ComputerSystem listed`);
  return onBmc(first, bmc);
}

/** The system's PowerState as its BMC reports it now, null when it does not answer or does not say. */
export async function powerStateOf(system: URL, bmc: { headers: Record<string, string> }, timeoutMs: number): Promise<string | null> {
  const r = await fetchJson(system, bmc.headers, timeoutMs);
  return r.ok && typeof r.body.PowerState === 'string' ? r.body.PowerState : null;
}
