// The switch twin bound to the real run network (issue 3 item 6, S1/S6): a cable pull that
// MooseFS really sees (measured), tbf port speeds measured with real TCP transfers, port
// mirroring counted on the analyzer interface, twin and kernel agreeing after seeded
// random sequences (fast-check), a container restart re-bound, and nothing left behind.
// Traffic stays inside the run: the host's address on the run's bridge <-> its containers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import * as allure from 'allure-js-commons';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { workRoot } from '../../lib/paths';
import { SwitchTwin } from '../../devices/switch/switch-model';
import { MooseCluster } from '../core/moosefs/cluster';
import { bridgeName, containerNameOf } from '../core/node-containers';
import { masterSees } from '../core/moosefs/connections';
import { run } from '../exec';
import { streamFor } from '../../lib/random';
import { runCleanups } from './cleanup';
import { linkLoss, type LinkLossResult } from './link-loss';
import { OWNER_FILE, sweep } from './reaper';
import { SwitchBinding } from './switch-binding';
import { recordInterfaces } from './switch-interfaces';
import { ifbName, runHash } from './switch-ports';
import { probeMirror } from './mirror-probe';
import { checkSwitchMirroring, MIRRORED } from '../checkers/switch-mirroring';
import type { HistoryEvent } from '../history';

const SEED = process.env.ACCEPT_SEED ?? 'switch-binding';
const FC_RUNS = Number(process.env.ACCEPT_FC_RUNS ?? 6);

const runId = `sw-${Date.now().toString(36)}`;
const runDir = join(workRoot(), 'runs', runId);
let cluster: MooseCluster;
let binding: SwitchBinding;
let gateway = '';
const figures: Record<string, unknown> = {};

// ---- throughput through a port: TCP between the host's bridge address and a container ----

interface Transfer {
  bytes: number;
  /** seconds between 10 % and 90 % of the bytes received: the steady state, without TCP's
   *  start and without a tail drop's retransmission timeout (a shaper with a short queue
   *  drops, as a congested switch port does) */
  seconds: number;
  mbps: number;
}

/** The window of the transfer from 10 % to 90 % of `total` bytes received. */
function windowed(total: number, marks: { t10: number; n10: number; t90: number; n90: number }, got: number): Transfer {
  const seconds = marks.t90 - marks.t10;
  return { bytes: got, seconds, mbps: ((marks.n90 - marks.n10) * 8) / seconds / 1e6 };
}

/** A one-shot listener on the bridge address; `onSocket` gets the first connection. */
function listen(onSocket: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer(onSocket!);
    server.on('error', reject);
    server.listen(0, gateway, () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

/** The node sends `bytes` to the host; rate measured at the host. */
async function uploadFrom(node: string, bytes: number): Promise<Transfer> {
  let got = 0;
  const m = { t10: 0, n10: 0, t90: 0, n90: 0 };
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const { server, port } = await listen((s) => {
    s.on('data', (b: Buffer) => {
      got += b.length;
      const now = performance.now() / 1000;
      if (!m.t10 && got >= bytes * 0.1) Object.assign(m, { t10: now, n10: got });
      if (!m.t90 && got >= bytes * 0.9) Object.assign(m, { t90: now, n90: got });
    });
    s.on('close', () => done());
    s.on('error', () => undefined);
  });
  try {
    await run('docker', ['exec', container(node), 'bash', '-c', `head -c ${bytes} /dev/zero > /dev/tcp/${gateway}/${port}`], {
      timeoutMs: 120_000,
    });
    await finished;
  } finally {
    server.close();
  }
  return windowed(bytes, m, got);
}

/** The same receiver inside the node (python3 comes with moosefs-cli in the image). */
const RECEIVER = `
import socket, sys, time
host, port, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection((host, port))
got, m = 0, {}
while True:
    b = s.recv(1 << 16)
    if not b:
        break
    got += len(b)
    now = time.monotonic()
    if 't10' not in m and got >= total * 0.1: m['t10'], m['n10'] = now, got
    if 't90' not in m and got >= total * 0.9: m['t90'], m['n90'] = now, got
print(got, m['t10'], m['n10'], m['t90'], m['n90'])
`;

/** The host sends `bytes` to the node; rate measured inside the node. */
async function downloadTo(node: string, bytes: number): Promise<Transfer> {
  const chunk = Buffer.alloc(1 << 16);
  const { server, port } = await listen((s) => {
    s.on('error', () => undefined);
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!s.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void s.once('drain', pump);
      }
      s.end();
    };
    pump();
  });
  try {
    const out = (
      await run('docker', ['exec', container(node), 'python3', '-c', RECEIVER, gateway, String(port), String(bytes)], {
        timeoutMs: 120_000,
      })
    ).stdout.trim();
    const [got, t10, n10, t90, n90] = out.split(/\s+/).map(Number) as [number, number, number, number, number];
    return windowed(bytes, { t10, n10, t90, n90 }, got);
  } finally {
    server.close();
  }
}

/** About 2.5 MB/s from the node to the host for `seconds` (paced: the traffic spans a probe's window). */
async function pacedUpload(node: string, seconds: number): Promise<void> {
  const { server, port } = await listen((s) => {
    s.on('data', () => undefined);
    s.on('error', () => undefined);
  });
  try {
    const n = seconds * 10;
    await run(
      'docker',
      [
        'exec',
        container(node),
        'bash',
        '-c',
        `for i in $(seq ${n}); do head -c 250000 /dev/zero; sleep 0.1; done > /dev/tcp/${gateway}/${port}`,
      ],
      {
        timeoutMs: 60_000,
      },
    );
  } finally {
    server.close();
  }
}

/** About 2.5 MB/s from the host to the node for `seconds`. */
async function pacedDownload(node: string, seconds: number): Promise<void> {
  const chunk = Buffer.alloc(250_000);
  const total = seconds * 10 * chunk.length;
  const { server, port } = await listen((s) => {
    s.on('error', () => undefined);
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= total) return void (clearInterval(timer), s.end());
      s.write(chunk);
      sent += chunk.length;
    }, 100);
    s.on('close', () => clearInterval(timer));
  });
  try {
    await run('docker', ['exec', container(node), 'python3', '-c', RECEIVER, gateway, String(port), String(total)], { timeoutMs: 60_000 });
  } finally {
    server.close();
  }
}

const container = (node: string) => containerNameOf(runId, node);
const ownInterfaces = async () =>
  (JSON.parse((await run('ip', ['-j', 'link', 'show'])).stdout) as { ifname: string }[])
    .map((l) => l.ifname)
    .filter((n) => n.includes(runHash(runId)));

beforeAll(async () => {
  cluster = await MooseCluster.start({
    runId,
    runDir,
    image: inject('coreImage'),
    goal: 2,
    nodes: [1, 2, 3].map((i) => ({ name: `n${i}`, bays: 4, baySizeMiB: 512 })),
  });
  binding = await SwitchBinding.bind({ runId, runDir, twin: new SwitchTwin({ id: 'sw0' }), members: cluster.switchMembers() });
  const addr = JSON.parse((await run('ip', ['-j', '-4', 'addr', 'show', 'dev', bridgeName(runId)])).stdout) as {
    addr_info: { local: string }[];
  }[];
  gateway = addr[0]!.addr_info[0]!.local;
  await allure.epic('交换机 / Switch');
});

afterAll(async () => {
  await allure.attachment('switch-figures.json', JSON.stringify(figures, null, 2), 'application/json');
  console.log(`switch binding figures (wall clock): ${JSON.stringify(figures, null, 2)}`);
  await binding?.stop();
  await cluster?.stop();
});

describe('switch twin bound to the real network', () => {
  it('cables master, nodes and the analyzer to documented ports and agrees with the kernel at once', async () => {
    expect(binding.assignments.map((a) => [a.port, a.member.name])).toEqual([
      [1, 'n1'],
      [2, 'n2'],
      [3, 'n3'],
      [25, 'master'],
      [28, 'capture'],
    ]);
    expect(await binding.disagreements()).toEqual([]);
  });

  it('(a) a pulled cable: the node loses carrier and the master lists it disconnected; plugged back it reconnects (measured)', async () => {
    await allure.feature('S1 port down/up');
    const port = binding.portOf('n2')!;
    // first check the node's side really loses carrier and the twin still agrees
    await binding.setCable(port, false);
    const view = await binding.readReality();
    expect(view.ports.find((p) => p.port === port)?.up).toBe(false);
    expect(await binding.disagreements()).toEqual([]);
    await binding.setCable(port, true);
    // the measured pull: linkLoss first checks the master lists n2 connected (the blip above did not cut it)
    const loss: LinkLossResult = await linkLoss({
      binding,
      node: 'n2',
      coreSees: masterSees(cluster.masterAddress),
      hold: 'until-detected',
      detectTimeoutSeconds: 90,
      reconnectTimeoutSeconds: 90,
    });
    figures.linkDown = loss;
    expect(loss.detectedAfterSeconds, JSON.stringify(loss.timeline)).not.toBeNull();
    expect(loss.detectedAfterSeconds!).toBeGreaterThan(0);
    expect(loss.detectedAfterSeconds!).toBeLessThan(90);
    expect(loss.reconnectedAfterSeconds).not.toBeNull();
    expect(loss.connectedAtEnd).toBe(true);
    // a 2-s flap, watched for 15 s afterwards: does the master notice at all?
    const flap = await linkLoss({
      binding,
      node: 'n3',
      coreSees: masterSees(cluster.masterAddress),
      hold: 2,
      settleSeconds: 15,
      reconnectTimeoutSeconds: 90,
    });
    figures.flap2s = flap;
    expect(flap.downSeconds).toBeGreaterThanOrEqual(2);
    expect(flap.connectedAtEnd).toBe(true);
    expect(await binding.disagreements()).toEqual([]);
  });

  it('(b) port speed by tbf both ways: 10 Mb/s measured near 10, 1000 Mb/s far above it', async () => {
    await allure.feature('S1 port speed');
    const port = binding.portOf('n1')!;
    await binding.setSpeed(port, 10);
    expect(await binding.disagreements()).toEqual([]);
    const slowUp = await uploadFrom('n1', 4_000_000);
    const slowDown = await downloadTo('n1', 4_000_000);
    await binding.setSpeed(port, 1000);
    const fastUp = await uploadFrom('n1', 200_000_000);
    const fastDown = await downloadTo('n1', 200_000_000);
    figures.throughputMbps = { at10: { fromNode: slowUp, toNode: slowDown }, at1000: { fromNode: fastUp, toNode: fastDown } };
    // TCP goodput over a 10 Mb/s Ethernet link: 1448 payload bytes per 1514-byte frame = 9.56
    for (const t of [slowUp, slowDown, fastUp, fastDown]) expect(t.bytes).toBe(t === slowUp || t === slowDown ? 4_000_000 : 200_000_000);
    // the lower bound only shows the link carries data: with another core test file on the 2
    // cores a 4 MB transfer measured 8.25 Mb/s. The upper bound is what tbf must enforce, with
    // the receiver's error: goodput at 10 Mb/s is at most 9.56-9.65, but a receiver whose event
    // loop stalls at the 10 % mark reads at most 64 KiB of its backlog there and so reads high
    // (10.50 in a fresh-clone CI run on 2026-12-07, every other run below 10): 15 % over the
    // rate, still a hundred times below an unshaped port
    for (const t of [slowUp, slowDown]) {
      expect(t.mbps).toBeGreaterThan(10 * 0.7);
      expect(t.mbps).toBeLessThan(10 * 1.15);
    }
    for (const t of [fastUp, fastDown]) {
      expect(t.mbps).toBeGreaterThan((10 * (slowUp.mbps + slowDown.mbps)) / 2);
      expect(t.mbps).toBeLessThan(1000 * 1.05);
    }
  });

  it('(c) port mirroring: the analyzer counts the mirrored frames while the session exists, none after', async () => {
    await allure.feature('S6 port mirroring');
    const src = binding.portOf('n3')!;
    const added = await binding.addMirror([{ port: src, direction: 'both' }], binding.capture.port);
    expect(added.ok).toBe(true);
    const session = added.ok ? (added.changes[0] as { session: { id: number } }).session.id : -1;
    expect(await binding.disagreements()).toEqual([]);
    const c0 = await binding.captureCounters();
    await uploadFrom('n3', 2_000_000);
    await downloadTo('n3', 2_000_000);
    const c1 = await binding.captureCounters();
    expect((await binding.removeMirror(session)).ok).toBe(true);
    expect(await binding.disagreements()).toEqual([]);
    const c2 = await binding.captureCounters();
    await uploadFrom('n3', 2_000_000);
    await downloadTo('n3', 2_000_000);
    const c3 = await binding.captureCounters();
    figures.mirror = {
      whileMirrored: { packets: c1.packets - c0.packets, bytes: c1.bytes - c0.bytes },
      afterRemoval: { packets: c3.packets - c2.packets, bytes: c3.bytes - c2.bytes },
    };
    // both transfers (4 MB of payload) went through the port: all of it reached the analyzer
    expect(c1.bytes - c0.bytes).toBeGreaterThan(4_000_000);
    expect(c1.packets - c0.packets).toBeGreaterThan(100);
    expect(c3.packets - c2.packets).toBe(0);
  });

  it('(c2) S6 from a mirror probe under steady traffic both ways: a session of both directions shows mirroring (MANUAL: the rest is a person’s); a one-way session FAILs', async () => {
    await allure.feature('S6 port mirroring');
    const judged = async (direction: 'both' | 'rx') => {
      const [p] = await Promise.all([
        probeMirror(binding, { node: 'n3', seconds: 3, direction }),
        pacedUpload('n3', 4),
        pacedDownload('n3', 4),
      ]);
      const event = { i: 1, wall: 0, mono: 0, virt: 0, kind: 'switch.mirror', id: `probe-${direction}`, ...p } as HistoryEvent;
      return { p, v: checkSwitchMirroring([event], MIRRORED) };
    };
    const both = await judged('both');
    const oneWay = await judged('rx');
    figures.mirrorProbe = { both: both.p, oneWay: oneWay.p };
    expect(both.v.status, both.v.reasons.join('\n')).toBe('MANUAL');
    expect(oneWay.v.status, oneWay.v.reasons.join('\n')).toBe('FAIL');
    expect(binding.twin.mirrors).toEqual([]);
    expect(await binding.disagreements()).toEqual([]);
  });

  it('(d) twin and kernel agree after seeded random sequences of port changes; a change behind its back is caught', async () => {
    const fcSeed = streamFor(SEED, 'switch/twin-vs-reality').uint32() | 0;
    console.log(`twin-vs-reality: fast-check seed ${fcSeed} (ACCEPT_SEED=${SEED}), ${FC_RUNS} runs`);
    const twin = binding.twin;
    const applied: Record<string, number> = {};
    const count = (r: { changes: { kind: string }[] }) => r.changes.forEach((c) => (applied[c.kind] = (applied[c.kind] ?? 0) + 1));
    // bound ports plus two empty ones (an empty port's state lives only in the twin)
    const ports = [...binding.assignments.map((a) => a.port), 5, 26];
    const op = fc.oneof(
      fc.record({ kind: fc.constant('admin' as const), port: fc.constantFrom(...ports), up: fc.boolean() }),
      fc.record({ kind: fc.constant('cable' as const), port: fc.constantFrom(...ports), up: fc.boolean() }),
      fc.record({ kind: fc.constant('speed' as const), port: fc.constantFrom(...ports), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('mirror' as const),
        sources: fc.uniqueArray(
          fc.record({ port: fc.constantFrom(...ports), direction: fc.constantFrom('rx' as const, 'tx' as const, 'both' as const) }),
          { minLength: 1, maxLength: 3, selector: (s) => s.port },
        ),
        destination: fc.constantFrom(...ports),
      }),
      fc.record({ kind: fc.constant('unmirror' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 10 }), async (ops) => {
        for (const o of ops) {
          if (o.kind === 'admin') count(await binding.setAdmin(o.port, o.up));
          else if (o.kind === 'cable') count(await binding.setCable(o.port, o.up));
          else if (o.kind === 'speed') {
            const speeds = twin.port(o.port)!.allowedSpeedsMbps;
            count(await binding.setSpeed(o.port, speeds[o.pick % speeds.length]!));
          } else if (o.kind === 'mirror') count(await binding.addMirror(o.sources, o.destination));
          else if (twin.mirrors.length) count(await binding.removeMirror(twin.mirrors[o.pick % twin.mirrors.length]!.id));
        }
        expect(await binding.disagreements()).toEqual([]);
      }),
      { seed: fcSeed, numRuns: FC_RUNS, endOnFailure: true },
    );
    figures.fastCheck = { seed: fcSeed, runs: FC_RUNS, changesApplied: applied };
    // the sequences did change the kernel (links, speeds and mirrors), not only the twin
    expect(Object.keys(applied)).toEqual(expect.arrayContaining(['link', 'mirror-added', 'speed']));
    // back to the plain state
    for (const m of [...twin.mirrors]) await binding.removeMirror(m.id);
    for (const p of twin.ports) {
      await binding.setAdmin(p.id, true);
      await binding.setCable(p.id, true);
      await binding.setSpeed(p.id, p.allowedSpeedsMbps[p.allowedSpeedsMbps.length - 1]!);
    }
    expect(await binding.disagreements()).toEqual([]);
    // negative control: the kernel changed without the twin
    const iface = binding.hostInterface(binding.portOf('n3')!)!;
    await run('tc', ['qdisc', 'replace', 'dev', iface, 'root', 'tbf', 'rate', '5mbit', 'burst', '16384', 'limit', '100000']);
    await run('ip', ['link', 'set', 'dev', iface, 'down']);
    const d = await binding.disagreements();
    expect(d).toEqual(
      expect.arrayContaining([
        { port: 3, aspect: 'link', twin: 'up', reality: 'down' },
        expect.objectContaining({ port: 3, aspect: 'speed', twin: '1000 Mb/s to member' }),
      ]),
    );
    await run('ip', ['link', 'set', 'dev', iface, 'up']);
    await binding.setSpeed(3, 100);
    await binding.setSpeed(3, 1000);
    expect(await binding.disagreements()).toEqual([]);
  });

  it('a restarted node gets a new veth: the comparison says so, refresh() re-binds the port', async () => {
    const port = binding.portOf('n1')!;
    await binding.setSpeed(port, 100);
    const before = binding.hostInterface(port);
    await run('docker', ['restart', '-t', '5', container('n1')], { timeoutMs: 60_000 });
    const d = await binding.disagreements();
    expect(d).toEqual(expect.arrayContaining([expect.objectContaining({ port, aspect: 'present' })]));
    expect(await binding.refresh()).toEqual([port]);
    expect(binding.hostInterface(port)).not.toBe(before);
    expect(await binding.disagreements()).toEqual([]);
  });

  it('(e) Ctrl-C cleanup removes every interface, qdisc and container of the run; the sweep removes recorded interfaces of a dead run', async () => {
    const veths = binding.assignments.map((a) => binding.hostInterface(a.port));
    expect((await ownInterfaces()).length).toBeGreaterThan(0);
    // what SIGINT runs: every registered undo action, newest first (binding, then cluster)
    await runCleanups();
    expect(await ownInterfaces()).toEqual([]);
    const links = (JSON.parse((await run('ip', ['-j', 'link', 'show'])).stdout) as { ifname: string }[]).map((l) => l.ifname);
    for (const v of veths) expect(links).not.toContain(v);
    expect(links).not.toContain(bridgeName(runId));
    const qdiscs = JSON.parse((await run('tc', ['-j', 'qdisc', 'show'])).stdout) as { dev: string }[];
    expect(qdiscs.filter((q) => q.dev.includes(runHash(runId)) || veths.includes(q.dev))).toEqual([]);
    const containers = (
      await run('docker', ['ps', '-a', '--filter', `label=accept-harness.run=${runId}`, '--format', '{{.Names}}'])
    ).stdout.trim();
    expect(containers).toBe('');

    // a run whose owner died with its interfaces still there: the sweep finds them by the record
    const dead = `${runId}-dead`;
    const deadDir = join(workRoot(), 'runs', dead);
    mkdirSync(deadDir, { recursive: true });
    writeFileSync(join(deadDir, OWNER_FILE), '999999999');
    const orphan = ifbName(dead, 7);
    recordInterfaces(deadDir, [orphan]);
    await run('ip', ['link', 'add', orphan, 'type', 'ifb']);
    const report = await sweep(workRoot(), { only: dead });
    expect(report.interfaces).toEqual([orphan]);
    expect((JSON.parse((await run('ip', ['-j', 'link', 'show'])).stdout) as { ifname: string }[]).map((l) => l.ifname)).not.toContain(
      orphan,
    );
  });
});
