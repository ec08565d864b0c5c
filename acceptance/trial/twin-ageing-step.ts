// Day step: the storage-node twins age one virtual day; a disk whose health grade
// reaches the profile's incident grade is an incident (simulated, with the
// acceleration factor). A faulty disk is replaced by a blank one the next morning, as
// the seller's service plan promises (W2), so the population stays full.
// Deterministic in (seed, day): on resume the twins are rebuilt by replaying the
// journalled days, and the replay must reproduce the journal's incidents.
import { GRADE_ORDER, type HealthGrade } from '../../devices/disk/grading';
import { inventoryFor, type CatalogModel } from '../../devices/node/inventory';
import { StorageNodeTwin } from '../../devices/node/storage-node';
import type { DayContext, DayOutcome, DayStep, PrepareContext } from './day-step';
import type { Incident } from './ledger';

const DAY_MS = 86_400_000;

export interface TwinFleetSpec {
  nodes: { id: string; model: CatalogModel }[];
  /** the grade that makes a disk an incident; 'never' logs grades without incidents */
  incidentGrade: Exclude<HealthGrade, 'healthy'> | 'never';
  replaceFaultyDisks: boolean;
}

export function modelForBays(bays: number): CatalogModel {
  if (bays === 48) return 'SN-48X';
  if (bays === 36) return 'SN-36X';
  if (bays === 24) return 'SN-24A';
  throw new RangeError(`no contracted node model has ${bays} bays`);
}

export class TwinAgeingStep implements DayStep {
  readonly name = 'twins';
  private nodes: StorageNodeTwin[] = [];
  private lastGrade = new Map<string, HealthGrade>();
  private involved = new Map<string, { node: string; slot: number; serial: string; grade: string }>();
  private toReplace: { node: StorageNodeTwin; slot: number }[] = [];
  private virtualStartMs = 0;
  private accel = 1;

  constructor(private readonly spec: TwinFleetSpec) {}

  async prepare(ctx: PrepareContext): Promise<void> {
    this.virtualStartMs = ctx.virtualStartMs;
    this.accel = ctx.accel;
    this.nodes = this.spec.nodes.map(
      (n) => new StorageNodeTwin({ id: n.id, seed: ctx.seed, inventory: inventoryFor(n.model), startVirtualMs: ctx.virtualStartMs }),
    );
    this.lastGrade.clear();
    this.involved.clear();
    this.toReplace = [];
    for (const rec of ctx.previous) {
      const again = this.simulate(rec.day);
      const want = rec.incidents.filter((i) => i.source === this.name).map((i) => i.id);
      const got = again.incidents.map((i) => i.id);
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        throw new Error(
          `resume: replaying day ${rec.day} of the twins gives incidents [${got.join(', ')}] but the journal has [${want.join(', ')}]: the journal was written with another seed, profile or twin model`,
        );
      }
    }
  }

  async run(ctx: DayContext): Promise<DayOutcome> {
    return this.simulate(ctx.day);
  }

  private simulate(day: number): DayOutcome {
    let replaced = 0;
    for (const r of this.toReplace) {
      const pulled = r.node.pullDisk(r.slot);
      if (pulled.ok && r.node.insertDisk(r.slot, 'blank').ok) replaced++;
    }
    this.toReplace = [];
    const endMs = this.virtualStartMs + day * DAY_MS;
    const incidents: Incident[] = [];
    const counts: Record<HealthGrade, number> = { healthy: 0, 'sub-healthy': 0, faulty: 0 };
    let maxTemp = -Infinity;
    let failedToday = 0;
    for (const node of this.nodes) {
      for (const ev of node.advanceTo(endMs)) if (ev.key === 'DriveFailure') failedToday++;
      for (const b of node.bays) {
        if (!b.disk || !b.grade) continue;
        counts[b.grade]++;
        maxTemp = Math.max(maxTemp, b.disk.c.temperatureC);
        const key = `${node.id}/${b.slot}/${b.disk.identity.serial}`;
        const before = this.lastGrade.get(key) ?? 'healthy';
        this.lastGrade.set(key, b.grade);
        if (this.spec.replaceFaultyDisks && b.grade === 'faulty') this.toReplace.push({ node, slot: b.slot });
        const rule = this.spec.incidentGrade;
        if (rule === 'never' || GRADE_ORDER[b.grade] < GRADE_ORDER[rule] || GRADE_ORDER[before] >= GRADE_ORDER[rule]) continue;
        const serial = b.disk.identity.serial;
        this.involved.set(key, { node: node.id, slot: b.slot, serial, grade: b.grade });
        const where = `${node.id} ${b.serviceLabel}`;
        incidents.push({
          id: `d${day}-${node.id}-bay${String(b.slot).padStart(2, '0')}-${serial}-${b.grade}`,
          day,
          clause: 'P4',
          kind: b.grade === 'faulty' ? 'disk-faulty' : 'disk-sub-healthy',
          source: this.name,
          nature: 'simulated',
          summary: {
            zh: `${where}（序列号 ${serial}）硬盘健康分级变为“${b.grade === 'faulty' ? '故障' : '亚健康'}”${b.disk.alive ? '' : '（已无响应）'}`,
            en: `${where} (serial ${serial}) disk graded ${b.grade}${b.disk.alive ? '' : ' (not responding)'}`,
          },
          details: {
            node: node.id,
            slot: b.slot,
            serial,
            grade: b.grade,
            alive: b.disk.alive,
            reallocated: b.disk.c.reallocated,
            pending: b.disk.c.pending,
            offlineUncorrectable: b.disk.c.offlineUncorrectable,
            temperatureC: Math.round(b.disk.c.temperatureC * 10) / 10,
            powerOnHours: Math.floor(b.disk.c.powerOnHours),
          },
        });
      }
    }
    return {
      incidents,
      observations: {
        'twins.disks': counts.healthy + counts['sub-healthy'] + counts.faulty,
        'twins.healthy': counts.healthy,
        'twins.subHealthy': counts['sub-healthy'],
        'twins.faulty': counts.faulty,
        'twins.failedToday': failedToday,
        'twins.replaced': replaced,
        'twins.maxTempC': Number.isFinite(maxTemp) ? Math.round(maxTemp * 10) / 10 : 0,
      },
      parts: [{ name: 'twins', nature: 'simulated', accel: this.accel }],
    };
  }

  /** SMART trends of the disks that caused incidents, for the trial report's chart. */
  artifacts(): Record<string, unknown> {
    const disks = [...this.involved.values()].map((d) => {
      const node = this.nodes.find((n) => n.id === d.node)!;
      return {
        ...d,
        points: node.trends.of(d.serial).map((p) => ({
          day: Math.round(((p.atMs - this.virtualStartMs) / DAY_MS) * 100) / 100,
          temperatureC: p.temperatureC,
          reallocated: p.reallocated,
          pending: p.pending,
          offlineUncorrectable: p.offlineUncorrectable,
          gSense: p.gSense,
        })),
      };
    });
    return { 'smart-trends.json': { accel: this.accel, disks } };
  }
}
