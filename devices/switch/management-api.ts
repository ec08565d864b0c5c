// The switch twin's management interface: its ports as a RESTCONF server answers them in
// OpenConfig terms (interfaces with their port speed and the transceiver component behind
// each, components with the transceiver's form factor and Ethernet PMD), served read-only on loopback by
// devices/bmc/mockup-server.ts. The collector (sim/inventory/switch-walk.ts) reads a
// delivered switch the same way.
import type { Json } from '../bmc/json';
import { linkUp } from './ports';
import type { SwitchTwin } from './switch-model';

export const INTERFACES_PATH = '/restconf/data/openconfig-interfaces:interfaces';
export const COMPONENTS_PATH = '/restconf/data/openconfig-platform:components';
/** The twin's own marker in its interfaces document. */
export const TWIN_MARK = 'accept-harness-twin:simulated';

/** OpenConfig's port-speed identities, by Mb/s. */
export const PORT_SPEEDS: Readonly<Record<string, number>> = {
  SPEED_10MB: 10,
  SPEED_100MB: 100,
  SPEED_1GB: 1000,
  SPEED_2500MB: 2500,
  SPEED_5GB: 5000,
  SPEED_10GB: 10_000,
  SPEED_25GB: 25_000,
  SPEED_40GB: 40_000,
  SPEED_50GB: 50_000,
  SPEED_100GB: 100_000,
  SPEED_200GB: 200_000,
  SPEED_400GB: 400_000,
};

const speedId = (mbps: number) => Object.entries(PORT_SPEEDS).find(([, v]) => v === mbps)?.[0] ?? 'SPEED_UNKNOWN';

export function switchResources(twin: SwitchTwin): Record<string, Json> {
  const transceiver = (name: string) => `${name} transceiver`;
  return {
    [INTERFACES_PATH]: {
      // says what it is, as the BMC twins' service roots do: a reading of it is simulated whoever asks
      [TWIN_MARK]: true,
      'openconfig-interfaces:interfaces': {
        interface: twin.ports.map((p) => ({
          name: p.name,
          state: {
            name: p.name,
            type: 'iana-if-type:ethernetCsmacd',
            'admin-status': p.adminUp ? 'UP' : 'DOWN',
            'oper-status': linkUp(p) ? 'UP' : 'DOWN',
            'openconfig-platform-transceiver:transceiver': transceiver(p.name),
          },
          'openconfig-if-ethernet:ethernet': { state: { 'port-speed': `openconfig-if-ethernet:${speedId(p.speedMbps)}` } },
        })),
      },
    },
    [COMPONENTS_PATH]: {
      'openconfig-platform:components': {
        component: twin.ports.map((p) => ({
          name: transceiver(p.name),
          state: { type: 'openconfig-platform-types:TRANSCEIVER' },
          'openconfig-platform-transceiver:transceiver': {
            // a fixed copper port has no pluggable form factor: its PMD says what it is
            state: {
              present: 'PRESENT',
              'form-factor': `openconfig-transport-types:${p.kind === 'GE-copper' ? 'NON_PLUGGABLE' : 'SFP_PLUS'}`,
              'ethernet-pmd': `openconfig-transport-types:${p.kind === 'GE-copper' ? 'ETH_1000BASE_T' : 'ETH_10GBASE_SR'}`,
            },
          },
        })),
      },
    },
  };
}
