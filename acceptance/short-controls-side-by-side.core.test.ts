// Short negative controls on the real MooseFS core, side by side, four at once, each as its
// own `accept run --control` process (control-process.ts), its history judged as `accept
// recheck` would. T3's read-back against a core that holds none of the acknowledged data:
// every storage node powered off before the read-back (data-not-kept), and every chunkserver
// acknowledging chunk writes and storing nothing (acks-not-stored); reads wait in mfsmount's
// retry loop or fail: the read-back must end within its cap, nothing intact, and T3 FAIL
// naming the segments not read back (one pull, 2 cameras). T5 kick-at-once (a disk ejected
// at its first burst of errors), and T4 on MooseFS as it is (plaintext at rest) and on an
// encrypting path with one keystream for every segment, and T10 with a deleter that deletes
// inside a shortened retention period and with a quota cut below the data held (2 cameras),
// each FAILing for its own reason only.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../profile/profile';
import { eventsOf } from '../sim/history';
import { delayedKickShortProfile, elasticCapacityShortProfile, encryptionShortProfile, shortProfile } from './short-profile';
import { CONTROL_CAMERAS, controlVerdict, controlsSideBySide, type ControlRun } from './control-process';

const SEED = process.env.ACCEPT_SEED ?? 'faults-ci';
const T5_SEED = process.env.ACCEPT_SEED ?? 't5-ci';
const ENCRYPTION_SEED = process.env.ACCEPT_SEED ?? 'encryption-ci';
const CAPACITY_SEED = process.env.ACCEPT_SEED ?? 'capacity-ci';

type Control =
  'data-not-kept' | 'acks-not-stored' | 'kick-at-once' | 'plaintext-recording' | 'one-keystream' | 'deletes-in-period' | 'quota-below-data';
let runs: Record<Control, Promise<ControlRun>>;
let readBack: Profile;

const judged = async (control: Control, clause: string) => {
  const r = await runs[control];
  return { r, ...(await controlVerdict(r, control, clause, '存储节点')) };
};
const byName = (v: { figures: { name: string; value: number | null }[] }, part: string) =>
  v.figures.find((f) => f.name.includes(part))?.value;
/** the clause checker's own reasons: not the core's tuning, nor the background load's thresholds folded in */
const own = (reasons: string[]) => reasons.filter((r) => !/^(reached with core options|负载阈值未通过)/.test(r));
const probeOf = (r: ControlRun) => {
  const probe = eventsOf(r.events, 'encryption.probe')[0];
  if (!probe) throw new Error(`no encryption probe in ${r.runDir}/history.jsonl`);
  return probe;
};

describe('short negative controls side by side on the real core', () => {
  beforeAll(() => {
    readBack = shortProfile();
    readBack.workload.cameras = CONTROL_CAMERAS;
    readBack.faults.hotplug.pulls = 1;
    readBack.verify = { readDeadlineSeconds: 5, maxTotalSeconds: 30, parallel: 4 };
    const capacity = elasticCapacityShortProfile();
    capacity.workload.cameras = CONTROL_CAMERAS;
    // in this order, four at once: about 97, 99, 62 and 42 s side by side; the rest as slots free (34, 45, 45 s)
    runs = controlsSideBySide(
      [
        { name: 'data-not-kept', profile: readBack, seed: SEED },
        { name: 'acks-not-stored', profile: readBack, seed: SEED },
        { name: 'kick-at-once', profile: delayedKickShortProfile(), seed: T5_SEED },
        { name: 'plaintext-recording', profile: encryptionShortProfile(), seed: ENCRYPTION_SEED },
        { name: 'one-keystream', profile: encryptionShortProfile(), seed: ENCRYPTION_SEED },
        { name: 'deletes-in-period', profile: capacity, seed: CAPACITY_SEED },
        { name: 'quota-below-data', profile: capacity, seed: CAPACITY_SEED },
      ],
      4,
    );
  });

  for (const control of ['data-not-kept', 'acks-not-stored'] as const) {
    it(`T3 control:${control}: T3 FAILs naming the segments not read back, the read-back ends within the profile bound`, async () => {
      const { r, v, rules } = await judged(control, 'T3');
      const segments = r.segments;
      process.stderr.write(`${control} read-back: ${JSON.stringify(segments)} in ${r.verifySeconds} s\n`);
      expect(rules, v.reasons.join('\n')).toBe('FAIL');
      expect(segments.acked).toBeGreaterThan(0);
      expect(segments.verified).toBe(0);
      if (control === 'data-not-kept') {
        expect(v.reasons.join('\n')).toMatch(/data lost: \d+ of \d+ acknowledged segments not read back intact \([^)]*\d+ unreadable\)/);
        expect(segments.unreadable).toBeGreaterThan(0);
      } else {
        expect(v.reasons.join('\n')).toMatch(
          /data lost: \d+ of \d+ acknowledged segments not read back intact \(\d+ (unreadable|lost|corrupt)/,
        );
      }
      expect(r.verifySeconds).toBeLessThan(readBack.verify.maxTotalSeconds + 5);
    });
  }

  it('T5 control:kick-at-once: the same burst ejects the disk -> FAIL', async () => {
    const { v, rules } = await judged('kick-at-once', 'T5');
    expect(rules, v.reasons.join('\n')).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/ejected node\d bay\d\d \(damaged\) after a burst of 2 I\/O errors/);
    expect(byName(v, 'disk ejected by the core after the burst')).toBe(1);
  });

  it('T4 control:plaintext-recording (MooseFS as it is): the recordings found on the raw disks and playable from the download: FAIL', async () => {
    const { r, v, rules } = await judged('plaintext-recording', 'T4');
    const probe = probeOf(r);
    expect(rules, v.reasons.join('\n')).toBe('FAIL');
    expect(probe.recordingPath).toBe('as-made');
    expect(probe.atRestRuns).toBeGreaterThan(0);
    expect(probe.atRestExamples[0]!.length).toBeGreaterThanOrEqual(64);
    expect(probe.playableWithoutKey).toBe(probe.downloads);
    expect(probe.decodedWithKey).toBeNull();
    // plaintext is not counted as a shared keystream or a deterministic cipher too
    expect(probe.keystreamReusePairs).toBe(0);
    expect(probe.equalFirstBlockPairs).toBe(0);
    expect(v.reasons.join('\n')).toMatch(/land on disk unencrypted/);
    expect(byName(v, 'plaintext runs on raw disk images')).toBeGreaterThan(0);
  });

  it('T4 control:one-keystream: no plaintext at rest or in downloads, none plays without the key, but one keystream for all: FAIL for that (and the equal first blocks it makes) alone', async () => {
    const { r, v, rules } = await judged('one-keystream', 'T4');
    const probe = probeOf(r);
    expect(rules, v.reasons.join('\n')).toBe('FAIL');
    expect(probe).toMatchObject({ atRestRuns: 0, downloadPlaintextRuns: 0, playableWithoutKey: 0 });
    expect(probe.decodedWithKey).toBe(probe.downloads);
    const n = probe.lengthPreserving;
    expect(probe.keystreamReusePairs).toBe((n * (n - 1)) / 2);
    // the checker's own reasons (the core's tuning is named in another line): the shared keystream, and the
    // same first cipher block it gives every segment, nothing else
    const own = v.reasons.filter((x) => x.startsWith('encryption-probe:'));
    expect(own, v.reasons.join('\n')).toEqual([
      expect.stringMatching(/share one keystream/),
      expect.stringMatching(/begin with the same cipher block/),
    ]);
  });

  it('T10 control:deletes-in-period: recordings deleted at under the shortened period: FAIL for that alone', async () => {
    const { v, rules } = await judged('deletes-in-period', 'T10');
    expect(rules, v.reasons.join('\n')).toBe('FAIL');
    expect(own(v.reasons), v.reasons.join('\n')).toEqual([
      expect.stringMatching(/deleted inside the retention period in force, e\.g\. .* under a period of 4 s/),
    ]);
  });

  it('T10 control:quota-below-data: the quota cut to half of what the folder holds, the core refuses writes (EDQUOT): FAIL for that alone', async () => {
    const { v, rules } = await judged('quota-below-data', 'T10');
    expect(rules, v.reasons.join('\n')).toBe('FAIL');
    expect(own(v.reasons), v.reasons.join('\n')).toEqual([
      expect.stringMatching(
        /segment writes failed and \d+ camera segments were dropped while capacity and retention changed, first .*EDQUOT/,
      ),
    ]);
  });
});
