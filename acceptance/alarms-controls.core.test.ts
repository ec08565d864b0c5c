// M5, M6 and M3 on the real MooseFS core with the reference operations stack, the controls:
// each an honest breakage of a channel, Alertmanager, the relay, a rule or the operator's
// silence, which must FAIL its clause. Each is its own `accept run --control` process, three
// at a time (acceptance/control-process.ts); the reference is alone in alarms.core.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from './profile';
import { controlVerdict, controlsSideBySide, type ControlRun } from './control-process';

const CONTROLS = {
  'channel-errors': 'alarms-ctl-errors',
  'no-capacity-rule': 'alarms-ctl-nocap',
  'no-grouping': 'alarms-ctl-nogroup',
  'no-severity-routing': 'alarms-ctl-nosev',
  'relay-drops': 'alarms-ctl-relaydrops',
  'no-maintenance-silence': 'alarms-ctl-nosilence',
} as const;
type Control = keyof typeof CONTROLS;
/** three alarm stacks at a time beside the other core file on the 2 cores */
const AT_ONCE = 3;

let runs: Record<Control, Promise<ControlRun>>;

async function judged(control: Control, clause: string) {
  const { v } = await controlVerdict(await runs[control], control, clause, '运维告警');
  // these controls break the operations stack, not the core: the clause's verdict is what FAILs
  expect(v.status, v.reasons.join('\n')).toBe('FAIL');
  return v.reasons.join(' ');
}

describe('alarms on the real core with the reference operations stack: the controls', () => {
  beforeAll(() => {
    const { profile } = loadProfile('ci');
    runs = controlsSideBySide(
      (Object.keys(CONTROLS) as Control[]).map((name) => ({ name, profile, seed: CONTROLS[name] })),
      AT_ONCE,
    );
  });

  it('FAILs M5 when a channel answers errors (the SMS gateway answers 503)', async () => {
    expect(await judged('channel-errors', 'M5')).toMatch(/sms: .*refused/);
  });

  it('FAILs M3 without the capacity-trend rule', async () => {
    expect(await judged('no-capacity-rule', 'M3')).toMatch(/no capacity warning/);
  });

  it('FAILs M6 with Alertmanager configured without grouping (re-sent every group interval)', async () => {
    const reasons = await judged('no-grouping', 'M6');
    expect(reasons).toMatch(/de-duplication: .*received the same alarm/);
    expect(reasons).toMatch(/merging: .*arrived as ([2-9]|\d{2,}) messages/);
  });

  it('FAILs M6 classification when Alertmanager routes every severity to every channel (a warning pages SMS)', async () => {
    expect(await judged('no-severity-routing', 'M6')).toMatch(/classification: routed to a channel not meant for its severity: .*warning DiskSubHealthy node1 slot 8 at sms/);
  });

  it('FAILs M6 statistics when the relay acknowledges DingTalk messages and drops them', async () => {
    expect(await judged('relay-drops', 'M6')).toMatch(/statistics: Alertmanager's statistics count \d+ delivered webhook notifications/);
  });

  it('FAILs M6 masking when the maintenance window is declared but no silence applied', async () => {
    expect(await judged('no-maintenance-silence', 'M6')).toMatch(/maintenance window but reached|no suppression of/);
  });
});
