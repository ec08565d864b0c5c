// The writer threads build segments from a JS copy of buildSegment(): the bytes on disk
// must be exactly buildSegment's, and errors must come back with their errno code. A job
// that waits for a writer says so (its times), and one past its deadline is not started.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSegment, verifySegment } from './segment';
import { LateStartError, WriterPool } from './writer-pool';
import { cryptSegment, recordingKey } from './recording-cipher';

const pool = new WriterPool(3);
afterAll(() => pool.close());

describe('writer threads', () => {
  it('write exactly the bytes of buildSegment, in blocks, creating the directory, and return the payload seed in its header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'writers-'));
    const cases = [
      { seq: 0, payloadBytes: 0, seed: 1, block: 4096 },
      { seq: 1, payloadBytes: 1001, seed: 2, block: 100 }, // many short writes, odd tail
      { seq: 2, payloadBytes: 3 << 20, seed: 0xdeadbeef, block: 1 << 20 },
      { seq: 3, payloadBytes: 70_000, seed: 0xffffffff, block: 65_536 }, // the largest seed, two chunks
    ];
    await Promise.all(
      cases.map(async (c) => {
        const h = { camera: 'cam042', seq: c.seq, startMs: 1_800_000_000_000 + c.seq, endMs: 1_800_000_002_000 + c.seq };
        const path = join(dir, 'cam042', `day${c.seq}`, `${c.seq}.seg`);
        const w = await pool.write({ ...h, path, payloadBytes: c.payloadBytes, seed: c.seed, block: c.block, mkdir: true });
        const expected = buildSegment(h, c.payloadBytes, c.seed);
        const onDisk = readFileSync(path);
        expect(onDisk.equals(expected.bytes)).toBe(true);
        expect(w).toMatchObject({ payloadSeed: c.seed, bytes: expected.bytes.length });
        const t = w.times;
        // one clock across threads: given to a writer, taken, opened, closed, in that order
        expect(t.dispatched).toBeLessThanOrEqual(t.taken);
        expect(t.taken).toBeLessThanOrEqual(t.opened);
        expect(t.opened).toBeLessThanOrEqual(t.written);
        expect(t.written).toBeLessThanOrEqual(t.synced);
        expect(t.synced).toBeLessThanOrEqual(t.closed);
        expect(t.closed).toBeLessThanOrEqual(performance.now());
        // what the acknowledgement records verifies the bytes on disk, and another seed does not
        expect(verifySegment(onDisk, { ...h, payloadSeed: w.payloadSeed, bytes: w.bytes })).toMatchObject({ ok: true, version: 2 });
        expect(verifySegment(onDisk, { ...h, payloadSeed: (w.payloadSeed + 1) >>> 0 }).ok).toBe(false);
      }),
    );
  });

  it('reject with the errno code (a segment is never overwritten: open wx) and keep working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'writers-'));
    const job = {
      path: join(dir, 'a.seg'),
      camera: 'cam001',
      seq: 1,
      startMs: 0,
      endMs: 1,
      payloadBytes: 10,
      seed: 3,
      block: 4096,
      mkdir: false,
    };
    await pool.write(job);
    await expect(pool.write(job)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(pool.write({ ...job, path: join(dir, 'missing', 'b.seg') })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(pool.write({ ...job, path: join(dir, 'c.seg') })).resolves.toMatchObject({ bytes: 522 });
    // a seed fillPayload would take as another is refused, not written under the wrong name
    await expect(pool.write({ ...job, path: join(dir, 'd.seg'), seed: -1 })).rejects.toThrow(RangeError);
    expect(existsSync(join(dir, 'd.seg'))).toBe(false);
    expect(pool.pending).toBe(0);
  });
});

describe('writer threads with their buffer made at set-up', () => {
  const sized = new WriterPool(2, 512 + 100_000);
  afterAll(() => sized.close());

  it('write exactly the bytes of buildSegment for segments smaller than, as large as and larger than that buffer', async () => {
    await sized.warm();
    const dir = mkdtempSync(join(tmpdir(), 'writers-'));
    for (const [seq, payloadBytes] of [
      [0, 100_000],
      [1, 10],
      [2, 250_000],
      [3, 99_999],
    ] as const) {
      const h = { camera: 'cam007', seq, startMs: 1_800_000_000_000, endMs: 1_800_000_002_000 };
      const path = join(dir, `${seq}.seg`);
      const w = await sized.write({ ...h, path, payloadBytes, seed: 1000 + seq, block: 65_536, mkdir: false });
      expect(readFileSync(path).equals(buildSegment(h, payloadBytes, 1000 + seq).bytes), `seq ${seq}`).toBe(true);
      expect(w.bytes).toBe(512 + payloadBytes);
    }
  });
  it('refuse a buffer size that is not a whole number of bytes', () => {
    expect(() => new WriterPool(1, -1)).toThrow(RangeError);
    expect(() => new WriterPool(1, 1.5)).toThrow(RangeError);
  });
});

describe('writer threads: waiting for a free one', () => {
  const one = new WriterPool(1);
  afterAll(() => one.close());

  it('a job queued behind a busy writer starts when that one is done, and says so; past its deadline it is refused, not started', async () => {
    await one.warm();
    const dir = mkdtempSync(join(tmpdir(), 'writers-'));
    const job = (name: string, payloadBytes: number) => ({
      path: join(dir, name),
      camera: 'cam001',
      seq: 1,
      startMs: 0,
      endMs: 1,
      payloadBytes,
      seed: 5,
      block: 4096,
      mkdir: false,
    });
    const submitted = performance.now();
    let bStarted: number | undefined;
    const a = one.write(job('a.seg', 16 << 20)); // 16 MiB in 4 KiB writes: busy for several ms at least
    const b = one.write(job('b.seg', 10), { onStart: (t) => (bStarted = t) });
    const c = one.write(job('c.seg', 10), { deadline: submitted + 1 }).catch((e: unknown) => e);
    const [wa, wb, ec] = await Promise.all([a, b, c]);
    expect(ec).toBeInstanceOf(LateStartError);
    expect(ec).toMatchObject({ code: 'ELATESTART', writers: 1 });
    expect(wa.times.closed - submitted).toBeGreaterThan(1); // the precondition: a outlived c's deadline
    // b waited for a: given to the writer only after a was closed, and onStart said when
    expect(wb.times.dispatched).toBeGreaterThanOrEqual(wa.times.closed);
    expect(bStarted).toBe(wb.times.dispatched);
    expect(existsSync(join(dir, 'c.seg'))).toBe(false);
    expect(one.pending).toBe(0);
  });
});

describe('writer threads on the encrypting recording path (T4 reference)', () => {
  const key = recordingKey('seed-t4', 'aes-256-ctr');
  const enc = new WriterPool(1, 0, key);
  afterAll(() => enc.close());

  it('write the segment encrypted with its own counter block, which the harness decrypts to the very segment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'writers-'));
    const h = { camera: 'cam003', seq: 9, startMs: 1_800_000_000_000, endMs: 1_800_000_002_000 };
    await enc.write({ ...h, path: join(dir, 'a.seg'), payloadBytes: 70_000, seed: 31, block: 65_536, mkdir: false });
    const plain = buildSegment(h, 70_000, 31).bytes;
    const stored = readFileSync(join(dir, 'a.seg'));
    expect(stored.length).toBe(plain.length);
    expect(stored.equals(plain)).toBe(false);
    expect(stored.equals(cryptSegment(key, h, plain))).toBe(true);
    expect(verifySegment(stored, { ...h, payloadSeed: 31 }).ok).toBe(false);
    expect(verifySegment(cryptSegment(key, h, stored), { ...h, payloadSeed: 31 }).ok).toBe(true);
    // another segment, another keystream; the control's path uses one for all
    const other = { ...h, seq: 10 };
    const ks = (k: typeof key, id: typeof h) => cryptSegment(k, id, Buffer.alloc(64));
    expect(ks(key, h).equals(ks(key, other))).toBe(false);
    const one = recordingKey('seed-t4', 'aes-256-ctr-one-keystream');
    expect(ks(one, h).equals(ks(one, other))).toBe(true);
  });
});
