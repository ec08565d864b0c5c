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
  for (let i = 0; i < words; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buf.writeUInt32LE(x, i * 4);
  }
  for (let i = words * 4; i < buf.length; i++) buf[i] = i & 0xff;
}

/** A fresh run seed when the user gave none: short, typeable, printed in every report. */
export function newRunSeed(): string {
  return Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
}
