import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { damagedChunkFiles, hasChunkSignature, stillDamaged } from './chunk-files';

describe('chunk files a power cut emptied', () => {
  it('finds the empty, the short and the header-less chunk files, not the whole ones or other files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'chunks-'));
    const bay = join(root, 'bay00');
    mkdirSync(join(bay, '00'), { recursive: true });
    mkdirSync(join(bay, '1F'), { recursive: true });
    const whole = Buffer.concat([Buffer.from('MFSC 1.0'), Buffer.alloc(100, 7)]);
    writeFileSync(join(bay, '00', 'chunk_0000000000000001_00000001.mfs'), whole);
    writeFileSync(join(bay, '00', 'chunk_0000000000000002_00000001.mfs'), Buffer.concat([Buffer.from('MFSC 1.1'), Buffer.alloc(10)]));
    writeFileSync(join(bay, '00', 'chunk_0000000000000003_00000002.mfs'), Buffer.alloc(0));
    writeFileSync(join(bay, '1F', 'chunk_00000000000001F5_00000001.mfs'), Buffer.alloc(4096));
    writeFileSync(join(bay, '1F', 'chunk_00000000000001F6_00000001.mfs'), Buffer.from('MFSC'));
    writeFileSync(join(bay, '1F', '.lock'), Buffer.alloc(0));
    writeFileSync(join(bay, '.metaid'), Buffer.alloc(8));
    const found = await damagedChunkFiles([bay, join(root, 'no-such-bay')]);
    expect(found.map((p) => p.slice(bay.length + 1)).sort()).toEqual([
      '00/chunk_0000000000000003_00000002.mfs',
      '1F/chunk_00000000000001F5_00000001.mfs',
      '1F/chunk_00000000000001F6_00000001.mfs',
    ]);
  });

  it('rechecks the files found before: one deleted and one rewritten whole by the core are no longer damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chunks-'));
    const [a, b, c] = ['A', 'B', 'C'].map((x) => join(dir, `chunk_000000000000000${x}_00000001.mfs`)) as [string, string, string];
    for (const p of [a, b, c]) writeFileSync(p, Buffer.alloc(0));
    expect(await stillDamaged([a, b, c])).toEqual([a, b, c]);
    rmSync(a);
    writeFileSync(b, Buffer.concat([Buffer.from('MFSC 1.0'), Buffer.alloc(10)]));
    expect(await stillDamaged([a, b, c])).toEqual([c]);
  });

  it('accepts the two header versions MooseFS reads and nothing else', () => {
    expect(hasChunkSignature(Buffer.from('MFSC 1.0'))).toBe(true);
    expect(hasChunkSignature(Buffer.from('MFSC 1.1'))).toBe(true);
    expect(hasChunkSignature(Buffer.from('MFSC 1.2'))).toBe(false);
    expect(hasChunkSignature(Buffer.alloc(8))).toBe(false);
    expect(hasChunkSignature(Buffer.from('MFSC 1.'))).toBe(false);
  });
});
