// Two clocks (DESIGN.md): real time for everything the core does, never scaled;
// virtual time for device physics, running `accel` times faster than real time.
import { performance } from 'node:perf_hooks';

export interface ClockReading {
  /** wall-clock epoch milliseconds */
  wall: number;
  /** monotonic milliseconds since the run started (for durations) */
  mono: number;
  /** virtual epoch milliseconds (device physics), = virtualStart + mono * accel */
  virt: number;
}

export class RunClock {
  readonly startWall: number;
  private readonly startMono: number;
  constructor(
    readonly accel: number = 1,
    readonly virtualStart: number = Date.now(),
  ) {
    if (!(accel > 0)) throw new RangeError(`time acceleration must be > 0, got ${accel}`);
    this.startWall = Date.now();
    this.startMono = performance.now();
  }
  /** monotonic milliseconds since start */
  mono(): number {
    return performance.now() - this.startMono;
  }
  now(): ClockReading {
    const mono = this.mono();
    return { wall: this.startWall + mono, mono, virt: this.virtualStart + mono * this.accel };
  }
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done() {
      signal?.removeEventListener('abort', done);
      clearTimeout(t);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** setTimeout takes at most 2^31-1 ms (24.8 days); longer waits go in steps */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Awaits `p` for at most `ms` (or until `signal` aborts), leaving no timer behind; true when `p` settled (resolved or rejected). */
export async function waitAtMost(p: Promise<unknown>, ms: number, signal?: AbortSignal): Promise<boolean> {
  const done = new AbortController();
  const onAbort = () => done.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) done.abort();
  let settled = false;
  // settled, never rejected: a rejection is the caller's to handle on `p` itself
  const over = p.then(
    () => void (settled = true),
    () => void (settled = true),
  );
  const deadline = performance.now() + ms;
  try {
    while (!settled && !done.signal.aborted) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      await Promise.race([over, sleep(Math.min(left, MAX_TIMER_MS), done.signal)]);
    }
  } finally {
    done.abort();
    signal?.removeEventListener('abort', onAbort);
  }
  return settled;
}

export class CallTimeout extends Error {}

/** `p`, or a CallTimeout naming `what` after `ms` (a call to a daemon or a container that hangs); `p` itself goes on. */
export async function withinMs<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  if (await waitAtMost(p, ms)) return p;
  p.catch(() => undefined);
  throw new CallTimeout(`${what}: no answer within ${ms / 1000} s`);
}
