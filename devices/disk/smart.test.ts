import { describe, it, expect } from 'vitest';
import { newDisk } from './disk-state';
import { deviceNameForIndex, toSmartctlJson } from './smartctl-json';
import { grade, gradeDisk, type GradingInput } from './grading';
import { SMART_ATTRIBUTES } from './smart-attributes';

const healthy: GradingInput = {
  responding: true,
  smartPassed: true,
  reallocated: 0,
  pending: 0,
  offlineUncorrectable: 0,
  crcErrors: 0,
  gSense: 0,
  temperatureC: 35,
};

describe('smartctl --json export', () => {
  it('has the smartctl shape with every modelled attribute', () => {
    const d = newDisk({ seed: 's', component: 'disk/n/0' });
    d.c.reallocated = 7;
    d.c.powerOnHours = 1234.7;
    const j = toSmartctlJson(d, '/dev/sdc');
    expect(j.json_format_version).toEqual([1, 0]);
    expect(j.smartctl.exit_status).toBe(0);
    expect(j.device.name).toBe('/dev/sdc');
    expect(j.serial_number).toBe(d.identity.serial);
    expect(j.user_capacity?.bytes).toBe(d.identity.capacityBytes);
    expect(j.smart_status?.passed).toBe(true);
    expect(j.power_on_time?.hours).toBe(1234);
    expect(j.ata_smart_attributes?.table.map((a) => a.id)).toEqual(SMART_ATTRIBUTES.map((a) => a.id));
    const a5 = j.ata_smart_attributes?.table.find((a) => a.id === 5);
    expect(a5).toMatchObject({ name: 'Reallocated_Sector_Ct', thresh: 10, raw: { value: 7, string: '7' } });
    expect(a5?.value).toBeLessThan(100);
    const a194 = j.ata_smart_attributes?.table.find((a) => a.id === 194);
    expect(a194?.raw.string).toMatch(/^\d+ \(Min\/Max \d+\/\d+\)$/);
    expect(j.temperature?.current).toBe(a194?.raw.value);
  });

  it('fails SMART when reallocations exhaust the spare area, with smartctl exit bits 3 and 4', () => {
    const d = newDisk({ seed: 's', component: 'disk/n/1' });
    d.c.reallocated = 2000;
    const j = toSmartctlJson(d, '/dev/sda');
    expect(j.smart_status?.passed).toBe(false);
    expect(j.smartctl.exit_status & 0b11000).toBe(0b11000);
    expect(j.ata_smart_attributes?.table.find((a) => a.id === 5)?.when_failed).toBe('now');
    expect(gradeDisk(d).grade).toBe('faulty');
  });

  it('a dead disk prints an open failure and no SMART data', () => {
    const d = newDisk({ seed: 's', component: 'disk/n/2' });
    d.alive = false;
    const j = toSmartctlJson(d, '/dev/sdb');
    expect(j.smartctl.exit_status).toBe(2);
    expect(j.smart_status).toBeUndefined();
    expect(j.ata_smart_attributes).toBeUndefined();
  });

  it('names devices like the kernel', () => {
    expect([0, 25, 26, 47, 701, 702].map(deviceNameForIndex)).toEqual([
      '/dev/sda',
      '/dev/sdz',
      '/dev/sdaa',
      '/dev/sdav',
      '/dev/sdzz',
      '/dev/sdaaa',
    ]);
  });
});

describe('health grading rules', () => {
  const cases: [string, Partial<GradingInput>, string, string | null][] = [
    ['nothing wrong', {}, 'healthy', null],
    ['not responding', { responding: false }, 'faulty', 'R1'],
    ['SMART failed', { smartPassed: false }, 'faulty', 'R2'],
    ['one reallocated sector', { reallocated: 1 }, 'sub-healthy', 'R3'],
    ['200 reallocated sectors', { reallocated: 200 }, 'faulty', 'R3'],
    ['a pending sector', { pending: 1 }, 'sub-healthy', 'R4'],
    ['16 pending sectors', { pending: 16 }, 'faulty', 'R4'],
    ['first scan error', { offlineUncorrectable: 1 }, 'sub-healthy', 'R5'],
    ['16 offline uncorrectable', { offlineUncorrectable: 16 }, 'faulty', 'R5'],
    ['CRC errors (cable)', { crcErrors: 10_000 }, 'sub-healthy', 'R6'],
    ['shocks', { gSense: 50 }, 'sub-healthy', 'R7'],
    ['hot', { temperatureC: 55 }, 'sub-healthy', 'R8'],
    ['out of spec', { temperatureC: 65 }, 'faulty', 'R8'],
  ];
  for (const [what, change, expected, rule] of cases) {
    it(`${what} -> ${expected}`, () => {
      const g = grade({ ...healthy, ...change });
      expect(g.grade).toBe(expected);
      if (rule) expect(g.findings.map((f) => f.rule)).toContain(rule);
      else expect(g.findings).toEqual([]);
    });
  }
});
