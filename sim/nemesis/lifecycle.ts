// The node lifecycle (T9) and link loss as nemesis steps on the real core: drain a node
// (its disks marked for removal, the core copies its chunks elsewhere), remove it (stop,
// delete it from the master's list), let a node die under load (failover), and take a
// node's switch port down or flap it. Each step records what it did and what the core
// said in the history; sim/checkers/lifecycle.ts judges from that alone.
import { performance } from 'node:perf_hooks';
import type { LifecycleStep, LinkStep, MirrorProbeStep } from '../plan/lifecycle-steps';
import { SwitchTwin } from '../../devices/switch/switch-model';
import { countByStatus, drained, type ChunkHealthCounts, type StorageCore } from '../core/adapter';
import type { HistoryWriter } from '../history';
import { sleep } from '../clock';
import { atGoalNow } from '../heal/healed';
import { linkLoss, replugLink, unplugLink, type LinkLossResult, type UnpluggedLink } from '../topology/link-loss';
import { SwitchBinding } from '../topology/switch-binding';
import { probeMirror } from '../topology/mirror-probe';

export interface LifecycleContext {
  cluster: StorageCore;
  history: HistoryWriter;
  runId: string;
  /** the run's work folder (the switch binding records its interfaces there) */
  workDir: string;
  log: (msg: string) => void;
  /** the switch the run's nodes are already cabled to (else the driver binds one when a link step needs it) */
  switchBinding?: SwitchBinding;
  /** the run's halt (its deadline passed): the waits below end at once */
  signal?: AbortSignal;
}

/** The hold of a link-down taken in two steps (unplug, later replug), as its link.start records it. */
export const UNTIL_REPLUGGED = 'until-replugged';

/**
 * The chunks as the step began: those already missing are not the step's to bring back (T6's
 * reading, sim/heal/healed.ts); recorded, so the checker can tell what the waits below excused.
 */
async function healthBefore(ctx: LifecycleContext, id: string): Promise<(h: ChunkHealthCounts) => boolean> {
  const before = await ctx.cluster.chunkHealth().catch(() => null);
  if (before) ctx.history.append({ kind: 'core.health', by: 'nemesis', faultId: id, when: 'before', ...before });
  const q = { target: '', expected: [], missingBefore: before?.missing ?? 0 };
  return (h) => atGoalNow(q, h);
}
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Runs the lifecycle steps of one run; owns the switch binding when a link step needs one. */
export class LifecycleDriver {
  private binding: SwitchBinding | null = null;
  private readonly drained = new Set<string>();
  /** link-downs taken in two steps, by id, until their replug */
  private readonly unplugged = new Map<string, UnpluggedLink>();
  constructor(private readonly ctx: LifecycleContext) {
    this.binding = ctx.switchBinding ?? null;
  }

  async run(step: LifecycleStep): Promise<void> {
    // the generic fault window too: the load tags its samples before / during / after it
    this.ctx.history.append({ kind: 'fault.start', id: step.id, fault: step.action, node: step.node });
    try {
      await this.step(step);
    } finally {
      this.ctx.history.append({ kind: 'fault.end', id: step.id });
    }
  }

  private async step(step: LifecycleStep): Promise<void> {
    switch (step.action) {
      case 'drain-node':
        return this.drain(step);
      case 'remove-node':
        return this.remove(step);
      case 'fail-node':
        return this.fail(step);
      case 'link-down':
      case 'link-flap':
        return this.link(step);
    }
  }

  /** Binds the switch twin to the run's network when a link step or a mirror probe will need it. */
  async prepare(steps: readonly (LifecycleStep | MirrorProbeStep)[]): Promise<void> {
    if (steps.some((s) => s.action === 'link-down' || s.action === 'link-flap' || s.action === 'mirror-probe')) await this.switchBinding();
  }

  /** S6: a mirror session on the node's port for a window of the run's own traffic, recorded as measured. */
  async probeMirror(step: MirrorProbeStep): Promise<void> {
    let p: Awaited<ReturnType<typeof probeMirror>>;
    try {
      p = await probeMirror(await this.switchBinding(), { node: step.node, seconds: step.seconds });
    } catch (e) {
      // a probe that fails leaves S6 INCONCLUSIVE with the reason; the run's link steps go on
      const error = (e as Error).message.split('\n')[0]!;
      this.ctx.history.append({ kind: 'switch.mirror.error', id: step.id, node: step.node, error });
      this.ctx.log(`${step.id}: the mirror probe failed: ${error}`);
      return;
    }
    this.ctx.history.append({ kind: 'switch.mirror', id: step.id, ...p });
    this.ctx.log(
      `${step.id}: port ${p.port} (${step.node}) mirrored to the analyzer for ${p.seconds} s: ${p.mirroredBytes} of ${p.sourceBytes} bytes copied; ${p.afterBytes} bytes after the session was removed`,
    );
  }

  async close(): Promise<void> {
    // a switch handed in by the run is the run's to stop
    if (this.binding !== this.ctx.switchBinding) await this.binding?.stop();
    this.binding = null;
  }

  private address(node: string): string {
    const a = this.ctx.cluster.nodes.find((n) => n.name === node)?.address;
    if (!a) throw new Error(`no storage node '${node}' in this cluster`);
    return a;
  }

  private async nodeDisks(node: string): Promise<string[]> {
    return (await this.ctx.cluster.diskViews()).filter((d) => d.node === node).map((d) => d.status);
  }

  // ---- drain: every disk marked for removal, until the core says the node can go --------

  private async drain(step: Extract<LifecycleStep, { action: 'drain-node' }>) {
    const { cluster, history, log } = this.ctx;
    const address = this.address(step.node);
    const before = await cluster.removalState(address);
    const healthBefore = await cluster.chunkHealth();
    history.append({
      kind: 'lifecycle.drain.start',
      id: step.id,
      node: step.node,
      address,
      chunks: before.regularChunks,
      health: healthBefore,
      maxSeconds: step.maxSeconds,
    });
    history.sync();
    // what an operator does: '*' before every path in mfshdd.cfg, then a reload
    await cluster.markDisksForRemoval(step.node, true);
    log(
      `${step.id}: ${step.node} (${address}): every disk marked for removal, ${before.regularChunks ?? '?'} chunks on it; waiting up to ${step.maxSeconds} s for 'ready'`,
    );
    const t0 = performance.now();
    const since = () => r2((performance.now() - t0) / 1000);
    let ready = false;
    let last = { marked: before.regularChunks as number | null, overgoal: healthBefore.overgoal };
    let lastLog = 0;
    while (since() < step.maxSeconds && !this.ctx.signal?.aborted) {
      const [state, disks, health] = await Promise.all([cluster.removalState(address), this.nodeDisks(step.node), cluster.chunkHealth()]);
      ready = drained(cluster, disks);
      last = { marked: state.markedChunks, overgoal: health.overgoal };
      history.append({
        kind: 'lifecycle.drain.progress',
        id: step.id,
        node: step.node,
        t: since(),
        removal: state.removal,
        markedChunks: state.markedChunks,
        disks: countByStatus(disks),
        health,
        ready,
      });
      if (ready) break;
      if (since() - lastLog >= 15) {
        lastLog = since();
        // a copy made elsewhere while the marked one still exists shows as over goal
        log(
          `${step.id}: ${since()} s: ${Math.max(0, health.overgoal - healthBefore.overgoal)} of ${state.markedChunks ?? '?'} chunks copied elsewhere, ${state.removal ?? '?'}`,
        );
      }
      await sleep(step.pollMs, this.ctx.signal);
    }
    if (ready) this.drained.add(step.node);
    history.append({
      kind: 'lifecycle.drain.end',
      id: step.id,
      node: step.node,
      address,
      ready,
      seconds: since(),
      chunksAtStart: before.regularChunks,
      markedChunks: last.marked,
      copiedElsewhere: Math.max(0, last.overgoal - healthBefore.overgoal),
    });
    history.sync();
    log(`${step.id}: ${step.node} ${ready ? `ready for removal after ${since()} s` : `NOT ready after ${since()} s`}`);
  }

  // ---- remove: stop the node, delete it from the master's list -------------------------

  private async remove(step: Extract<LifecycleStep, { action: 'remove-node' }>) {
    const { cluster, history, log } = this.ctx;
    const address = this.address(step.node);
    const running = await cluster.isRunning(step.node);
    if (step.onlyIfDrained && running && !this.drained.has(step.node)) {
      history.append({
        kind: 'lifecycle.remove.refused',
        id: step.id,
        node: step.node,
        address,
        reason: 'the node is running and its drain did not finish: removing it would take copies away',
      });
      log(`${step.id}: ${step.node} not removed: its drain did not finish`);
      return;
    }
    history.append({
      kind: 'lifecycle.remove.start',
      id: step.id,
      node: step.node,
      address,
      running,
      drained: this.drained.has(step.node),
    });
    const atGoal = await healthBefore(this.ctx, step.id);
    history.sync();
    const t0 = performance.now();
    const since = () => r2((performance.now() - t0) / 1000);
    if (running) await cluster.shutdownNode(step.node, 10);
    // the master must see it gone before it can forget it
    let state = await cluster.removalState(address);
    while (state.seen === 'connected' && since() < 60 && !this.ctx.signal?.aborted) {
      await sleep(500, this.ctx.signal);
      state = await cluster.removalState(address);
    }
    const stoppedSeen = since();
    const forgot =
      state.seen === 'disconnected'
        ? await cluster.forgetNode(address, state.port)
        : { ok: state.seen === 'absent', message: `listed ${state.seen}` };
    state = await cluster.removalState(address);
    const deletedAfter = since();
    // after a drained node goes every chunk must still be at goal; after a dead one it must get back there
    let health = await cluster.chunkHealth();
    while (!atGoal(health) && since() < step.maxSeconds && !this.ctx.signal?.aborted) {
      await sleep(1000, this.ctx.signal);
      health = await cluster.chunkHealth();
    }
    history.append({ kind: 'core.health', by: 'nemesis', ...health });
    history.append({
      kind: 'lifecycle.remove.end',
      id: step.id,
      node: step.node,
      address,
      listedAfter: state.seen,
      forgot: forgot.ok,
      message: forgot.message,
      stoppedSeenSeconds: stoppedSeen,
      deletedSeconds: deletedAfter,
      atGoal: atGoal(health),
      atGoalSeconds: atGoal(health) ? since() : null,
      health,
    });
    history.sync();
    log(
      `${step.id}: ${step.node} ${state.seen === 'absent' ? 'deleted from the master' : `still listed ${state.seen}`} (${forgot.message}); chunks ${atGoal(health) ? 'at goal' : `NOT at goal ${JSON.stringify(health)}`}`,
    );
  }

  // ---- failover: a node dies under load and stays dead ---------------------------------

  private async fail(step: Extract<LifecycleStep, { action: 'fail-node' }>) {
    const { cluster, history, log } = this.ctx;
    const address = this.address(step.node);
    history.append({
      kind: 'core.process',
      faultId: step.id,
      target: step.node,
      when: 'before',
      ...(await cluster.processIdentity(step.node)),
    });
    const atGoal = await healthBefore(this.ctx, step.id);
    history.append({ kind: 'lifecycle.fail.start', id: step.id, node: step.node, address, maxSeconds: step.maxSeconds });
    history.sync();
    log(`${step.id}: ${step.node} loses power under load and stays off`);
    // power gone: SIGKILL to every process, no restart (Docker leaves a killed container down)
    await cluster.killNode(step.node);
    const t0 = performance.now();
    const since = () => r2((performance.now() - t0) / 1000);
    let detected: number | null = null;
    let goalAt: number | null = null;
    let health: ChunkHealthCounts | null = null;
    while (since() < step.maxSeconds && !this.ctx.signal?.aborted) {
      const state = await cluster.removalState(address).catch(() => null);
      if (state && state.seen !== 'connected' && detected === null) detected = since();
      health = await cluster.chunkHealth().catch(() => null);
      if (detected !== null && health && atGoal(health)) {
        goalAt = since();
        break;
      }
      await sleep(1000, this.ctx.signal);
    }
    if (health) history.append({ kind: 'core.health', by: 'nemesis', ...health });
    history.append({
      kind: 'lifecycle.fail.end',
      id: step.id,
      node: step.node,
      address,
      detectedSeconds: detected,
      atGoalSeconds: goalAt,
      waitedSeconds: since(),
      health,
    });
    history.sync();
    log(`${step.id}: master saw ${step.node} gone after ${detected ?? 'never'} s; every chunk at goal again after ${goalAt ?? 'never'} s`);
  }

  // ---- link loss through the switch twin ------------------------------------------------

  private async switchBinding(): Promise<SwitchBinding> {
    if (!this.binding) {
      const members = [];
      for (const m of this.ctx.cluster.switchMembers())
        if (m.role === 'master' || (await this.ctx.cluster.isRunning(m.name))) members.push(m);
      this.binding = await SwitchBinding.bind({
        runId: this.ctx.runId,
        runDir: this.ctx.workDir,
        twin: new SwitchTwin({ id: 'sw0' }),
        members,
        log: this.ctx.log,
      });
    }
    // a container restarted since gets a new veth
    await this.binding.refresh();
    return this.binding;
  }

  private async link(step: LinkStep) {
    const { cluster, log } = this.ctx;
    const binding = await this.switchBinding();
    await this.linkStarts(step.id, step.action, step.node, step.hold);
    log(
      `${step.id}: ${step.action === 'link-flap' ? `${step.hold} s flap` : 'link down'} on switch port ${binding.portOf(step.node)} (${step.node})`,
    );
    const r = await linkLoss({
      binding,
      node: step.node,
      coreSees: (address) => cluster.nodeSeen(address),
      hold: step.hold,
      detectTimeoutSeconds: step.detectTimeoutSeconds,
      reconnectTimeoutSeconds: step.reconnectTimeoutSeconds,
      settleSeconds: step.watchSeconds,
      pollWhileDown: step.action === 'link-down',
    });
    await this.linkEnds(step.id, step.action, r);
  }

  /**
   * A link-down in two steps (the model-based runs keep a port down while other commands run):
   * the cable out now, recorded as a link step's start (fault.start, core.process, link.start
   * with the hold UNTIL_REPLUGGED); replug() ends it.
   */
  async unplug(id: string, node: string, o: { connectedWithinSeconds: number }): Promise<void> {
    const { cluster, history, log } = this.ctx;
    history.append({ kind: 'fault.start', id, fault: 'link-down', node });
    try {
      const binding = await this.switchBinding();
      await this.linkStarts(id, 'link-down', node, UNTIL_REPLUGGED);
      // an answer the core could not give reads as not listed: the replug's watch goes on until its bound
      const coreSees = (address: string) => cluster.nodeSeen(address).catch(() => 'absent' as const);
      this.unplugged.set(id, await unplugLink({ binding, node, coreSees, connectedWithinSeconds: o.connectedWithinSeconds }));
      log(`${id}: link down on switch port ${binding.portOf(node)} (${node}) until its replug`);
    } catch (e) {
      history.append({ kind: 'fault.end', id });
      throw e;
    }
  }

  /** The cable of an unplug() back in, the core watched until the node is connected again; recorded as the step's end. */
  async replug(id: string, o: { reconnectTimeoutSeconds: number }): Promise<LinkLossResult> {
    const u = this.unplugged.get(id);
    if (!u) throw new Error(`no link ${id} is unplugged`);
    const binding = await this.switchBinding();
    // one look while the cable is still out: whether the core noticed the loss in the meantime
    await u.observe();
    // a replug that throws leaves the link unplugged and open: it can be tried again
    const r = await replugLink(u, { binding, reconnectTimeoutSeconds: o.reconnectTimeoutSeconds, settleSeconds: 0 });
    this.unplugged.delete(id);
    await this.linkEnds(id, 'link-down', r);
    this.ctx.history.append({ kind: 'fault.end', id });
    return r;
  }

  private async linkStarts(id: string, action: LinkStep['action'], node: string, hold: LinkStep['hold'] | typeof UNTIL_REPLUGGED) {
    const { cluster, history } = this.ctx;
    const port = (await this.switchBinding()).portOf(node);
    history.append({ kind: 'core.process', faultId: id, target: node, when: 'before', ...(await cluster.processIdentity(node)) });
    history.append({ kind: 'link.start', id, action, node, port: port ?? null, hold });
    history.sync();
  }

  private async linkEnds(id: string, action: LinkStep['action'], r: LinkLossResult) {
    const { cluster, history, log } = this.ctx;
    history.append({ kind: 'core.process', faultId: id, target: r.node, when: 'after', ...(await cluster.processIdentity(r.node)) });
    history.append({
      kind: 'link.end',
      id,
      action,
      node: r.node,
      port: r.port,
      address: r.address,
      downSeconds: r.downSeconds,
      detectedAfterSeconds: r.detectedAfterSeconds,
      reconnectedAfterSeconds: r.reconnectedAfterSeconds,
      connectedAtEnd: r.connectedAtEnd,
      timeline: r.timeline,
      pollSeconds: r.pollSeconds,
    });
    history.sync();
    log(
      `${id}: link down ${r2(r.downSeconds)} s; master noticed after ${r.detectedAfterSeconds ?? 'never'} s, connected again ${r.reconnectedAfterSeconds ?? '—'} s after the link came back`,
    );
  }
}
