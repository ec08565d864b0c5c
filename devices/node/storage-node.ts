// The storage node twin: ONE pure model for 24, 36 and 48 bays. No I/O here: every
// operation returns what happened, and a binding layer (written separately) turns that
// into real actions (a pull unmounts a real filesystem, powerLost kills a container).
import { newDisk, type DiskState } from '../disk/disk-state';
import {
  advanceDisk,
  powerOffDisk,
  powerOnDisk,
  resolveDegradation,
  shockDisk,
  StepResult,
  type DegradationParams,
  type ResolvedDegradation,
} from '../disk/degradation';
import { gradeDiskLevel, type HealthGrade } from '../disk/grading';
import { deviceNameForIndex, toSmartctlJson, type SmartctlJson } from '../disk/smartctl-json';
import { TrendBook } from '../disk/trend';
import { SEAGATE_SATA_PROFILE, spinUpReport, type DiskCurrentProfile, type SpinUpPolicy, type SpinUpReport } from '../power/spin-up';
import { bayLayout, positionOf, serviceLabel, type BayLayout, type BayPosition } from './bay-layout';
import { diskTargetTempC, fanSpeedPercent, redundancy, type Fan, type Redundancy } from './cooling';
import { EventLog, type EventOrigin, type MessageKey, type NodeEvent } from './event-log';
import type { NodeInventory } from './inventory';

export type BayState = 'empty' | 'present' | 'pulled' | 'failed';
export type InsertKind = 'same' | 'blank';
export type PowerState = 'On' | 'Off';
export type PsuState = 'ok' | 'failed';
export type ResetType =
  'On' | 'ForceOn' | 'ForceOff' | 'GracefulShutdown' | 'GracefulRestart' | 'ForceRestart' | 'PowerCycle' | 'PushPowerButton' | 'Nmi';
export const RESET_TYPES: readonly ResetType[] = [
  'On',
  'ForceOn',
  'ForceOff',
  'GracefulShutdown',
  'GracefulRestart',
  'ForceRestart',
  'PowerCycle',
  'PushPowerButton',
  'Nmi',
];

export interface Bay {
  readonly slot: number;
  readonly position: BayPosition;
  readonly serviceLabel: string;
  state: BayState;
  /** the disk in the bay (present or failed) */
  disk: DiskState | null;
  /** a pulled disk, kept on the bench so that 'same' can put it back */
  pulled: DiskState | null;
  locateLed: boolean;
  grade: HealthGrade | null;
  predictiveReported: boolean;
  /** how many blank disks went into this bay (names their random streams) */
  generation: number;
}

export interface Psu {
  index: number;
  state: PsuState;
}

export type Rejected = { ok: false; reason: string; events: [] };
const reject = (reason: string): Rejected => ({ ok: false, reason, events: [] });

export interface BayOutcome {
  ok: true;
  slot: number;
  before: BayState;
  after: BayState;
  serial: string;
  /** insert: a fresh disk (the binding formats a new backend) rather than the pulled one */
  blank: boolean;
  /** the disk was spinning when pulled or powered when inserted */
  live: boolean;
  events: NodeEvent[];
}

export interface ChassisOutcome {
  ok: true;
  events: NodeEvent[];
  running: boolean;
  /** both PSUs lost: the binding kills the node's container */
  powerLost: boolean;
  fanRedundancy: Redundancy;
  psuRedundancy: Redundancy;
  /** present when the operation powered the node on */
  spinUp?: SpinUpReport;
}

export interface ResetOutcome {
  ok: true;
  resetType: ResetType;
  action: 'power-on' | 'power-off' | 'restart' | 'power-cycle' | 'nmi' | 'none';
  /** disks lost power abruptly (ForceOff, PowerCycle) */
  abrupt: boolean;
  before: PowerState;
  after: PowerState;
  spinUp?: SpinUpReport;
  events: NodeEvent[];
}

export interface StorageNodeOptions {
  id: string;
  seed: string;
  inventory: NodeInventory;
  /** virtual epoch ms at creation */
  startVirtualMs?: number;
  inletC?: number;
  degradation?: Partial<DegradationParams>;
  spinUp?: SpinUpPolicy;
  currentProfile?: DiskCurrentProfile;
  /** 12 V draw of everything but the disks while booting, amperes */
  baselineAmps?: number;
  /** slots that start with a disk; default: all */
  populated?: readonly number[];
  /** Redfish PowerRestorePolicy when a PSU comes back after a total power loss */
  powerRestorePolicy?: 'AlwaysOn' | 'AlwaysOff';
  /** largest virtual step advanceTo takes, hours */
  stepHours?: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export class StorageNodeTwin {
  readonly id: string;
  readonly inventory: NodeInventory;
  readonly layout: BayLayout;
  readonly log = new EventLog();
  readonly trends = new TrendBook();
  readonly bays: Bay[];
  readonly fans: Fan[];
  readonly psus: Psu[];
  powerState: PowerState = 'On';
  powerLost = false;
  chassisLocateLed = false;
  inletC: number;
  spinUpPolicy: SpinUpPolicy;
  private nowMs: number;
  private nextTrendMs: number;
  private readonly seed: string;
  private readonly degradation: ResolvedDegradation;
  private readonly opts: StorageNodeOptions;

  constructor(opts: StorageNodeOptions) {
    this.opts = opts;
    this.id = opts.id;
    this.seed = opts.seed;
    this.inventory = opts.inventory;
    this.layout = bayLayout(opts.inventory.bays, opts.inventory.layout);
    this.nowMs = opts.startVirtualMs ?? Date.UTC(2025, 0, 1);
    this.nextTrendMs = this.nowMs + DAY_MS;
    this.inletC = opts.inletC ?? 25;
    this.spinUpPolicy = opts.spinUp ?? { groupSize: 8, groupDelayMs: 12_000 };
    this.degradation = resolveDegradation(opts.degradation);
    const populated = new Set(opts.populated ?? Array.from({ length: this.layout.bays }, (_, i) => i));
    this.bays = Array.from({ length: this.layout.bays }, (_, slot) => {
      const disk = populated.has(slot) ? this.makeDisk(slot, 0) : null;
      return {
        slot,
        position: positionOf(this.layout, slot),
        serviceLabel: serviceLabel(this.layout, slot),
        state: disk ? 'present' : 'empty',
        disk,
        pulled: null,
        locateLed: false,
        grade: disk ? 'healthy' : null,
        predictiveReported: false,
        generation: 0,
      } satisfies Bay;
    });
    this.fans = Array.from({ length: opts.inventory.fans.count }, (_, index) => ({ index, state: 'ok', speedPercent: 0, rpm: 0 }));
    this.psus = Array.from({ length: opts.inventory.psus.count }, (_, index) => ({ index, state: 'ok' }));
    this.updateFans();
  }

  get virtualNowMs(): number {
    return this.nowMs;
  }
  get running(): boolean {
    return this.powerState === 'On';
  }
  workingFans(): number {
    return this.fans.filter((f) => f.state === 'ok').length;
  }
  workingPsus(): number {
    return this.psus.filter((p) => p.state === 'ok').length;
  }
  bay(slot: number): Bay {
    const b = this.bays[slot];
    if (!b) throw new RangeError(`node ${this.id} has no slot ${slot} (0..${this.bays.length - 1})`);
    return b;
  }

  // ---- disks ---------------------------------------------------------------------------

  pullDisk(slot: number): BayOutcome | Rejected {
    const b = this.bays[slot];
    if (!b) return reject(`no slot ${slot}`);
    if (!b.disk || (b.state !== 'present' && b.state !== 'failed')) return reject(`slot ${slot} is ${b.state}: nothing to pull`);
    const before = b.state;
    const disk = b.disk;
    const live = this.running && disk.alive;
    if (live) powerOffDisk(disk, 'unexpected'); // a hot pull cuts the drive's power
    b.state = 'pulled';
    b.pulled = disk;
    b.disk = null;
    b.grade = null;
    this.shockNeighbours(slot);
    const events = [this.emit('DriveRemoved', { kind: 'drive', slot }, [b.serviceLabel])];
    return { ok: true, slot, before, after: b.state, serial: disk.identity.serial, blank: false, live, events };
  }

  insertDisk(slot: number, kind: InsertKind): BayOutcome | Rejected {
    const b = this.bays[slot];
    if (!b) return reject(`no slot ${slot}`);
    if (b.state === 'present' || b.state === 'failed') return reject(`slot ${slot} is occupied (${b.state})`);
    if (kind === 'same' && !b.pulled) return reject(`slot ${slot} has no pulled disk to put back`);
    const before = b.state;
    const disk = kind === 'same' ? b.pulled! : this.makeDisk(slot, ++b.generation);
    b.pulled = null;
    b.disk = disk;
    b.state = disk.alive ? 'present' : 'failed';
    b.predictiveReported = false;
    const live = this.running;
    if (live && disk.alive) powerOnDisk(disk);
    this.shockNeighbours(slot);
    const events = [this.emit('DriveInserted', { kind: 'drive', slot }, [b.serviceLabel])];
    events.push(...this.regrade(b));
    return { ok: true, slot, before, after: b.state, serial: disk.identity.serial, blank: kind === 'blank', live, events };
  }

  setLocateLed(slot: number, on: boolean): { ok: true; slot: number; on: boolean } | Rejected {
    const b = this.bays[slot];
    if (!b) return reject(`no slot ${slot}`);
    b.locateLed = on;
    return { ok: true, slot, on };
  }

  smartctlJson(slot: number): SmartctlJson | null {
    const d = this.bays[slot]?.disk;
    return d ? toSmartctlJson(d, deviceNameForIndex(slot)) : null;
  }

  // ---- fans and power supplies -----------------------------------------------------------

  failFan(index: number): ChassisOutcome | Rejected {
    const f = this.fans[index];
    if (!f) return reject(`no fan ${index}`);
    if (f.state !== 'ok') return reject(`fan ${index} is already ${f.state}`);
    f.state = 'failed';
    this.updateFans();
    return this.chassisOutcome([this.emit('FanFailed', { kind: 'fan', index }, [fanLabel(index)])]);
  }

  /** hot-swap: a new fan goes into the fan bay */
  replaceFan(index: number): ChassisOutcome | Rejected {
    const f = this.fans[index];
    if (!f) return reject(`no fan ${index}`);
    f.state = 'ok';
    this.updateFans();
    return this.chassisOutcome([this.emit('FanInserted', { kind: 'fan', index }, [fanLabel(index)])]);
  }

  failPsu(index: number): ChassisOutcome | Rejected {
    const p = this.psus[index];
    if (!p) return reject(`no power supply ${index}`);
    if (p.state !== 'ok') return reject(`power supply ${index} is already ${p.state}`);
    p.state = 'failed';
    const events = [this.emit('PowerSupplyFailed', { kind: 'psu', index }, [psuLabel(index)])];
    if (this.workingPsus() < this.inventory.psus.minNeeded && this.running) {
      this.cutPower('unexpected');
      this.powerLost = true;
    }
    return this.chassisOutcome(events);
  }

  replacePsu(index: number): ChassisOutcome | Rejected {
    const p = this.psus[index];
    if (!p) return reject(`no power supply ${index}`);
    p.state = 'ok';
    const events = [this.emit('PowerSupplyInserted', { kind: 'psu', index }, [psuLabel(index)])];
    let spinUp: SpinUpReport | undefined;
    if (this.powerLost && this.workingPsus() >= this.inventory.psus.minNeeded) {
      this.powerLost = false;
      if ((this.opts.powerRestorePolicy ?? 'AlwaysOn') === 'AlwaysOn') spinUp = this.applyPower();
    }
    return { ...this.chassisOutcome(events), ...(spinUp ? { spinUp } : {}) };
  }

  // ---- power -----------------------------------------------------------------------------

  reset(resetType: ResetType): ResetOutcome | Rejected {
    const before = this.powerState;
    const canPower = this.workingPsus() >= this.inventory.psus.minNeeded;
    const done = (action: ResetOutcome['action'], abrupt: boolean, spinUp?: SpinUpReport): ResetOutcome => ({
      ok: true,
      resetType,
      action,
      abrupt,
      before,
      after: this.powerState,
      events: [],
      ...(spinUp ? { spinUp } : {}),
    });
    const on = () => (canPower ? done('power-on', false, this.applyPower()) : reject('no working power supply'));
    switch (resetType) {
      case 'On':
      case 'ForceOn':
        return before === 'On' ? done('none', false) : on();
      case 'ForceOff':
        if (before === 'Off') return done('none', false);
        this.cutPower('unexpected');
        return done('power-off', true);
      case 'GracefulShutdown':
        if (before === 'Off') return done('none', false);
        this.cutPower('graceful');
        return done('power-off', false);
      case 'PushPowerButton':
        if (before === 'Off') return on();
        this.cutPower('graceful');
        return done('power-off', false);
      case 'GracefulRestart':
      case 'ForceRestart':
        // the host reboots; the disks keep their power
        return before === 'On' ? done('restart', false) : reject(`${resetType} needs the node to be On`);
      case 'PowerCycle': {
        if (!canPower) return reject('no working power supply');
        if (before === 'On') this.cutPower('unexpected');
        return done('power-cycle', before === 'On', this.applyPower());
      }
      case 'Nmi':
        return before === 'On' ? done('nmi', false) : reject('Nmi needs the node to be On');
    }
  }

  // ---- virtual time ----------------------------------------------------------------------

  /** Advances the node's physics by `hours` of virtual time (one step). */
  advance(hours: number): NodeEvent[] {
    if (!(hours > 0)) return [];
    const events: NodeEvent[] = [];
    this.nowMs += hours * HOUR_MS;
    if (this.running) {
      const working = this.workingFans();
      const total = this.fans.length;
      for (const b of this.bays) {
        const d = b.disk;
        if (!d || !d.alive) continue;
        const target = diskTargetTempC(this.inletC, working, total, b.position.row);
        const r = advanceDisk(d, hours, target, this.degradation);
        if (r & StepResult.Failed) {
          b.state = 'failed';
          b.grade = 'faulty';
          events.push(this.emit('DriveFailure', { kind: 'drive', slot: b.slot }, [b.serviceLabel]));
        } else {
          events.push(...this.regrade(b));
        }
      }
    }
    if (this.nowMs >= this.nextTrendMs) {
      for (const b of this.bays) if (b.disk) this.trends.record(this.nowMs, b.disk);
      this.nextTrendMs += DAY_MS * Math.ceil((this.nowMs - this.nextTrendMs + 1) / DAY_MS);
    }
    return events;
  }

  /** Advances to a virtual instant in steps of at most stepHours (default 1 h). */
  advanceTo(virtualMs: number): NodeEvent[] {
    const step = (this.opts.stepHours ?? 1) * HOUR_MS;
    const events: NodeEvent[] = [];
    while (this.nowMs < virtualMs) events.push(...this.advance(Math.min(step, virtualMs - this.nowMs) / HOUR_MS));
    return events;
  }

  // ---- internals -------------------------------------------------------------------------

  private makeDisk(slot: number, generation: number): DiskState {
    const bay = String(slot).padStart(2, '0');
    const component = generation === 0 ? `disk/${this.id}/${bay}` : `disk/${this.id}/${bay}/g${generation}`;
    return newDisk({ seed: this.seed, component, startTempC: this.opts.inletC ?? 25 });
  }

  private emit(key: MessageKey, origin: EventOrigin, args: string[]): NodeEvent {
    return this.log.record(this.nowMs, key, origin, args);
  }

  private regrade(b: Bay): NodeEvent[] {
    if (!b.disk) return [];
    b.grade = gradeDiskLevel(b.disk);
    if (b.grade === 'faulty' && b.disk.alive && !b.predictiveReported) {
      b.predictiveReported = true;
      return [this.emit('DrivePredictiveFailure', { kind: 'drive', slot: b.slot }, [b.serviceLabel])];
    }
    return [];
  }

  private shockNeighbours(slot: number): void {
    const { row } = positionOf(this.layout, slot);
    for (const s of [slot - 1, slot + 1]) {
      const n = this.bays[s];
      if (n?.disk?.alive && n.position.row === row && this.running) shockDisk(n.disk);
    }
  }

  private updateFans(): void {
    const working = this.workingFans();
    const speed = this.running ? fanSpeedPercent(this.inletC, working, this.fans.length) : 0;
    for (const f of this.fans) {
      f.speedPercent = f.state === 'ok' ? Math.round(speed) : 0;
      f.rpm = Math.round((f.speedPercent / 100) * this.inventory.fans.maxRpm);
    }
  }

  private cutPower(kind: 'graceful' | 'unexpected'): void {
    for (const b of this.bays) if (b.disk?.alive) powerOffDisk(b.disk, kind);
    this.powerState = 'Off';
    this.updateFans();
  }

  private applyPower(): SpinUpReport {
    const disks = this.bays.filter((b) => b.disk?.alive);
    for (const b of disks) powerOnDisk(b.disk!);
    this.powerState = 'On';
    this.updateFans();
    return spinUpReport(disks.length, this.spinUpPolicy, this.opts.currentProfile ?? SEAGATE_SATA_PROFILE, {
      psu12vAmps: this.inventory.psus.rail12vAmps,
      baselineAmps: this.opts.baselineAmps ?? 25,
    });
  }

  private chassisOutcome(events: NodeEvent[]): ChassisOutcome {
    return {
      ok: true,
      events,
      running: this.running,
      powerLost: this.powerLost,
      fanRedundancy: redundancy(this.workingFans(), this.inventory.fans.minNeeded, this.fans.length),
      psuRedundancy: redundancy(this.workingPsus(), this.inventory.psus.minNeeded, this.psus.length),
    };
  }
}

export const fanLabel = (index: number) => `Chassis Fan Bay ${index + 1}`;
export const psuLabel = (index: number) => `Power Supply Bay ${index + 1}`;
