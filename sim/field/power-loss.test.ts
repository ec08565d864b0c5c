// A field power loss against a twin BMC (the Redfish the delivered nodes speak) and a view of the
// core made from that twin (the node listed while it is powered): the safety checks refuse before
// any reset is sent, a BMC without the reset action is refused, and a cut that the core sees is
// recorded as the nemesis records its power loss.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inventoryFor, startBmc, StorageNodeTwin, type BmcServer } from '../../devices';
import { startMockupBmc } from '../../devices/bmc/mockup-server';
import { CONTRACTED_MGMT_SERVER } from '../../devices/mgmt-server/inventory';
import { mgmtServerResources } from '../../devices/mgmt-server/redfish-mockup';
import type { ChunkHealthCounts, CoreView } from '../core/adapter';
import { RunClock } from '../clock';
import { eventsOf, HistoryWriter, readHistory } from '../history';
import { fieldPowerLoss, type FieldPowerLoss } from './power-loss';

const AT_GOAL: ChunkHealthCounts = { missing: 0, endangered: 0, undergoal: 0, stable: 10, overgoal: 0 };

/** The core as it would list the twin's node: present while powered, its chunks as given. */
function viewOf(twin: StorageNodeTwin, health: () => ChunkHealthCounts): CoreView {
  return {
    nodeStates: async () => [
      { address: '10.0.0.2', chunks: 10, usedBytes: 0, totalBytes: 1, registered: true } as never,
      ...(twin.running ? [{ address: '10.0.0.3', chunks: 10, usedBytes: 0, totalBytes: 1, registered: true } as never] : []),
    ],
    chunkHealth: async () => health(),
  };
}

describe('field power loss through a BMC', () => {
  const servers: BmcServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  /** `answerAfterMs`: the BMC answers a reset only after this long (as a twin bound to a real node does once the node went down) */
  const setUp = async (health: () => ChunkHealthCounts = () => AT_GOAL, o: { answerAfterMs?: number } = {}) => {
    const twin = new StorageNodeTwin({ id: 'node2', seed: 'field-power', inventory: inventoryFor('SN-48X') });
    const bmc = await startBmc({
      node: twin,
      ...(o.answerAfterMs ? { onReset: () => new Promise<void>((r) => setTimeout(r, o.answerAfterMs)) } : {}),
    });
    servers.push(bmc);
    const history = new HistoryWriter(join(mkdtempSync(join(tmpdir(), 'field-power-')), 'history.jsonl'), new RunClock(1));
    const spec: FieldPowerLoss = {
      id: 'node2-power-loss',
      mode: 'power-loss',
      node: 'node2',
      address: '10.0.0.3',
      bmc: { url: bmc.url, headers: {} },
      offSeconds: 0.2,
      watchSeconds: 5,
      timeoutMs: 2000,
    };
    const ctx = { history, view: viewOf(twin, health), log: () => undefined };
    const events = () => {
      history.close();
      return readHistory(history.path).events;
    };
    return { twin, spec, ctx, events };
  };

  it('cuts the power (ForceOff), gives it back (On), records what the BMC said and the heal as the core shows it', async () => {
    const { twin, spec, ctx, events } = await setUp();
    const out = await fieldPowerLoss(spec, ctx);
    expect(out).toEqual({ ran: true });
    expect(twin.running).toBe(true);
    const ev = events();
    expect(eventsOf(ev, 'field.redfish').map((e) => `${e.action} ${e.status} ${e.powerState}`)).toEqual([
      'ComputerSystem.Reset ForceOff 200 Off',
      'ComputerSystem.Reset On 200 On',
    ]);
    expect(eventsOf(ev, 'fault.start')[0]).toMatchObject({
      fault: 'crash:power-loss',
      target: 'node2',
      address: '10.0.0.3',
      mode: 'power-loss',
    });
    expect(
      eventsOf(ev, 'core.nodes')
        .find((e) => e.when === 'before')
        ?.nodes.map((n) => n.address),
    ).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(eventsOf(ev, 'heal.power-restored')).toHaveLength(1);
    expect(eventsOf(ev, 'fault.end')[0]).toMatchObject({ recovered: true });
  });

  it('a forced restart (ForceRestart): one reset, no power-off period, recorded as crash:restart healed by its own restart', async () => {
    const { twin, spec, ctx, events } = await setUp();
    expect(await fieldPowerLoss({ ...spec, id: 'node2-restart', mode: 'restart' }, ctx)).toEqual({ ran: true });
    expect(twin.powerState).toBe('On');
    const ev = events();
    expect(eventsOf(ev, 'field.redfish').map((e) => `${e.action} ${e.status} ${e.powerState}`)).toEqual([
      'ComputerSystem.Reset ForceRestart 200 On',
    ]);
    expect(eventsOf(ev, 'fault.start')[0]).toMatchObject({ id: 'node2-restart', fault: 'crash:restart', mode: 'restart', selfHeal: true });
    expect(eventsOf(ev, 'heal.power-restored')).toHaveLength(0);
    expect(eventsOf(ev, 'heal.by')[0]?.mechanism).toBe('its own restart (Redfish ComputerSystem.Reset ForceRestart)');
    expect(eventsOf(ev, 'fault.end')[0]).toMatchObject({ id: 'node2-restart', recovered: true });
  });

  it('a BMC slower to answer the reset than the timeout: recorded, the power state read back, the fault goes on and heals', async () => {
    const { twin, spec, ctx, events } = await setUp(undefined, { answerAfterMs: 600 });
    expect(await fieldPowerLoss({ ...spec, timeoutMs: 200 }, ctx)).toEqual({ ran: true });
    expect(twin.powerState).toBe('On');
    const ev = events();
    expect(eventsOf(ev, 'field.redfish').map((e) => [e.action, e.status, e.powerState, e.error])).toEqual([
      ['ComputerSystem.Reset ForceOff', null, 'Off', 'no answer within 200 ms'],
      ['ComputerSystem.Reset On', null, 'On', 'no answer within 200 ms'],
    ]);
    expect(eventsOf(ev, 'fault.end')[0]).toMatchObject({ recovered: true });
  });

  it('refuses, and sends no reset, while the core reports a chunk with one copy', async () => {
    const { twin, spec, ctx, events } = await setUp(() => ({ ...AT_GOAL, endangered: 3 }));
    const out = await fieldPowerLoss(spec, ctx);
    expect(out).toMatchObject({ ran: false });
    expect(twin.powerState).toBe('On');
    const ev = events();
    expect(eventsOf(ev, 'field.redfish')).toHaveLength(0);
    expect(eventsOf(ev, 'fault.start')).toHaveLength(0);
    expect(eventsOf(ev, 'fault.refused')[0]?.reason).toMatch(/3 with one copy .* losing node2 could lose data/);
  });

  it('refuses a node the core does not list, and a core that does not answer', async () => {
    const a = await setUp();
    expect(await fieldPowerLoss({ ...a.spec, address: '10.0.0.9' }, a.ctx)).toMatchObject({
      ran: false,
      reason: /does not list node2 at 10.0.0.9/,
    });
    const b = await setUp(() => {
      throw new Error('mfscli: no answer');
    });
    expect(await fieldPowerLoss(b.spec, b.ctx)).toMatchObject({ ran: false, reason: /the core did not answer/ });
    expect(b.twin.powerState).toBe('On');
  });

  it('refuses a BMC without the reset action (a management server mockup here)', async () => {
    const { spec, ctx, events } = await setUp();
    const mockup = await startMockupBmc(mgmtServerResources(CONTRACTED_MGMT_SERVER), {});
    servers.push(mockup as BmcServer);
    const out = await fieldPowerLoss({ ...spec, bmc: { url: mockup.url, headers: {} } }, ctx);
    expect(out).toMatchObject({ ran: false, reason: /ComputerSystem.Reset/ });
    expect(eventsOf(events(), 'fault.refused')).toHaveLength(1);
  });
});
