import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makePorts } from '../../devices/switch/ports';
import { bridgeName } from '../core/node-containers';
import { assignPorts, captureNames, ifbName, OWN_INTERFACE, runHash, type SwitchMember } from './switch-ports';

const storage = (name: string): SwitchMember => ({ name, role: 'storage', container: `c-${name}`, address: '' });
const master: SwitchMember = { name: 'master', role: 'master', container: 'c-master', address: '' };
const capture: SwitchMember = { name: 'capture', role: 'capture', container: '', address: '' };
const ports = makePorts(24, 4);
const map = (as: { port: number; member: SwitchMember }[]) => Object.fromEntries(as.map((a) => [a.member.name, a.port]));

describe('switch port map', () => {
  it('master on the first 10GE port, capture on the last, storage nodes on GE ports in numeric name order', () => {
    const got = assignPorts(ports, [storage('n10'), capture, storage('n2'), master, storage('n1')]);
    expect(map(got)).toEqual({ n1: 1, n2: 2, n10: 3, master: 25, capture: 28 });
  });

  it('a node added later takes the lowest free port and never moves a cabled one', () => {
    const first = assignPorts(ports, [master, capture, storage('n1'), storage('n3')]);
    const later = assignPorts(
      ports,
      [storage('n0')],
      first.filter((a) => a.member.name !== 'n1'),
    );
    // n1's port 1 was freed (node removed): n0 gets it, n3 stays on 2
    expect(map(later)).toEqual({ n0: 1, n3: 2, master: 25, capture: 28 });
  });

  it('storage spills to free 10GE ports, then refuses when the switch is full', () => {
    const nodes = Array.from({ length: 26 }, (_, i) => storage(`n${i + 1}`));
    const got = map(assignPorts(ports, [master, capture, ...nodes]));
    expect(got.n24).toBe(24);
    expect([got.n25, got.n26]).toEqual([26, 27]);
    expect(() => assignPorts(ports, [master, capture, ...nodes, storage('n27')])).toThrow(/no free switch port for storage node n27/);
  });

  it('interface names fit 15 characters, carry the bridge hash and are recognised by the sweep', () => {
    const id = 'run-2026-01-01-abcdef';
    expect(bridgeName(id)).toBe(`acc-${runHash(id)}`);
    const names = [ifbName(id, 1), ifbName(id, 28), captureNames(id).host, captureNames(id).peer];
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(15);
      expect(n).toContain(runHash(id));
      expect(OWN_INTERFACE.test(n)).toBe(true);
    }
    expect(OWN_INTERFACE.test(bridgeName(id))).toBe(false);
    expect(OWN_INTERFACE.test('veth2001b2f')).toBe(false);
  });

  it('property: the map is injective, keeps existing cables, and orders storage by name', () => {
    const names = fc
      .uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 26 })
      .map((xs) => xs.map((x) => storage(`n${x}`)));
    fc.assert(
      fc.property(names, fc.integer({ min: 0, max: 26 }), (nodes, split) => {
        const before = assignPorts(ports, [master, capture, ...nodes.slice(0, split)]);
        const after = assignPorts(ports, nodes.slice(split), before);
        const portsUsed = after.map((a) => a.port);
        expect(new Set(portsUsed).size).toBe(portsUsed.length);
        expect(after).toHaveLength(nodes.length + 2);
        for (const a of before) expect(after.find((x) => x.member.name === a.member.name)?.port).toBe(a.port);
        expect(map(after).master).toBe(25);
        expect(map(after).capture).toBe(28);
        const once = assignPorts(ports, [master, capture, ...nodes]).filter((a) => a.member.role === 'storage');
        const sorted = [...once].sort((x, y) => x.port - y.port).map((a) => a.member.name);
        expect(sorted).toEqual([...sorted].sort((x, y) => x.localeCompare(y, 'en', { numeric: true })));
      }),
    );
  });
});
