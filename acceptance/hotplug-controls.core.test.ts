// T3 disk hot-plug on the real MooseFS core, the controls, side by side as `accept run
// --control` processes (acceptance/control-process.ts): goal 1 with blank replacements (a
// pulled disk's chunks had no other copy), a core that keeps nothing of what it acknowledged
// (every storage node powered off before the read-back), and a core that acknowledges chunk
// writes and stores nothing. Each must FAIL T3; the read-back of the last two must end
// within the profile's bound, naming the segments not read back.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from './profile';
import { shortProfile } from './short-profile';
import { controlVerdict, controlsSideBySide, type ControlRun } from './control-process';

const SEED = process.env.ACCEPT_SEED ?? 'faults-ci';

type Control = 'goal-1' | 'data-not-kept' | 'acks-not-stored';
let runs: Record<Control, Promise<ControlRun>>;
let readBack: Profile;

const judged = async (control: Control) => {
  const r = await runs[control];
  return { r, ...(await controlVerdict(r, control, 'T3', '存储节点')) };
};

describe('T3 disk hot-plug on the real core: the controls', () => {
  beforeAll(() => {
    // goal 1 keeps the fault scenario's cameras: the pulled bays must hold chunks of their own
    const goal1 = shortProfile();
    // the read-back controls: one pull, a short read deadline and cap (reads wait in mfsmount's
    // retry loop or fail), 2 cameras (nothing of theirs is read back either way)
    readBack = shortProfile();
    readBack.workload.cameras = 2;
    readBack.faults.hotplug.pulls = 1;
    readBack.verify = { readDeadlineSeconds: 5, maxTotalSeconds: 30, parallel: 4 };
    runs = controlsSideBySide(
      [
        { name: 'goal-1', profile: goal1, seed: SEED },
        { name: 'data-not-kept', profile: readBack, seed: SEED },
        { name: 'acks-not-stored', profile: readBack, seed: SEED },
      ],
      3,
    );
  });

  it('control:goal-1: FAIL by T3 own rules, not only because the background load failed', async () => {
    const { v, rules } = await judged('goal-1');
    expect(rules, v.reasons.join('\n')).toBe('FAIL');
  });

  for (const control of ['data-not-kept', 'acks-not-stored'] as const) {
    it(`control:${control}: T3 FAILs naming the segments not read back, the read-back ends within the profile bound`, async () => {
      const { r, v, rules } = await judged(control);
      const segments = r.summary.segments;
      process.stderr.write(`${control} read-back: ${JSON.stringify(segments)} in ${r.summary.timings.verifySeconds} s\n`);
      expect(rules, v.reasons.join('\n')).toBe('FAIL');
      expect(segments.acked).toBeGreaterThan(0);
      expect(segments.verified).toBe(0);
      if (control === 'data-not-kept') {
        expect(v.reasons.join('\n')).toMatch(/data lost: \d+ of \d+ acknowledged segments not read back intact \([^)]*\d+ unreadable\)/);
        expect(segments.unreadable).toBeGreaterThan(0);
      } else {
        expect(v.reasons.join('\n')).toMatch(/data lost: \d+ of \d+ acknowledged segments not read back intact \(\d+ (unreadable|lost|corrupt)/);
      }
      expect(r.summary.timings.verifySeconds).toBeLessThan(readBack.verify.maxTotalSeconds + 5);
    });
  }
});
