// The run's inventory step on real twin BMCs (loopback HTTP), written to a real history file
// and judged from it: only the contracted 48-bay nodes are held to T1/T2, the management
// server twin gives M1, and a twin short of fans or bays FAILs its clause through the same step.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startBmc, type BmcServer } from '../devices/bmc/bmc-server';
import { inventoryFor, type CatalogModel, type NodeInventory } from '../devices/node/inventory';
import { StorageNodeTwin } from '../devices/node/storage-node';
import { RunClock } from '../sim/clock';
import { HistoryWriter, readHistory } from '../sim/history';
import { checkHardwareInventory } from '../sim/checkers/hardware-inventory';
import { HARDWARE_REQUIREMENTS, CONTRACTED_STORAGE_NODE_BAYS } from '../profile/hardware-requirements';
import { inventoryTwins, type TwinBmc } from '../sim/inventory/twins';

const servers: BmcServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
const dir = mkdtempSync(join(tmpdir(), 'twin-inventory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clause = (id: string) => HARDWARE_REQUIREMENTS.find((c) => c.clause === id)!;

async function twin(name: string, model: CatalogModel, changes: Partial<NodeInventory> = {}): Promise<TwinBmc> {
  const inventory = inventoryFor(model, changes);
  const bmc = await startBmc({ node: new StorageNodeTwin({ id: name, seed: 'twins', inventory }) });
  servers.push(bmc);
  return { name, bays: inventory.bays, url: bmc.url };
}

async function inventoried(nodes: TwinBmc[]) {
  const path = join(dir, `h${servers.length}-${Math.random().toString(36).slice(2)}.jsonl`);
  const h = new HistoryWriter(path, new RunClock());
  h.append({ kind: 'run.start', scenario: 'mixed', variant: 'reference', clauses: ['T7'] });
  const lines: string[] = [];
  await inventoryTwins(h, nodes, {
    storageNodeBays: CONTRACTED_STORAGE_NODE_BAYS,
    switchPorts: { geCopper: 24, tenGeOptical: 4 },
    log: (m) => lines.push(m),
  });
  h.close();
  const events = readHistory(path).events;
  return { events, lines, judged: (id: string) => checkHardwareInventory(events, clause(id), 'mixed') };
}

describe("a run's inventory of its twins (T1, T2, M1)", () => {
  it('a mixed rack: the 48-bay node is held to T1/T2, the 24- and 36-bay nodes are not; the management server gives M1; all simulated', async () => {
    const { events, lines, judged } = await inventoried([
      await twin('node1', 'SN-48X'),
      await twin('node2', 'SN-36X'),
      await twin('node3', 'SN-24A'),
    ]);
    const inv = events.filter((e) => e.kind === 'inventory.redfish');
    expect(inv.map((e) => [e.target, e.role, e.reachable])).toEqual([
      ['node1', 'storage-node', true],
      ['mgmt', 'management-server', true],
    ]);
    // and the contracted switch's twin, through its management interface
    expect(events.flatMap((e) => (e.kind === 'inventory.switch' ? [[e.target, e.source, e.ports.length]] : []))).toEqual([
      ['sw0', 'twin', 28],
    ]);
    expect(lines.join('\n')).toMatch(/node2 has 36 bays, not the contracted 48-bay storage node/);
    expect(lines.join('\n')).toMatch(/node3 has 24 bays/);
    for (const id of ['T1', 'T2', 'M1']) {
      const v = judged(id);
      expect(v.status, `${id}: ${v.reasons.join('; ')}`).toBe('PASS');
      expect(v.nature).toBe('simulated');
    }
    const bays = judged('T2').figures.find((f) => f.name.includes('bays'));
    expect(bays?.value).toBe(48);
  });

  it('control: a 48-bay node delivered with 5 fans FAILs T1 through the same step; a 44-bay node FAILs T2', async () => {
    const fans = await inventoried([await twin('node1', 'SN-48X', { fans: { count: 5, hotSwap: true, minNeeded: 5, maxRpm: 16_000 } })]);
    expect(fans.judged('T1').status).toBe('FAIL');
    expect(fans.judged('T2').status).toBe('PASS');
    // declared a 48-bay node, delivered with 44 bays: the BMC's count decides, not the declaration
    const short = await twin('node1', 'SN-48X', { bays: 44 as 48 });
    const bays = await inventoried([{ ...short, bays: CONTRACTED_STORAGE_NODE_BAYS }]);
    expect(bays.judged('T2').status).toBe('FAIL');
    expect(bays.judged('T1').status).toBe('PASS');
  });

  it('no storage node of the contracted bay count: no storage-node inventory, so T1/T2 stay unjudged (INCONCLUSIVE), never PASS', async () => {
    const { events, judged } = await inventoried([await twin('node1', 'SN-24A')]);
    expect(events.filter((e) => e.kind === 'inventory.redfish').map((e) => e.role)).toEqual(['management-server']);
    expect(judged('T1').status).toBe('INCONCLUSIVE');
    expect(judged('T2').status).toBe('INCONCLUSIVE');
  });
});
