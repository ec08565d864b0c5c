// T3's read-back on the real MooseFS core against a core that holds none of the acknowledged
// data: every storage node powered off before the read-back (data-not-kept), and every
// chunkserver acknowledging chunk writes and storing nothing (acks-not-stored). Reads wait in
// mfsmount's retry loop or fail: the read-back must end within its cap, nothing intact, and
// T3 FAIL naming the segments not read back. Both are small (one pull, 2 cameras) and run
// side by side as `accept run --control` processes (control-process.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../profile/profile';
import { shortProfile } from './short-profile';
import { CONTROL_CAMERAS, controlVerdict, controlsSideBySide, type ControlRun } from './control-process';

const SEED = process.env.ACCEPT_SEED ?? 'faults-ci';

type Control = 'data-not-kept' | 'acks-not-stored';
let runs: Record<Control, Promise<ControlRun>>;
let readBack: Profile;

const judged = async (control: Control) => {
  const r = await runs[control];
  return { r, ...(await controlVerdict(r, control, 'T3', '存储节点')) };
};

describe('read-back against a core that holds none of the acknowledged data', () => {
  beforeAll(() => {
    readBack = shortProfile();
    readBack.workload.cameras = CONTROL_CAMERAS;
    readBack.faults.hotplug.pulls = 1;
    readBack.verify = { readDeadlineSeconds: 5, maxTotalSeconds: 30, parallel: 4 };
    runs = controlsSideBySide(
      [
        { name: 'data-not-kept', profile: readBack, seed: SEED },
        { name: 'acks-not-stored', profile: readBack, seed: SEED },
      ],
      2,
    );
  });

  for (const control of ['data-not-kept', 'acks-not-stored'] as const) {
    it(`control:${control}: T3 FAILs naming the segments not read back, the read-back ends within the profile bound`, async () => {
      const { r, v, rules } = await judged(control);
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
});
