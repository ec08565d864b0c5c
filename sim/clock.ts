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

/** true when `p` settles within `ms` (no timer left behind either way) */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  if (ms === Number.POSITIVE_INFINITY)
    return p.then(
      () => true,
      () => true,
    );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      p.then(
        () => true as const,
        () => true as const,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
