// M6 on the real MooseFS core with the reference operations stack, the controls: each an
// honest breakage of Alertmanager, the relay or the operator's silence: M6 FAIL.
import { describe, expect, it } from 'vitest';
import { runAlarms } from './alarms-run';

describe('alarms on the real core with the reference operations stack: M6 controls', () => {
  it('FAILs M6 with Alertmanager configured without grouping (re-sent every group interval)', async () => {
    const { v } = await runAlarms('control:no-grouping', 'alarms-ctl-nogroup');
    expect(v('M6').status).toBe('FAIL');
    expect(v('M6').reasons.join(' ')).toMatch(/de-duplication: .*received the same alarm/);
    expect(v('M6').reasons.join(' ')).toMatch(/merging: .*arrived as ([2-9]|\d{2,}) messages/);
  });

  it('FAILs M6 classification when Alertmanager routes every severity to every channel (a warning pages SMS)', async () => {
    const { v } = await runAlarms('control:no-severity-routing', 'alarms-ctl-nosev');
    expect(v('M6').status).toBe('FAIL');
    expect(v('M6').reasons.join(' ')).toMatch(
      /classification: routed to a channel not meant for its severity: .*warning DiskSubHealthy node1 slot 8 at sms/,
    );
  });

  it('FAILs M6 statistics when the relay acknowledges DingTalk messages and drops them', async () => {
    const { v } = await runAlarms('control:relay-drops', 'alarms-ctl-relaydrops');
    expect(v('M6').status).toBe('FAIL');
    expect(v('M6').reasons.join(' ')).toMatch(/statistics: Alertmanager's statistics count \d+ delivered webhook notifications/);
  });

  it('FAILs M6 masking when the maintenance window is declared but no silence applied', async () => {
    const { v } = await runAlarms('control:no-maintenance-silence', 'alarms-ctl-nosilence');
    expect(v('M6').status).toBe('FAIL');
    expect(v('M6').reasons.join(' ')).toMatch(/maintenance window but reached|no suppression of/);
  });
});
