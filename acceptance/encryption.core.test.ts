// T4 on the real MooseFS core under camera load: the known plaintext of acknowledged segments
// looked for on every bay's raw disk image and in what the download path returns. PASS with
// the harness's encrypting recording path (a stand-in for a vendor's recorder, and the
// verdict says so). Its controls, in short-controls-side-by-side.core.test.ts: FAIL on the core
// as it is (MooseFS stores what it is given), and FAIL on an encrypting path that uses one
// keystream for every segment (no plaintext anywhere, yet one known recording decodes the
// others), each for its own reason only.
import { describe, expect, it } from 'vitest';
import { runJudged } from './core-run';
import { encryptionShortProfile } from './short-profile';
import { encryptionScenario, type EncryptionVariant } from '../scenarios/encryption';
import type { EventOf } from '../sim/history';

const SEED = process.env.ACCEPT_SEED ?? 'encryption-ci';

async function runEncryption(variant: EncryptionVariant) {
  const profile = encryptionShortProfile();
  const r = await runJudged(encryptionScenario(profile, variant), profile, {
    clause: 'T4',
    seed: SEED,
    tag: 'enc',
    feature: 'T4 encryption',
    epic: '存储节点',
  });
  const probe = r.events.find((e): e is EventOf<'encryption.probe'> => e.kind === 'encryption.probe');
  if (!probe) throw new Error(`no encryption probe in the history: ${r.verdict.reasons.join('; ')}`);
  return { ...r, probe, profile };
}

describe('T4 recording encryption on the real core', () => {
  it("reference (the harness's AES-256-CTR recording path): no plaintext on 72 bays nor in downloads, decoded only with the key: PASS, labelled a stand-in", async () => {
    const { verdict, rules, probe, rec, profile } = await runEncryption('reference');
    expect(rules, verdict.reasons.join('\n')).toBe('PASS');
    expect(verdict.standIn?.zh).toContain('参考');
    expect(probe).toMatchObject({ recordingPath: 'harness-encryption', bays: 72, samples: profile.encryption.samples, atRestRuns: 0 });
    expect(probe.scannedBytes).toBeGreaterThan(50e6);
    expect(probe.downloads).toBe(profile.encryption.samples);
    expect(probe.decodedWithKey).toBe(probe.downloads);
    expect(probe.playableWithoutKey).toBe(0);
    expect(probe.keystreamReusePairs).toBe(0);
    expect(probe.equalFirstBlockPairs).toBe(0);
    expect(probe.synced).toBe(true);
    // the recording server reads its own recordings back with its key: nothing lost
    expect(rec.segments.lost).toBe(0);
    expect(rec.segments.verified).toBeGreaterThan(0);
  });
});
