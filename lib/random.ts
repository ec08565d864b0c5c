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

/** Bytes in the pool that fillPayload copies from. */
export const PAYLOAD_POOL_BYTES = 1 << 20;

let sharedPool: Buffer | undefined;
let localPool: Buffer | undefined;

/**
 * fillPayload's pool: xorshift32 words (little-endian) from a fixed seed, so a function of
 * constants only: a segment is verified by regenerating its payload from its seed, maybe in
 * another process on another day (random.test.ts pins its digest). Made once per
 * process in shared memory and handed to the writer threads, so that each of them does not
 * make its own before its first segment (the bench starts a fresh pool of threads a side).
 */
export function payloadPool(): Buffer {
  if (!sharedPool) {
    const memory = new SharedArrayBuffer(PAYLOAD_POOL_BYTES);
    const words = new DataView(memory);
    let x = 0x9e3779b9;
    for (let i = 0; i < PAYLOAD_POOL_BYTES; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words.setUint32(i, x >>> 0, true);
    }
    sharedPool = Buffer.from(memory);
  }
  return sharedPool;
}

/**
 * payloadPool()'s bytes in this thread's own (not shared) memory, for fillPayload: V8 copies
 * out of a SharedArrayBuffer with its relaxed word-at-a-time memmove, not memcpy (measured:
 * a 4 MiB fill 0.05-0.08 CPU s/GB from the shared pool, 0.025-0.03 from a copy). The writer
 * threads make their own copy the same way.
 */
export function payloadPoolLocal(): Buffer {
  localPool ??= Buffer.from(payloadPool()); // Buffer.from(buffer) copies
  return localPool;
}

/**
 * Payload bytes from a 32-bit seed, for recording segments (the harness writes GBs and must
 * never be the bottleneck: npm run bench:load). The payload is 64 KiB chunks copied from
 * `pool` (payloadPool()) at offsets that depend on the seed and the chunk's index, and every
 * 4 KiB block starts with the seed and the block's index (two little-endian u32): a memcpy
 * instead of a PRNG per word, yet no two 4 KiB blocks of other seeds or places are equal
 * (nothing for a core to dedupe) and a block out of place differs from the one expected.
 * Three neighbouring chunks come from disjoint thirds of the pool, so that a 128 KiB record
 * (what a compressing file system compresses at once) holds no repeat either.
 * The writer threads run this very function (its source text), so it must stay
 * self-contained: no helpers, the pool passed in.
 */
export function fillPayload(buf: Buffer, seed: number, pool: Buffer): void {
  const CHUNK = 1 << 16;
  const BLOCK = 1 << 12;
  const THIRD = Math.floor(pool.length / 24) * 8;
  if (THIRD < 2 * CHUNK) throw new RangeError('payload pool too small: ' + pool.length + ' bytes');
  const s = seed >>> 0;
  for (let start = 0, j = 0; start < buf.length; start += CHUNK, j++) {
    const len = Math.min(CHUNK, buf.length - start);
    let h = Math.imul(s ^ Math.imul(j + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    const off = (j % 3) * THIRD + (h % ((THIRD - CHUNK) >>> 3)) * 8;
    pool.copy(buf, start, off, off + len);
    for (let b = start; b + 8 <= start + len; b += BLOCK) {
      const k = b / BLOCK; // little-endian u32s, stored bytewise: writeUInt32LE's checks cost more
      buf[b] = s;
      buf[b + 1] = s >>> 8;
      buf[b + 2] = s >>> 16;
      buf[b + 3] = s >>> 24;
      buf[b + 4] = k;
      buf[b + 5] = k >>> 8;
      buf[b + 6] = k >>> 16;
      buf[b + 7] = k >>> 24;
    }
  }
}

/** A fresh run seed when the user gave none: short, typeable, printed in every report. */
export function newRunSeed(): string {
  return Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
}
