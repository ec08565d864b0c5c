// T4 measured: is what the storage holds and hands out encrypted? Sampled acknowledged
// segments, regenerated from their seeds, are the known plaintext. It is looked for on every
// bay's raw disk image (after each bay's file system is synced: what a disk taken out of the
// rack would show) and in the same segments read back through the download path (the read
// mount, bypassing the host's cache). A download is also offered to an ordinary player (the
// harness's segment reader, no key), to the authorized one (decrypted with the harness's key,
// when the harness holds one), and held against its plaintext: equal keystreams in two
// downloads mean one known recording decodes the other without any key. Records; never judges.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { StorageCore } from '../core/adapter';
import { BoundedReaders } from '../bounded-readers';
import { run } from '../exec';
import { syncBays } from '../topology/bays';
import type { HistoryWriter } from '../history';
import { streamFor, type RandomStream } from '../../lib/random';
import type { EncryptionProbeStep } from '../plan/scenario';
import type { AckedSegment } from '../workload/cameras';
import { cryptSegment, keyFingerprint, type RecordingKey } from '../workload/recording-cipher';
import { HEADER_BYTES, buildSegment, verifySegment } from '../workload/segment';
import { PlaintextIndex } from './plaintext-index';

export interface EncryptionProbeDeps {
  cluster: StorageCore;
  history: HistoryWriter;
  acked: readonly AckedSegment[];
  /** the key of the harness's own encrypting recording path, null when segments were written as made */
  recordingKey: RecordingKey | null;
  seed: string;
  log: (msg: string) => void;
}

// the scan runs between the load's timers: 2 MiB at a time keeps each stretch of it to milliseconds
const READ_BLOCK = 2 << 20;
const OVERLAP = 4096;
const DOWNLOAD_DEADLINE_MS = 30_000;
const EXAMPLES = 5;
/** bytes of each download held against its plaintext to read the keystream off */
const KEYSTREAM_BYTES = 4096;

export async function probeEncryption(step: EncryptionProbeStep, d: EncryptionProbeDeps): Promise<void> {
  try {
    await probe(step, d);
  } catch (e) {
    d.history.append({ kind: 'encryption.probe.error', id: step.id, error: (e as Error).message.slice(0, 500) });
    d.log(`${step.id}: the encryption probe failed (${(e as Error).message}); T4 will say so`);
  }
}

async function probe(step: EncryptionProbeStep, d: EncryptionProbeDeps): Promise<void> {
  const rnd = streamFor(d.seed, 'observe/encryption');
  const cameraSegments = d.acked.filter((a) => a.role === 'camera');
  const samples = pickSamples(cameraSegments, step.samples, rnd);
  const plain = samples.map((s) => buildSegment(s, s.bytes - HEADER_BYTES, s.payloadSeed).bytes);
  const index = new PlaintextIndex(plain);

  // at rest: every bay of every node, synced first
  const t0 = performance.now();
  const bays = d.cluster.nodes.flatMap((n) => d.cluster.disksOf(n.name).bays.map((b) => ({ node: n.name, ...b })));
  // unsynced, acknowledged data may still be in memory and not yet on the images: a failed sync shows nothing
  const syncError = await syncBays(bays);
  const extents = await dataExtents(bays.map((b) => b.image));
  const unread: string[] = [];
  const examples: { node: string; bay: string; offset: number; segment: string; segmentOffset: number; length: number }[] = [];
  let scanned = 0;
  let runs = 0;
  let runBytes = 0;
  const buf = Buffer.allocUnsafe(READ_BLOCK);
  for (const b of bays) {
    const name = b.mountPoint.split('/').pop()!;
    try {
      const fh = await open(b.image, 'r');
      try {
        const size = (await fh.stat()).size;
        const e = extents.get(b.image);
        for (const [from, to] of e ? e : [[0, size] as const]) {
          for (let pos = from; pos < to;) {
            const { bytesRead } = await fh.read(buf, 0, Math.min(READ_BLOCK, to - pos), pos);
            if (bytesRead <= 0) break;
            // blocks overlap by OVERLAP bytes, so that a run across a block's edge is found whole in the
            // next block; a run starting in the overlap is counted there, not here
            const last = pos + bytesRead >= to;
            const counted = last || bytesRead <= OVERLAP ? bytesRead : bytesRead - OVERLAP;
            for (const r of index.find(buf.subarray(0, bytesRead))) {
              if (r.at >= counted) continue;
              runs++;
              runBytes += r.length;
              if (examples.length < EXAMPLES)
                examples.push({
                  node: b.node,
                  bay: name,
                  offset: pos + r.at,
                  segment: samples[r.source]!.path,
                  segmentOffset: r.sourceOffset,
                  length: r.length,
                });
            }
            scanned += counted;
            pos += counted;
          }
        }
      } finally {
        await fh.close();
      }
    } catch (e) {
      unread.push(`${b.node}/${name}: ${(e as Error).message}`);
    }
  }
  const scanSeconds = Math.round(performance.now() - t0) / 1000;

  // out of the storage: the download path
  const readers = new BoundedReaders(2, d.cluster.readMount.path);
  const errors: string[] = [];
  let downloads = 0;
  let downloadRuns = 0;
  let playable = 0;
  let decoded = 0;
  let lengthPreserving = 0;
  const keystreams = new Map<string, number>();
  // every segment starts with the same 16 bytes (the magic): equal first cipher blocks are a deterministic
  // cipher (ECB, or a fixed IV), whatever the format's length
  const firstBlocks = new Map<string, number>();
  try {
    for (const [i, s] of samples.entries()) {
      const r = await readers.read(join(d.cluster.readMount.path, s.path), DOWNLOAD_DEADLINE_MS);
      if (!r.bytes) {
        errors.push(`${s.path}: ${r.timedOut ? `no answer within ${DOWNLOAD_DEADLINE_MS / 1000} s` : (r.error ?? 'read failed')}`);
        continue;
      }
      downloads++;
      const got = r.bytes;
      downloadRuns += index.find(got).length;
      if (verifySegment(got, s).ok) playable++;
      if (d.recordingKey && verifySegment(cryptSegment(d.recordingKey, s, got), s).ok) decoded++;
      if (got.length >= 16 && !got.subarray(0, 16).equals(plain[i]!.subarray(0, 16))) {
        const b = got.subarray(0, 16).toString('hex');
        firstBlocks.set(b, (firstBlocks.get(b) ?? 0) + 1);
      }
      if (got.length === plain[i]!.length) {
        lengthPreserving++;
        const n = Math.min(KEYSTREAM_BYTES, got.length);
        const ks = Buffer.allocUnsafe(n);
        let zero = true;
        for (let k = 0; k < n; k++) if ((ks[k] = got[k]! ^ plain[i]![k]!) !== 0) zero = false;
        if (zero) continue; // the plaintext itself: counted as such, not as a shared keystream
        const key = createHash('sha256').update(ks).digest('hex');
        keystreams.set(key, (keystreams.get(key) ?? 0) + 1);
      }
    }
  } finally {
    readers.close();
  }
  const pairs = (m: Map<string, number>) => [...m.values()].reduce((n, c) => n + (c * (c - 1)) / 2, 0);
  const reusePairs = pairs(keystreams);
  d.history.append({
    kind: 'encryption.probe',
    id: step.id,
    recordingPath: d.recordingKey ? 'harness-encryption' : 'as-made',
    encryption: d.recordingKey?.mode ?? null,
    keyFingerprint: d.recordingKey ? keyFingerprint(d.recordingKey) : null,
    samples: samples.length,
    synced: syncError === null,
    ...(syncError === null ? {} : { syncError: syncError.slice(0, 300) }),
    plaintextBytes: index.indexedBytes,
    bays: bays.length,
    baysUnread: unread,
    scannedBytes: scanned,
    scanSeconds,
    atRestRuns: runs,
    atRestBytes: runBytes,
    atRestExamples: examples,
    downloads,
    downloadErrors: errors,
    downloadPlaintextRuns: downloadRuns,
    playableWithoutKey: playable,
    decodedWithKey: d.recordingKey ? decoded : null,
    lengthPreserving,
    keystreamReusePairs: reusePairs,
    equalFirstBlockPairs: pairs(firstBlocks),
  });
  d.log(
    `${step.id}: ${samples.length} segments' plaintext looked for on ${bays.length} bays (${(scanned / 1e6).toFixed(0)} MB of data read in ${scanSeconds} s): ${runs} runs found; ${downloads} downloads: ${downloadRuns} plaintext runs, ${playable} play without a key${d.recordingKey ? `, ${decoded} decode with the harness's key` : ''}, ${reusePairs} pairs share a keystream`,
  );
}

/** The data extents of each image (holes skipped: a sparse 128 MiB bay holds a few MB); an image whose
 *  xfs_io did not end well, or whose answer does not end in a hole (xfs_io's last line), is read whole. */
function dataExtents(images: readonly string[]): Promise<Map<string, [number, number][]>> {
  return run('sh', ['-c', SEEK_ALL, 'sh', ...images], { allowFailure: true }).then((r) => parseExtents(r.stdout));
}

/** SEEK_ALL's output: per image its data ranges, for the images whose answer is complete. */
export function parseExtents(stdout: string): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  let image: string | null = null;
  let dataAt: number | null = null;
  let endsInHole = false;
  const list: [number, number][] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('== ')) {
      image = line.slice(3);
      list.length = 0;
      dataAt = null;
      endsInHole = false;
      continue;
    }
    if (line.startsWith('=rc ')) {
      if (image !== null && line === '=rc 0' && endsInHole) out.set(image, [...list]);
      image = null;
      continue;
    }
    const m = /^(DATA|HOLE)\s+(\d+)$/.exec(line.trim());
    if (!m) continue;
    const at = Number(m[2]);
    endsInHole = m[1] === 'HOLE';
    if (m[1] === 'DATA') dataAt = at;
    else if (dataAt !== null) {
      list.push([dataAt, at]);
      dataAt = null;
    }
  }
  return out;
}

// xfs_io's seek walks SEEK_DATA/SEEK_HOLE (one process for all images; a file ends in a hole)
const SEEK_ALL = `for f in "$@"; do echo "== $f"; xfs_io -r -c 'seek -r -a 0' "$f" 2>/dev/null; echo "=rc $?"; done`;

/**
 * `count` acknowledged camera segments, seeded, with pairs chosen on purpose besides the random
 * ones: two consecutive segments of one camera and the same sequence number of two cameras, so
 * that a keystream repeated per camera or per sequence number shows.
 */
export function pickSamples(segments: readonly AckedSegment[], count: number, rnd: RandomStream): AckedSegment[] {
  const chosen: AckedSegment[] = [];
  const add = (s: AckedSegment | undefined) => {
    if (s && !chosen.includes(s) && chosen.length < count) chosen.push(s);
  };
  const key = (s: AckedSegment) => `${s.camera}/${s.seq}`;
  const byKey = new Map(segments.map((s) => [key(s), s]));
  const pool = [...segments];
  if (pool.length) {
    const a = rnd.pick(pool);
    add(a);
    add(byKey.get(`${a.camera}/${a.seq + 1}`) ?? byKey.get(`${a.camera}/${a.seq - 1}`));
    add(pool.find((s) => s.seq === a.seq && s.camera !== a.camera));
  }
  while (chosen.length < Math.min(count, pool.length)) add(pool[rnd.int(0, pool.length - 1)]);
  return chosen;
}
