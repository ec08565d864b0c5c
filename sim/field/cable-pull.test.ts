// A field cable pull against a twin BMC (the node's locate LED) and the switch twin's management
// interface (the port's link, read live), with a core view that lists the node as its link
// shows it, a little late: a scripted operator takes each step on the twin. The pull is timed
// from the switch, a pull the core never sees leaves the loss undetected, a step not carried
// out is recorded as such, and the safety checks refuse before any LED or step.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inventoryFor, startBmc, StorageNodeTwin, type BmcServer } from '../../devices';
import { linkUp } from '../../devices/switch/ports';
import { SwitchTwin } from '../../devices/switch/switch-model';
import type { ChunkHealthCounts, CoreView } from '../core/adapter';
import { RunClock } from '../clock';
import { eventsOf, HistoryWriter, readHistory } from '../history';
import { serveSwitchTwin } from '../inventory/twins';
import { fieldCablePull, type FieldCablePull } from './cable-pull';
import type { Operator, OperatorAnswer } from './operator';

const AT_GOAL: ChunkHealthCounts = { missing: 0, endangered: 0, undergoal: 0, stable: 10, overgoal: 0 };
const PORT = 3;

/** What the scripted person does at each step: pull or plug the cable (on the twin), or not, and what they answer. */
type Hands = (step: 'unplug' | 'replug') => { act: boolean; answer: OperatorAnswer };

function scriptedOperator(sw: SwitchTwin, hands: Hands, asked: string[]): Operator {
  return {
    who: 'qa-li',
    async ask(step) {
      const name = step.instruction.startsWith('pull') ? 'unplug' : 'replug';
      asked.push(step.instruction);
      const h = hands(name);
      if (h.act) sw.setCable(PORT, name === 'replug');
      return { answer: h.answer, who: 'qa-li', answeredWall: Date.now() };
    },
    close: () => undefined,
  };
}

describe('field cable pull through the switch and a BMC', () => {
  const servers: BmcServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  /** `reaches`: whether the cable's state reaches the core (false: a pull on the twin's port alone, the link never lost) */
  /** `dropsAgain`: the core lists the node connected again for 0.1 s only, then disconnected */
  const setUp = async (
    o: { hands?: Hands; reaches?: boolean; health?: () => ChunkHealthCounts; nodeSeen?: boolean; dropsAgain?: boolean } = {},
  ) => {
    const node = new StorageNodeTwin({ id: 'node2', seed: 'field-cable', inventory: inventoryFor('SN-48X') });
    const bmc = await startBmc({ node });
    const sw = new SwitchTwin({ id: 'sw0', gePorts: 4, tenGePorts: 2 });
    const swServer = await serveSwitchTwin(sw);
    servers.push(bmc, swServer);
    const port = sw.ports.find((p) => p.id === PORT)!;
    // the core lists the node disconnected 0.2 s after its link went, connected 0.2 s after it came back
    let linkChanged = 0;
    let wasUp = true;
    const seen = async () => {
      const up = o.reaches === false ? true : linkUp(port);
      if (up !== wasUp) [wasUp, linkChanged] = [up, Date.now()];
      const settled = Date.now() - linkChanged > 200;
      if (o.dropsAgain && up && linkChanged > 0 && Date.now() - linkChanged > 300) return 'disconnected' as const;
      return (settled ? up : !up) ? ('connected' as const) : ('disconnected' as const);
    };
    const view: CoreView = {
      nodeStates: async () => [{ address: '10.0.0.3', chunks: 10, usedBytes: 0, totalBytes: 1, registered: true }],
      chunkHealth: async () => (o.health ?? (() => AT_GOAL))(),
      ...(o.nodeSeen === false ? {} : { nodeSeen: () => seen() }),
    };
    const history = new HistoryWriter(join(mkdtempSync(join(tmpdir(), 'field-cable-')), 'history.jsonl'), new RunClock(1));
    const asked: string[] = [];
    const spec: FieldCablePull = {
      id: 'node2-cable-pull',
      node: 'node2',
      address: '10.0.0.3',
      switchPort: port.name,
      switch: { url: swServer.url, headers: {} },
      bmc: { url: bmc.url, headers: {} },
      detectSeconds: 1,
      reconnectSeconds: 2,
      settleSeconds: 0.3,
      watchSeconds: 0.5,
      stepSeconds: 10,
      pollMs: 50,
      timeoutMs: 2000,
    };
    const operator = scriptedOperator(sw, o.hands ?? (() => ({ act: true, answer: 'done' })), asked);
    const ctx = { history, view, log: () => undefined, operator };
    const events = () => {
      history.close();
      return readHistory(history.path).events;
    };
    return { node, sw, port, spec, ctx, events, asked };
  };

  it("times the pull from the switch showing the port down to the core listing the node disconnected, and back; the node's LED on, then off", async () => {
    const { node, spec, ctx, events, asked, port } = await setUp();
    expect(await fieldCablePull(spec, ctx)).toEqual({ ran: true });
    expect(asked).toEqual([
      `pull the network cable of node2 out of switch port ${port.name} (the node's locate LED is lit), then answer done`,
      `plug the network cable of node2 back into switch port ${port.name} (the node's locate LED is lit), then answer done`,
    ]);
    const ev = events();
    expect(eventsOf(ev, 'link.start')[0]).toMatchObject({ mode: 'operator', switchPort: port.name, action: 'link-down', port: null });
    const end = eventsOf(ev, 'link.end')[0]!;
    expect(end.detectedAfterSeconds).toBeGreaterThanOrEqual(0.15);
    expect(end.reconnectedAfterSeconds).toBeGreaterThanOrEqual(0.15);
    expect(end.connectedAtEnd).toBe(true);
    expect(end.timeline.map((t) => t.seen)).toEqual(['disconnected', 'connected']);
    expect(eventsOf(ev, 'field.port').map((e) => e.state)).toEqual(['UP', 'DOWN', 'UP']);
    expect(eventsOf(ev, 'operator.step').map((e) => `${e.step} ${e.answer} ${e.who}`)).toEqual(['unplug done qa-li', 'replug done qa-li']);
    expect(eventsOf(ev, 'field.redfish').map((e) => `${e.action} ${e.status}`)).toEqual([
      'Chassis LocationIndicatorActive true 200',
      'Chassis LocationIndicatorActive false 200',
    ]);
    expect(node.chassisLocateLed).toBe(false);
    expect(eventsOf(ev, 'fault.end')[0]?.notDone).toBeUndefined();
  });

  it('a pull the core never sees (the port down on the switch alone): the loss is recorded undetected after detectSeconds', async () => {
    const { spec, ctx, events } = await setUp({ reaches: false });
    expect(await fieldCablePull(spec, ctx)).toEqual({ ran: true });
    const end = eventsOf(events(), 'link.end')[0]!;
    expect(end.detectedAfterSeconds).toBeNull();
    expect(end.reconnectedAfterSeconds).toBeNull();
    expect(end.downSeconds).toBeGreaterThanOrEqual(1);
  });

  it('a node listed connected again but dropping at once is not connected at the end (the settle watch)', async () => {
    const { spec, ctx, events } = await setUp({ dropsAgain: true });
    expect(await fieldCablePull(spec, ctx)).toEqual({ ran: true });
    const end = eventsOf(events(), 'link.end')[0]!;
    expect(end.reconnectedAfterSeconds).not.toBeNull();
    expect(end.connectedAtEnd).toBe(false);
    // its last two looks: connected again, then gone (a loaded machine may see the core's first drop before the switch's, which the timeline starts from)
    expect(end.timeline.map((t) => t.seen).slice(-2)).toEqual(['connected', 'disconnected']);
  });

  it('a run stopped with the cable out: the step throws, the LED stays lit, the late answer writes nothing', async () => {
    const stopper = new AbortController();
    const { node, sw, spec, ctx, events } = await setUp();
    let answer: ((a: OperatorAnswer) => void) | undefined;
    // pulls the cable and never answers, until the operator is closed (the run's end)
    const operator: Operator = {
      who: 'qa-li',
      ask: () => {
        sw.setCable(PORT, false);
        return new Promise((r) => (answer = (a) => r({ answer: a, who: 'qa-li', answeredWall: Date.now() })));
      },
      close: () => answer?.('abort'),
    };
    setTimeout(() => stopper.abort(), 500);
    await expect(fieldCablePull(spec, { ...ctx, operator, signal: stopper.signal })).rejects.toThrow(/the run is being stopped/);
    const ev = events();
    operator.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(eventsOf(ev, 'field.port').map((e) => e.state)).toEqual(['UP', 'DOWN']);
    expect(eventsOf(ev, 'operator.step')).toHaveLength(0);
    expect(node.chassisLocateLed).toBe(true);
  });

  it("'done' with the cable left in: not done, no link.end, the LED left lit; 'cannot' and 'abort' alike, abort stopping the run", async () => {
    const a = await setUp({ hands: () => ({ act: false, answer: 'done' }) });
    expect(await fieldCablePull(a.spec, a.ctx)).toEqual({ ran: true });
    let ev = a.events();
    expect(eventsOf(ev, 'fault.end')[0]?.notDone).toMatch(/qa-li answered done, but the switch never showed port GE1\/0\/3 down/);
    expect(eventsOf(ev, 'link.end')).toHaveLength(0);
    expect(a.node.chassisLocateLed).toBe(true);
    const b = await setUp({ hands: () => ({ act: false, answer: 'cannot' }) });
    expect(await fieldCablePull(b.spec, b.ctx)).toEqual({ ran: true });
    ev = b.events();
    expect(eventsOf(ev, 'fault.end')[0]?.notDone).toBe("the cable was not pulled: qa-li answered 'cannot'");
    expect(b.node.chassisLocateLed).toBe(false);
    const c = await setUp({ hands: (s) => ({ act: s === 'unplug', answer: s === 'unplug' ? 'done' : 'abort' }) });
    expect(await fieldCablePull(c.spec, c.ctx)).toEqual({ ran: true, stop: 'qa-li aborted the run' });
    expect(eventsOf(c.events(), 'fault.end')[0]?.notDone).toBe("the cable was not put back: qa-li answered 'abort'");
  });

  it('refuses before any LED or step: a chunk with one copy, a port the switch does not list or shows down, a core that does not say who is connected', async () => {
    const cases: [Parameters<typeof setUp>[0], Partial<FieldCablePull>, RegExp][] = [
      [{ health: () => ({ ...AT_GOAL, endangered: 2 }) }, {}, /2 with one copy .* losing the link of node2 could lose data/],
      [{}, { switchPort: 'GE9/9/9' }, /the switch lists no port GE9\/9\/9/],
      [{ nodeSeen: false }, {}, /does not say which nodes are connected/],
      [{}, { address: '10.0.0.9' }, /does not list node2 at 10.0.0.9/],
    ];
    for (const [o, change, reason] of cases) {
      const { node, spec, ctx, events, asked } = await setUp(o);
      expect(await fieldCablePull({ ...spec, ...change }, ctx)).toMatchObject({ ran: false, reason });
      const ev = events();
      expect(eventsOf(ev, 'fault.refused')[0]?.reason).toMatch(reason);
      expect(eventsOf(ev, 'fault.start')).toHaveLength(0);
      expect(asked).toHaveLength(0);
      expect(node.chassisLocateLed).toBe(false);
    }
    // the port already down on the switch while the core lists the node connected (the core does not follow this port)
    const down = await setUp({ reaches: false });
    down.sw.setCable(PORT, false);
    expect(await fieldCablePull(down.spec, down.ctx)).toMatchObject({
      ran: false,
      reason: /the switch reports port GE1\/0\/3 DOWN: no link to pull/,
    });
    expect(down.asked).toHaveLength(0);
    // and the node not connected to the core
    const gone = await setUp();
    gone.sw.setCable(PORT, false);
    expect(await fieldCablePull(gone.spec, gone.ctx)).toMatchObject({
      ran: false,
      reason: /the core lists node2 at 10.0.0.3 disconnected/,
    });
  });
});
