// k6-style durations: '30s', '2m', '1h30m', '500ms', '1.5s', '250us'. Milliseconds everywhere
// inside the engine; a bare number is taken as milliseconds (k6 does the same in JS options).

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001 };
const PART = /(\d+(?:\.\d+)?)(ms|us|µs|h|m|s)/y;

export class DurationError extends Error {
  override name = 'DurationError';
}

/** Parses a k6 duration to milliseconds; throws DurationError naming the input and the expected form. */
export function parseDuration(input: string | number, what = 'duration'): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new DurationError(`${what}: ${input} is not a non-negative number of milliseconds`);
    return input;
  }
  const s = input.trim();
  if (s === '') throw new DurationError(`${what}: empty string; expected e.g. '30s', '2m', '1h30m', '500ms'`);
  if (/^\d+(\.\d+)?$/.test(s)) {
    // k6 rejects unit-less strings too: '30' is ambiguous (seconds? ms?), so make the user say.
    throw new DurationError(`${what}: '${input}' has no unit; write '${s}s' or '${s}ms' (units: h, m, s, ms, us)`);
  }
  let total = 0;
  PART.lastIndex = 0;
  let pos = 0;
  while (pos < s.length) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (!m) {
      throw new DurationError(
        `${what}: cannot read '${input}' at '${s.slice(pos)}'; expected e.g. '30s', '2m', '1h30m', '500ms' (units: h, m, s, ms, us)`,
      );
    }
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    pos = PART.lastIndex;
  }
  return total;
}

/** Compact human form for summaries: 950ms, 12.3s, 2m05s, 1h02m. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1) return `${round(ms * 1000, 2)}µs`;
  if (ms < 1000) return `${round(ms, 2)}ms`;
  if (ms < 60_000) return `${round(ms / 1000, 2)}s`;
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const sec = totalS % 60;
  return h > 0 ? `${h}h${pad(m)}m${pad(sec)}s` : `${m}m${pad(sec)}s`;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const pad = (n: number) => String(n).padStart(2, '0');
