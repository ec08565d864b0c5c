// When arrival-rate iterations are due (open model): pure functions of the scenario,
// so the schedule is testable without timers and the same on every run.

/** constant-arrival-rate: iteration i is due at i * timeUnit / rate, for offsets < duration (first at 0, as k6). */
export function* constantArrivals(rate: number, timeUnitMs: number, durationMs: number): Generator<number> {
  if (!(rate > 0) || !(timeUnitMs > 0)) throw new RangeError(`rate (${rate}) and timeUnit (${timeUnitMs} ms) must be > 0`);
  const interval = timeUnitMs / rate;
  for (let i = 0; ; i++) {
    const t = i * interval; // multiply, not accumulate: no drift over long runs
    if (t >= durationMs) return;
    yield t;
  }
}

export interface StageMs {
  durationMs: number;
  /** iterations per timeUnit at the stage's end; the rate moves linearly to it */
  target: number;
}

/**
 * ramping-arrival-rate: the rate moves linearly within each stage, and iteration k is due
 * when the integral of the rate (iterations so far) reaches k. Iteration 0 is due at 0.
 */
export function* rampingArrivals(startRate: number, timeUnitMs: number, stages: readonly StageMs[]): Generator<number> {
  if (!(timeUnitMs > 0)) throw new RangeError(`timeUnit must be > 0 ms, got ${timeUnitMs}`);
  let k = 0; // next iteration index
  let done = 0; // iterations accumulated at the start of the stage (fractional)
  let stageStart = 0;
  let r0 = startRate;
  const EPS = 1e-9;
  for (const st of stages) {
    const D = st.durationMs;
    const r1 = st.target;
    if (D > 0) {
      // iterations in this stage: area of the trapezoid, in timeUnits
      const stageTotal = ((r0 + r1) / 2) * (D / timeUnitMs);
      const a = (r1 - r0) / (2 * D * timeUnitMs); // C(t) = done + b t + a t^2
      const b = r0 / timeUnitMs;
      while (k < done + stageTotal - EPS) {
        const need = k - done;
        // root of a t^2 + b t - need = 0 in the cancellation-free form
        const disc = Math.max(0, b * b + 4 * a * need);
        const t = need <= 0 ? 0 : (2 * need) / (b + Math.sqrt(disc));
        yield stageStart + Math.min(t, D);
        k++;
      }
      done += stageTotal;
      stageStart += D;
    }
    r0 = r1;
  }
}
