// `accept inventory` in process against the twins' BMCs on loopback: the folder it writes
// is recheckable (readRunHistory accepts it, judge gives the same verdicts).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { judge } from '../acceptance/judge';
import { loadProfile } from '../profile/profile';
import { startBmc, type BmcServer } from '../devices/bmc/bmc-server';
import { startMockupBmc } from '../devices/bmc/mockup-server';
import { CONTRACTED_MGMT_SERVER } from '../devices/mgmt-server/inventory';
import { mgmtServerResources } from '../devices/mgmt-server/redfish-mockup';
import { inventoryFor } from '../devices/node/inventory';
import { StorageNodeTwin } from '../devices/node/storage-node';
import { switchResources } from '../devices/switch/management-api';
import { SwitchTwin } from '../devices/switch/switch-model';
import { readRunHistory, UsageError } from './inputs';
import { inventoryCommand } from './inventory-command';

const servers: BmcServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
const out = mkdtempSync(join(tmpdir(), 'inventory-cmd-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function node(fans = 6) {
  const inv = inventoryFor('SN-48X');
  const bmc = await startBmc({
    node: new StorageNodeTwin({ id: 'n1', seed: 'cmd', inventory: { ...inv, fans: { ...inv.fans, count: fans } } }),
  });
  servers.push(bmc);
  return bmc.url;
}

describe('accept inventory', () => {
  it('judges T1, T2, M1 and S1 of the twins (exit 0) into a folder that accept recheck reads back the same', async () => {
    const mgmt = await startMockupBmc(mgmtServerResources(CONTRACTED_MGMT_SERVER));
    servers.push(mgmt);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const dir = join(out, 'ok');
    const sw = await startMockupBmc(switchResources(new SwitchTwin({ id: 'sw' })));
    servers.push(sw);
    const code = await inventoryCommand({ bmc: [await node()], mgmt: [mgmt.url], switch: [sw.url], out: dir, timeout: '2000' }).finally(
      () => stdout.mockRestore(),
    );
    expect(code).toBe(0);
    const [folder] = readdirSync(dir);
    const file = JSON.parse(readFileSync(join(dir, folder!, 'verdicts.json'), 'utf8')) as {
      verdicts: { clause: string; status: string; nature: string }[];
    };
    expect(file.verdicts.map((v) => [v.clause, v.status, v.nature])).toEqual([
      ['T1', 'PASS', 'simulated'],
      ['T2', 'PASS', 'simulated'],
      ['M1', 'PASS', 'simulated'],
      // a twin switch marks itself: simulated although --switch takes it for delivered equipment
      ['S1', 'PASS', 'simulated'],
    ]);
    const { events } = readRunHistory(join(dir, folder!));
    expect(judge(events, loadProfile('ci').profile).map((v) => v.status)).toEqual(['PASS', 'PASS', 'PASS', 'PASS']);
  });

  it('a node with 5 fans: exit 1; no BMC named: a usage error', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await inventoryCommand({ bmc: [await node(5)], mgmt: [], out: join(out, 'five'), timeout: '2000' }).finally(() =>
      stdout.mockRestore(),
    );
    expect(code).toBe(1);
    await expect(inventoryCommand({ bmc: [], mgmt: [], timeout: '2000' })).rejects.toThrow(UsageError);
    await expect(inventoryCommand({ bmc: ['not a url'], mgmt: [], timeout: '2000' })).rejects.toThrow(/is not a URL/);
  });
});
