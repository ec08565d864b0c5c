import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['250us', 0.25],
    [' 10s ', 10_000],
    ['0s', 0],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('takes a number as milliseconds', () => {
    expect(parseDuration(1200)).toBe(1200);
  });

  it.each([
    ['', /empty/],
    ['30', /no unit; write '30s' or '30ms'/],
    ['10 s', /cannot read '10 s' at '10 s'/],
    ['5d', /cannot read '5d' at '5d'/],
    ['s', /cannot read/],
    ['1m-5s', /at '-5s'/],
  ])('rejects %j with a message that says why', (text, why) => {
    expect(() => parseDuration(text, 'scenarios.a.duration')).toThrow(DurationError);
    expect(() => parseDuration(text, 'scenarios.a.duration')).toThrow(why);
    expect(() => parseDuration(text, 'scenarios.a.duration')).toThrow(/^scenarios\.a\.duration: /);
  });

  it('rejects negative and non-finite numbers', () => {
    expect(() => parseDuration(-1)).toThrow(/not a non-negative number/);
    expect(() => parseDuration(Number.NaN)).toThrow(DurationError);
  });

  it('formats for humans', () => {
    expect(formatDuration(0.25)).toBe('250µs');
    expect(formatDuration(12.345)).toBe('12.35ms');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(3_725_000)).toBe('1h02m05s');
  });
});
