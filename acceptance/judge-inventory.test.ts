// A history with Redfish inventories gets T1/T2/M1 verdicts whatever its scenario claimed,
// only for the roles inventoried (a run that read no management server gets no M1).
import { afterEach, describe, expect, it } from 'vitest';
import { startBmc, type BmcServer } from '../devices/bmc/bmc-server';
import { inventoryFor } from '../devices/node/inventory';
import { StorageNodeTwin } from '../devices/node/storage-node';
import type { EventKind, HistoryEvent } from '../sim/history';
import { walkRedfish } from '../sim/inventory/redfish-walk';
import { judge } from './judge';
import { loadProfile } from '../profile/profile';

const servers: BmcServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
const ev = (i: number, kind: EventKind, more: Record<string, unknown> = {}): HistoryEvent =>
  ({ i, wall: 0, mono: i, virt: 0, kind, ...more }) as HistoryEvent;

describe('judge with Redfish inventories', () => {
  it('adds T1 and T2 for an inventoried storage node, no M1, and none without inventory', async () => {
    const { profile } = loadProfile('ci');
    const start = ev(0, 'run.start', { clauses: ['T8'], scenario: 'scaleout', variant: 'reference' });
    expect(judge([start], profile).map((v) => v.clause)).toEqual(['T8']);
    const bmc = await startBmc({ node: new StorageNodeTwin({ id: 'n1', seed: 'j', inventory: inventoryFor('SN-48X') }) });
    servers.push(bmc);
    const inv = await walkRedfish({ target: 'node1', role: 'storage-node', url: bmc.url });
    const verdicts = judge([start, { ...ev(1, inv.kind), ...inv } as HistoryEvent], profile);
    expect(verdicts.map((v) => [v.clause, v.scenario])).toEqual([
      ['T8', 'scaleout'],
      ['T1', 'scaleout'],
      ['T2', 'scaleout'],
    ]);
    expect(verdicts.slice(1).map((v) => [v.status, v.nature])).toEqual([
      ['PASS', 'simulated'],
      ['PASS', 'simulated'],
    ]);
  });
});
