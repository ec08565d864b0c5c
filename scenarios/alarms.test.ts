// The alarm scenario's controls are built as documented, one at a time or several in one run:
// each control switches off exactly its own part of the reference stack.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../profile/profile';
import { alarmsScenario } from './alarms';

const { profile } = loadProfile('ci');

describe('alarm scenario (M5, M6, M3)', () => {
  it('the reference keeps every part; one control breaks its own part and is judged by its clause', () => {
    const ref = alarmsScenario(profile);
    expect(ref.clauses).toEqual(['M5', 'M6', 'M3']);
    expect(ref.ops).toMatchObject({
      grouping: true,
      severityRouting: true,
      capacityRule: true,
      channelModes: {},
      phases: ['faults', 'fill'],
    });
    expect(ref.ops?.faults.maintenanceSilence).toBe(true);
    expect(ref.ops).not.toHaveProperty('relayDrops');
    const sev = alarmsScenario(profile, 'control:no-severity-routing');
    expect(sev).toMatchObject({ variant: 'control:no-severity-routing', clauses: ['M6'] });
    expect(sev.ops).toMatchObject({ grouping: true, severityRouting: false, phases: ['faults'] });
  });

  it('several controls in one run break each its part, no other, and are judged by the union of their clauses', () => {
    const three = alarmsScenario(profile, ['control:no-severity-routing', 'control:relay-drops', 'control:no-maintenance-silence']);
    expect(three.variant).toBe('control:no-severity-routing+control:relay-drops+control:no-maintenance-silence');
    expect(three.clauses).toEqual(['M6']);
    expect(three.ops).toMatchObject({
      grouping: true,
      severityRouting: false,
      relayDrops: ['dingtalk'],
      capacityRule: true,
      channelModes: {},
    });
    expect(three.ops?.faults.maintenanceSilence).toBe(false);
    // the core suite's other control run: each of the three breaks what only its own clause reads
    const other = alarmsScenario(profile, ['control:no-grouping', 'control:channel-errors', 'control:no-capacity-rule']);
    expect(other.clauses).toEqual(['M6', 'M5', 'M3']);
    expect(other.ops).toMatchObject({
      grouping: false,
      severityRouting: true,
      capacityRule: false,
      channelModes: { sms: 'errors' },
      phases: ['faults', 'fill'],
    });
    expect(other.ops?.relayDrops).toBeUndefined();
    expect(other.ops?.faults.maintenanceSilence).toBe(true);
  });

  it('refuses the reference among controls, and an empty list', () => {
    expect(() => alarmsScenario(profile, ['reference', 'control:relay-drops'])).toThrow(/several controls without the reference/);
    expect(() => alarmsScenario(profile, [])).toThrow(/got none/);
  });
});
