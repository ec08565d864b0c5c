// A field trial's day: the checks a delivered system gets once a calendar day. The field probe
// (the same run as `accept probe`, injected by the command line) reads every BMC and the switch
// (T1, T2, M1, S1), writes a short camera load under the target's test folder and reads it back
// (T3, the load thresholds); then the disks' health as the BMCs and the core report them, and the
// capacity in use. Every check that FAILs is a trial problem, counted as P4/P5 say.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CoreDiskState } from '../../sim/core/adapter';
import { readHistory, type HistoryEvent } from '../../sim/history';
import { INVENTORY_EVENT, type InventoryEvent } from '../../sim/inventory-event';
import { combinedNature, type Nature, type Verdict } from '../../sim/verdict';
import type { DayContext, DayOutcome, DayStep } from './day-step';
import { incidentsOfDayChecks, type DayCheck } from './ledger';

/** The core's own disk list: what it answered, or why it did not (null: the target gives no management access). */
export type CoreDisks = { disks: CoreDiskState[] } | { error: string } | null;

/** What the day's probe gives back: its run folder's history and verdicts, and what was read after it. */
export interface FieldCheckRun {
  historyPath: string;
  verdicts: readonly Pick<Verdict, 'clause' | 'status' | 'reasons' | 'nature'>[];
  core: CoreDisks;
  /** the mount's file system, after the test data was removed */
  mount: { totalBytes: number; freeBytes: number } | null;
}

/** The day's probe; `unavailable`: the storage was not there at the mount (nothing could be written or read). */
export type FieldDayProbe = (o: { day: number; seed: string; outDir: string }) => Promise<FieldCheckRun | { unavailable: string }>;

export interface DiskHealth {
  status: DayCheck['status'];
  nature: Nature;
  reasons: string[];
  drives: number;
  unhealthy: number;
}

/**
 * The disks as the BMCs' drives (Status.Health, FailurePredicted) and the core's disk list (in
 * service or not) show them. A FAIL names each disk; without one, whatever went unseen (a BMC
 * that did not answer, a drive not read, the core not answering) leaves it INCONCLUSIVE.
 */
export function diskHealth(events: readonly HistoryEvent[], core: CoreDisks): DiskHealth {
  const walks = (events.filter((e) => e.kind === INVENTORY_EVENT) as unknown as InventoryEvent[]).filter((w) => w.role === 'storage-node');
  const reasons: string[] = [];
  const unseen: string[] = [];
  const natureOf = (w: InventoryEvent): Nature => (w.source === 'twin' ? 'simulated' : 'measured');
  const sources: Nature[] = [];
  const failedFrom: Nature[] = [];
  let drives = 0;
  for (const w of walks) {
    if (!w.reachable) {
      unseen.push(`${w.target}'s BMC did not answer (${w.error ?? 'unreachable'})`);
      continue;
    }
    sources.push(natureOf(w));
    for (const r of w.resources.filter((x) => x.kind === 'Drive')) {
      if (r.status !== 'read') {
        if (r.status === 'error') unseen.push(`${w.target}: ${r.url ?? r.via} not read (${r.error ?? `HTTP ${r.http}`})`);
        continue;
      }
      if (r.properties['Status.State'] === 'Absent') continue;
      drives++;
      const health = r.properties['Status.Health'];
      if (health === 'Warning' || health === 'Critical' || r.properties['FailurePredicted'] === true) {
        failedFrom.push(natureOf(w));
        const slot = r.properties['PhysicalLocation.PartLocation.LocationOrdinalValue'];
        reasons.push(
          `${w.target} ${slot === undefined ? (r.url ?? r.via) : `slot ${slot}`}: the BMC reports Health ${String(health)}${r.properties['FailurePredicted'] === true ? ', failure predicted' : ''}`,
        );
      }
    }
  }
  if (core && 'error' in core) unseen.push(`the core's disk list was not read (${core.error})`);
  else if (core) {
    sources.push('measured');
    for (const d of core.disks.filter((x) => !x.serving)) {
      failedFrom.push('measured');
      reasons.push(`the core lists ${d.address}:${d.path} not in service (${d.status})`);
    }
  }
  const nature = combinedNature(sources) ?? 'measured';
  if (failedFrom.length)
    // a problem is measured when a delivered machine or the core showed it, simulated when only a twin did
    return {
      status: 'FAIL',
      nature: failedFrom.includes('measured') ? 'measured' : 'simulated',
      reasons: [...reasons, ...unseen],
      drives,
      unhealthy: failedFrom.length,
    };
  const listed = core && 'disks' in core ? core.disks.length : 0;
  if (unseen.length || (!drives && !listed))
    return {
      status: 'INCONCLUSIVE',
      nature,
      reasons: unseen.length ? unseen : ['no BMC listed a drive and the core listed no disk: nothing was seen of the disks'],
      drives,
      unhealthy: 0,
    };
  return {
    status: 'PASS',
    nature,
    reasons: [
      `${drives} drives healthy as their BMCs report them${core && 'disks' in core ? `, ${listed} disks in service as the core lists them` : ''}`,
    ],
    drives,
    unhealthy: 0,
  };
}

export class FieldDayStep implements DayStep {
  readonly name = 'field';
  constructor(private readonly o: { dir: string; probe: FieldDayProbe }) {}

  async prepare(): Promise<void> {}

  async run(ctx: DayContext): Promise<DayOutcome> {
    const outDir = join(this.o.dir, 'days', `day-${String(ctx.day).padStart(3, '0')}`);
    mkdirSync(outDir, { recursive: true });
    const r = await this.o.probe({ day: ctx.day, seed: `${ctx.seed}-d${ctx.day}`, outDir });
    if ('unavailable' in r) {
      const checks: DayCheck[] = [{ clause: 'mount', status: 'FAIL', history: '', reasons: [r.unavailable], nature: 'measured' }];
      return {
        incidents: incidentsOfDayChecks(ctx.day, checks, 'field'),
        observations: {},
        parts: [{ name: 'field', nature: 'measured' }],
        checks,
      };
    }
    const history = relative(this.o.dir, r.historyPath);
    const disks = diskHealth(readHistory(r.historyPath).events, r.core);
    writeFileSync(join(outDir, 'disk-health.json'), JSON.stringify({ ...disks, core: r.core }, null, 1) + '\n');
    const checks: DayCheck[] = [
      ...r.verdicts.map((v) => ({ clause: v.clause, status: v.status, history, reasons: v.reasons, nature: v.nature })),
      { clause: 'disks', status: disks.status, history, reasons: disks.reasons, nature: disks.nature },
    ];
    // a FAIL that rests on a twin's answer (the reference held as a target) is a simulated problem, not a measured one
    const incidents = incidentsOfDayChecks(ctx.day, checks, 'field').map((i, k) => {
      const failed = checks.filter((c) => c.status === 'FAIL')[k]!;
      return failed.nature === 'measured' ? i : { ...i, nature: 'simulated' as const };
    });
    const observations: Record<string, number> = { 'field.drives': disks.drives, 'field.disksUnhealthy': disks.unhealthy };
    if (r.mount) {
      observations['field.mountTotalBytes'] = r.mount.totalBytes;
      observations['field.mountUsedBytes'] = r.mount.totalBytes - r.mount.freeBytes;
    }
    return { incidents, observations, parts: [{ name: 'field', nature: 'measured' }], checks };
  }
}
