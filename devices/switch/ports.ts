// Switch ports (S1): 24 GE copper + 4 10GE optical by default. The later binding maps a
// port to a veth: admin/link down -> `ip link set down`, speed -> a tc tbf rate.

export type PortKind = 'GE-copper' | '10GE-optical';

export interface Port {
  /** 1-based, as printed on the panel */
  id: number;
  name: string;
  kind: PortKind;
  allowedSpeedsMbps: readonly number[];
  speedMbps: number;
  adminUp: boolean;
  cableConnected: boolean;
}

export const SPEEDS: Record<PortKind, readonly number[]> = {
  'GE-copper': [10, 100, 1000],
  '10GE-optical': [1000, 10_000],
};

export function makePorts(ge = 24, tenGe = 4): Port[] {
  const port = (id: number, kind: PortKind): Port => {
    const speeds = SPEEDS[kind];
    return {
      id,
      name: `${kind === 'GE-copper' ? 'GE' : 'XGE'}1/0/${id}`,
      kind,
      allowedSpeedsMbps: speeds,
      speedMbps: speeds[speeds.length - 1]!,
      adminUp: true,
      cableConnected: true,
    };
  };
  return [
    ...Array.from({ length: ge }, (_, i) => port(i + 1, 'GE-copper')),
    ...Array.from({ length: tenGe }, (_, i) => port(ge + i + 1, '10GE-optical')),
  ];
}

/** Operational state: up only if enabled AND a cable/transceiver has link. */
export const linkUp = (p: Port): boolean => p.adminUp && p.cableConnected;

/** Rate for the binding's tc tbf shaper on the port's veth. */
export const shapingRateBitsPerSecond = (p: Port): number => p.speedMbps * 1_000_000;
