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

/**
 * Seconds from `fromMono` (the fault, or the power's return) to the start of the first
 * window whose acknowledged bytes per second reach `fullRateFraction` of the rate over the
 * `baselineSeconds` before `faultMono`; null when no window that ends by `untilMono` does,
 * or when nothing was acknowledged in the baseline (no rate to come back to).
 * `acks` in mono order, as the history holds them.
 */
export function fullRateAfter(
  acks: readonly Ack[],
  at: { faultMono: number; fromMono: number; untilMono: number },
  rw: RateWindows,
): number | null {
  const windowMs = rw.rateWindowSeconds * 1000;
  const baselineMs = rw.baselineSeconds * 1000;
  const sum = prefixSums(acks);
  const bytesIn = (a: number, b: number) => sum.at(b) - sum.at(a);
  const baseline = bytesIn(at.faultMono - baselineMs, at.faultMono) / baselineMs;
  if (!(baseline > 0)) return null;
  for (let w = at.fromMono; w + windowMs <= at.untilMono; w += STEP_MS)
    if (bytesIn(w, w + windowMs) / windowMs >= rw.fullRateFraction * baseline) return (w - at.fromMono) / 1000;
  return null;
}

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
