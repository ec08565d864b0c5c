// The time stamp in run, trial and report ids: Beijing time (UTC+8), where the buyer reads it,
// as YYYYMMDD-HHMMSS.
export const beijingStamp = (ms: number = Date.now()): string =>
  new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
