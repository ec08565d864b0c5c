// One step a person at the rack takes in a field run (a disk pulled, a cable put back), asked
// on the terminal while its effect is watched: first on the device that shows it (the BMC's
// drive, the switch's port), then on the core, timed from the device showing it, never from
// the answer. Shared by every operator fault of sim/field.
import { performance } from 'node:perf_hooks';
import { sleep } from '../clock';
import type { HistoryWriter } from '../history';
import { type Operator, type OperatorReply, answerSaid } from './operator';

export interface RackStep<T> {
  /** the fault's id, the step's name and what the person is asked to do, where */
  id: string;
  step: string;
  instruction: string;
  /** the device's word for the step's state now (the drive's Status.State, the port's oper-status), null when it does not answer */
  deviceState(): Promise<string | null>;
  /** the state that shows the step done */
  deviceShows(state: string): boolean;
  /** the core's view showing the step's effect, undefined while it does not (asked once the device showed it) */
  coreShows(): Promise<T | undefined>;
  /** called at each change of the device's state (to record it) */
  onState(state: string): void;
  /** called at each poll while the device has not shown the step (to watch the core meanwhile) */
  whileWaiting?(): Promise<void>;
}

export interface RackStepTiming {
  /** longest the person has for the step */
  stepSeconds: number;
  /** after the answer 'done', how long the device is watched for the effect */
  afterDoneSeconds: number;
  /** after the device showed it, how long the core is watched */
  coreSeconds: number;
  pollMs: number;
}

/** What the watch saw: when the device showed the effect, and how long after that the core showed it (null: not within its watch). */
export interface StepSeen<T> {
  deviceWall: number | null;
  coreSeconds: number | null;
  shown?: T;
}

export interface RackStepContext {
  operator: Operator;
  history: HistoryWriter;
  log: (m: string) => void;
  signal?: AbortSignal;
}

/** The device's state until it shows the step, then the core until it does; ends early when the answer was not 'done', or 'done' with nothing shown after afterDoneSeconds. */
async function watch<T>(
  s: RackStep<T>,
  t: RackStepTiming,
  ctx: RackStepContext,
  answered: () => OperatorReply | undefined,
  last: { state: string | null },
): Promise<StepSeen<T>> {
  const seen: StepSeen<T> = { deviceWall: null, coreSeconds: null };
  let deviceAt = 0;
  for (;;) {
    if (ctx.signal?.aborted) throw new Error(`${s.id}: the run is being stopped`);
    if (seen.deviceWall === null) {
      const state = await s.deviceState();
      if (state !== null && state !== last.state) {
        last.state = state;
        s.onState(state);
      }
      if (state !== null && s.deviceShows(state)) {
        seen.deviceWall = Date.now();
        deviceAt = performance.now();
      } else {
        await s.whileWaiting?.();
        const reply = answered();
        if (reply && (reply.answer !== 'done' || Date.now() - reply.answeredWall > t.afterDoneSeconds * 1000)) return seen;
      }
    }
    if (seen.deviceWall !== null) {
      const shown = await s.coreShows();
      if (shown !== undefined) return { ...seen, coreSeconds: Math.round(performance.now() - deviceAt) / 1000, shown };
      if (performance.now() - deviceAt > t.coreSeconds * 1000) return seen;
    }
    await sleep(t.pollMs, ctx.signal);
  }
}

/** Asks the person and watches the step side by side; the answer is recorded with who gave it (operator.step). */
export async function rackStep<T>(
  s: RackStep<T>,
  t: RackStepTiming,
  ctx: RackStepContext,
  last: { state: string | null },
): Promise<{ reply: OperatorReply; seen: StepSeen<T> }> {
  let reply: OperatorReply | undefined;
  // a step the run stopped during: its answer (the operator closed: 'abort') comes after the history closed, and is dropped
  let abandoned = false;
  const asked = ctx.operator.ask({ instruction: s.instruction, timeoutMs: t.stepSeconds * 1000 }).then((r) => {
    reply = r;
    if (abandoned) return r;
    ctx.history.append({ kind: 'operator.step', id: s.id, step: s.step, instruction: s.instruction, ...r });
    ctx.log(`${s.id}: ${answerSaid(r, t.stepSeconds)} to: ${s.instruction}`);
    return r;
  });
  try {
    const seen = await watch(s, t, ctx, () => reply, last);
    // the effect seen, the answer may still be due: a stop does not wait for it
    const answer = await new Promise<OperatorReply>((resolve, reject) => {
      const stop = () => reject(new Error(`${s.id}: the run is being stopped`));
      if (ctx.signal?.aborted) return stop();
      ctx.signal?.addEventListener('abort', stop, { once: true });
      asked.then((r) => {
        ctx.signal?.removeEventListener('abort', stop);
        resolve(r);
      }, reject);
    });
    return { reply: answer, seen };
  } catch (e) {
    abandoned = true;
    asked.catch(() => undefined);
    throw e;
  }
}

/** The run's stop asked for by the person at the rack, from either step's answer. */
export const abortedBy = (...replies: OperatorReply[]) => {
  const r = replies.find((x) => x.answer === 'abort');
  return r ? `${r.who} aborted the run` : undefined;
};
