// The one definition of 'writes back at full rate' after a fault (T6 (b)). The T6 checker
// reads it from the history; the run loops wait on it before the next fault, so that a slow
// recovery is watched to its end (or to the bound) instead of being cut by the next fault.
// Pure: no I/O, no imports.

/** How 'writes back at full rate' is measured (the profile's faults.selfHeal). */
export interface RateWindows {
  /** a window's rate must reach this fraction of the baseline */
  fullRateFraction: number;
  /** the baseline: the cameras' acknowledged bytes per second over this long before the fault */
  baselineSeconds: number;
  /** the window slid over the recovery, in 0.5 s steps */
  rateWindowSeconds: number;
}

/** One acknowledged camera write: when (the history's mono ms) and how many bytes. */
export interface Ack {
  mono: number;
  bytes: number;
}

const STEP_MS = 500;

/** Whether the rate is back, and from when. */
export type FullRate =
  /** nothing was acknowledged in the baseline: there is no rate to come back to */
  | { baseline: 0; backS: null }
  /** baseline: acknowledged bytes per ms before the fault; backS: seconds from `fromMono` to the start of the first
   *  window at full rate, null: none that ends by `untilMono` */
  | { baseline: number; backS: number | null };

/**
 * When the writes came back to full rate: the first window (sliding from `fromMono`, the fault
 * or the power's return) whose acknowledged bytes per second reach `fullRateFraction` of the
 * rate over the `baselineSeconds` before `faultMono`. Only windows that end by `untilMono`
 * count, so a watch until `untilMono` has judged window starts up to `untilMono - rateWindowSeconds`
 * (`judgedSeconds`). `acks` in mono order, as the history holds them.
 */
export function fullRateAfter(
  acks: readonly Ack[],
  at: { faultMono: number; fromMono: number; untilMono: number },
  rw: RateWindows,
): FullRate {
  const windowMs = rw.rateWindowSeconds * 1000;
  const baselineMs = rw.baselineSeconds * 1000;
  const sum = prefixSums(acks);
  const bytesIn = (a: number, b: number) => sum.at(b) - sum.at(a);
  const baseline = bytesIn(at.faultMono - baselineMs, at.faultMono) / baselineMs;
  if (!(baseline > 0)) return { baseline: 0, backS: null };
  for (let w = at.fromMono; w + windowMs <= at.untilMono; w += STEP_MS)
    if (bytesIn(w, w + windowMs) / windowMs >= rw.fullRateFraction * baseline) return { baseline, backS: (w - at.fromMono) / 1000 };
  return { baseline, backS: null };
}

/** Seconds of window starts a watch from `fromMono` to `untilMono` has judged (a window must end by then). */
export const judgedSeconds = (fromMono: number, untilMono: number, rw: RateWindows) =>
  Math.max(0, untilMono - rw.rateWindowSeconds * 1000 - fromMono) / 1000;

/** Bytes acknowledged before a time, by binary search over cumulative sums. */
function prefixSums(acks: readonly Ack[]) {
  const monos = acks.map((a) => a.mono);
  const cum = [0];
  for (const a of acks) cum.push(cum[cum.length - 1]! + a.bytes);
  return {
    /** bytes of the acks with mono < t */
    at(t: number): number {
      let lo = 0;
      let hi = monos.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (monos[mid]! < t) lo = mid + 1;
        else hi = mid;
      }
      return cum[lo]!;
    },
  };
}
