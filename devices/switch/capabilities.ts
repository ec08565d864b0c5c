// The switch's declared capability inventory (S1-S10). Each entry says how it can be
// verified here: 'bound' = the twin's binding to real veth/tc will exercise it (port
// down/up, speed via tbf, mirroring via mirred, port count); 'manual' = this kernel
// cannot do it (no bonding, no 802.1q, no routing daemons, no stacking; DESIGN.md) or it
// is a hardware fact: the verdict is MANUAL, proven on the real switch by a person.

export type Verification = 'bound' | 'manual';

export interface Capability {
  id: string;
  clause: `S${number}`;
  feature: string;
  declared: string | number | boolean | Record<string, unknown>;
  verification: Verification;
  how: string;
}

export const SWITCH_CAPABILITIES: readonly Capability[] = [
  {
    id: 'ports.ge',
    clause: 'S1',
    feature: 'GE copper ports',
    declared: 24,
    verification: 'bound',
    how: 'one veth per port; count and 1000 Mb/s tbf rate checked',
  },
  {
    id: 'ports.10ge',
    clause: 'S1',
    feature: '10GE optical ports',
    declared: 4,
    verification: 'bound',
    how: 'one veth per port; 10 Gb/s tbf rate',
  },
  {
    id: 'port.updown',
    clause: 'S1',
    feature: 'port admin/link down and up',
    declared: true,
    verification: 'bound',
    how: 'ip link set <veth> down/up',
  },
  {
    id: 'port.speed',
    clause: 'S1',
    feature: 'port speed 10/100/1000, 1G/10G',
    declared: true,
    verification: 'bound',
    how: 'tc tbf rate on the veth',
  },
  {
    id: 'psu.slots',
    clause: 'S2',
    feature: 'modular PSU slots',
    declared: { slots: 2, fitted: 1 },
    verification: 'manual',
    how: 'inspect the chassis: 2 slots, 1 PSU fitted',
  },
  {
    id: 'console',
    clause: 'S3',
    feature: 'separate console port',
    declared: true,
    verification: 'manual',
    how: 'connect a console cable, get a CLI prompt',
  },
  {
    id: 'capacity.switching',
    clause: 'S4',
    feature: 'switching capacity',
    declared: '598 Gbps / 5.98 Tbps',
    verification: 'manual',
    how: 'datasheet + RFC 2544 test on the real switch; twin checks it covers line rate',
  },
  {
    id: 'capacity.forwarding',
    clause: 'S4',
    feature: 'forwarding rate',
    declared: '171 Mpps',
    verification: 'manual',
    how: 'datasheet + RFC 2544 64-byte test; twin checks it covers line rate',
  },
  {
    id: 'lacp',
    clause: 'S5',
    feature: '802.3ad link aggregation',
    declared: true,
    verification: 'manual',
    how: 'kernel has no bonding here; configure an LACP trunk on the real switch',
  },
  {
    id: 'igmp',
    clause: 'S6',
    feature: 'IGMP snooping',
    declared: true,
    verification: 'manual',
    how: 'multicast group join/leave on the real switch',
  },
  {
    id: 'mirroring',
    clause: 'S6',
    feature: 'port mirroring',
    declared: true,
    verification: 'bound',
    how: 'tc mirred egress mirror from source veths to the destination veth',
  },
  {
    id: 'mac-binding',
    clause: 'S6',
    feature: 'MAC address binding',
    declared: true,
    verification: 'manual',
    how: 'bind a MAC to a port on the real switch; a foreign MAC is dropped',
  },
  { id: 'vlan', clause: 'S7', feature: 'port-based VLAN', declared: true, verification: 'manual', how: 'no 802.1q devices in this kernel' },
  { id: 'trunk', clause: 'S7', feature: 'VLAN trunk', declared: true, verification: 'manual', how: 'no 802.1q devices in this kernel' },
  {
    id: 'routes.static',
    clause: 'S8',
    feature: 'IPv4/IPv6 static routes',
    declared: true,
    verification: 'manual',
    how: 'routing table on the real switch',
  },
  { id: 'ospfv3', clause: 'S8', feature: 'OSPFv3', declared: true, verification: 'manual', how: 'adjacency with a peer router' },
  { id: 'bgp4+', clause: 'S8', feature: 'BGP4+', declared: true, verification: 'manual', how: 'IPv6 BGP session with a peer' },
  { id: 'isisv6', clause: 'S8', feature: 'IS-ISv6', declared: true, verification: 'manual', how: 'IS-IS IPv6 adjacency' },
  {
    id: 'stacking',
    clause: 'S9',
    feature: 'local and remote stacking',
    declared: { local: true, remote: true },
    verification: 'manual',
    how: 'stack two units, fail one',
  },
  {
    id: 'acl',
    clause: 'S10',
    feature: 'ACL match fields',
    declared: { sourceMac: true, sourceIp: true, sourcePort: true, destinationPort: true, protocol: true },
    verification: 'manual',
    how: 'ACL rules on the real switch, one per field',
  },
];

export const DECLARED_SWITCHING_GBPS = 598;
export const DECLARED_FORWARDING_MPPS = 171;

/** 64-byte frames + 20 bytes preamble/IFG: 1.488 Mpps per Gb/s of line rate. */
const MPPS_PER_GBPS = 1e3 / ((64 + 20) * 8);

/**
 * What non-blocking line rate needs (full duplex, all ports at top speed). The declared
 * figures must cover it; that is necessary, not sufficient, so S4 stays MANUAL.
 */
export function lineRateNeed(portSpeedsMbps: readonly number[]): { switchingGbps: number; forwardingMpps: number } {
  const gbps = portSpeedsMbps.reduce((s, m) => s + m / 1000, 0);
  return { switchingGbps: 2 * gbps, forwardingMpps: gbps * MPPS_PER_GBPS };
}
