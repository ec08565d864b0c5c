// The twins' hardware read as a delivered system's would be: each storage node's BMC and a
// management server twin walked over Redfish, the switch twin's ports read from its management
// interface, all into the history before the load, so that the T1/T2/M1 and S1 checkers judge
// a run from its history alone. Read from twins, all of it is simulated: it proves the
// checkers, never the hardware.
import { startMockupBmc } from '../../devices/bmc/mockup-server';
import type { BasicAuth, BmcServer } from '../../devices';
import { CONTRACTED_MGMT_SERVER } from '../../devices/mgmt-server/inventory';
import { mgmtServerResources } from '../../devices/mgmt-server/redfish-mockup';
import { switchResources } from '../../devices/switch/management-api';
import { SwitchTwin } from '../../devices/switch/switch-model';
import type { EventBody } from '../history-events';
import { recordInventory } from './redfish-walk';
import { recordSwitchInventory } from './switch-walk';
import type { InventoryEvent } from '../inventory-event';

export interface TwinBmc {
  name: string;
  bays: number;
  /** the twin's BMC on loopback */
  url: string;
}

const found = (e: InventoryEvent) =>
  e.reachable ? `${e.resources.filter((r) => r.status === 'read').length} resources read` : `not readable: ${e.error}`;

/** Storage nodes of another bay count than the contracted one are other products (T7's mixed nodes): not held to T1/T2. */
export async function inventoryTwins(
  history: { append(body: EventBody): unknown },
  nodes: readonly TwinBmc[],
  o: { storageNodeBays: number; switchPorts: { geCopper: number; tenGeOptical: number }; log: (m: string) => void },
): Promise<void> {
  for (const n of nodes) {
    if (n.bays !== o.storageNodeBays) {
      o.log(`inventory: ${n.name} has ${n.bays} bays, not the contracted ${o.storageNodeBays}-bay storage node: not held to T1/T2`);
      continue;
    }
    const e = await recordInventory(history, { url: n.url, target: n.name, role: 'storage-node', source: 'twin' });
    o.log(`inventory: ${n.name} BMC walked over Redfish (twin, simulated): ${found(e)}`);
  }
  const mgmt = await startMgmtServerTwin();
  try {
    const e = await recordInventory(history, { url: mgmt.url, target: 'mgmt', role: 'management-server', source: 'twin' });
    o.log(`inventory: management server BMC walked over Redfish (twin, simulated): ${found(e)}`);
  } finally {
    await mgmt.close();
  }
  // the contracted access switch's twin, read through its management interface (S1)
  const sw = await startSwitchTwin(o.switchPorts);
  try {
    const e = await recordSwitchInventory(history, { url: sw.url, target: 'sw0', source: 'twin' });
    o.log(
      `inventory: switch sw0 read over RESTCONF (twin, simulated): ${e.reachable ? `${e.ports.length} Ethernet ports` : `not readable: ${e.error}`}`,
    );
  } finally {
    await sw.close();
  }
}

/** The contracted management server's twin BMC on loopback (asking for `auth` when given). */
export const startMgmtServerTwin = (auth?: BasicAuth): Promise<BmcServer> =>
  startMockupBmc(mgmtServerResources(CONTRACTED_MGMT_SERVER), { auth });

/** The access switch's twin (sw0) with these ports. */
export const accessSwitchTwin = (ports: { geCopper: number; tenGeOptical: number }) =>
  new SwitchTwin({ id: 'sw0', gePorts: ports.geCopper, tenGePorts: ports.tenGeOptical });

/** A switch twin's management interface on loopback, answering from the twin's state at each read. */
export const serveSwitchTwin = (twin: SwitchTwin, auth?: BasicAuth): Promise<BmcServer> =>
  startMockupBmc(() => switchResources(twin), { auth });

/** The access switch's twin (sw0) with these ports, its management interface on loopback. */
export const startSwitchTwin = (ports: { geCopper: number; tenGeOptical: number }, auth?: BasicAuth): Promise<BmcServer> =>
  serveSwitchTwin(accessSwitchTwin(ports), auth);
