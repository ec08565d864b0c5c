// The injection library, compiled and preloaded into a small real program: a burst fails
// exactly N chunk I/O calls then none, persistent fails every one (open included) until
// cleared, other bays and non-chunk files are never touched, every error is logged.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../exec';
import { IOERR_LIBRARY, IoErrorControl, buildIoErrorLibrary } from './control';

const DRIVER = `
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
int main(int argc, char **argv) {
  int n = atoi(argv[2]);
  int fd = open(argv[1], O_RDWR);
  if (fd < 0) { printf("open:%s\\n", errno == EIO ? "EIO" : "other"); return 0; }
  char c;
  for (int i = 0; i < n; i++) {
    ssize_t r = (i % 2) ? pwrite(fd, "x", 1, 0) : pread(fd, &c, 1, 0);
    printf("%s\\n", r == 1 ? "ok" : errno == EIO ? "EIO" : "other");
  }
  close(fd);
  return 0;
}
`;

let dir: string;
let driver: string;
let control: IoErrorControl;
let bayPrefix: string;

async function exercise(path: string, calls: number): Promise<string[]> {
  const r = await run(driver, [path, String(calls)], {
    env: {
      ...process.env,
      LD_PRELOAD: join(dir, 'node', IOERR_LIBRARY),
      ACCEPT_IOERR_DIR: join(dir, 'node'),
      ACCEPT_IOERR_BAY_PREFIX: bayPrefix,
    },
    timeoutMs: 10_000,
  });
  return r.stdout.trim().split('\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioerr-'));
  const lib = await buildIoErrorLibrary(join(dir, 'lib'));
  control = IoErrorControl.prepare(join(dir, 'node'), lib);
  writeFileSync(join(dir, 'driver.c'), DRIVER);
  driver = join(dir, 'driver');
  await run('gcc', ['-O1', '-o', driver, join(dir, 'driver.c')], { timeoutMs: 60_000 });
  bayPrefix = join(dir, 'bays', 'bay');
  for (const b of ['bay03', 'bay04']) {
    mkdirSync(join(dir, 'bays', b, '0A'), { recursive: true });
    writeFileSync(join(dir, 'bays', b, '0A', 'chunk_000000000000000A_00000001.mfs'), 'data');
    writeFileSync(join(dir, 'bays', b, '.metaid'), 'meta');
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const chunk = (bay: string) => join(dir, 'bays', bay, '0A', 'chunk_000000000000000A_00000001.mfs');

describe('ioerr-preload', () => {
  it('a burst fails exactly N chunk I/O calls on its bay, then the bay works; each error is logged', async () => {
    control.readNew();
    control.arm(3, 'burst', 2);
    expect(await exercise(chunk('bay03'), 5)).toEqual(['EIO', 'EIO', 'ok', 'ok', 'ok']);
    expect(await exercise(chunk('bay03'), 2)).toEqual(['ok', 'ok']);
    expect(control.counters(3)).toMatchObject({ mode: 'burst', remaining: 0, injected: 2, ops: 5 });
    const log = control.readNew();
    expect(log.map((l) => [l.slot, l.call, l.errno])).toEqual([
      [3, 'pread', 5],
      [3, 'pwrite', 5],
    ]);
    expect(Math.abs(log[0]!.atWall - Date.now())).toBeLessThan(10_000);
    control.clear(3);
  });

  it('persistent errors fail every call (open included) until cleared; other bays and non-chunk files are untouched', async () => {
    control.arm(4, 'persistent');
    expect(await exercise(chunk('bay04'), 1)).toEqual(['open:EIO']);
    expect(await exercise(join(dir, 'bays', 'bay04', '.metaid'), 2)).toEqual(['ok', 'ok']);
    expect(await exercise(chunk('bay03'), 2)).toEqual(['ok', 'ok']);
    expect(control.counters(4).injected).toBe(1);
    control.clear(4);
    expect(await exercise(chunk('bay04'), 3)).toEqual(['ok', 'ok', 'ok']);
    expect(control.readNew().map((l) => `${l.slot}:${l.call}`)).toEqual(['4:open']);
  });

  it('discard: writes and syncs of chunk data report success and store nothing; reads and other files untouched', async () => {
    control.discardWrites(3);
    writeFileSync(chunk('bay03'), 'data');
    // the driver: pread, pwrite('x'), pread: the write says ok, the byte read back is still 'd'
    expect(await exercise(chunk('bay03'), 3)).toEqual(['ok', 'ok', 'ok']);
    expect(readFileSync(chunk('bay03'), 'utf8')).toBe('data');
    expect(await exercise(join(dir, 'bays', 'bay03', '.metaid'), 2)).toEqual(['ok', 'ok']);
    expect(readFileSync(join(dir, 'bays', 'bay03', '.metaid'), 'utf8')).toBe('xeta');
    expect(control.counters(3)).toMatchObject({ mode: 'discard' });
    expect(control.counters(3).injected).toBeGreaterThanOrEqual(1);
    control.clear(3);
    await exercise(chunk('bay03'), 2);
    expect(readFileSync(chunk('bay03'), 'utf8')).toBe('xata');
  });

  it('without a control file the library changes nothing', async () => {
    const r = await run(driver, [chunk('bay03'), '2'], {
      env: {
        ...process.env,
        LD_PRELOAD: join(dir, 'node', IOERR_LIBRARY),
        ACCEPT_IOERR_DIR: join(dir, 'nowhere'),
        ACCEPT_IOERR_BAY_PREFIX: bayPrefix,
      },
      timeoutMs: 10_000,
    });
    expect(r.stdout.trim().split('\n')).toEqual(['ok', 'ok']);
  });
});
