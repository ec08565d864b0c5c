// Seeded randomness. One run seed; every component draws from its own stream,
// derived from the run seed and the component's name, so adding a draw in one
// component never shifts the numbers another component sees (FoundationDB/VOPR style).
import seedrandom from 'seedrandom';

export interface RandomStream {
  readonly name: string;
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [min, max] inclusive */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** exponential variate with the given mean (for arrival processes) */
  exponential(mean: number): number;
  /** an unsigned 32-bit integer, e.g. to seed a faster generator for bulk bytes */
  uint32(): number;
}

export function streamFor(runSeed: string, component: string): RandomStream {
  const rng = seedrandom(`${runSeed}/${component}`);
  const next = () => rng();
  return {
    name: component,
    next,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new RangeError(`int(${min}, ${max}): need integers with min <= max`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    pick(items) {
      if (items.length === 0) throw new RangeError(`pick from an empty list (stream ${component})`);
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    exponential(mean) {
      return -Math.log(1 - next()) * mean;
    },
    uint32() {
      return rng.int32() >>> 0;
    },
  };
}

/**
 * Fills a buffer with pseudo-random bytes from a 32-bit seed (xorshift128+ would be
 * overkill; xorshift32 is enough for payloads whose only job is to be non-compressible
 * and reproducible). seedrandom is ~50x slower per byte, too slow for megabytes a second.
 */
export function fillPseudoRandom(buf: Buffer, seed: number): void {
  let x = seed >>> 0 || 0x9e3779b9;
  const words = Math.floor(buf.length / 4);
  // a Uint32Array view is ~4x faster than writeUInt32LE (cameras write tens of MB/s);
  // same bytes, since the view is little-endian on the machines that can take it
  const view = LITTLE_ENDIAN && buf.byteOffset % 4 === 0 ? new Uint32Array(buf.buffer, buf.byteOffset, words) : null;
  for (let i = 0; i < words; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    if (view) view[i] = x;
    else buf.writeUInt32LE(x, i * 4);
  }
  for (let i = words * 4; i < buf.length; i++) buf[i] = i & 0xff;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Payload bytes from a 32-bit seed, for recording segments (tens of MB/s per run): four
 * interleaved xorshift32 lanes, seeded from the seed, give the CPU four independent chains
 * (measured ~10x the speed of one lane in JS). Words are little-endian; a tail of fewer
 * than 4 bytes is i & 0xff. The writer threads run this very function (its source text),
 * so it must stay self-contained: no helpers, only LITTLE_ENDIAN from outside.
 */
export function fillPayload(buf: Buffer, seed: number): void {
  let a = seed >>> 0 || 0x9e3779b9;
  let b = (a ^ 0x6a09e667) >>> 0 || 1;
  let c = (a ^ 0xbb67ae85) >>> 0 || 1;
  let d = (a ^ 0x3c6ef372) >>> 0 || 1;
  const words = buf.length >>> 2;
  const quads = words & ~3;
  if (LITTLE_ENDIAN && buf.byteOffset % 4 === 0) {
    const v = new Uint32Array(buf.buffer, buf.byteOffset, words);
    for (let i = 0; i < quads; i += 4) {
      a ^= a << 13; a ^= a >>> 17; a ^= a << 5;
      b ^= b << 13; b ^= b >>> 17; b ^= b << 5;
      c ^= c << 13; c ^= c >>> 17; c ^= c << 5;
      d ^= d << 13; d ^= d >>> 17; d ^= d << 5;
      v[i] = a; v[i + 1] = b; v[i + 2] = c; v[i + 3] = d;
    }
    for (let i = quads; i < words; i++) {
      a ^= a << 13; a ^= a >>> 17; a ^= a << 5;
      v[i] = a;
    }
  } else {
    for (let i = 0; i < quads; i += 4) {
      a ^= a << 13; a ^= a >>> 17; a ^= a << 5;
      b ^= b << 13; b ^= b >>> 17; b ^= b << 5;
      c ^= c << 13; c ^= c >>> 17; c ^= c << 5;
      d ^= d << 13; d ^= d >>> 17; d ^= d << 5;
      buf.writeUInt32LE(a >>> 0, i * 4); buf.writeUInt32LE(b >>> 0, i * 4 + 4); buf.writeUInt32LE(c >>> 0, i * 4 + 8); buf.writeUInt32LE(d >>> 0, i * 4 + 12);
    }
    for (let i = quads; i < words; i++) {
      a ^= a << 13; a ^= a >>> 17; a ^= a << 5;
      buf.writeUInt32LE(a >>> 0, i * 4);
    }
  }
  for (let i = words * 4; i < buf.length; i++) buf[i] = i & 0xff;
}

/** A fresh run seed when the user gave none: short, typeable, printed in every report. */
export function newRunSeed(): string {
  return Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
}
