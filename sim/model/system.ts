// The real system a model-based run drives: one MooseFS cluster with its rack of twins,
// reused across sequences (a fresh directory per sequence, every node and bay restored
// in between). Every action goes through the same bindings the scenarios use; file I/O
// on the mount runs in subprocesses with a time limit, so a read of a chunk that no
// server holds (mfsmount retries for minutes) ends as 'unreadable' instead of hanging
// a libuv thread of the harness.
import { mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { MASTER, type StorageCore } from '../core/adapter';
import { sleep } from '../clock';
import { mapLimit, run } from '../exec';
import { runBounded } from '../bounded';
import { buildRack, type Rack } from '../topology/rack';
import type { NodeBinding } from '../topology/node-binding';
import { buildSegment, verifySegment } from '../workload/segment';
import { bayName, presentBaysNotServed } from '../topology/bays';
import { streamFor } from '../../lib/random';
import { ADDED_NODE, type AckedSegment } from './model';
import { SwitchTwin } from '../../devices/switch/switch-model';
import { SwitchBinding } from '../topology/switch-binding';
import type { EventOf, HistoryEvent, HistoryWriter } from '../history';
import { diskServing } from '../history-events';
import { receivingIn } from '../heal/receiving';
import {
  cutPower,
  insertBayBack,
  pullBayOut,
  replaceFailedPsus,
  restorePower,
  runFault,
  type BayOut,
  type CrashStarted,
} from '../nemesis/faults';
import { LifecycleDriver } from '../nemesis/lifecycle';
import { scaleOut } from '../nemesis/scaleout';
import type { NemesisContext } from '../nemesis/context';
import type { CrashMode, FaultKindName } from '../plan/faults';

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

export class ModelSystem {
  private extra: Rack | null = null;
  /** the history of the current sequence, as appended (the invariants judge it with the checkers) */
  private seqEvents: HistoryEvent[] = [];
  private faults = 0;
  private commandsInSequence = 0;
  /** nodes whose power the sequence has cut, with what the power's return needs to watch the heal */
  private readonly powerCuts = new Map<string, CrashStarted>();
  /** bays the sequence has pulled (node:slot), with what the insert needs to record the pull whole */
  private readonly baysOut = new Map<string, BayOut>();
  /** nodes whose switch port the sequence has taken down, with the link step's id */
  private readonly portsDown = new Map<string, string>();
  /** the lifecycle nemesis of the run: drains and link-downs, on the switch the base nodes are cabled to */
  private lifecycleDriver: LifecycleDriver | null = null;
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
    /** the run's history: every sequence, command and fault, as a scenario's */
    readonly history: HistoryWriter,
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
  ) {
    history.subscribe((e) => this.seqEvents.push(e));
  }

  /** The history since the current sequence began (its topology.up first). */
  get sequenceEvents(): readonly HistoryEvent[] {
    return this.seqEvents;
  }

  /** A command as it begins and as it ends, in the history (a counterexample reads as a run's history does). */
  recordCommand(command: string, args: Record<string, unknown>, fault: FaultKindName | null): void {
    this.history.append({ kind: 'model.command', seq: this.seqIndex, index: ++this.commandsInSequence, command, args, fault });
  }
  recordCommandEnd(command: string, seconds: number, faultId?: string): void {
    this.history.append({ kind: 'model.command.end', seq: this.seqIndex, command, seconds, ...(faultId ? { faultId } : {}) });
  }

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
    await this.cluster.setNoTrash(this.dirRel);
    await this.cluster.setFolderGoal(this.dirRel, config.goal);
    const settledSeconds = await this.settle();
    if (settledSeconds === null)
      this.note(`reset: chunks not all at goal ${this.o.bounds.settleSeconds} s after the reset (carried into sequence ${this.seqIndex})`);
    this.seqEvents = [];
    this.commandsInSequence = 0;
    this.history.append({
      kind: 'topology.up',
      core: this.cluster.name,
      version: this.cluster.version,
      master: this.cluster.masterAddress,
      nodes: this.cluster.nodes.map((n) => ({ name: n.name, address: n.address, bays: n.bays })),
      goal: config.goal,
    });
    this.history.append({
      kind: 'model.sequence',
      index: this.seqIndex,
      dir: this.dirRel,
      goal: config.goal,
      selfHeal: config.selfHeal,
      defect: config.addedNodeDefect ?? null,
    });
    this.history.sync();
    return { settledSeconds, resetSeconds: round((performance.now() - t0) / 1000) };
  }

  /**
   * Power back, bays back, ports up, hung nodes thawed, stopped processes started: the cluster
   * whole. The ids of the sequence's faults it ended (a port, a bay or a power cut left out),
   * for the invariants to judge as the faults' own returns would have been.
   */
  async restoreAll(): Promise<string[]> {
    const ended: string[] = [];
    const names = [...this.rack.nodes.keys(), ...(this.extra ? [ADDED_NODE] : [])];
    for (const name of [...this.portsDown.keys()]) ended.push(await this.portUp(name, { settle: false }));
    for (const name of names) {
      const id = await this.cluster.processIdentity(name);
      if (id.paused) await this.cluster.thawNode(name);
      const b = this.binding(name);
      if (this.powerCuts.has(name)) ended.push((await this.restartNode(name, { settle: false })).faultId);
      // a cut the nemesis did not finish (or a power-on it could not make) leaves supplies failed
      if (!b.twin.running) await replaceFailedPsus(b);
      if (!b.twin.running) {
        const on = await b.reset('On');
        if (!on.ok) throw new Error(`reset failed: the twin of ${name} refused to power on (${JSON.stringify(on)})`);
      } else if (!(await this.cluster.isRunning(name))) await this.cluster.bootNode(name);
      for (const bay of b.twin.bays) {
        if (bay.state !== 'pulled') continue;
        const out = this.baysOut.get(`${name}:${bay.slot}`);
        if (out) ended.push((await this.insertBay(name, bay.slot, 'same', { settle: false })).faultId);
        else await b.insert(bay.slot, 'same');
      }
    }
    if (!(await this.cluster.masterAnswers(5_000))) await this.cluster.bootNode(MASTER).catch(() => undefined);
    if (await this.untilWhole(60_000)) return ended;
    // a disk pulled before its first journal commit comes back as the bare filesystem the
    // chunkserver had not yet made its own (root-owned, listed 'invalid'): the harness
    // hands it to the core's user again, as a technician would (noted, not a heal)
    const views = await this.cluster.diskViews().catch(() => []);
    for (const name of names) {
      const b = this.binding(name);
      for (const bay of b.twin.bays) {
        const v = views.find((x) => x.node === name && x.bay === bayName(bay.slot));
        if (bay.state !== 'present' || v?.serving) continue;
        this.note(
          `reset: ${name} ${bayName(bay.slot)} listed ${v?.status ?? 'not listed'} after re-insert: handed to the core's user again`,
        );
        await this.cluster.adoptBay(name, bayName(bay.slot)).catch(() => undefined);
        await this.cluster.rescanDisks(name);
      }
    }
    if (!(await this.untilWhole(60_000)))
      throw new Error(`reset failed: the cluster is not whole again (${this.notes[this.notes.length - 1]})`);
    return ended;
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

  /** Does a bay so seen serve? The T8 control's node has every disk marked for removal: that is its normal state. */
  private serves(node: string, view: { status: string; serving?: boolean }): boolean {
    return diskServing(view) || (node === ADDED_NODE && !!this.config.addedNodeDefect && /removal/i.test(view.status));
  }

  /** The node's bays present in its twin that the master does not list as serving. */
  private unservedBays(node: string, views: Awaited<ReturnType<StorageCore['diskViews']>>): string[] {
    return presentBaysNotServed(node, this.binding(node).twin.bays, views, (view) => this.serves(node, view));
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
      const startMono = this.history.clock.mono();
      const r = await runBounded(
        'dd',
        [`of=${this.cluster.mountPoint + rel}`, 'bs=1M', 'conv=fsync', 'status=none'],
        this.o.bounds.writeMs * 2,
        bytes,
      );
      const ms = Math.round(performance.now() - t0);
      out.latenciesMs.push(ms);
      const error = r.code !== 0 ? r.stderr.trim() || `exit ${r.code}` : null;
      if (error) out.errors.push(`${rel}: ${error}`);
      else out.acked.push({ camera, seq, path: rel, payloadSeed: header.payloadSeed, startMs: header.startMs, endMs: header.endMs });
      // as a camera's write is recorded: the durability checker reads the acknowledgements from here
      this.history.append({
        kind: 'segment.write',
        outcome: error ? 'fail' : 'ok',
        role: 'model',
        camera,
        seq,
        path: rel,
        dueMono: startMono,
        startMono,
        latencyMs: ms,
        ...(error ? { error: error.slice(0, 200) } : { payloadSeed: header.payloadSeed, bytes: bytes.length, endMs: header.endMs }),
      });
    }
    return out;
  }

  /**
   * Reads back every segment within the read bound, each recorded as the scenarios' read-back
   * records it (segment.verify: ok, lost, corrupt or unreadable), for the durability checker.
   */
  async readBack(segments: readonly AckedSegment[]): Promise<EventOf<'segment.verify'>[]> {
    return mapLimit(segments, 4, async (s) => {
      const t0 = performance.now();
      const r = await runBounded('cat', [this.cluster.mountPoint + s.path], this.o.bounds.readMs);
      const readMs = Math.round(performance.now() - t0);
      const seg = { camera: s.camera, seq: s.seq, path: s.path, readMs };
      if (r.timedOut) return this.verified({ ...seg, outcome: 'unreadable', error: `no answer within ${this.o.bounds.readMs} ms` });
      // the core answered: the file or its data cannot be had
      if (r.code !== 0)
        return this.verified({
          ...seg,
          outcome: 'lost',
          error: (r.stderr.trim().split('\n').pop() ?? '').slice(0, 200) || `exit ${r.code}`,
        });
      const v = verifySegment(r.stdout, s);
      const seed = v.header && 'payloadSeed' in v.header ? { payloadSeed: v.header.payloadSeed } : {};
      return this.verified(v.ok ? { ...seg, outcome: 'ok', ...seed } : { ...seg, outcome: 'corrupt', error: v.reason, ...seed });
    });
  }

  private verified(body: {
    outcome: 'ok' | 'lost' | 'corrupt' | 'unreadable';
    camera: string;
    seq: number;
    path: string;
    readMs: number;
    error?: string;
    payloadSeed?: number;
  }): EventOf<'segment.verify'> {
    return this.history.append({ kind: 'segment.verify', ...body }) as EventOf<'segment.verify'>;
  }

  // ---- faults --------------------------------------------------------------------------

  /**
   * The bay pulled by the nemesis's first half of a disk pull (its fault.start, the node's
   * process before): it stays out until InsertBay, which T3's rules judge it at. The pull's id.
   */
  async pullBay(node: string, bay: number): Promise<string> {
    const id = `seq${this.seqIndex}-p${++this.faults}`;
    const out = await pullBayOut(id, { node, slot: bay, rule: 'drawn by the sequence' }, this.nemesisContext());
    this.baysOut.set(`${node}:${bay}`, out);
    return id;
  }

  /** The same or a blank disk in, by the nemesis's second half (fault.end with both outcomes); then, unless told not to, settled. */
  async insertBay(
    node: string,
    bay: number,
    disk: 'same' | 'blank',
    o: { settle?: boolean } = {},
  ): Promise<{ faultId: string; settledSeconds: number | null }> {
    const out = this.baysOut.get(`${node}:${bay}`);
    if (!out) throw new Error(`${node} bay ${bay} was not pulled by this sequence`);
    const r = await insertBayBack(out, disk, this.nemesisContext());
    this.baysOut.delete(`${node}:${bay}`);
    if (!r.ok) throw new Error(`insert of ${node} bay ${bay} refused by the twin: ${r.reason ?? JSON.stringify(r)}`);
    return { faultId: out.id, settledSeconds: o.settle === false ? null : await this.settle() };
  }

  /** The node holding a copy of this file's first chunk, by the core's own account. */
  async newestHolder(path: string): Promise<string> {
    const [f] = await this.cluster.placement([path]);
    const byAddress = new Map(this.cluster.nodes.map((n) => [n.address, n.name]));
    const holder = f?.chunks[0]?.copies.map((a) => byAddress.get(a)).find((n): n is string => !!n);
    if (!holder) throw new Error(`the core reports no valid copy of ${path} on any node`);
    return holder;
  }

  /**
   * The node's power cut by the nemesis's power loss in two steps (both supplies failed; its
   * fault.start, the process and chunk health before): it stays off until RestartNode. The id.
   */
  async powerLoss(node: string): Promise<string> {
    const id = `seq${this.seqIndex}-f${++this.faults}`;
    this.powerCuts.set(node, await cutPower(id, node, this.nemesisContext()));
    return id;
  }

  /**
   * The power back (the nemesis's second half: the node's power-restore policy boots it, the
   * heal watched from the power's return as T6 reads it); then, unless told not to, settled.
   */
  async restartNode(node: string, o: { settle?: boolean } = {}): Promise<{ faultId: string; settledSeconds: number | null }> {
    const cut = this.powerCuts.get(node);
    if (!cut) throw new Error(`${node}'s power was not cut by this sequence`);
    // tried once: a return that throws is left to the restore, which puts failed supplies back
    this.powerCuts.delete(node);
    const outcome = await restorePower(cut, this.nemesisContext());
    // healed, every bay is served; not healed: the nemesis started the node after its watch (its
    // clean-up, not a heal), and the rest of the sequence needs the cluster whole
    const limitMs = outcome?.healed ? 60_000 : 120_000;
    if (!(await this.untilWhole(limitMs)))
      this.note(`${node} not whole again ${limitMs / 1000} s after the nemesis's watch of ${cut.id} ended`);
    return { faultId: cut.id, settledSeconds: o.settle === false ? null : await this.settle() };
  }

  /**
   * A crash or hang of a storage node or the master, performed by the nemesis as in every
   * scenario (sim/nemesis/faults.ts: its heal waiter, its BMC watchdog, its history events):
   * the fault's id, for the invariants to judge its heal from the history as T6 does.
   */
  async crash(target: string, mode: Extract<CrashMode, 'kill9' | 'hang'>): Promise<string> {
    const id = `seq${this.seqIndex}-f${++this.faults}`;
    const outcome = await runFault({ id, atSeconds: 0, fault: { fault: 'crash', target, mode } }, this.nemesisContext());
    // healed, every bay is served; not healed: the nemesis thawed or started the node after its watch
    // (its clean-up, not a heal), and the rest of the sequence needs the cluster whole
    const limitMs = outcome?.healed ? 60_000 : 120_000;
    if (!(await this.untilWhole(limitMs)))
      this.note(`${target} not whole again ${limitMs / 1000} s after the nemesis's watch of ${id} ended`);
    return id;
  }

  /** What the nemesis acts with here: the sequence's nodes (an added one too), its self-heal switch, no simulated boot. */
  private nemesisContext(): NemesisContext {
    const base = this.rack;
    const extra = this.extra;
    return {
      cluster: this.cluster,
      rack: {
        nodes: new Map([...base.nodes, ...(extra?.nodes ?? [])]),
        node: (name) => (extra?.nodes.has(name) ? extra.node(name) : base.node(name)),
        close: async () => undefined,
      },
      history: this.history,
      selfHeal: {
        enabled: this.config.selfHeal,
        watchdogSeconds: this.o.bounds.watchdogSeconds,
        // a model run measures the real core only: nothing simulated is added to its heal times
        simulatedBootSeconds: 0,
        simulatedSpinUp: false,
        powerOffSeconds: 0,
        observeMaxSeconds: this.o.bounds.selfHealSeconds,
        // healed includes every present bay served: the next command needs the node whole
        bays: { served: (node, view) => this.serves(node, view) },
      },
      newestSegment: () => null,
      log: (m) => this.note(m),
    };
  }

  /**
   * A new node known only by the master's address, added by the scale-out nemesis
   * (scaleout.prepare / add / powered); then small probe files, each its own chunk, until
   * the core lists a chunk on the new node, every look recorded (core.nodes) for T8's
   * reading of the history. A model sequence has no camera load to give the node chunks.
   */
  async addNode(bays: 24 | 36 | 48): Promise<void> {
    const spec = {
      name: ADDED_NODE,
      bays,
      baySizeMiB: this.o.baySizeMiB,
      // configured as the nodes already there
      ...(this.o.coreConfig ? { coreConfig: this.o.coreConfig } : {}),
      ...(this.config.addedNodeDefect ? { defect: this.config.addedNodeDefect } : {}),
    };
    const { address } = await scaleOut(this.cluster, spec, this.history);
    // T8's bound runs from the add (the node powered on knowing the master), as the checker counts it
    const addedAt = [...this.seqEvents].reverse().find((e) => e.kind === 'scaleout.add')?.mono ?? this.history.clock.mono();
    const deadline = addedAt + this.o.bounds.scaleOutSeconds * 1000;
    const started = this.cluster.nodes.find((n) => n.name === ADDED_NODE);
    if (!started) throw new Error(`${ADDED_NODE} powered on at ${address} but not among the cluster's nodes`);
    this.extra = await buildRack(this.cluster, [started], { seed: this.o.seed, baySizeMiB: this.o.baySizeMiB });
    await this.cluster.setRestartOnFailure(ADDED_NODE, this.config.selfHeal);
    // the new node registered with every disk (other nodes may be down in this sequence)
    await this.untilWhole(60_000, ADDED_NODE);
    const dir = `${this.dirRel}/scaleout`;
    mkdirSync(this.cluster.mountPoint + dir, { recursive: true });
    let probes = 0;
    while (this.history.clock.mono() < deadline) {
      for (let k = 0; k < 4; k++) {
        const p = `${dir}/probe-${String(probes++).padStart(4, '0')}`;
        await run('dd', ['if=/dev/urandom', `of=${this.cluster.mountPoint + p}`, 'bs=64k', 'count=1', 'conv=fsync', 'status=none'], {
          timeoutMs: this.o.bounds.writeMs * 2,
          allowFailure: true,
        });
      }
      const states = await this.cluster.nodeStates().catch(() => null);
      if (states) {
        this.history.append({
          kind: 'core.nodes',
          by: 'model',
          nodes: states.map((n) => ({ address: n.address, chunks: n.chunks, usedBytes: n.usedBytes, totalBytes: n.totalBytes })),
        });
        if (receivingIn(states, address)) return;
      }
      await sleep(1000);
    }
    this.note(`${ADDED_NODE}: no chunk on it ${this.o.bounds.scaleOutSeconds} s after it was added (${probes} probe files)`);
  }

  /**
   * Decommission by the lifecycle nemesis (every disk marked for removal until the core says
   * the node can go, lifecycle.drain.*), then cancelled: the node serves again for the rest of
   * the sequence. The step's id, for the invariants to judge it from the history as T9 does.
   */
  async drainNode(node: string): Promise<string> {
    const id = `seq${this.seqIndex}-d${++this.faults}`;
    const driver = this.lifecycle();
    // a look every 2 s: three mfscli calls a look, for a drain of about two minutes, on a machine the core shares
    await driver.run({ atSeconds: 0, action: 'drain-node', id, node, maxSeconds: this.o.bounds.drainSeconds, pollMs: 2000 });
    await this.cluster.markDisksForRemoval(node, false);
    if (!(await this.untilWhole(60_000))) throw new Error(`${node} not serving all its disks 60 s after its drain was cancelled`);
    return id;
  }

  private lifecycle(): LifecycleDriver {
    this.lifecycleDriver ??= new LifecycleDriver({
      cluster: this.cluster,
      history: this.history,
      runId: this.o.runId,
      workDir: this.cluster.runDir,
      log: (m) => this.note(m),
      switchBinding: this.sw,
    });
    return this.lifecycleDriver;
  }

  /**
   * The node's switch port down (its real veth, through the switch twin), by the lifecycle
   * nemesis as a link-down in two steps: it stays down until PortUp. The step's id.
   */
  async portDown(node: string): Promise<string> {
    const id = `seq${this.seqIndex}-l${++this.faults}`;
    await this.lifecycle().unplug(id, node, { connectedWithinSeconds: this.o.bounds.reconnectSeconds });
    this.portsDown.set(node, id);
    return id;
  }

  /**
   * The port up again, the core watched until it lists the node connected (T9's link rules
   * judge it from the history); then, unless told not to, the cluster whole and settled.
   */
  async portUp(node: string, o: { settle?: boolean } = {}): Promise<string> {
    const id = this.portsDown.get(node);
    if (!id) throw new Error(`${node}'s switch port is not down`);
    const r = await this.lifecycle().replug(id, { reconnectTimeoutSeconds: this.o.bounds.reconnectSeconds });
    this.portsDown.delete(node);
    if (r.connectedAtEnd && o.settle !== false) {
      await this.untilWhole(60_000);
      await this.settle();
    }
    return id;
  }

  async close(): Promise<void> {
    await this.extra?.close().catch(() => undefined);
    await this.sw.stop().catch(() => undefined);
  }
}

/** The cluster's rack for a model-based run (the base nodes only; AddNode builds its own). */
export async function modelSystem(
  cluster: StorageCore,
  history: HistoryWriter,
  o: ConstructorParameters<typeof ModelSystem>[4],
): Promise<ModelSystem> {
  const rack = await buildRack(cluster, cluster.nodes, { seed: o.seed, baySizeMiB: o.baySizeMiB });
  try {
    const sw = await SwitchBinding.bind({
      runId: o.runId,
      runDir: cluster.runDir,
      twin: new SwitchTwin({ id: 'sw0' }),
      members: cluster.switchMembers(),
      log: o.log,
    });
    return new ModelSystem(cluster, rack, sw, history, o);
  } catch (e) {
    await rack.close();
    throw e;
  }
}

const round = (s: number) => Math.round(s * 1000) / 1000;
