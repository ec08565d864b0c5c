// The real system a model-based run drives: one MooseFS cluster with its rack of twins,
// reused across sequences (a fresh directory per sequence, every node and bay restored
// in between). Every action goes through the same bindings the scenarios use; file I/O
// on the mount runs in subprocesses with a time limit, so a read of a chunk that no
// server holds (mfsmount retries for minutes) ends as 'unreadable' instead of hanging
// a libuv thread of the harness.
import { mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { MASTER, drained, type StorageCore } from '../core/adapter';
import { sleep } from '../clock';
import { mapLimit, run } from '../exec';
import { runBounded } from '../bounded';
import { buildRack, type Rack } from '../topology/rack';
import type { NodeBinding } from '../topology/node-binding';
import { buildSegment, verifySegment } from '../workload/segment';
import { bayName } from '../topology/bays';
import { streamFor } from '../../lib/random';
import { ADDED_NODE, type AckedSegment } from './model';
import { SwitchTwin } from '../../devices/switch/switch-model';
import { SwitchBinding } from '../topology/switch-binding';
import { healedNow, type HealAnswer, type HealQuestion } from '../heal/healed';

export interface SystemConfig {
  /** the goal really set on each sequence's directory (the contract's claim stays 2) */
  goal: number;
  /** the storage nodes' own restart policy and the BMC watchdog (false = the T6 control) */
  selfHeal: boolean;
  /** a defect of the node AddNode brings in (the T8 control) */
  addedNodeDefect?: 'cannot-receive-chunks';
}

export interface SystemBounds {
  /** a write (write + fsync + close) must be acknowledged within this */
  writeMs: number;
  /** a read of one segment is given up after this (counted unreadable) */
  readMs: number;
  /** a crashed or hung node must be back within this (contract T6: 180 s) */
  selfHealSeconds: number;
  /** new chunks must reach an added node within this (contract T8: 60 s) */
  scaleOutSeconds: number;
  /** the BMC watchdog resets a node silent for this long */
  watchdogSeconds: number;
  /** how long to wait for every chunk at goal again after a node or disk returns */
  settleSeconds: number;
  /** a drained node must be ready for removal within this (T9) */
  drainSeconds: number;
  /** a node whose port comes back must be connected to the master again within this */
  reconnectSeconds: number;
}

export interface WriteOutcome {
  acked: AckedSegment[];
  latenciesMs: number[];
  errors: string[];
}
export interface HealOutcome {
  /** fault -> healed by the one definition (sim/heal/healed.ts) with every present bay served (null: not within the bound) */
  backSeconds: number | null;
  mechanism: string;
  /** what was not yet so at the last observation (empty when healed) */
  pending: string[];
}
export interface DrainOutcome {
  /** disks marked for removal -> the core says every one is ready (null: not within the bound) */
  readySeconds: number | null;
  /** the node's chunks when the drain began */
  chunks: number;
}
export interface LinkOutcome {
  /** port up -> the master lists the node connected again (null: not within the bound) */
  reconnectedSeconds: number | null;
}
export interface ScaleOutOutcome {
  registeredSeconds: number;
  /** added -> a chunk written after the add has a copy on the new node (null: not within the bound) */
  firstChunkSeconds: number | null;
  probes: number;
}

export class ModelSystem {
  private extra: Rack | null = null;
  /** each node's power-on count when a fault of it was asked about: a later power-on is the fault's */
  private readonly powerOnsAsked = new Map<string, number>();
  /** nodes whose switch port the sequence has taken down */
  private readonly portsDown = new Set<string>();
  private seqIndex = 0;
  private dirRel = '/seq-0';
  config: SystemConfig = { goal: 2, selfHeal: true };
  /** what the system did, for the run's log and figures */
  readonly notes: string[] = [];

  constructor(
    readonly cluster: StorageCore,
    readonly rack: Rack,
    /** the switch the base nodes are cabled to (their real veths) */
    readonly sw: SwitchBinding,
    readonly o: {
      runId: string;
      seed: string;
      baySizeMiB: number;
      segmentBytes: number;
      bounds: SystemBounds;
      log: (m: string) => void;
      /** the storage nodes' core options, given to a node added too */
      coreConfig?: Record<string, string | number>;
    },
  ) {}

  /** The invariants' bounds decide how long the system waits before it gives up on a heal or a scale-out. */
  useBounds(b: Pick<SystemBounds, 'writeMs' | 'selfHealSeconds' | 'scaleOutSeconds' | 'drainSeconds' | 'reconnectSeconds'>): void {
    Object.assign(this.o.bounds, b);
  }

  get dir(): string {
    return this.dirRel;
  }

  binding(node: string): NodeBinding {
    if (node === ADDED_NODE && this.extra) return this.extra.node(node).binding;
    return this.rack.node(node).binding;
  }

  private note(m: string) {
    this.notes.push(m);
    this.o.log(m);
  }

  // ---- reset between sequences ---------------------------------------------------------

  /** Every node and bay restored, the added node removed, a fresh directory with the configured goal. */
  async beginSequence(config: SystemConfig): Promise<{ settledSeconds: number | null; resetSeconds: number }> {
    const t0 = performance.now();
    await this.restoreAll();
    await this.removeAdded();
    if (this.config.selfHeal !== config.selfHeal || this.seqIndex === 0) {
      for (const n of this.rack.nodes.keys()) await this.cluster.setRestartOnFailure(n, config.selfHeal);
    }
    this.config = config;
    // the previous sequence's files go at once (trash time 0), so its chunks stop counting
    const prev = this.cluster.mountPoint + this.dirRel;
    await run('rm', ['-rf', prev], { timeoutMs: 60_000, allowFailure: true });
    this.seqIndex++;
    this.dirRel = `/seq-${this.seqIndex}`;
    const abs = this.cluster.mountPoint + this.dirRel;
    mkdirSync(abs, { recursive: true });
    await run('mfssettrashtime', ['-r', '0', abs], { timeoutMs: 20_000 });
    await run('mfssetgoal', ['-r', String(config.goal), abs], { timeoutMs: 20_000 });
    const settledSeconds = await this.settle();
    if (settledSeconds === null)
      this.note(`reset: chunks not all at goal ${this.o.bounds.settleSeconds} s after the reset (carried into sequence ${this.seqIndex})`);
    return { settledSeconds, resetSeconds: round((performance.now() - t0) / 1000) };
  }

  /** Power back, bays back, hung nodes thawed, stopped processes started: the cluster whole. */
  async restoreAll(): Promise<void> {
    const names = [...this.rack.nodes.keys(), ...(this.extra ? [ADDED_NODE] : [])];
    for (const name of [...this.portsDown]) await this.portUp(name, { wait: false });
    for (const name of names) {
      const id = await this.cluster.processIdentity(name);
      if (id.paused) await this.cluster.thawNode(name);
      const b = this.binding(name);
      if (!b.twin.running) await b.reset('On');
      else if (!(await this.cluster.isRunning(name))) await this.cluster.bootNode(name);
      for (const bay of b.twin.bays) if (bay.state === 'pulled') await b.insert(bay.slot, 'same');
    }
    if (!(await this.cluster.masterAnswers(5_000))) await this.cluster.bootNode(MASTER).catch(() => undefined);
    if (await this.untilWhole(60_000)) return;
    // a disk pulled before its first journal commit comes back as the bare filesystem the
    // chunkserver had not yet made its own (root-owned, listed 'invalid'): the harness
    // hands it to the core's user again, as a technician would (noted, not a heal)
    const views = await this.cluster.diskViews().catch(() => []);
    for (const name of names) {
      const b = this.binding(name);
      for (const bay of b.twin.bays) {
        const v = views.find((x) => x.node === name && x.bay === bayName(bay.slot));
        if (bay.state !== 'present' || v?.status === 'ok') continue;
        this.note(
          `reset: ${name} ${bayName(bay.slot)} listed ${v?.status ?? 'not listed'} after re-insert: handed to the core's user again`,
        );
        await this.cluster.adoptBay(name, bayName(bay.slot)).catch(() => undefined);
        await this.cluster.rescanDisks(name);
      }
    }
    if (!(await this.untilWhole(60_000)))
      throw new Error(`reset failed: the cluster is not whole again (${this.notes[this.notes.length - 1]})`);
  }

  private async removeAdded() {
    if (!this.extra) return;
    await this.extra.close();
    this.extra = null;
    await this.cluster.removeNode(ADDED_NODE);
  }

  /** Every node (or only `node`) registered and every present bay listed ok by the master. */
  async untilWhole(timeoutMs: number, node?: string): Promise<boolean> {
    const t0 = performance.now();
    let why = '';
    while (performance.now() - t0 < timeoutMs) {
      why = await this.notWhole(node);
      if (!why) return true;
      await sleep(500);
    }
    this.note(`cluster not whole ${timeoutMs / 1000} s after a restore: ${why}`);
    return false;
  }

  /** '' when every node is registered and lists every present bay ok; else what is missing. */
  private async notWhole(only?: string): Promise<string> {
    try {
      const [states, views] = await Promise.all([this.cluster.nodeStates(), this.cluster.diskViews()]);
      for (const n of this.cluster.nodes.filter((x) => !only || x.name === only)) {
        if (!states.some((s) => s.address === n.address)) return `${n.name} not registered`;
        const missing = this.unservedBays(n.name, views);
        if (missing.length)
          return `${n.name}: ${missing.slice(0, 4).join(', ')} not ok (${missing
            .map((b) => views.find((v) => v.node === n.name && v.bay === b)?.status ?? 'not listed')
            .slice(0, 4)
            .join(', ')})`;
      }
      return '';
    } catch (e) {
      return `master not answering (${(e as Error).message.split('\n')[0]})`;
    }
  }

  /** The node's bays present in its twin that the master does not list as serving. */
  private unservedBays(node: string, views: Awaited<ReturnType<StorageCore['diskViews']>>): string[] {
    const twin = this.binding(node).twin;
    const present = twin.bays.filter((b) => b.state === 'present').map((b) => bayName(b.slot));
    // the T8 control's node has every disk marked for removal: that is its normal state
    const serving = (st: string) => st === 'ok' || (node === ADDED_NODE && !!this.config.addedNodeDefect && /removal/i.test(st));
    const ok = new Set(views.filter((v) => v.node === node && serving(v.status)).map((v) => v.bay));
    return present.filter((b) => !ok.has(b));
  }

  /** One observation of the core, judged by the one definition of 'healed' (sim/heal/healed.ts). */
  private async healedNow(q: HealQuestion): Promise<HealAnswer> {
    const process = await this.cluster.processIdentity(q.target);
    const damaged = await this.damagedCopies(q.target);
    // a frozen master accepts the connection and never answers: asked with a short limit first
    if (q.target === MASTER && !(await this.cluster.masterAnswers(3_000))) return healedNow(q, { registered: null, chunks: null, process });
    try {
      const [states, views, chunks] = await Promise.all([this.cluster.nodeStates(), this.cluster.diskViews(), this.cluster.chunkHealth()]);
      const registered = this.cluster.nodes.filter((n) => states.some((x) => x.address === n.address));
      const unservedBays = registered.flatMap((n) => this.unservedBays(n.name, views).map((b) => `${n.name} ${b}`));
      return healedNow(q, {
        registered: states.map((x) => x.address),
        chunks,
        process,
        unservedBays,
        ...(damaged !== null ? { damagedCopies: damaged } : {}),
      });
    } catch {
      return healedNow(q, { registered: null, chunks: null, process });
    }
  }

  /** Copies a power cut emptied still on the node's disks, if it was powered on again since its question (else null). */
  private async damagedCopies(target: string): Promise<number | null> {
    const before = this.powerOnsAsked.get(target);
    return before === undefined ? null : this.binding(target).damagedCopiesSince(before);
  }

  /** What a fault of `target` must heal: asked before the fault (its process, the chunks already missing). */
  private async question(target: string): Promise<HealQuestion> {
    if (target !== MASTER) this.powerOnsAsked.set(target, this.binding(target).powerOns);
    const processBefore = await this.cluster.processIdentity(target);
    const health = await this.cluster.chunkHealth().catch(() => null);
    return { target, expected: this.cluster.nodes.map((n) => n.address), processBefore, missingBefore: health?.missing ?? 0 };
  }

  /**
   * Seconds until no chunk is endangered or under goal (null: not within settleSeconds).
   * A missing chunk (no copy anywhere) never heals: that is lost data, for the
   * durability read-back to find, not something to wait for.
   */
  async settle(): Promise<number | null> {
    const t0 = performance.now();
    while (performance.now() - t0 < this.o.bounds.settleSeconds * 1000) {
      try {
        const h = await this.cluster.chunkHealth();
        if (h.endangered + h.undergoal === 0) return round((performance.now() - t0) / 1000);
      } catch {
        // master not answering yet
      }
      await sleep(1000);
    }
    return null;
  }

  // ---- workload ------------------------------------------------------------------------

  /** n segments of `camera`, each acknowledged after write + fsync + close (dd conv=fsync). */
  async writeSegments(camera: string, firstSeq: number, n: number): Promise<WriteOutcome> {
    const out: WriteOutcome = { acked: [], latenciesMs: [], errors: [] };
    const dir = join(this.cluster.mountPoint + this.dirRel, camera);
    mkdirSync(dir, { recursive: true });
    const rnd = streamFor(this.o.seed, `model${this.dirRel}/${camera}/${firstSeq}`);
    for (let k = 0; k < n; k++) {
      const seq = firstSeq + k;
      const now = Date.now();
      const { bytes, header } = buildSegment(
        { camera, seq, startMs: now - 2000, endMs: now },
        this.o.segmentBytes,
        rnd.int(1, 2 ** 31 - 1),
      );
      const rel = `${this.dirRel}/${camera}/${String(seq).padStart(6, '0')}.seg`;
      const t0 = performance.now();
      const r = await runBounded(
        'dd',
        [`of=${this.cluster.mountPoint + rel}`, 'bs=1M', 'conv=fsync', 'status=none'],
        this.o.bounds.writeMs * 2,
        bytes,
      );
      const ms = Math.round(performance.now() - t0);
      out.latenciesMs.push(ms);
      if (r.code !== 0) out.errors.push(`${rel}: ${r.stderr.trim() || `exit ${r.code}`}`);
      else out.acked.push({ camera, seq, path: rel, payloadSeed: header.payloadSeed, startMs: header.startMs, endMs: header.endMs });
    }
    return out;
  }

  /** Reads back every segment; what is not byte-identical within the read bound. */
  async readBack(segments: readonly AckedSegment[]): Promise<string[]> {
    const bad = await mapLimit(segments, 4, async (s) => {
      const r = await runBounded('cat', [this.cluster.mountPoint + s.path], this.o.bounds.readMs);
      if (r.code !== 0) return `${s.path}: unreadable (${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 120) || `exit ${r.code}`})`;
      const v = verifySegment(r.stdout, s);
      return v.ok ? null : `${s.path}: bytes differ from the acknowledged ones (${v.reason})`;
    });
    return bad.filter((b): b is string => b !== null);
  }

  // ---- faults --------------------------------------------------------------------------

  async pullBay(node: string, bay: number): Promise<void> {
    const r = await this.binding(node).pull(bay);
    if (!r.ok || !r.released) throw new Error(`pull of ${node} bay ${bay} not done: ${JSON.stringify(r)}`);
  }

  async insertBay(node: string, bay: number, disk: 'same' | 'blank'): Promise<number | null> {
    const r = await this.binding(node).insert(bay, disk);
    if (!r.ok || r.coreAcceptedSeconds === null)
      throw new Error(`insert of ${node} bay ${bay} not taken by the core: ${JSON.stringify(r)}`);
    return this.settle();
  }

  /** The node holding a copy of this file's first chunk, by the core's own account. */
  async newestHolder(path: string): Promise<string> {
    const [f] = await this.cluster.placement([path]);
    const byAddress = new Map(this.cluster.nodes.map((n) => [n.address, n.name]));
    const holder = f?.chunks[0]?.copies.map((a) => byAddress.get(a)).find((n): n is string => !!n);
    if (!holder) throw new Error(`the core reports no valid copy of ${path} on any node`);
    return holder;
  }

  async powerLoss(node: string): Promise<void> {
    const r = await this.binding(node).reset('ForceOff');
    if (!r.ok) throw new Error(`power loss of ${node} refused by the twin: ${JSON.stringify(r)}`);
  }

  async restartNode(node: string): Promise<number | null> {
    const r = await this.binding(node).reset('On');
    if (!r.ok) throw new Error(`power on of ${node} refused by the twin: ${JSON.stringify(r)}`);
    if (!(await this.untilWhole(120_000))) throw new Error(`${node} not registered with all its disks 120 s after power on`);
    return this.settle();
  }

  /** kill -9 of the node's core process; the node's restart policy is what brings it back. */
  async crashNode(node: string): Promise<HealOutcome> {
    const q = await this.question(node);
    const t0 = performance.now();
    await this.cluster.crashProcess(node);
    return {
      ...(await this.awaitHealed(q, t0, () => Promise.resolve())),
      mechanism: this.config.selfHeal ? 'restart-policy on-failure' : 'none (self-heal disabled)',
    };
  }

  /** Every process of the node frozen; the BMC watchdog (simulated agent) resets it after watchdogSeconds of silence. */
  async hangNode(node: string): Promise<HealOutcome> {
    const q = await this.question(node);
    const t0 = performance.now();
    await this.cluster.freezeNode(node);
    const watchdog = this.watchdog(node, () =>
      this.binding(node)
        .reset('ForceRestart')
        .then(() => undefined),
    );
    return {
      ...(await this.awaitHealed(q, t0, watchdog)),
      mechanism: this.config.selfHeal ? 'BMC watchdog ForceRestart (simulated agent)' : 'none (self-heal disabled)',
    };
  }

  /** The node's OS pets its watchdog by running a process; a hung node cannot: reset after watchdogSeconds of silence. */
  private watchdog(target: string, reset: () => Promise<void>): () => Promise<void> {
    let silentSince: number | null = null;
    let done = false;
    return async () => {
      if (!this.config.selfHeal || done) return;
      const pets = await this.cluster.petWatchdog(target);
      const now = performance.now();
      silentSince = pets ? null : (silentSince ?? now);
      if (silentSince !== null && (now - silentSince) / 1000 >= this.o.bounds.watchdogSeconds) {
        done = true;
        await reset();
      }
    };
  }

  /**
   * Seconds until the fault has healed (null: not within the self-heal bound). Not healed:
   * the harness puts the node right for what follows, noted as its own hand, never as a heal.
   */
  private async awaitHealed(q: HealQuestion, t0: number, tick: () => Promise<void>): Promise<Omit<HealOutcome, 'mechanism'>> {
    const limitMs = this.o.bounds.selfHealSeconds * 1000;
    let last: HealAnswer | null = null;
    while (performance.now() - t0 < limitMs) {
      await tick();
      last = await this.healedNow(q);
      if (last.healed) return { backSeconds: round((performance.now() - t0) / 1000), pending: [] };
      await sleep(1000);
    }
    const id = await this.cluster.processIdentity(q.target);
    if (id.paused) await this.cluster.thawNode(q.target);
    if (!(await this.cluster.isRunning(q.target))) await this.cluster.bootNode(q.target);
    await this.untilWhole(120_000);
    const pending = last?.pending ?? ['not observed'];
    this.note(
      `${q.target} not healed within ${this.o.bounds.selfHealSeconds} s (${pending.join('; ')}): put right by the harness (clean-up, not a heal)`,
    );
    return { backSeconds: null, pending };
  }

  async crashMaster(): Promise<HealOutcome> {
    const q = await this.question(MASTER);
    const t0 = performance.now();
    await this.cluster.crashProcess(MASTER);
    return { ...(await this.awaitHealed(q, t0, () => Promise.resolve())), mechanism: 'restart-policy on-failure' };
  }

  /** A new node known only by the master's address; then chunks written after it joined must reach it. */
  async addNode(bays: 24 | 36 | 48): Promise<ScaleOutOutcome> {
    const t0 = performance.now();
    const started = await this.cluster.addNode({
      name: ADDED_NODE,
      bays,
      baySizeMiB: this.o.baySizeMiB,
      // configured as the nodes already there
      ...(this.o.coreConfig ? { coreConfig: this.o.coreConfig } : {}),
      ...(this.config.addedNodeDefect ? { defect: this.config.addedNodeDefect } : {}),
    });
    this.extra = await buildRack(this.cluster, [started], { seed: this.o.seed, baySizeMiB: this.o.baySizeMiB });
    await this.cluster.setRestartOnFailure(ADDED_NODE, this.config.selfHeal);
    // the new node registered with every disk (other nodes may be down in this sequence)
    await this.untilWhole(60_000, ADDED_NODE);
    const registeredSeconds = round((performance.now() - t0) / 1000);
    // probes: small files written after the add, each its own chunk, until one lands on the new node
    const t1 = performance.now();
    const dir = `${this.dirRel}/scaleout`;
    mkdirSync(this.cluster.mountPoint + dir, { recursive: true });
    let probes = 0;
    while (performance.now() - t1 < this.o.bounds.scaleOutSeconds * 1000) {
      const paths: string[] = [];
      for (let k = 0; k < 4; k++) {
        const p = `${dir}/probe-${String(probes++).padStart(4, '0')}`;
        await run('dd', ['if=/dev/urandom', `of=${this.cluster.mountPoint + p}`, 'bs=64k', 'count=1', 'conv=fsync', 'status=none'], {
          timeoutMs: this.o.bounds.writeMs * 2,
          allowFailure: true,
        });
        paths.push(p);
      }
      const placement = await this.cluster.placement(paths);
      if (placement.some((f) => f.chunks.some((c) => c.copies.includes(started.address)))) {
        return { registeredSeconds, firstChunkSeconds: round((performance.now() - t1) / 1000), probes };
      }
      await sleep(1000);
    }
    return { registeredSeconds, firstChunkSeconds: null, probes };
  }

  /** The master frozen; the BMC watchdog (simulated agent) resets it after watchdogSeconds of silence. */
  async hangMaster(): Promise<HealOutcome> {
    const q = await this.question(MASTER);
    const t0 = performance.now();
    await this.cluster.freezeNode(MASTER);
    const watchdog = this.watchdog(MASTER, async () => {
      await this.cluster.killNode(MASTER);
      await this.cluster.bootNode(MASTER);
    });
    return {
      ...(await this.awaitHealed(q, t0, watchdog)),
      mechanism: this.config.selfHeal ? 'BMC watchdog ForceRestart (simulated agent)' : 'none (self-heal disabled)',
    };
  }

  /** Decommission started (every disk marked for removal) and, once the core says the node can go, cancelled. */
  async drainNode(node: string): Promise<DrainOutcome> {
    const address = this.cluster.nodes.find((n) => n.name === node)?.address;
    const chunks = (await this.cluster.nodeStates()).find((n) => n.address === address)?.chunks ?? 0;
    const t0 = performance.now();
    await this.cluster.markDisksForRemoval(node, true);
    let readySeconds: number | null = null;
    while (performance.now() - t0 < this.o.bounds.drainSeconds * 1000) {
      const statuses = (await this.cluster.diskViews()).filter((d) => d.node === node).map((d) => d.status);
      if (drained(this.cluster, statuses)) {
        readySeconds = round((performance.now() - t0) / 1000);
        break;
      }
      await sleep(1000);
    }
    // the decommission is cancelled: the node serves again for the rest of the sequence
    await this.cluster.markDisksForRemoval(node, false);
    if (!(await this.untilWhole(60_000))) throw new Error(`${node} not serving all its disks 60 s after its drain was cancelled`);
    return { readySeconds, chunks };
  }

  /** The node's switch port down: its real veth, through the switch twin. */
  async portDown(node: string): Promise<void> {
    await this.sw.refresh();
    const port = this.sw.portOf(node);
    if (port === undefined) throw new Error(`${node} is not cabled to the switch`);
    const r = await this.sw.setCable(port, false);
    if (!r.ok) throw new Error(`switch refused to unplug port ${port} (${node}): ${r.reason}`);
    this.portsDown.add(node);
  }

  /** The port up again; then the seconds until the master lists the node connected, and the cluster whole. */
  async portUp(node: string, o: { wait?: boolean } = {}): Promise<LinkOutcome> {
    await this.sw.refresh();
    const port = this.sw.portOf(node);
    if (port === undefined) throw new Error(`${node} is not cabled to the switch`);
    const r = await this.sw.setCable(port, true);
    if (!r.ok) throw new Error(`switch refused to plug port ${port} (${node}) back: ${r.reason}`);
    this.portsDown.delete(node);
    if (o.wait === false) return { reconnectedSeconds: null };
    const address = this.cluster.nodes.find((n) => n.name === node)?.address ?? '';
    const t0 = performance.now();
    let reconnectedSeconds: number | null = null;
    while (performance.now() - t0 < this.o.bounds.reconnectSeconds * 1000) {
      const seen = await this.cluster.nodeSeen(address).catch(() => 'absent' as const);
      if (seen === 'connected') {
        reconnectedSeconds = round((performance.now() - t0) / 1000);
        break;
      }
      await sleep(500);
    }
    if (reconnectedSeconds !== null) {
      await this.untilWhole(60_000);
      await this.settle();
    }
    return { reconnectedSeconds };
  }

  async close(): Promise<void> {
    await this.extra?.close().catch(() => undefined);
    await this.sw.stop().catch(() => undefined);
  }
}

/** The cluster's rack for a model-based run (the base nodes only; AddNode builds its own). */
export async function modelSystem(cluster: StorageCore, o: ConstructorParameters<typeof ModelSystem>[3]): Promise<ModelSystem> {
  const rack = await buildRack(cluster, cluster.nodes, { seed: o.seed, baySizeMiB: o.baySizeMiB });
  try {
    const sw = await SwitchBinding.bind({
      runId: o.runId,
      runDir: cluster.runDir,
      twin: new SwitchTwin({ id: 'sw0' }),
      members: cluster.switchMembers(),
      log: o.log,
    });
    return new ModelSystem(cluster, rack, sw, o);
  } catch (e) {
    await rack.close();
    throw e;
  }
}

const round = (s: number) => Math.round(s * 1000) / 1000;
