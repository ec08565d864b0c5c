// The pool of bounded readers on real files: bytes back unchanged, errors as the reader saw
// them, a read that never answers given up at its deadline without stopping the others.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BoundedReaders } from './bounded-readers';
import { mapLimit } from './exec';

/** pids whose command line contains `text` */
function processesNaming(text: string): string[] {
  const cmdline = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return ''; // ended meanwhile
    }
  };
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p) && cmdline(p).includes(text));
}

describe('BoundedReaders', () => {
  it('reads files whole, in parallel, byte for byte; a missing file is an error, not a timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'readers-'));
    const files = Array.from({ length: 40 }, (_, i) => {
      const bytes = randomBytes(i === 0 ? 0 : 1024 * 1024 + i);
      writeFileSync(join(dir, `f${i}`), bytes);
      return { path: join(dir, `f${i}`), bytes };
    });
    const readers = new BoundedReaders(2, dir);
    try {
      const got = await mapLimit(files, 4, async (f) => ({ f, r: await readers.read(f.path, 10_000) }));
      for (const { f, r } of got) {
        expect(r.timedOut).toBe(false);
        expect(r.bytes?.equals(f.bytes), f.path).toBe(true);
      }
      const missing = await readers.read(join(dir, 'nope'), 10_000);
      expect(missing).toMatchObject({ bytes: null, timedOut: false });
      expect(missing.error).toMatch(/ENOENT/);
    } finally {
      readers.close();
    }
  });

  it('a read with no answer (a FIFO without a writer) ends at its deadline; the next reads still answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'readers-'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    writeFileSync(join(dir, 'ok'), 'intact');
    const readers = new BoundedReaders(2, dir);
    try {
      // a reader names its folder in its command line: a stuck one can be found (ps, the interrupt test)
      expect(processesNaming(`${dir}/`).length).toBeGreaterThanOrEqual(2);
      const t0 = Date.now();
      const hung = await readers.read(join(dir, 'fifo'), 300);
      expect(hung).toMatchObject({ bytes: null, timedOut: true, error: 'no answer within 300 ms' });
      expect(Date.now() - t0).toBeLessThan(2_000);
      const ok = await readers.read(join(dir, 'ok'), 10_000);
      expect(ok.bytes?.toString()).toBe('intact');
    } finally {
      readers.close();
    }
  });

  it('replace off (files of this process open on the mount): a reader stuck at its deadline is not replaced, and an empty pool fails reads at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'readers-'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    writeFileSync(join(dir, 'ok'), 'intact');
    const readers = new BoundedReaders(1, dir, { replace: false });
    try {
      const before = new Set(processesNaming(`${dir}/`));
      expect((await readers.read(join(dir, 'fifo'), 200)).timedOut).toBe(true);
      // no reader started in its place (the abandoned one may still be on its way out)
      expect(processesNaming(`${dir}/`).filter((pid) => !before.has(pid))).toEqual([]);
      const t0 = Date.now();
      expect(await readers.read(join(dir, 'ok'), 10_000)).toMatchObject({
        bytes: null,
        timedOut: false,
        error: 'no reader left (1 stuck in the mount or lost)',
      });
      expect(Date.now() - t0).toBeLessThan(100);
    } finally {
      readers.close();
    }
  });

  it('refuses a path it cannot frame, and any read after close', async () => {
    const readers = new BoundedReaders(2, tmpdir());
    await expect(readers.read('/tmp/a\nb', 1000)).rejects.toThrow(/newline/);
    readers.close();
    await expect(readers.read('/tmp/a', 1000)).rejects.toThrow(/closed/);
  });
});
