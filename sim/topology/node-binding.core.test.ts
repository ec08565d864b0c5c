// Twins bound to the real core: a mixed 24/36/48-bay cluster (T7), bay pulls and
// re-inserts that MooseFS really sees (measured), twin and reality agreeing after random
// hot-plug sequences (fast-check), a boot with an empty bay, PSU redundancy and total
// power loss on the real node.
import { mkdirSync, openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MooseCluster } from '../core/moosefs/cluster';
import { workRoot } from '../../lib/paths';
import { fillPseudoRandom } from '../../lib/random';
import { buildRack, type Rack } from './rack';
import { NodeBinding } from './node-binding';

const SEED = process.env.ACCEPT_SEED ?? 'binding-core';
const FC_SEED = Number(process.env.ACCEPT_FC_SEED ?? 20261124);
const FC_RUNS = Number(process.env.ACCEPT_FC_RUNS ?? 6);
const BAY_MIB = 1024;

let cluster: MooseCluster;
let rack: Rack;
const figures: Record<string, unknown> = {};

/** A light, steady writer (one 1 MiB file with fsync every 50 ms) so that disks see I/O. */
function startWriter(mount: string) {
  const dir = join(mount, 'writer');
  mkdirSync(dir, { recursive: true });
  const buf = Buffer.alloc(1 << 20);
  let i = 0;
  let errors = 0;
  const timer = setInterval(() => {
    try {
      fillPseudoRandom(buf, i + 1);
      const fd = openSync(join(dir, `f${i++ % 400}`), 'w');
      writeSync(fd, buf);
      fsyncSync(fd);
      closeSync(fd);
    } catch {
      errors++;
    }
  }, 50);
  return { stop: () => clearInterval(timer), written: () => i, errors: () => errors };
}

async function agree(binding: NodeBinding, withinMs = 10_000): Promise<string[]> {
  const t0 = Date.now();
  let d = await binding.disagreements();
  while (d.length && Date.now() - t0 < withinMs) {
    await new Promise((r) => setTimeout(r, 250));
    d = await binding.disagreements();
  }
  return d;
}

describe('twins bound to the real MooseFS core', () => {
  beforeAll(async () => {
    const runId = `bind-${Date.now().toString(36)}`;
    cluster = await MooseCluster.start({
      runId,
      runDir: join(workRoot(), 'runs', runId),
      image: inject('coreImage'),
      goal: 2,
      // T7: mixed bay counts in one cluster
      nodes: [
        { name: 'node24', bays: 24, baySizeMiB: BAY_MIB },
        { name: 'node36', bays: 36, baySizeMiB: BAY_MIB },
        { name: 'node48', bays: 48, baySizeMiB: BAY_MIB },
      ],
    });
    rack = await buildRack(cluster, cluster.nodes, { seed: SEED, baySizeMiB: BAY_MIB });
  });
  afterAll(async () => {
    await rack?.close();
    await cluster?.stop();
    await allure.attachment('figures.json', JSON.stringify(figures, null, 2), 'application/json');
    process.stderr.write(`binding figures: ${JSON.stringify(figures)}\n`);
  });

  it('T7: 24-, 36- and 48-bay nodes in one cluster; MooseFS sees every bay of each, and each twin agrees', async () => {
    // a chunkserver reports 'initialized' before it has scanned every folder: wait for the scan
    const t0 = Date.now();
    let views = await cluster.diskViews();
    while (views.some((v) => !v.serving) && Date.now() - t0 < 60_000) {
      await new Promise((r) => setTimeout(r, 500));
      views = await cluster.diskViews();
    }
    figures.allDisksOkAfterStartSeconds = (Date.now() - t0) / 1000;
    const notOk = views.filter((v) => !v.serving).map((v) => `${v.node}/${v.bay}: ${v.status}`);
    expect(notOk, 'disks MooseFS does not list as ok 60 s after the start').toEqual([]);
    for (const [name, bays] of [
      ['node24', 24],
      ['node36', 36],
      ['node48', 48],
    ] as const) {
      const mine = views.filter((v) => v.node === name);
      expect(mine, name).toHaveLength(bays);
      expect(
        mine.every((v) => v.serving),
        name,
      ).toBe(true);
      expect(rack.node(name).twin.bays).toHaveLength(bays);
      expect(await rack.node(name).binding.disagreements()).toEqual([]);
    }
    // every bay, fan and PSU of every twin answers on its BMC
    for (const { twin, bmc } of rack.nodes.values()) {
      const get = async (p: string) => {
        const r = await fetch(bmc.url + p);
        expect(r.status, p).toBe(200);
        return (await r.json()) as Record<string, unknown>;
      };
      const c = `/redfish/v1/Chassis/${twin.id}`;
      expect(((await get(`${c}/Drives`)).Members as unknown[]).length).toBe(twin.bays.length);
      for (let s = 0; s < twin.bays.length; s++) await get(`${c}/Drives/${s}`);
      for (let f = 0; f < twin.fans.length; f++) await get(`${c}/ThermalSubsystem/Fans/${f}`);
      for (let p = 0; p < twin.psus.length; p++) await get(`${c}/PowerSubsystem/PowerSupplies/${p}`);
    }
  });

  it('a pulled bay is seen by MooseFS as gone within seconds (measured), and a re-insert is taken back', async () => {
    const writer = startWriter(cluster.mountPoint);
    try {
      const { binding } = rack.node('node48');
      // udev agent: the node's hot-plug rule asks the core to rescan at once
      const pulled = await binding.pull(17);
      expect(pulled).toMatchObject({ ok: true, released: true });
      expect(pulled.coreNoticedSeconds).not.toBeNull();
      expect(pulled.coreNoticedSeconds!).toBeLessThan(30);
      expect(await agree(binding)).toEqual([]);
      const back = await binding.insert(17, 'same');
      expect(back.ok).toBe(true);
      expect(back.coreAcceptedSeconds).not.toBeNull();
      expect(await agree(binding)).toEqual([]);
      figures.udevPullNoticedSeconds = pulled.coreNoticedSeconds;
      figures.udevInsertAcceptedSeconds = back.coreAcceptedSeconds;

      // no agent help: MooseFS must notice the dead disk through its own I/O errors
      const { binding: b24 } = rack.node('node24');
      const bare = new NodeBinding(b24.twin, cluster, 'node24', { agent: 'core-only', baySizeMiB: BAY_MIB, coreTimeoutMs: 120_000 });
      const busiest = (await cluster.diskViews()).filter((v) => v.node === 'node24').sort((a, b) => b.chunks - a.chunks)[0]!;
      const slot = Number(busiest.bay.replace('bay', ''));
      const p2 = await bare.pull(slot);
      expect(p2.ok).toBe(true);
      figures.coreOnlyPullNoticedSeconds = p2.coreNoticedSeconds;
      figures.coreOnlyStatus = p2.coreStatus;
      expect(p2.coreNoticedSeconds, 'MooseFS never noticed the dead disk by itself within 120 s under write load').not.toBeNull();
      // a blank replacement goes into the same bay and is taken into service
      const blank = await bare.insert(slot, 'blank');
      expect(blank).toMatchObject({ ok: true, blank: true });
      expect(blank.coreAcceptedSeconds).not.toBeNull();
      figures.blankInsertAcceptedSeconds = blank.coreAcceptedSeconds;
      expect(await agree(b24)).toEqual([]);
      figures.writerFiles = writer.written();
      figures.writerErrors = writer.errors();
      expect(writer.errors(), 'writes through mfsmount failed during the pulls').toBe(0);
    } finally {
      writer.stop();
    }
  });

  it('twin and reality agree after any sequence of pulls and inserts (fast-check, model-based)', async () => {
    const { binding, twin } = rack.node('node36');
    type Model = { pulled: Set<number> };
    class Pull implements fc.AsyncCommand<Model, NodeBinding> {
      constructor(readonly slot: number) {}
      check = (m: Readonly<Model>) => !m.pulled.has(this.slot);
      async run(m: Model, b: NodeBinding) {
        const r = await b.pull(this.slot);
        expect(r.ok && r.released, JSON.stringify(r)).toBe(true);
        m.pulled.add(this.slot);
        expect(await agree(b)).toEqual([]);
      }
      toString = () => `pull(${this.slot})`;
    }
    class Insert implements fc.AsyncCommand<Model, NodeBinding> {
      // which of the pulled bays, resolved when it runs, so that inserts are not starved
      constructor(
        readonly pick: number,
        readonly kind: 'same' | 'blank',
      ) {}
      private slot = -1;
      check = (m: Readonly<Model>) => m.pulled.size > 0;
      async run(m: Model, b: NodeBinding) {
        this.slot = [...m.pulled].sort((x, y) => x - y)[this.pick % m.pulled.size]!;
        const r = await b.insert(this.slot, this.kind);
        expect(r.ok && r.coreAcceptedSeconds !== null, JSON.stringify(r)).toBe(true);
        m.pulled.delete(this.slot);
        expect(await agree(b)).toEqual([]);
      }
      toString = () => `insert(${this.slot}, ${this.kind})`;
    }
    const slot = fc.integer({ min: 0, max: twin.bays.length - 1 });
    const commands = [
      slot.map((s) => new Pull(s)),
      fc.tuple(fc.nat(), fc.constantFrom<'same' | 'blank'>('same', 'blank')).map(([k, kind]) => new Insert(k, kind)),
    ];
    const executed: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { size: 'large', maxCommands: 10 }), async (cmds) => {
        // every sequence starts from a full node: put back what the last one left out
        for (const b of twin.bays) if (b.state === 'pulled') await binding.insert(b.slot, 'same');
        try {
          await fc.asyncModelRun(() => ({ model: { pulled: new Set<number>() }, real: binding }), cmds);
        } finally {
          // after the run, fast-check lists the commands that were actually executed
          executed.push(String(cmds).replace(/\/\*replayPath=.*?\*\/\s*/, ''));
        }
      }),
      { seed: FC_SEED, numRuns: FC_RUNS, endOnFailure: true, verbose: 2 },
    );
    const replay = `ACCEPT_FC_SEED=${FC_SEED} ACCEPT_FC_RUNS=${FC_RUNS} npx vitest run --project core sim/topology/node-binding.core.test.ts`;
    figures.fastCheck = { seed: FC_SEED, runs: FC_RUNS, sequences: executed, replay };
    expect(executed.length).toBeGreaterThanOrEqual(FC_RUNS);
    // the sequences must have exercised the real hot-plug path, not just started empty
    expect(executed.join(',').match(/pull\(/g)?.length ?? 0, executed.join(' | ')).toBeGreaterThanOrEqual(3);

    // and the comparison must see a twin that moved without reality (a broken binding)
    twin.pullDisk(10);
    expect(await binding.disagreements()).toContain('node36 slot 10: twin pulled, real medium working (expected absent)');
    twin.insertDisk(10, 'same');
    expect(await binding.disagreements()).toEqual([]);
  });

  it('a node with an empty bay boots (power off and on), and the disk put back afterwards is taken into service', async () => {
    // MooseFS refuses to start when it cannot lock one of its folders: a node that had
    // listed its empty bay never came back from a crash (found by the model-based test)
    const { binding } = rack.node('node36');
    const pulled = await binding.pull(5);
    expect(pulled).toMatchObject({ ok: true, released: true });
    expect((await binding.reset('ForceOff')).ok).toBe(true);
    const t0 = Date.now();
    expect((await binding.reset('On')).ok).toBe(true);
    expect(await agree(binding, 60_000), 'node36 with bay05 empty did not come back with its other disks').toEqual([]);
    figures.bootWithEmptyBaySeconds = (Date.now() - t0) / 1000;
    const back = await binding.insert(5, 'same');
    expect(back.ok).toBe(true);
    expect(back.coreAcceptedSeconds, 'the disk put back after the boot was not taken by the core').not.toBeNull();
    expect(await agree(binding)).toEqual([]);
  });

  it('one PSU lost keeps the node running; both lost kill it without shutdown; power back boots it with its disks', async () => {
    const { binding, twin } = rack.node('node24');
    const before = (await cluster.nodeStates()).length;
    const one = await binding.failPsu(0);
    expect(one).toMatchObject({ ok: true, powerLost: false, running: true });
    expect(await cluster.isRunning('node24')).toBe(true);
    const t0 = Date.now();
    const both = await binding.failPsu(1);
    expect(both).toMatchObject({ ok: true, powerLost: true, running: false });
    expect(await cluster.isRunning('node24')).toBe(false);
    expect(await agree(binding)).toEqual([]);
    // the master loses the node
    while ((await cluster.nodeStates()).length >= before && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 250));
    figures.powerLossMasterLostNodeSeconds = (Date.now() - t0) / 1000;
    expect((await cluster.nodeStates()).length).toBe(before - 1);

    const t1 = Date.now();
    const back = await binding.replacePsu(0);
    expect(back).toMatchObject({ ok: true, running: true });
    expect(await cluster.isRunning('node24')).toBe(true);
    // every disk ok again in the core's view, and the twin agrees
    expect(await agree(binding, 60_000)).toEqual([]);
    figures.powerRestoreAllDisksOkSeconds = (Date.now() - t1) / 1000;
    expect(twin.powerState).toBe('On');

    // a reset through the BMC's Redfish API acts on the real node too
    const { bmc } = rack.node('node24');
    const res = await fetch(`${bmc.url}/redfish/v1/Systems/node24/Actions/ComputerSystem.Reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ResetType: 'ForceOff' }),
    });
    expect(res.status).toBe(200);
    expect(await cluster.isRunning('node24')).toBe(false);
    expect(await agree(binding)).toEqual([]);
    const on = await fetch(`${bmc.url}/redfish/v1/Systems/node24/Actions/ComputerSystem.Reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ResetType: 'On' }),
    });
    expect(on.status).toBe(200);
    expect(await agree(binding, 60_000)).toEqual([]);
  });
});
