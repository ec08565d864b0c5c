// A node's first connection in the field against a twin BMC (the node delivered powered off),
// with a core view that lists a new node a little after the twin is On: a scripted operator
// presses the twin's power button. The add is timed from the BMC showing On; a node the core
// never lists is recorded as added and not registered; a step not carried out is recorded as
// such; the checks refuse before any LED or step.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inventoryFor, startBmc, StorageNodeTwin, type BmcServer } from '../../devices';
import type { ChunkHealthCounts, CoreView } from '../core/adapter';
import { RunClock } from '../clock';
import { eventsOf, HistoryWriter, readHistory } from '../history';
import { fieldNodeConnect, type FieldNodeConnect } from './node-connect';
import { terminalOperator, type Operator, type OperatorAnswer } from './operator';
import { checkScaleOut } from '../checkers/scaleout';
import { PassThrough } from 'node:stream';

const T8 = { maxSecondsToFirstChunk: 60, maxMigratedFraction: 0.25, minWindowCopies: 4, minNewCopyShare: 0, minNewCopyShareOfEqual: 0.5 };
const AT_GOAL: ChunkHealthCounts = { missing: 0, endangered: 0, undergoal: 0, stable: 10, overgoal: 0 };
const OLD = ['10.0.0.2', '10.0.0.3'];
const NEW = '10.0.0.9';

function scriptedOperator(node: StorageNodeTwin, h: { act: boolean; answer: OperatorAnswer }, asked: string[]): Operator {
  return {
    who: 'qa-li',
    async ask(step) {
      asked.push(step.instruction);
      if (h.act) node.reset('PushPowerButton');
      return { answer: h.answer, who: 'qa-li', answeredWall: Date.now() };
    },
    close: () => undefined,
  };
}

describe('field node connection through its BMC', () => {
  const servers: BmcServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  /** `joins`: the core lists the node 0.2 s after its twin is On (false: a power-on that never reaches the core) */
  const setUp = async (
    o: {
      act?: boolean;
      answer?: OperatorAnswer;
      joins?: boolean;
      poweredOn?: boolean;
      address?: string;
      nodesFail?: boolean;
      /** a node the core keeps as disconnected, which reconnects when the twin is On (instead of a new one joining) */
      comesBack?: string;
    } = {},
  ) => {
    const node = new StorageNodeTwin({ id: 'node4', seed: 'field-connect', inventory: inventoryFor('SN-48X') });
    if (!o.poweredOn) node.reset('GracefulShutdown');
    const bmc = await startBmc({ node });
    servers.push(bmc);
    let onAt = 0;
    const view: CoreView = {
      nodeStates: async () => {
        if (o.nodesFail) throw new Error('mfsmaster does not answer');
        if (node.powerState === 'On' && onAt === 0) onAt = Date.now();
        const joined = o.joins !== false && onAt > 0 && Date.now() - onAt > 200;
        return [...OLD, ...(joined ? [o.comesBack ?? NEW] : [])].map((address) => ({
          address,
          chunks: 10,
          usedBytes: 0,
          totalBytes: 1,
          registered: true,
        }));
      },
      chunkHealth: async () => AT_GOAL,
      nodesKnown: async () => [...OLD, ...(o.comesBack ? [o.comesBack] : [])],
    };
    const history = new HistoryWriter(join(mkdtempSync(join(tmpdir(), 'field-connect-')), 'history.jsonl'), new RunClock(1));
    const asked: string[] = [];
    const spec: FieldNodeConnect = {
      id: 'node4-connect',
      node: 'node4',
      ...(o.address ? { address: o.address } : {}),
      bmc: { url: bmc.url, headers: {} },
      registerSeconds: 1,
      watchSeconds: 0.5,
      stepSeconds: 10,
      pollMs: 50,
      timeoutMs: 2000,
    };
    const operator = scriptedOperator(node, { act: o.act ?? true, answer: o.answer ?? 'done' }, asked);
    const ctx = { history, view, log: () => undefined, operator };
    const events = () => {
      history.close();
      return readHistory(history.path).events;
    };
    return { node, spec, ctx, events, asked };
  };

  it('adds the node when its BMC shows it On and times the core listing it from there; its LED on, then off', async () => {
    const { node, spec, ctx, events, asked } = await setUp();
    expect(await fieldNodeConnect(spec, ctx)).toEqual({ ran: true });
    expect(asked).toEqual([
      "connect node4 to the storage network and power it on (its locate LED is lit; give it nothing but the core's master address), then answer done",
    ]);
    const ev = events();
    expect(eventsOf(ev, 'fault.start')[0]).toMatchObject({ fault: 'add-node', node: 'node4', mode: 'operator' });
    expect(eventsOf(ev, 'field.power').map((e) => e.state)).toEqual(['Off', 'On']);
    const add = eventsOf(ev, 'scaleout.add')[0]!;
    expect(add).toMatchObject({ node: 'node4', mode: 'operator', bays: null });
    // added at the poll that saw the BMC show On, before the core listed the node
    const on = eventsOf(ev, 'field.power').find((e) => e.state === 'On')!;
    expect(add.i).toBe(on.i + 1);
    const powered = eventsOf(ev, 'scaleout.powered')[0]!;
    expect(powered).toMatchObject({ node: 'node4', address: NEW });
    expect(powered.mono - add.mono).toBeGreaterThanOrEqual(150);
    expect(eventsOf(ev, 'operator.step').map((e) => `${e.step} ${e.answer} ${e.who}`)).toEqual(['connect done qa-li']);
    expect(eventsOf(ev, 'field.redfish').map((e) => `${e.action} ${e.status}`)).toEqual([
      'Chassis LocationIndicatorActive true 200',
      'Chassis LocationIndicatorActive false 200',
    ]);
    expect(node.chassisLocateLed).toBe(false);
    expect(eventsOf(ev, 'fault.end')[0]?.notDone).toBeUndefined();
  });

  it('a power-on the core never sees: added, never listed (no scaleout.powered), the watch bounded', async () => {
    const { spec, ctx, events } = await setUp({ joins: false });
    const t0 = Date.now();
    // the cameras stop: there is no share of a node that never joined to measure
    expect(await fieldNodeConnect(spec, ctx)).toEqual({ ran: true, stop: 'no node joined within 1 s' });
    expect(Date.now() - t0).toBeLessThan(5000);
    const ev = events();
    expect(eventsOf(ev, 'scaleout.add')).toHaveLength(1);
    expect(eventsOf(ev, 'scaleout.powered')).toHaveLength(0);
    // how long the core was watched, for the checker to judge against the bound
    expect(eventsOf(ev, 'fault.end')[0]?.notListedWithinSeconds).toBe(1);
  });

  it('a node the core keeps as disconnected that comes back is not taken for the new one', async () => {
    const { spec, ctx, events } = await setUp({ comesBack: '10.0.0.5' });
    await fieldNodeConnect(spec, ctx);
    expect(eventsOf(events(), 'scaleout.powered')).toHaveLength(0);
  });

  it('waits for the address the target file gives, not another new one', async () => {
    const { spec, ctx, events } = await setUp({ address: '10.0.0.77' });
    await fieldNodeConnect(spec, ctx);
    expect(eventsOf(events(), 'scaleout.powered')).toHaveLength(0);
  });

  it("a step not carried out is recorded as not done, with no add: 'cannot', and 'done' with the BMC still Off", async () => {
    const cannot = await setUp({ act: false, answer: 'cannot' });
    await fieldNodeConnect(cannot.spec, cannot.ctx);
    let ev = cannot.events();
    expect(eventsOf(ev, 'scaleout.add')).toHaveLength(0);
    expect(eventsOf(ev, 'fault.end')[0]?.notDone).toBe("node4 was not connected: qa-li answered 'cannot'");
    const idle = await setUp({ act: false });
    await fieldNodeConnect(idle.spec, idle.ctx);
    ev = idle.events();
    expect(eventsOf(ev, 'scaleout.add')).toHaveLength(0);
    expect(eventsOf(ev, 'fault.end')[0]?.notDone).toMatch(/answered done, but its BMC never showed node4 powered on/);
  });

  it('a step nobody answers, on a real terminal operator: not done, no add, T8 INCONCLUSIVE saying no answer came in time (never naming an answer)', async () => {
    const { spec, ctx, events } = await setUp({ act: false });
    const input = new PassThrough(); // a terminal where nobody types
    const operator = terminalOperator({ who: 'qa-li', input, output: new PassThrough() });
    await fieldNodeConnect({ ...spec, stepSeconds: 1 }, { ...ctx, operator });
    operator.close();
    const ev = events();
    expect(eventsOf(ev, 'operator.step').map((e) => e.answer)).toEqual(['timeout']);
    expect(eventsOf(ev, 'scaleout.add')).toHaveLength(0);
    const why = 'node4 was not connected: no answer came from qa-li within 1 s';
    expect(eventsOf(ev, 'fault.end')[0]?.notDone).toBe(why);
    const v = checkScaleOut(ev, T8);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons.join()).toContain(`not done: ${why}`);
  });

  it('refuses before any LED or step: a node already On, an address the core lists already, a core that does not answer', async () => {
    for (const [o, reason] of [
      [{ poweredOn: true }, /its BMC reports PowerState On: the first connection is timed from the power coming on/],
      [{ address: OLD[0] }, /the core already lists 10.0.0.2: node4 is connected already/],
      [{ nodesFail: true }, /the core did not list its storage nodes \(mfsmaster does not answer\)/],
    ] as const) {
      const { spec, ctx, events, asked, node } = await setUp(o);
      const r = await fieldNodeConnect(spec, ctx);
      expect(r.ran).toBe(false);
      const ev = events();
      expect(eventsOf(ev, 'fault.refused')[0]?.reason).toMatch(reason);
      expect(asked).toEqual([]);
      expect(eventsOf(ev, 'field.redfish')).toHaveLength(0);
      expect(node.chassisLocateLed).toBe(false);
    }
  });
});
