// The bounded read-back on real files: intact, corrupt, missing, and reads that never
// answer (a FIFO with no writer blocks in open(), as a read stuck in mfsmount blocks).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunClock } from '../clock';
import { HistoryWriter, readHistory } from '../history';
import type { AckedSegment } from './cameras';
import { buildSegment } from './segment';
import { verifyAcknowledged } from './verify';

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'verify-'));
  mkdirSync(join(dir, 'cam1'));
  const acked: AckedSegment[] = [];
  const add = (seq: number, how: 'ok' | 'corrupt' | 'missing' | 'hang') => {
    const { bytes, header } = buildSegment({ camera: 'cam1', seq, startMs: 0, endMs: 2000 }, 64 * 1024, seq + 1);
    const path = `/cam1/${seq}.seg`;
    if (how === 'ok') writeFileSync(join(dir, path), bytes);
    if (how === 'corrupt')
      writeFileSync(join(dir, path), Buffer.concat([bytes.subarray(0, bytes.length - 1), Buffer.from([bytes[bytes.length - 1]! ^ 1])]));
    if (how === 'hang') execFileSync('mkfifo', [join(dir, path)]);
    acked.push({
      camera: 'cam1',
      seq,
      path,
      payloadSeed: header.payloadSeed,
      startMs: 0,
      endMs: 2000,
      ackMono: 0,
      dueMono: 0,
      role: 'camera',
      bytes: bytes.length,
    });
  };
  const history = new HistoryWriter(join(dir, 'history.jsonl'), new RunClock());
  return { dir, acked, add, history };
}

describe('verifyAcknowledged', () => {
  it('ok, corrupt, lost and unreadable, each as a segment.verify event; the mount and its options recorded', async () => {
    const f = fixture();
    f.add(1, 'ok');
    f.add(2, 'corrupt');
    f.add(3, 'missing');
    f.add(4, 'hang');
    const v = await verifyAcknowledged(f.acked, { path: f.dir, options: ['mfscachemode=DIRECT'] }, f.history, {
      readDeadlineSeconds: 1,
      maxTotalSeconds: 30,
      parallel: 4,
    });
    f.history.close();
    expect(v).toMatchObject({ verified: 1, lost: 3, corrupt: 1, unreadable: 1 });
    // the hung read was given up at its deadline and at the 3 s of its second try, not waited out
    expect(v.seconds).toBeLessThan(6);
    const events = readHistory(join(f.dir, 'history.jsonl')).events;
    const outcome = Object.fromEntries(events.filter((e) => e.kind === 'segment.verify').map((e) => [e.seq, e.outcome]));
    expect(outcome).toEqual({ 1: 'ok', 2: 'corrupt', 3: 'lost', 4: 'unreadable' });
    expect(events.find((e) => e.kind === 'segment.verify' && e.seq === 4)).toMatchObject({
      error: 'no answer within 3 s',
      firstAttempt: { error: 'no answer within 1 s' },
    });
    // the seed in the header read back (for the checkers to hold against the acknowledgement), and where the bytes differ
    expect(events.find((e) => e.kind === 'segment.verify' && e.seq === 1)).toMatchObject({ payloadSeed: 2 });
    expect(events.find((e) => e.kind === 'segment.verify' && e.seq === 2)).toMatchObject({
      payloadSeed: 3,
      error: `payload differs from that of seed 3 at byte ${512 + 64 * 1024 - 1} of the file`,
    });
    expect(events.find((e) => e.kind === 'verify.start')).toMatchObject({
      mount: f.dir,
      mountOptions: ['mfscachemode=DIRECT'],
      readDeadlineSeconds: 1,
    });
    expect(events.find((e) => e.kind === 'verify.end')).toMatchObject({ ok: 1, corrupt: 1, lost: 1, unreadable: 1 });
  });

  it('the total cap ends the read-back: segments not read by then are unreadable, the call returns near the cap', async () => {
    const f = fixture();
    for (let s = 1; s <= 12; s++) f.add(s, 'hang');
    const t0 = Date.now();
    const v = await verifyAcknowledged(f.acked, { path: f.dir, options: [] }, f.history, {
      readDeadlineSeconds: 1,
      maxTotalSeconds: 2.5,
      parallel: 2,
    });
    const seconds = (Date.now() - t0) / 1000;
    f.history.close();
    expect(v.unreadable).toBe(12);
    expect(seconds).toBeGreaterThanOrEqual(2.4);
    expect(seconds).toBeLessThan(3.5);
    const verifies = readHistory(join(f.dir, 'history.jsonl')).events.filter((e) => e.kind === 'segment.verify');
    // 2 at once: 1 s + 1 s + what is left of 2.5 s (5 or 6 reads, by the spawn times), the rest
    // not read at all; no time left for second tries
    const timedOut = verifies.filter((e) =>
      String((e.firstAttempt as { error?: string } | undefined)?.error ?? e.error).startsWith('no answer within'),
    ).length;
    expect(timedOut).toBeGreaterThanOrEqual(4);
    expect(timedOut).toBeLessThanOrEqual(6);
    expect(verifies.filter((e) => String(e.error).includes('cap of 2.5 s')).length).toBeGreaterThanOrEqual(12 - timedOut);
  });

  it('a read that answers late is tried again and counts as read back: a busy machine is not a lost segment', async () => {
    const f = fixture();
    f.add(1, 'ok');
    f.add(2, 'hang');
    // the segment's bytes reach the FIFO 2.5 s from now: after the first try's 1 s deadline and inside the
    // second try's 3 s, with 1.5 s to spare either way (1.5 s failed once with the whole unit suite beside it)
    const src = join(f.dir, 'late.bytes');
    writeFileSync(src, buildSegment({ camera: 'cam1', seq: 2, startMs: 0, endMs: 2000 }, 64 * 1024, 3).bytes);
    const writer = spawn('sh', ['-c', `sleep 2.5; cat ${src} > ${join(f.dir, 'cam1', '2.seg')}`]);
    const v = await verifyAcknowledged(f.acked, { path: f.dir, options: [] }, f.history, {
      readDeadlineSeconds: 1,
      maxTotalSeconds: 30,
      parallel: 4,
    });
    writer.kill();
    f.history.close();
    expect(v).toMatchObject({ verified: 2, lost: 0, unreadable: 0 });
    const late = readHistory(join(f.dir, 'history.jsonl')).events.find((e) => e.kind === 'segment.verify' && e.seq === 2);
    expect(late).toMatchObject({ outcome: 'ok', firstAttempt: { error: 'no answer within 1 s' } });
  });
});
