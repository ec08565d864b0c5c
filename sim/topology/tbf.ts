// Token-bucket parameters for a port's speed (tc tbf). Pure.
//
// burst: at least one kernel tick of traffic at the rate (CONFIG_HZ=250 here -> 4 ms), the
// usual tbf rule so the shaper can reach its rate when its timer fires late; never below
// 16 KiB (ten full 1514-byte frames) so slow ports do not drop every frame larger than
// the bucket. A real switch port has no such bucket; at 10 Mb/s 16 KiB is 13 ms of line
// rate, which is invisible in a transfer measured over seconds.
// limit: the bucket plus 50 ms of queue at the rate, in the range of a switch port's
// buffer; beyond it frames are dropped, as on a congested switch port.

export const TICK_SECONDS = 0.004;
export const MIN_BURST_BYTES = 16 * 1024;
export const QUEUE_SECONDS = 0.05;

export interface TbfParams {
  rateBitsPerSecond: number;
  rateBytesPerSecond: number;
  burstBytes: number;
  limitBytes: number;
}

export function tbfParams(rateBitsPerSecond: number): TbfParams {
  if (!Number.isFinite(rateBitsPerSecond) || rateBitsPerSecond < 8)
    throw new RangeError(`tbf rate must be >= 8 bit/s, got ${rateBitsPerSecond}`);
  const rateBytesPerSecond = Math.round(rateBitsPerSecond / 8);
  const burstBytes = Math.max(MIN_BURST_BYTES, Math.ceil(rateBytesPerSecond * TICK_SECONDS));
  const limitBytes = burstBytes + Math.ceil(rateBytesPerSecond * QUEUE_SECONDS);
  return { rateBitsPerSecond, rateBytesPerSecond, burstBytes, limitBytes };
}

/** Arguments after `tc qdisc replace dev X root`. Plain numbers are bytes for tc. */
export function tbfArgs(p: TbfParams): string[] {
  return ['tbf', 'rate', `${p.rateBitsPerSecond}bit`, 'burst', String(p.burstBytes), 'limit', String(p.limitBytes)];
}

/** tc reports the bucket converted through scheduler ticks: allow 1 % rounding. */
export const BURST_TOLERANCE = 0.01;

/** Does a tbf read back from the kernel realise this port speed? */
export function tbfMatches(read: { rateBytesPerSecond: number; burstBytes: number }, mbps: number): boolean {
  const want = tbfParams(mbps * 1_000_000);
  return (
    read.rateBytesPerSecond === want.rateBytesPerSecond && Math.abs(read.burstBytes - want.burstBytes) <= want.burstBytes * BURST_TOLERANCE
  );
}
