// Recording encryption (T4) under camera load: the probe looks for the known plaintext of
// acknowledged segments on every bay's raw disk image and in what the download path returns.
// The reference records through the harness's own encrypting recording path (a reference
// implementation standing in for a vendor's encrypting recorder: the verdict proves the
// checker, not the product). The controls: the core as it is, which stores what it is given
// (MooseFS keeps plaintext); and an encrypting path that uses one keystream for every segment.
import type { Profile } from '../profile/profile';
import { backgroundLoad } from './load-library';
import type { RecordingEncryption, Scenario } from '../sim/plan/scenario';
import { profileNodes } from './topology';

export const ENCRYPTION_VARIANTS = ['reference', 'control:plaintext-recording', 'control:one-keystream'] as const;
export type EncryptionVariant = (typeof ENCRYPTION_VARIANTS)[number];

const RECORDING_PATH: Record<EncryptionVariant, RecordingEncryption | null> = {
  reference: 'aes-256-ctr',
  'control:plaintext-recording': null,
  'control:one-keystream': 'aes-256-ctr-one-keystream',
};

export function encryptionScenario(profile: Profile, variant: EncryptionVariant = 'reference'): Scenario {
  const k = profile.encryption;
  const encryption = RECORDING_PATH[variant];
  return {
    id: 'encryption',
    variant,
    title: { zh: '录像加密与出存储数据加密', en: 'Recording encryption at rest and on the way out' },
    clauses: ['T4'],
    topology: {
      goal: profile.core.goal,
      replicationsDelayInitSeconds: profile.core.replicationsDelayInitSeconds,
      masterConfig: profile.core.masterConfig,
      nodes: profileNodes(profile),
    },
    workload: { ...backgroundLoad(profile), ...(encryption ? { encryption } : {}) },
    schedule: [{ atSeconds: k.probeAtSeconds, action: 'encryption-probe', id: 'encryption-probe', samples: k.samples }],
    observeSeconds: k.observeSeconds,
    pollMs: profile.scaleout.pollMs,
  };
}
