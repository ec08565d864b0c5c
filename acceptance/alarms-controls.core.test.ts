// M5, M6 and M3 on the real MooseFS core with the reference operations stack, the controls: each
// an honest breakage of a channel, a rule, Alertmanager, the relay or the operator's silence, and
// each FAILs its clause by its own reason. Six controls in two runs, each run's breakages touching
// different checks (the reference is in alarms.core.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { runAlarms } from './alarms-run';

type Run = Awaited<ReturnType<typeof runAlarms>>;
let runs: { nogroup: Promise<Run>; three: Promise<Run> };

describe('alarms on the real core with the reference operations stack: the controls', () => {
  // both runs at once, each on its own cluster and stack: a run mostly waits for Alertmanager's
  // timers and the core; each describe waits for its own run only
  beforeAll(() => {
    runs = {
      nogroup: runAlarms(['control:no-grouping', 'control:channel-errors', 'control:no-capacity-rule'], 'alarms-ctl-nogroup'),
      three: runAlarms(['control:no-severity-routing', 'control:relay-drops', 'control:no-maintenance-silence'], 'alarms-ctl-three'),
    };
    // a run that fails before its describe awaits it is reported there, not as an unhandled rejection
    for (const r of Object.values(runs)) r.catch(() => undefined);
  });

  // no grouping changes every re-send of every channel, so it shares its run only with breakages
  // that the M6 checks do not read: a refusing SMS gateway (M5) and a missing capacity rule (M3,
  // whose warning route does not send by SMS)
  describe('no grouping, a refusing SMS gateway and no capacity rule in one run', () => {
    let v: Run['v'];
    beforeAll(async () => {
      ({ v } = await runs.nogroup);
    });
    it('FAILs M6 with Alertmanager configured without grouping (re-sent every group interval)', () => {
      expect(v('M6').status).toBe('FAIL');
      expect(v('M6').reasons.join(' ')).toMatch(/de-duplication: .*received the same alarm/);
      expect(v('M6').reasons.join(' ')).toMatch(/merging: .*arrived as ([2-9]|\d{2,}) messages/);
    });
    it('FAILs M5 when a channel answers errors (the SMS gateway answers 503)', () => {
      expect(v('M5').status).toBe('FAIL');
      expect(v('M5').reasons.join(' ')).toMatch(/sms: .*refused/);
    });
    it('FAILs M3 without the capacity-trend rule', () => {
      expect(v('M3').status).toBe('FAIL');
      expect(v('M3').reasons.join(' ')).toMatch(/no capacity warning/);
    });
  });

  // three controls in one run: each breaks another part (a route, the relay, a silence), and each
  // FAILs its own check of M6 by its own reason; the check none of them breaks (grouping) still passes
  describe('three breakages in one run, each caught by its own check', () => {
    let m6: Run['v'];
    beforeAll(async () => {
      ({ v: m6 } = await runs.three);
    });

    it('FAILs M6 classification when Alertmanager routes every severity to every channel (a warning pages SMS)', () => {
      expect(m6('M6').status).toBe('FAIL');
      expect(m6('M6').reasons.join(' ')).toMatch(
        /classification: routed to a channel not meant for its severity: .*warning DiskSubHealthy node1 slot 8 at sms/,
      );
    });

    it('FAILs M6 statistics when the relay acknowledges DingTalk messages and drops them', () => {
      expect(m6('M6').status).toBe('FAIL');
      expect(m6('M6').reasons.join(' ')).toMatch(/statistics: Alertmanager's statistics count \d+ delivered webhook notifications/);
    });

    it('FAILs M6 masking when the maintenance window is declared but no silence applied', () => {
      expect(m6('M6').status).toBe('FAIL');
      expect(m6('M6').reasons.join(' ')).toMatch(/maintenance window but reached|no suppression of/);
    });

    it('leaves de-duplication and merging, which none of the three breaks, passing', () => {
      const reasons = m6('M6').reasons.join('\n');
      expect(reasons).not.toMatch(/received the same alarm|simultaneous faults arrived as/);
      const grouping = m6('M6').figures.filter((f) => f.name.startsWith('dedup messages ') || f.name.startsWith('merge messages '));
      expect(grouping.length, reasons).toBeGreaterThan(0);
      // DingTalk is the channel relay-drops silences: it received no message to count
      for (const f of grouping.filter((f) => !f.name.endsWith(' dingtalk'))) expect(f.ok, `${f.name}: ${f.value}`).toBe(true);
    });
  });
});
