import { describe, expect, it } from 'vitest';
import type { EventOf, HistoryEvent } from '../history';
import { checkEncryption } from './encryption';

type Probe = EventOf<'encryption.probe'>;

/** The probe of the harness's encrypting path as a correct run records it; `o` breaks it. */
function probe(o: Partial<Probe> = {}): HistoryEvent {
  return {
    i: 1,
    wall: 0,
    mono: 0,
    virt: 0,
    kind: 'encryption.probe',
    id: 'encryption-probe',
    recordingPath: 'harness-encryption',
    encryption: 'aes-256-ctr',
    keyFingerprint: '0123456789abcdef',
    samples: 8,
    synced: true,
    plaintextBytes: 8_004_096,
    bays: 144,
    baysUnread: [],
    scannedBytes: 698_490_880,
    scanSeconds: 7.6,
    atRestRuns: 0,
    atRestBytes: 0,
    atRestExamples: [],
    downloads: 8,
    downloadErrors: [],
    downloadPlaintextRuns: 0,
    playableWithoutKey: 0,
    decodedWithKey: 8,
    lengthPreserving: 8,
    keystreamReusePairs: 0,
    equalFirstBlockPairs: 0,
    ...o,
  } as HistoryEvent;
}

describe('T4 checker (known plaintext at rest and on the way out)', () => {
  it("PASS on the harness's encrypting path, measured, and labelled a stand-in that proves the checker, not the product", () => {
    const v = checkEncryption([probe()]);
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.nature).toBe('measured');
    expect(v.standIn?.en).toMatch(
      /proves the checker, not the vendor's product; the storage core itself keeps what it is given, so without that path the recordings land in plaintext/,
    );
    expect(v.caveats).toEqual([v.standIn]);
    expect(v.figures.every((f) => f.ok)).toBe(true);
  });

  it('FAIL for each way out, each with its own reason: plaintext on a disk, in a download, a download that plays, a shared keystream, a key that does not decode', () => {
    const at = checkEncryption([
      probe({
        recordingPath: 'as-made',
        decodedWithKey: null,
        atRestRuns: 3,
        atRestBytes: 9000,
        atRestExamples: [{ node: 'node2', bay: 'bay07', offset: 4096, segment: '/cam001/x.seg', segmentOffset: 512, length: 3000 }],
      }),
    ]);
    expect(at.status).toBe('FAIL');
    expect(at.reasons).toEqual([
      expect.stringMatching(/3 runs .* 3000 bytes of \/cam001\/x.seg .* at byte 4096 of node2\/bay07: recordings land on disk unencrypted/),
    ]);
    for (const [o, why] of [
      [{ downloadPlaintextRuns: 2 }, /data leaves the storage unencrypted/],
      [{ playableWithoutKey: 1 }, /1 of 8 downloads play without a key/],
      [{ keystreamReusePairs: 28 }, /28 pairs of downloads share one keystream/],
      [{ equalFirstBlockPairs: 3 }, /3 pairs of downloads begin with the same cipher block: a deterministic cipher/],
      [{ decodedWithKey: 7 }, /only 7 of 8 downloads decode with the key/],
    ] as const) {
      const v = checkEncryption([probe(o)]);
      expect(v.status).toBe('FAIL');
      expect(v.reasons).toEqual([expect.stringMatching(why)]);
      expect(v.standIn).toBeUndefined();
    }
  });

  it('INCONCLUSIVE with no probe, a probe that failed, unread bays, bays not synced, no data read, or downloads missing', () => {
    expect(checkEncryption([]).reasons).toEqual(['no encryption probe in this history: T4 not shown']);
    const failed = checkEncryption([
      { i: 1, wall: 0, mono: 0, virt: 0, kind: 'encryption.probe.error', id: 'encryption-probe', error: 'EIO' } as HistoryEvent,
    ]);
    expect(failed).toMatchObject({ status: 'INCONCLUSIVE', reasons: [expect.stringContaining('(EIO)')] });
    for (const [o, why] of [
      [{ baysUnread: ['node1/bay03: EACCES'] }, /1 bays could not be read/],
      [{ scannedBytes: 0 }, /no data read from any bay/],
      [{ downloads: 6, decodedWithKey: 6, downloadErrors: ['/a.seg: EIO'] }, /2 of 8 segments could not be downloaded/],
      [{ synced: false, syncError: 'sync: EIO' }, /could not be synced .*sync: EIO/],
    ] as const) {
      const v = checkEncryption([probe(o)]);
      expect(v.status, JSON.stringify(o)).toBe('INCONCLUSIVE');
      expect(v.reasons).toEqual([expect.stringMatching(why)]);
    }
  });

  it('MANUAL when nothing leaks but the harness holds no key: the vendor player’s authorization is for a person', () => {
    const v = checkEncryption([probe({ recordingPath: 'as-made', decodedWithKey: null, keyFingerprint: null, encryption: null })]);
    expect(v.status).toBe('MANUAL');
    expect(v.reasons[1]).toMatch(/for a person to check/);
    expect(v.standIn).toBeUndefined();
  });

  it('MANUAL when the downloads are not as long as their plaintext (a format of its own): key and IV handling for a person, no keystream figure', () => {
    const v = checkEncryption([probe({ lengthPreserving: 0 })]);
    expect(v.status).toBe('MANUAL');
    expect(v.reasons[1]).toMatch(/not as long as their plaintext/);
    expect(v.figures.find((f) => f.name.includes('sharing a keystream'))).toMatchObject({ value: null });
  });
});
