// `npm run bench:segment`: what making a segment costs, without a cluster. Parts on this
// thread (payload fill; the read-back's check, which regenerates the payload from the seed
// and compares), then the writer threads' whole path (build + open, write,
// fsync, close) to a local folder, CPU per GB of the process, threads set up beforehand as
// in bench:load. The part that bench:load cannot take apart: which share of the harness's
// CPU is its own and which is the write path's, that fio pays too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fillPayload, payloadPoolLocal } from '../../lib/random';
import { HEADER_BYTES, buildSegment, verifySegment } from '../workload/segment';
import { WriterPool } from '../workload/writer-pool';

const MiB = 1 << 20;
const { values } = parseArgs({
  options: { segments: { type: 'string' }, mib: { type: 'string' }, writers: { type: 'string' }, dir: { type: 'string' } },
});
const segments = Number(values.segments ?? 100);
const size = Number(values.mib ?? 1) * MiB;
const writers = Number(values.writers ?? 16);

/** CPU seconds per GB and wall ms per segment of `n` calls of `f` */
function timed(n: number, f: (i: number) => void): { perGB: number; ms: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  const c = process.cpuUsage(c0);
  return { perGB: (c.user + c.system) / 1e6 / ((n * size) / 1e9), ms: (performance.now() - t0) / n };
}

async function main() {
  const buf = Buffer.allocUnsafe(size);
  const pool = payloadPoolLocal(); // as the writer threads: their own copy of the pool
  for (let i = 0; i < 5; i++) fillPayload(buf, i, pool); // compiled before it is timed
  const fill = timed(segments, (i) => fillPayload(buf, i + 1, pool));
  const segment = buildSegment({ camera: 'cam001', seq: 0, startMs: 0, endMs: 1 }, size - HEADER_BYTES, 1);
  const check = timed(segments, () => {
    if (!verifySegment(segment.bytes, segment.header).ok) throw new Error('a segment just built does not verify');
  });
  const dir = mkdtempSync(join(values.dir ?? tmpdir(), 'segment-bench-'));
  const writerPool = new WriterPool(writers, size); // buffers made at set-up, as in bench:load
  try {
    await writerPool.warm();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = next++; i < segments; i = next++) {
          await writerPool.write({
            path: join(dir, `w${w}`, `${i}.seg`),
            camera: `cam${w}`,
            seq: i,
            startMs: 0,
            endMs: 1,
            payloadBytes: size - HEADER_BYTES,
            seed: i + 1,
            block: MiB,
            mkdir: true,
          });
        }
      }),
    );
    const c = process.cpuUsage(c0);
    const gb = (segments * size) / 1e9;
    const f2 = (x: number) => x.toFixed(2);
    process.stdout.write(
      [
        `${segments} segments of ${size / MiB} MiB; ${writers} writer threads to ${dir}`,
        `  payload fill    ${f2(fill.ms)} ms a segment, ${f2(fill.perGB)} CPU s/GB`,
        `  read-back check ${f2(check.ms)} ms a segment, ${f2(check.perGB)} CPU s/GB`,
        `  writer path     ${f2((performance.now() - t0) / segments)} ms a segment (wall / segments), ${f2((c.user + c.system) / 1e6 / gb)} CPU s/GB (user ${f2(c.user / 1e6 / gb)} + system ${f2(c.system / 1e6 / gb)})`,
        '',
      ].join('\n'),
    );
  } finally {
    await writerPool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench:segment failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
