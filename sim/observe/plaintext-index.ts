// Runs of known plaintext in bytes of any origin (a raw disk image, a download), at any
// offset: a file system or a core may put a segment's bytes anywhere, behind headers of
// its own. The plaintext's windows at every STRIDE-th offset are indexed; every offset of
// the haystack is looked up with a rolling hash, and a hit counts only when at least MIN_RUN
// bytes around it equal the plaintext, so a chance 16-byte coincidence is no match. Any run
// of MIN_RUN + STRIDE plaintext bytes or more is found. Hand-written: no npm package
// searches for many long needles at once at this speed (Aho-Corasick libraries hold strings).

export const WINDOW = 16;
export const STRIDE = 16;
export const MIN_RUN = 64;

export interface PlaintextRun {
  /** index of the plaintext the run comes from */
  source: number;
  /** where in that plaintext the run starts */
  sourceOffset: number;
  /** where in the haystack it starts */
  at: number;
  length: number;
}

const BASE = 257;
// BASE^WINDOW mod 2^32: what the byte leaving the window weighs
const OUT_WEIGHT = (() => {
  let w = 1;
  for (let i = 0; i < WINDOW; i++) w = Math.imul(w, BASE);
  return w;
})();

function windowHash(b: Buffer, at: number): number {
  let h = 0;
  for (let i = 0; i < WINDOW; i++) h = (Math.imul(h, BASE) + b[at + i]!) | 0;
  return h;
}

const seen = new Int32Array(256);
let generation = 0;
/** A window of few distinct bytes (padding, zeros) is not known plaintext: anything may hold it. */
function lowEntropy(b: Buffer, at: number): boolean {
  generation++;
  let distinct = 0;
  for (let i = 0; i < WINDOW; i++) if (seen[b[at + i]!] !== generation) ((seen[b[at + i]!] = generation), distinct++);
  return distinct < WINDOW / 2;
}

/** bits of the filter every haystack offset is looked up in first: 2^24 bits, a few percent set */
const FILTER_BITS = 24;
const filterBit = (h: number) => (h >>> 3) & ((1 << FILTER_BITS) - 1);

export class PlaintextIndex {
  private readonly mask: number;
  /** per slot: entry number + 1 (0 empty) */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly entrySource: Int32Array;
  private readonly entryOffset: Int32Array;
  private readonly filter = new Uint8Array(1 << (FILTER_BITS - 3));
  readonly indexedBytes: number;

  constructor(readonly sources: readonly Buffer[]) {
    const entries: [number, number][] = [];
    for (let s = 0; s < sources.length; s++)
      for (let o = 0; o + WINDOW <= sources[s]!.length; o += STRIDE) if (!lowEntropy(sources[s]!, o)) entries.push([s, o]);
    let size = 1024;
    while (size < entries.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.entrySource = new Int32Array(entries.length);
    this.entryOffset = new Int32Array(entries.length);
    entries.forEach(([s, o], e) => {
      this.entrySource[e] = s;
      this.entryOffset[e] = o;
      const h = windowHash(sources[s]!, o);
      let i = h & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = e + 1;
      this.hashes[i] = h;
      const bit = filterBit(h);
      this.filter[bit >>> 3]! |= 1 << (bit & 7);
    });
    this.indexedBytes = sources.reduce((n, b) => n + b.length, 0);
  }

  /** Every run of at least MIN_RUN plaintext bytes in `hay`, in the order found (at most `limit`). */
  find(hay: Buffer, limit = Number.POSITIVE_INFINITY): PlaintextRun[] {
    const runs: PlaintextRun[] = [];
    if (hay.length < WINDOW || this.entrySource.length === 0) return runs;
    // locals, not fields, in the loop over every byte: V8 keeps them in registers
    const filter = this.filter;
    const end = hay.length - WINDOW;
    let h = windowHash(hay, 0);
    let at = 0;
    for (;;) {
      const bit = filterBit(h);
      if ((filter[bit >>> 3]! & (1 << (bit & 7))) !== 0) {
        const run = this.lookup(hay, at, h);
        if (run) {
          runs.push(run);
          if (runs.length >= limit) return runs;
          at = run.at + run.length; // past the run: a run is counted once
          if (at > end) return runs;
          h = windowHash(hay, at);
          continue;
        }
      }
      if (at >= end) return runs;
      h = (Math.imul(h, BASE) + hay[at + WINDOW]! - Math.imul(hay[at]!, OUT_WEIGHT)) | 0;
      at++;
    }
  }

  private lookup(hay: Buffer, at: number, h: number): PlaintextRun | null {
    for (let i = h & this.mask; this.slots[i] !== 0; i = (i + 1) & this.mask) {
      if (this.hashes[i] !== h) continue;
      const e = this.slots[i]! - 1;
      const src = this.sources[this.entrySource[e]!]!;
      const off = this.entryOffset[e]!;
      let back = 0;
      while (back < off && back < at && src[off - back - 1] === hay[at - back - 1]) back++;
      let fwd = 0;
      while (off + fwd < src.length && at + fwd < hay.length && src[off + fwd] === hay[at + fwd]) fwd++;
      if (back + fwd >= MIN_RUN) return { source: this.entrySource[e]!, sourceOffset: off - back, at: at - back, length: back + fwd };
    }
    return null;
  }
}
