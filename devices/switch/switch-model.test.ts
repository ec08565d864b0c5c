import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SwitchTwin } from './switch-model';
import { SWITCH_CAPABILITIES } from './capabilities';

describe('switch twin (S1-S10)', () => {
  it('has 24 GE copper + 4 10GE optical ports at full speed, 2 PSU slots with 1 fitted and a console port (S1-S3)', () => {
    const sw = new SwitchTwin({ id: 'sw1' });
    expect(sw.ports.filter((p) => p.kind === 'GE-copper')).toHaveLength(24);
    expect(sw.ports.filter((p) => p.kind === '10GE-optical').map((p) => p.speedMbps)).toEqual([10_000, 10_000, 10_000, 10_000]);
    expect(sw.port(1)).toMatchObject({ name: 'GE1/0/1', speedMbps: 1000 });
    expect(sw.port(25)?.name).toBe('XGE1/0/25');
    expect(sw.psuSlots).toEqual({ slots: 2, fitted: 1 });
    expect(sw.consolePort).toBe(true);
  });

  it('port down/up and cable faults report link changes only when the link really changes', () => {
    const sw = new SwitchTwin({ id: 'sw1' });
    expect(sw.setAdmin(3, false)).toEqual({ ok: true, changes: [{ kind: 'link', port: 3, up: false }] });
    expect(sw.setCable(3, false)).toEqual({ ok: true, changes: [] }); // already down
    expect(sw.setAdmin(3, true)).toEqual({ ok: true, changes: [] }); // still no cable
    expect(sw.isUp(3)).toBe(false);
    expect(sw.setCable(3, true)).toEqual({ ok: true, changes: [{ kind: 'link', port: 3, up: true }] });
    expect(sw.setAdmin(99, false)).toMatchObject({ ok: false });
  });

  it('speed changes give the tbf rate; unsupported speeds are refused', () => {
    const sw = new SwitchTwin({ id: 'sw1' });
    expect(sw.setSpeed(2, 100)).toEqual({ ok: true, changes: [{ kind: 'speed', port: 2, mbps: 100, rateBitsPerSecond: 100_000_000 }] });
    expect(sw.setSpeed(2, 10_000)).toMatchObject({ ok: false });
    expect(sw.setSpeed(26, 1000)).toMatchObject({ ok: true });
    expect(sw.setSpeed(26, 100)).toMatchObject({ ok: false });
  });

  it('mirroring sessions are validated', () => {
    const sw = new SwitchTwin({ id: 'sw1' });
    const ok = sw.addMirror(
      [
        { port: 1, direction: 'both' },
        { port: 2, direction: 'rx' },
      ],
      24,
    );
    expect(ok).toMatchObject({ ok: true, changes: [{ kind: 'mirror-added', session: { id: 1, destination: 24 } }] });
    expect(sw.addMirror([{ port: 5, direction: 'tx' }], 5)).toMatchObject({ ok: false });
    expect(sw.addMirror([{ port: 5, direction: 'tx' }], 24)).toMatchObject({ ok: false }); // 24 already a destination
    expect(sw.addMirror([{ port: 24, direction: 'tx' }], 23)).toMatchObject({ ok: false }); // source is a destination
    expect(sw.addMirror([], 23)).toMatchObject({ ok: false });
    expect(sw.addMirror([{ port: 40, direction: 'tx' }], 23)).toMatchObject({ ok: false });
    expect(sw.removeMirror(1)).toMatchObject({ ok: true, changes: [{ kind: 'mirror-removed' }] });
    expect(sw.mirrors).toEqual([]);
    expect(sw.removeMirror(1)).toMatchObject({ ok: false });
  });

  it('declares every S-clause capability, each with a verification route', () => {
    const clauses = new Set(SWITCH_CAPABILITIES.map((c) => c.clause));
    for (let i = 1; i <= 10; i++) expect(clauses.has(`S${i}`)).toBe(true);
    const bound = SWITCH_CAPABILITIES.filter((c) => c.verification === 'bound').map((c) => c.id);
    expect(bound).toEqual(expect.arrayContaining(['port.updown', 'port.speed', 'mirroring']));
    for (const manual of ['lacp', 'igmp', 'vlan', 'ospfv3', 'bgp4+', 'isisv6', 'stacking', 'acl', 'console', 'psu.slots']) {
      expect(SWITCH_CAPABILITIES.find((c) => c.id === manual)?.verification).toBe('manual');
    }
    expect(SWITCH_CAPABILITIES.find((c) => c.id === 'acl')?.declared).toEqual({
      sourceMac: true,
      sourceIp: true,
      sourcePort: true,
      destinationPort: true,
      protocol: true,
    });
  });

  it('S4: declared 598 Gbps / 171 Mpps cover non-blocking line rate of 24 GE + 4 10GE; a bigger switch would not', () => {
    const c = new SwitchTwin({ id: 'sw1' }).capacityCheck();
    expect(c.needGbps).toBeCloseTo(128, 9);
    expect(c.needMpps).toBeCloseTo(95.238, 2);
    expect(c.covers).toBe(true);
    expect(new SwitchTwin({ id: 'big', tenGePorts: 32 }).capacityCheck().covers).toBe(false);
  });

  it('property: the link is up exactly when the port is enabled and cabled, whatever the history', () => {
    const op = fc.record({ port: fc.integer({ min: 1, max: 28 }), admin: fc.boolean(), value: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 50 }), (ops) => {
        const sw = new SwitchTwin({ id: 'p' });
        const admin = new Map<number, boolean>(),
          cable = new Map<number, boolean>();
        for (const o of ops) {
          const wasUp = sw.isUp(o.port);
          const r = o.admin ? sw.setAdmin(o.port, o.value) : sw.setCable(o.port, o.value);
          (o.admin ? admin : cable).set(o.port, o.value);
          const expected = (admin.get(o.port) ?? true) && (cable.get(o.port) ?? true);
          expect(sw.isUp(o.port)).toBe(expected);
          expect(r.changes.length).toBe(wasUp === expected ? 0 : 1);
        }
      }),
    );
  });
});
