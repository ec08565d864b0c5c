// Binds a storage-node twin (devices/, pure) to the real node the core uses: what the
// twin says happened to the hardware is done to real resources, and reality is read
// back from the kernel and the core so the two can be compared.
//
//   twin pullDisk       -> the bay's filesystem is shut down (every I/O EIO), then the
//                          node's hot-plug agent lets the core drop it and unmounts it
//   twin insertDisk     -> the same image mounted again, or a fresh blank one; the agent
//                          lets the core scan it
//   both PSUs lost,     -> SIGKILL to the node's container and every bay cut without a
//   ForceOff, PowerCycle   journal flush (unflushed data lost, as on real disks)
//   GracefulShutdown    -> SIGTERM (the chunkserver leaves the master cleanly)
//   power restored / On -> the bays mounted again (journal recovery) and the node booted
//
// The hot-plug agent plays the part of the node's udev rule: the core itself never sees
// a SATA hot-plug event in a container. 'udev' asks the core to rescan its disks at once
// (what a vendor's hot-plug rule does); 'core-only' waits until the core noticed the dead
// disk through its own I/O errors. Both are measured and the report says which was used.
import { performance } from 'node:perf_hooks';
import type { InsertKind, NodeEvent, ResetOutcome, ResetType, StorageNodeTwin } from '../../devices';
import type { CoreDiskView, NodeHardwareHost } from './node-host';
import type { EventBody, EventKind } from '../history-events';
import { sleep } from '../clock';
import { mapLimit } from '../exec';
import { bayName, createDiskImage, imageOf, mountBay, shutdownBay, unmountBay, type BayBackend } from './bays';
import { mountedSlots, readBayReality, type BayReality } from './bay-reality';
import { basename } from 'node:path';

export type HotPlugAgent = 'udev' | 'core-only';

export interface NodeBindingOptions {
  agent?: HotPlugAgent;
  /** how long the agent waits for the core to notice or accept a disk */
  coreTimeoutMs?: number;
  pollMs?: number;
  /** every real action and what the core answered, for the history */
  record?: (event: EventBody) => void;
  /** size of a blank replacement disk */
  baySizeMiB: number;
}

export interface PullResult {
  ok: boolean;
  reason?: string;
  slot: number;
  serial?: string;
  /** pull -> the core no longer lists the disk as ok (null: not within the timeout) */
  coreNoticedSeconds: number | null;
  coreStatus?: string;
  /** the filesystem could be unmounted (the core let go of its descriptors) */
  released: boolean;
}

export interface InsertResult {
  ok: boolean;
  reason?: string;
  slot: number;
  serial?: string;
  blank: boolean;
  /** insert -> the core lists the disk as ok again (null: not within the timeout) */
  coreAcceptedSeconds: number | null;
}

export interface NodeReality {
  running: boolean;
  bays: BayReality[];
  /** the core's own view of this node's disks, keyed by bay folder name */
  core: Map<string, CoreDiskView>;
}

const RESCAN_AGAIN_MS = 5_000;

export class NodeBinding {
  /** times the node was powered on again; each time its bays were read for copies the cut emptied */
  powerOns = 0;
  /** the files the last power cut emptied (null: the bays could not be read, so nothing is known) */
  private cutDamage: string[] | null = [];
  private readonly agent: HotPlugAgent;
  private readonly timeoutMs: number;
  private readonly pollMs: number;

  constructor(
    readonly twin: StorageNodeTwin,
    private readonly host: NodeHardwareHost,
    readonly node: string,
    private readonly opts: NodeBindingOptions,
  ) {
    this.agent = opts.agent ?? 'udev';
    this.timeoutMs = opts.coreTimeoutMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 200;
    const backends = host.disksOf(node).bays.length;
    if (backends !== twin.bays.length)
      throw new Error(`${node}: the twin has ${twin.bays.length} bays but the node has ${backends} disk backends`);
  }

  private backend(slot: number): BayBackend {
    const b = this.host.disksOf(this.node).bays[slot];
    if (!b) throw new RangeError(`${this.node} has no bay ${slot}`);
    return b;
  }

  // the history checks each event's fields when it is appended
  private record(kind: Extract<EventKind, `hw.${string}`>, body: Record<string, unknown>) {
    this.opts.record?.({ kind, node: this.node, ...body } as EventBody);
  }

  private recordTwinEvents(events: readonly NodeEvent[]) {
    for (const e of events)
      this.record('hw.event', { messageId: e.messageId, severity: e.severity, message: e.message, virtualMs: e.atMs });
  }

  /** Pulls the disk in `slot` (0-based, as on the chassis label). */
  async pull(slot: number): Promise<PullResult> {
    const outcome = this.twin.pullDisk(slot);
    if (!outcome.ok) return { ok: false, reason: outcome.reason, slot, coreNoticedSeconds: null, released: false };
    const bay = this.backend(slot);
    const t0 = performance.now();
    if (outcome.before === 'present' && this.twin.running) await shutdownBay(bay);
    this.record('hw.bay.pulled', { slot, bay: bayName(slot), serial: outcome.serial, live: outcome.live, agent: this.agent });
    this.recordTwinEvents(outcome.events);
    if (!this.twin.running) {
      // a powered-off node: the disk just leaves the chassis
      const released = await unmountBay(bay);
      return { ok: true, slot, serial: outcome.serial, coreNoticedSeconds: null, released };
    }
    if (this.agent === 'udev') await this.host.rescanDisks(this.node);
    // a rescan asked while the core is still busy (e.g. its first scan of 48 folders) can go
    // unheard: the udev agent asks again every few seconds until the core has acted
    const seen = await this.waitCore(slot, (v) => !v || !v.serving, this.agent === 'udev');
    const coreNoticedSeconds = seen ? round((performance.now() - t0) / 1000) : null;
    this.record('hw.bay.core-noticed', {
      slot,
      bay: bayName(slot),
      seconds: coreNoticedSeconds,
      status: seen?.status ?? 'still ok',
      agent: this.agent,
    });
    // the core may still hold descriptors on the dead filesystem until it rescans
    if (this.agent === 'core-only') await this.host.rescanDisks(this.node);
    const released = await unmountBay(bay, 15_000);
    this.record('hw.bay.released', { slot, bay: bayName(slot), released, seconds: round((performance.now() - t0) / 1000) });
    return { ok: true, slot, serial: outcome.serial, coreNoticedSeconds, coreStatus: seen?.status, released };
  }

  /** Inserts the pulled disk again ('same') or a new blank one. */
  async insert(slot: number, kind: InsertKind): Promise<InsertResult> {
    const outcome = this.twin.insertDisk(slot, kind);
    if (!outcome.ok) return { ok: false, reason: outcome.reason, slot, blank: kind === 'blank', coreAcceptedSeconds: null };
    const bay = this.backend(slot);
    const generation = this.twin.bay(slot).generation;
    const image = imageOf(bay, generation);
    if (outcome.blank) await createDiskImage(image, this.opts.baySizeMiB);
    const t0 = performance.now();
    this.record('hw.bay.inserted', { slot, bay: bayName(slot), serial: outcome.serial, blank: outcome.blank, image: basename(image) });
    this.recordTwinEvents(outcome.events);
    if (!this.twin.running) return { ok: true, slot, serial: outcome.serial, blank: outcome.blank, coreAcceptedSeconds: null };
    if (outcome.after === 'failed') {
      // a dead disk put in: mounted, but nothing on it answers
      await mountBay(bay, image);
      await shutdownBay(bay);
      return { ok: true, slot, serial: outcome.serial, blank: outcome.blank, coreAcceptedSeconds: null };
    }
    await mountBay(bay, image);
    // blank: owned by root as formatted; same: the node may have booted without it
    await this.host.adoptBay(this.node, bayName(slot));
    await this.host.rescanDisks(this.node);
    const seen = await this.waitCore(slot, (v) => v?.serving === true, true);
    const coreAcceptedSeconds = seen ? round((performance.now() - t0) / 1000) : null;
    this.record('hw.bay.core-accepted', { slot, bay: bayName(slot), seconds: coreAcceptedSeconds, chunks: seen?.chunks ?? null });
    return { ok: true, slot, serial: outcome.serial, blank: outcome.blank, coreAcceptedSeconds };
  }

  /** Disks the degradation model killed die for real too (their filesystem stops answering). */
  async applyDiskDeaths(): Promise<number[]> {
    const reality = await readBayReality(this.host.disksOf(this.node).bays);
    const dying = this.twin.bays.filter((b) => b.state === 'failed' && reality[b.slot]?.medium === 'working').map((b) => b.slot);
    await mapLimit(dying, 4, (slot) => shutdownBay(this.backend(slot)));
    for (const slot of dying) this.record('hw.bay.died', { slot, bay: bayName(slot) });
    return dying;
  }

  // ---- power --------------------------------------------------------------------------

  async failPsu(index: number) {
    const outcome = this.twin.failPsu(index);
    if (!outcome.ok) return outcome;
    this.recordTwinEvents(outcome.events);
    if (outcome.powerLost) await this.cutPower('both power supplies lost');
    return outcome;
  }

  async replacePsu(index: number) {
    const outcome = this.twin.replacePsu(index);
    if (!outcome.ok) return outcome;
    this.recordTwinEvents(outcome.events);
    if (outcome.spinUp) await this.restorePower(outcome.spinUp.readyAtMs);
    return outcome;
  }

  failFan(index: number) {
    const outcome = this.twin.failFan(index);
    if (outcome.ok) this.recordTwinEvents(outcome.events);
    return outcome;
  }

  /** A reset through the twin (the harness's own hand on the power button). */
  async reset(type: ResetType) {
    const outcome = this.twin.reset(type);
    if (outcome.ok) await this.applyReset(type, outcome);
    return outcome;
  }

  /** The BMC's onReset handler: the model already changed, now the real node follows. */
  readonly applyReset = async (type: ResetType, outcome: ResetOutcome): Promise<void> => {
    switch (outcome.action) {
      case 'none':
      case 'nmi':
        this.record('hw.reset', { resetType: type, action: outcome.action });
        return;
      case 'power-off':
        if (outcome.abrupt) await this.cutPower(`Reset ${type}`);
        else await this.shutdownClean(`Reset ${type}`);
        return;
      case 'power-on':
        await this.restorePower(outcome.spinUp?.readyAtMs ?? 0);
        return;
      case 'power-cycle':
        await this.cutPower(`Reset ${type}`);
        await this.restorePower(outcome.spinUp?.readyAtMs ?? 0);
        return;
      case 'restart':
        // the host reboots, the disks keep power; a forced restart still loses what the
        // node's page cache held, so its filesystems are cut like a crash
        if (type === 'GracefulRestart') await this.shutdownClean(`Reset ${type}`);
        else await this.cutPower(`Reset ${type}`, { disksKeepPower: true });
        await this.restorePower(0);
        return;
    }
  };

  private async cutPower(why: string, o: { disksKeepPower?: boolean } = {}) {
    const t0 = performance.now();
    await this.host.killNode(this.node);
    const bays = this.host.disksOf(this.node).bays;
    // cut what is mounted without probing it first: a probe would flush what must be lost
    const mounted = mountedSlots(bays);
    await mapLimit(
      bays.filter((b) => mounted.has(b.slot)),
      8,
      (b) => shutdownBay(b).catch(() => undefined),
    );
    await mapLimit(bays, 8, (b) => unmountBay(b));
    this.record('hw.power.cut', { why, disksKeepPower: !!o.disksKeepPower, seconds: round((performance.now() - t0) / 1000) });
  }

  private async shutdownClean(why: string) {
    const t0 = performance.now();
    await this.host.shutdownNode(this.node);
    await mapLimit(this.host.disksOf(this.node).bays, 8, (b) => unmountBay(b));
    this.record('hw.power.shutdown', { why, seconds: round((performance.now() - t0) / 1000) });
  }

  /** Disks present in the twin are mounted again (ext4 replays its journal), then the node boots. */
  private async restorePower(simulatedSpinUpMs: number) {
    const t0 = performance.now();
    await mapLimit(
      this.twin.bays.filter((b) => b.state === 'present' || b.state === 'failed'),
      8,
      async (b) => {
        const bay = this.backend(b.slot);
        await mountBay(bay, imageOf(bay, b.generation));
        if (b.state === 'failed') await shutdownBay(bay);
      },
    );
    // what the cut emptied, read off the disks before the node can register it
    const damaged = await this.host.damagedChunkFiles(this.node).catch(() => null);
    this.cutDamage = damaged;
    this.powerOns++;
    await this.host.bootNode(this.node);
    // spin-up is the twin's physics (simulated, never slept): the report shows it apart
    this.record('hw.power.on', {
      seconds: round((performance.now() - t0) / 1000),
      simulatedSpinUpMs,
      damagedChunkFiles: damaged?.length ?? null,
      damagedChunkExamples: (damaged ?? []).slice(0, 10).map((p) => p.split('/').slice(-3).join('/')),
    });
  }

  /**
   * Copies the last power cut emptied that are still on the disks (the core deletes or
   * rewrites them in time); null when the node was not powered on again since `powerOnsBefore`,
   * or its bays could not be read then.
   */
  async damagedCopiesSince(powerOnsBefore: number): Promise<number | null> {
    if (this.powerOns <= powerOnsBefore || this.cutDamage === null) return null;
    const found = this.cutDamage;
    if (found.length > 0) this.cutDamage = await this.host.damagedChunkFiles(this.node, found).catch(() => found);
    return this.cutDamage.length;
  }

  // ---- reality ------------------------------------------------------------------------

  async reality(): Promise<NodeReality> {
    const [running, bays, views] = await Promise.all([
      this.host.isRunning(this.node),
      readBayReality(this.host.disksOf(this.node).bays),
      this.host.diskViews(),
    ]);
    return { running, bays, core: new Map(views.filter((v) => v.node === this.node).map((v) => [v.bay, v])) };
  }

  /** Every way the twin and reality disagree now (empty = they agree). */
  async disagreements(): Promise<string[]> {
    return compareTwinWithReality(this.twin, await this.reality(), (slot, gen) => basename(imageOf(this.backend(slot), gen)));
  }

  private async waitCore(
    slot: number,
    done: (v: CoreDiskView | undefined) => boolean,
    askAgain = false,
  ): Promise<CoreDiskView | undefined | null> {
    const name = bayName(slot);
    const t0 = performance.now();
    let asked = t0;
    while (performance.now() - t0 < this.timeoutMs) {
      const v = (await this.host.diskViews()).find((d) => d.node === this.node && d.bay === name);
      if (done(v)) return v ?? { node: this.node, bay: name, status: 'not listed', serving: false, chunks: 0, lastError: null };
      if (askAgain && performance.now() - asked > RESCAN_AGAIN_MS) {
        asked = performance.now();
        this.record('hw.agent.rescan-again', { slot, bay: name, afterSeconds: round((asked - t0) / 1000) });
        await this.host.rescanDisks(this.node);
      }
      await sleep(this.pollMs);
    }
    return null;
  }
}

/**
 * The agreement rules, pure. For each bay: a disk present and alive in the twin is a
 * mounted, answering filesystem from the image of that disk, which the core lists as ok;
 * a pulled or empty bay has nothing mounted and the core does not list it as ok; a failed
 * disk is mounted and answers nothing. A powered-off node has no running container and
 * nothing mounted.
 */
export function compareTwinWithReality(
  twin: StorageNodeTwin,
  real: NodeReality,
  imageName: (slot: number, generation: number) => string,
): string[] {
  const out: string[] = [];
  const on = twin.running;
  if (on !== real.running)
    out.push(`${twin.id}: twin says power ${twin.powerState}, container ${real.running ? 'running' : 'not running'}`);
  for (const b of twin.bays) {
    const r = real.bays[b.slot];
    const core = real.core.get(bayName(b.slot));
    const where = `${twin.id} slot ${String(b.slot).padStart(2, '0')}`;
    if (!r) {
      out.push(`${where}: no disk backend`);
      continue;
    }
    const expectMedium = !on || b.state === 'pulled' || b.state === 'empty' ? 'absent' : b.state === 'failed' ? 'dead' : 'working';
    if (r.medium !== expectMedium) out.push(`${where}: twin ${b.state}, real medium ${r.medium} (expected ${expectMedium})`);
    if (expectMedium !== 'absent' && r.image !== imageName(b.slot, b.generation)) {
      out.push(`${where}: twin disk generation ${b.generation} (${imageName(b.slot, b.generation)}), real image ${r.image}`);
    }
    if (on && real.running) {
      if (expectMedium === 'working' && !core?.serving) out.push(`${where}: twin present, core says ${core?.status ?? 'not listed'}`);
      if (expectMedium === 'absent' && core?.serving) out.push(`${where}: twin ${b.state}, core still lists it ok`);
    }
  }
  return out;
}

const round = (s: number) => Math.round(s * 1000) / 1000;
