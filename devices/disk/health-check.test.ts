// The disk check read from smartctl JSON: only a drive smartctl cannot open is 'not
// responding'; an answering drive without its attribute table lacks every attribute.
import { describe, expect, it } from 'vitest';
import { newDisk } from './disk-state';
import { deviceNameForIndex, toSmartctlJson } from './smartctl-json';
import { DEEP_ATTRIBUTES, diskCheck, T11_ATTRIBUTES } from './health-check';

describe('diskCheck', () => {
  it('a complete reading carries every T11 attribute and is graded', () => {
    const r = diskCheck(
      {
        smartctl: { exit_status: 0 },
        serial_number: 'S1',
        smart_status: { passed: true },
        ata_smart_attributes: { table: DEEP_ATTRIBUTES.map((id) => ({ id, raw: { value: 0 } })) },
      },
      'deep',
    );
    expect(r).toMatchObject({ responding: true, missing: [], grade: 'healthy' });
    for (const a of T11_ATTRIBUTES) expect(r.attributes[a.id]).toBe(0);
  });
  it('a present drive answering without the attribute table is responding, lacks every attribute, cannot be graded', () => {
    const r = diskCheck({ smartctl: { exit_status: 0 }, serial_number: 'S1', model_name: 'M', smart_status: { passed: true } }, 'deep');
    expect(r.responding).toBe(true);
    expect(r.missing).toEqual([...DEEP_ATTRIBUTES]);
    expect(r.grade).toBeNull();
  });
  it('an empty answer (no smartctl block, nothing) is not a dead drive either', () => {
    expect(diskCheck({}, 'deep')).toMatchObject({ responding: true, missing: [...DEEP_ATTRIBUTES], grade: null });
  });
  it('a drive smartctl cannot open (exit bit 1) is not responding: nothing missing, faulty by R1', () => {
    const r = diskCheck({ smartctl: { exit_status: 2 } }, 'deep');
    expect(r).toMatchObject({ responding: false, missing: [], grade: 'faulty' });
    expect(r.findings.map((f) => f.rule)).toContain('R1');
  });
  it("the twin's own smartctl JSON of a live disk and of a dead one", () => {
    const d = newDisk({ seed: 'hc', component: 'disk/node1/00' });
    expect(diskCheck(toSmartctlJson(d, deviceNameForIndex(0)), 'deep')).toMatchObject({ responding: true, missing: [] });
    d.alive = false;
    expect(diskCheck(toSmartctlJson(d, deviceNameForIndex(0)), 'deep')).toMatchObject({ responding: false, missing: [] });
  });
});
