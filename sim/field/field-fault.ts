// What the faults of a field run share: the context they run in, what they hand back, the
// safety check before them, and the rule that a BMC's links are followed on the BMC only.
import type { CoreView } from '../core/adapter';
import type { HistoryWriter } from '../history';
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
