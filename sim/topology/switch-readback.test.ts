import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SwitchTwin } from '../../devices/switch/switch-model';
import type { PortAssignment, SwitchMember } from './switch-ports';
import {
  compareTwinReality,
  expectedMirrors,
  filterPrefs,
  parseIpLinks,
  parseMirredFilters,
  parseQdiscs,
  viewOfReality,
  type RawPortReading,
} from './switch-readback';

const FX = JSON.parse(readFileSync(new URL('./fixtures/switch-readback.json', import.meta.url), 'utf8')) as {
  ipLinks: unknown[];
  qdiscs: unknown[];
  filters: Record<string, { ingress: unknown[]; egress: unknown[] }>;
};
const links = parseIpLinks(JSON.stringify(FX.ipLinks));
const qdiscs = parseQdiscs(JSON.stringify(FX.qdiscs));
const filters = (dev: string, dir: 'ingress' | 'egress') => parseMirredFilters(JSON.stringify(FX.filters[dev]?.[dir] ?? []));

const member = (name: string, role: SwitchMember['role']): SwitchMember => ({
  name,
  role,
  container: role === 'capture' ? '' : `c-${name}`,
  address: '',
});
const assignments: PortAssignment[] = [
  { port: 1, member: member('n1', 'storage') },
  { port: 25, member: member('master', 'master') },
  { port: 28, member: member('capture', 'capture') },
];
const IF: Record<number, { iface: string; ifb: string }> = {
  1: { iface: 'veth2001b2f', ifb: 'ai0aa371a1ef01' },
  25: { iface: 'veth1ea70e2', ifb: 'ai0aa371a1ef25' },
  28: { iface: 'am0aa371a1efa', ifb: 'ai0aa371a1ef28' },
};
/** the readings of the captured state; the master's eth0 had no carrier (its cable was out) */
function raw(over: Partial<Record<number, Partial<RawPortReading>>> = {}): RawPortReading[] {
  return assignments.map((a) => ({
    port: a.port,
    member: a.member.name,
    ...IF[a.port]!,
    peerCarrier: a.port !== 25,
    ingress: filters(IF[a.port]!.iface, 'ingress'),
    egress: filters(IF[a.port]!.iface, 'egress'),
    ...over[a.port],
  }));
}
/** the twin in the state the kernel was put in: port 1 at 10 Mb/s mirrored both ways to 28, port 25 unplugged */
function twinOfCapture() {
  const t = new SwitchTwin({ id: 'sw0' });
  t.setSpeed(1, 10);
  t.addMirror([{ port: 1, direction: 'both' }], 28);
  t.setCable(25, false);
  return t;
}

describe('switch readback parsing (captured ip -j / tc -j output)', () => {
  it('reads link flags, tbf and clsact, and mirred filters', () => {
    expect(links.get('veth2001b2f')).toMatchObject({ ifindex: 221, adminUp: true, carrier: true });
    expect(links.get('veth1ea70e2')).toMatchObject({ adminUp: false, carrier: false });
    expect(qdiscs.get('veth2001b2f')).toEqual({
      rootKind: 'tbf',
      tbf: { rateBytesPerSecond: 1_250_000, burstBytes: 16_383 },
      clsact: true,
    });
    expect(qdiscs.get('ai0aa371a1ef25')).toEqual({
      rootKind: 'tbf',
      tbf: { rateBytesPerSecond: 1_250_000_000, burstBytes: 4_998_750 },
      clsact: false,
    });
    expect(filters('veth2001b2f', 'ingress')).toEqual([
      { pref: 1, classifier: 'bpf', action: 'mirror', toDev: 'am0aa371a1efa' },
      { pref: 100, classifier: 'bpf', action: 'redirect', toDev: 'ai0aa371a1ef01' },
    ]);
    expect(filterPrefs(JSON.stringify(FX.filters.veth2001b2f!.ingress))).toEqual([1, 100]);
  });

  it('rebuilds the twin view: ports, speeds both ways, mirror sessions', () => {
    const v = viewOfReality(raw(), links, qdiscs);
    expect(v.strays).toEqual([]);
    expect(v.mirrors).toEqual([{ id: 1, destination: 28, sources: [{ port: 1, direction: 'both' }] }]);
    expect(v.ports.find((p) => p.port === 1)).toMatchObject({
      present: true,
      up: true,
      redirected: true,
      fromMember: { rateBytesPerSecond: 1_250_000 },
    });
    expect(v.ports.find((p) => p.port === 25)).toMatchObject({ present: true, up: false });
  });

  it('agrees with the twin that produced it', () => {
    expect(compareTwinReality(twinOfCapture(), assignments, viewOfReality(raw(), links, qdiscs))).toEqual([]);
  });

  it('lists every kind of disagreement (each check can fail)', () => {
    const v = viewOfReality(raw(), links, qdiscs);
    // a twin that never changed: port 1 at 1 Gb/s, no mirror, port 25 plugged
    const d = compareTwinReality(new SwitchTwin({ id: 'sw0' }), assignments, v);
    expect(d).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ port: 1, aspect: 'speed', twin: '1000 Mb/s to member' }),
        expect.objectContaining({ port: 1, aspect: 'speed', twin: '1000 Mb/s from member' }),
        expect.objectContaining({ port: 25, aspect: 'link', twin: 'up', reality: 'down' }),
        expect.objectContaining({ aspect: 'mirror', twin: 'absent' }),
      ]),
    );
    expect(d).toHaveLength(4);
    // the node's own side without carrier while the host side is up: the link is not up
    const noPeer = viewOfReality(raw({ 1: { peerCarrier: false } }), links, qdiscs);
    expect(compareTwinReality(twinOfCapture(), assignments, noPeer)).toEqual([{ port: 1, aspect: 'link', twin: 'up', reality: 'down' }]);
    // the redirect into the ifb lost: received frames are no longer shaped
    const noRedirect = viewOfReality(
      raw({ 1: { ingress: filters('veth2001b2f', 'ingress').filter((f) => f.action !== 'redirect') } }),
      links,
      qdiscs,
    );
    expect(compareTwinReality(twinOfCapture(), assignments, noRedirect)).toEqual([
      expect.objectContaining({ port: 1, aspect: 'redirect' }),
    ]);
    // the container restarted: its old veth is gone
    const gone = viewOfReality(raw({ 1: { iface: 'veth-gone' } }), links, qdiscs);
    expect(compareTwinReality(twinOfCapture(), assignments, gone)).toEqual(
      expect.arrayContaining([expect.objectContaining({ port: 1, aspect: 'present' })]),
    );
    // mirror direction differs: only rx in the kernel
    const rxOnly = viewOfReality(raw({ 1: { egress: [] } }), links, qdiscs);
    expect(compareTwinReality(twinOfCapture(), assignments, rxOnly)).toEqual([
      expect.objectContaining({ aspect: 'mirror', reality: 'session 1: 1/rx -> 28' }),
    ]);
  });

  it('reports a mirror whose target interface vanished as a stray', () => {
    const dangling = parseMirredFilters(
      JSON.stringify([{ pref: 2, kind: 'bpf', options: { actions: [{ kind: 'mirred', mirred_action: 'mirror' }] } }]),
    );
    const v = viewOfReality(raw({ 1: { egress: dangling } }), links, qdiscs);
    expect(v.strays).toEqual(['mirror filters of priority 2 go to (gone), not to one bound port']);
  });

  it('expects no kernel mirror for sessions whose destination or sources are not cabled', () => {
    const sessions = [
      { id: 1, destination: 5, sources: [{ port: 1, direction: 'rx' as const }] },
      {
        id: 2,
        destination: 28,
        sources: [
          { port: 7, direction: 'tx' as const },
          { port: 1, direction: 'tx' as const },
        ],
      },
      { id: 3, destination: 28, sources: [{ port: 9, direction: 'both' as const }] },
    ];
    expect(expectedMirrors(sessions, new Set([1, 25, 28]))).toEqual([{ id: 2, destination: 28, sources: [{ port: 1, direction: 'tx' }] }]);
  });
});
