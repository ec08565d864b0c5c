// The operations drill (T11, M7, M2, M4), run while the cameras write to the real core:
//  1. T11: the twins' disks age in virtual time (SIMULATED) with a basic check each virtual
//     day, seeded media defects are put into some disks, then a deep check of every disk;
//     all reads go through each node's BMC over HTTP, as an operations platform would.
//  2. M7: the faulty slots by the vendor's grading, their locate LEDs lit through the BMC
//     (read back over HTTP and seen in the twin), their physical positions recorded for the
//     export, then replaced in one batch with blank disks on the REAL core (pull + insert),
//     the core must list every new disk ok; LEDs off again.
//  3. M2: the one-screen page served on loopback, opened in headless Chromium; a healthy
//     bay is pulled and the time until the page shows the pulled bay and its alarm is
//     measured; screenshot as evidence; the disk goes back in.
//  (T11's picture of one disk's 硬盘体检报告 is a report step: reports/disk-report-evidence.ts,
//  from the saved history, before the run folder is sealed.)
// It records; it never judges (sim/checkers/ does, from the history).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { vendorApiDefect, type OperationsDrillSpec } from '../plan/scenario';
import { injectMediaDefect } from '../../devices/disk/defects';
import type { StorageCore } from '../core/adapter';
import type { ChunkHealthCounts, CoreDiskView } from '../core/adapter';
import type { HistoryWriter } from '../history';
import { streamFor } from '../../lib/random';
import { sleep } from '../clock';
import type { Rack } from '../topology/rack';
import { bayName } from '../topology/bays';
import type { VideoLoad } from '../workload/video-load';
import { BmcClient } from './bmc-client';
import { checkRound } from './disk-checks';
import { mockNonCompliantVendor, type VendorMock } from './vendor-defects';
import { startConsole } from '../console/server';
import type { Alarm, AlarmSource, OpsSnapshot } from '../console/snapshot';
import { chromiumPath, launchChromium } from '../console/browser';

export interface DrillContext {
  cluster: StorageCore;
  rack: Rack;
  history: HistoryWriter;
  load: VideoLoad;
  outDir: string;
  seed: string;
  log: (msg: string) => void;
  /** more alarm sources (e.g. Alertmanager) next to the BMCs' event logs */
  alarmSources?: AlarmSource[];
  /** the vendor API of a node (default: its twin BMC; a control puts a non-compliant one in front) */
  urlOf?: (node: string) => string;
}

const DAY_MS = 86_400_000;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export async function runOperationsDrill(spec: OperationsDrillSpec, ctx: DrillContext): Promise<void> {
  const { history, rack } = ctx;
  history.append({ kind: 'ops.drill.start', spec });
  const mocks = new Map<string, VendorMock>();
  try {
    const vendor = vendorApiDefect(spec.controls ?? []);
    if (vendor) {
      for (const [name, n] of rack.nodes) mocks.set(name, await mockNonCompliantVendor(vendor, n.bmc.url));
      history.append({
        kind: 'control.defect',
        defect: vendor,
        where: 'vendor API (msw handlers served on loopback in front of each BMC)',
      });
    }
    ctx = { ...ctx, urlOf: (name) => mocks.get(name)?.url ?? rack.node(name).bmc.url };
    await diskHealth(spec, ctx);
    await slotService(spec, ctx);
    await opsPage(spec, ctx);
    // last, so that the players' random reads meet the hole for as short a time as possible
    if (spec.controls?.includes('recording-deleted')) await deleteOneRecording(ctx);
  } finally {
    await Promise.all([...mocks.values()].map((m) => m.close()));
    history.append({ kind: 'ops.drill.end' });
  }
}

// ---- T11 -------------------------------------------------------------------------------

async function diskHealth(spec: OperationsDrillSpec, ctx: DrillContext) {
  const { rack, history } = ctx;
  const t0 = performance.now();
  const v0 = Math.min(...[...rack.nodes.values()].map((n) => n.twin.virtualNowMs));
  for (let day = 1; day <= spec.agingDays; day++) {
    for (const n of rack.nodes.values()) n.twin.advanceTo(v0 + day * DAY_MS);
    await checkRound(rack, history, { round: `day-${day}`, check: 'basic', urlOf: ctx.urlOf });
    await sleep(100); // the camera load shares this event loop
  }
  const agingWall = (performance.now() - t0) / 1000;
  const deaths: string[] = [];
  for (const [name, n] of rack.nodes) for (const slot of await n.binding.applyDiskDeaths()) deaths.push(`${name}/${slot}`);
  history.append({
    kind: 'disk.aging',
    virtualDays: spec.agingDays,
    wallSeconds: r3(agingWall),
    accel: agingWall > 0 ? Math.round((spec.agingDays * 86_400) / agingWall) : null,
    deaths,
    nature: 'simulated',
  });
  ctx.log(`T11: ${spec.agingDays} virtual days of disk ageing with a daily check in ${agingWall.toFixed(1)} s (simulated)`);

  // seeded grown defects (simulated) in healthy, present disks
  const rng = streamFor(ctx.seed, 'operations/defects');
  const candidates = [...rack.nodes.entries()].flatMap(([name, n]) =>
    n.twin.bays.filter((b) => b.state === 'present' && b.grade === 'healthy').map((b) => ({ name, b })),
  );
  const chosen: typeof candidates = [];
  const want = spec.defects.faulty + spec.defects.subHealthy;
  while (chosen.length < want && candidates.length) chosen.push(candidates.splice(rng.int(0, candidates.length - 1), 1)[0]!);
  chosen.forEach(({ name, b }, i) => {
    const defect = i < spec.defects.faulty ? { reallocated: 240 + rng.int(0, 200), pending: rng.int(0, 4) } : { pending: rng.int(1, 6) };
    injectMediaDefect(b.disk!, defect);
    history.append({ kind: 'disk.defect', node: name, slot: b.slot, serial: b.disk!.identity.serial, defect, nature: 'simulated' });
  });
  // one more virtual hour: the twins' firmware re-reads its counters and grades
  for (const n of rack.nodes.values()) n.twin.advance(1);
  const deep = await checkRound(rack, history, { round: 'deep', check: 'deep', urlOf: ctx.urlOf });
  // the trend data the charts draw (the twins' daily samples, by serial)
  for (const [name, n] of rack.nodes) {
    for (const b of n.twin.bays) {
      if (!b.disk) continue;
      history.append({
        kind: 'disk.trend',
        node: name,
        slot: b.slot,
        serial: b.disk.identity.serial,
        points: n.twin.trends.of(b.disk.identity.serial),
        nature: 'simulated',
      });
    }
  }
  ctx.log(`T11: deep check of ${deep.checked} disks through the BMCs: ${deep.faulty.length} faulty`);
}

// ---- M7 -------------------------------------------------------------------------------

export function rackUnits(spec: OperationsDrillSpec['rack'], index: number): { rack: string; uFrom: number; uTo: number } {
  const uFrom = spec.firstU + index * spec.unitsPerNode;
  return { rack: spec.name, uFrom, uTo: uFrom + spec.unitsPerNode - 1 };
}

async function slotService(spec: OperationsDrillSpec, ctx: DrillContext) {
  const { rack, history, cluster } = ctx;
  const names = [...rack.nodes.keys()];
  // the faulty slots, as the vendor's BMC grades them (what the operator's list shows)
  const faulty: {
    node: string;
    slot: number;
    serial: string | null;
    label: string;
    row: number;
    column: number;
    rack: string;
    uFrom: number;
    uTo: number;
    health: string | null;
  }[] = [];
  for (const [name, n] of rack.nodes) {
    const bmc = new BmcClient(ctx.urlOf?.(name) ?? n.bmc.url, name);
    for (const d of await bmc.drives(n.twin.bays.length)) {
      if (d.Oem?.Twin?.HealthGrade !== 'faulty') continue;
      const slot = Number(d.Id);
      const pos = d.Oem.Twin.Position ?? { Row: 0, Column: 0 };
      faulty.push({
        node: name,
        slot,
        serial: d.SerialNumber ?? null,
        label: d.PhysicalLocation?.PartLocation?.ServiceLabel ?? '',
        row: pos.Row + 1,
        column: pos.Column + 1,
        ...rackUnits(spec.rack, names.indexOf(name)),
        health: d.Status?.Health ?? null,
      });
    }
  }
  history.append({ kind: 'm7.faulty-slots', slots: faulty });
  ctx.log(`M7: ${faulty.length} faulty slots: ${faulty.map((f) => `${f.node}/${f.slot}`).join(', ') || 'none'}`);

  // one click: every faulty slot's locate LED on, read back over HTTP and seen in the twin
  const led = async (node: string, slot: number, on: boolean) => {
    const n = rack.node(node);
    const bmc = new BmcClient(ctx.urlOf?.(node) ?? n.bmc.url, node);
    const t = performance.now();
    const httpStatus = await bmc.setLocate(slot, on);
    const readback = (await bmc.drive(slot)).LocationIndicatorActive ?? null;
    history.append({
      kind: 'm7.led',
      node,
      slot,
      on,
      httpStatus,
      readback,
      twinLed: n.twin.bay(slot).locateLed,
      seconds: r3((performance.now() - t) / 1000),
    });
  };
  for (const f of faulty) await led(f.node, f.slot, true);

  // batch replacement on the real core: pull each faulty disk, put a blank one in
  const t0 = performance.now();
  history.append({ kind: 'm7.replace.start', count: faulty.length });
  for (const f of faulty) {
    const n = rack.node(f.node);
    const t = performance.now();
    const pulled = await n.binding.pull(f.slot);
    const inserted = await n.binding.insert(f.slot, 'blank');
    history.append({
      kind: 'm7.replace',
      node: f.node,
      slot: f.slot,
      oldSerial: f.serial,
      newSerial: inserted.serial ?? null,
      pulled,
      inserted,
      seconds: r3((performance.now() - t) / 1000),
    });
    ctx.log(
      `M7: ${f.node}/${f.slot} replaced in ${((performance.now() - t) / 1000).toFixed(1)} s (core took the new disk back after ${inserted.coreAcceptedSeconds ?? 'never'} s)`,
    );
  }
  const views = await cluster.diskViews();
  history.append({
    kind: 'm7.replace.end',
    seconds: r3((performance.now() - t0) / 1000),
    core: faulty.map(
      (f) =>
        views.find((v) => v.node === f.node && v.bay === bayName(f.slot)) ?? {
          node: f.node,
          bay: bayName(f.slot),
          status: 'not listed',
          chunks: 0,
          lastError: null,
        },
    ),
  });
  for (const f of faulty) await led(f.node, f.slot, false);
  // the new disks checked like any other
  const slots = new Map<string, number[]>();
  for (const f of faulty) slots.set(f.node, [...(slots.get(f.node) ?? []), f.slot]);
  if (faulty.length) await checkRound(rack, history, { round: 'after-replacement', check: 'deep', slots, urlOf: ctx.urlOf });
}

// ---- M2 -------------------------------------------------------------------------------

/** Alarms from the BMCs' event logs (Redfish LogEntry, Warning and Critical). */
export function bmcAlarmSource(rack: Rack): AlarmSource {
  const firstSeen = new Map<string, number>();
  return {
    name: 'bmc-eventlog',
    async alarms() {
      const out: Alarm[] = [];
      for (const [name, n] of rack.nodes) {
        for (const e of await new BmcClient(n.bmc.url, name).events()) {
          if (e.Severity !== 'Warning' && e.Severity !== 'Critical') continue;
          const m = /\/Drives\/(\d+)$/.exec(e.Links?.OriginOfCondition?.['@odata.id'] ?? '');
          const key = `${name}/${e.Id}`;
          if (!firstSeen.has(key)) firstSeen.set(key, Date.now());
          out.push({
            source: 'bmc-eventlog',
            seenAt: firstSeen.get(key)!,
            node: name,
            severity: e.Severity,
            messageId: e.MessageId,
            message: e.Message,
            args: e.MessageArgs ?? [],
            origin: m ? `drive:${m[1]}` : 'chassis',
            created: e.Created,
          });
        }
      }
      return out;
    },
  };
}

export function snapshotBuilder(ctx: Pick<DrillContext, 'rack' | 'cluster' | 'load' | 'alarmSources'>) {
  const sources = [bmcAlarmSource(ctx.rack), ...(ctx.alarmSources ?? [])];
  let last: { at: number; bytes: number } | null = null;
  // the core's answers (docker exec of mfscli) take seconds on a busy host: they are refreshed
  // in the background and the page shows the latest, so hardware and alarms are never held up
  type CoreCache = { views: CoreDiskView[]; chunks: ChunkHealthCounts | null; running: boolean[] };
  let core: CoreCache = { views: [], chunks: null, running: ctx.cluster.nodes.map(() => true) };
  let refreshing: Promise<void> | null = null;
  const refreshCore = () => {
    refreshing ??= Promise.all([
      ctx.cluster.diskViews(),
      ctx.cluster.chunkHealth().catch(() => null),
      Promise.all(ctx.cluster.nodes.map((n) => ctx.cluster.isRunning(n.name))),
    ])
      .then(
        ([views, chunks, running]) => void (core = { views, chunks, running }),
        () => undefined,
      )
      .finally(() => (refreshing = null));
    return refreshing;
  };
  return async (seq: number): Promise<OpsSnapshot> => {
    if (seq === 1) await refreshCore();
    else void refreshCore();
    const alarms = await Promise.all(sources.map((s) => s.alarms().catch(() => [])));
    const { views, chunks, running } = core;
    // bays as the chassis holds them (the twin is the hardware the BMC reports on)
    const nodes = [...ctx.rack.nodes.entries()].map(([name, n]) => {
      const i = ctx.cluster.nodes.findIndex((c) => c.name === name);
      return {
        name,
        address: ctx.cluster.nodes[i]?.address ?? '',
        running: running[i] ?? false,
        bays: n.twin.bays.map((b) => ({
          slot: b.slot,
          label: b.serviceLabel,
          state: b.state,
          grade: b.grade,
          led: b.locateLed,
          core: views.find((v) => v.node === name && v.bay === bayName(b.slot))?.status ?? null,
        })),
      };
    });
    const at = Date.now();
    const p = ctx.load.progress;
    const writeMbps = last && at > last.at ? ((p.bytes - last.bytes) * 8) / 1e6 / ((at - last.at) / 1000) : 0;
    last = { at, bytes: p.bytes };
    return {
      at,
      seq,
      nodes,
      network: nodes.map((n) => ({ node: n.name, address: n.address, link: n.running ? 'up' : 'down' })),
      core: {
        name: `${ctx.cluster.name} ${ctx.cluster.version}`,
        disksOk: views.filter((v) => v.serving).length,
        disksListed: views.length,
        chunks: chunks ? { ...chunks } : null,
      },
      business: {
        cameras: ctx.load.spec.cameras,
        segments: p.written,
        bytes: p.bytes,
        writeErrors: p.writeErrors,
        dropped: p.dropped,
        writeMbps,
      },
      alarms: alarms
        .flat()
        .sort((a, b) => (a.seenAt ?? 0) - (b.seenAt ?? 0) || a.created.localeCompare(b.created) || a.node.localeCompare(b.node)),
    };
  };
}

async function opsPage(spec: OperationsDrillSpec, ctx: DrillContext) {
  const { rack, history } = ctx;
  const exe = chromiumPath();
  if (!exe) {
    history.append({ kind: 'm2.page', loaded: false, error: 'no Chromium found (apt-get install chromium, or ACCEPT_CHROMIUM)' });
    return;
  }
  const frozen = !!spec.controls?.includes('stale-page');
  if (frozen) history.append({ kind: 'control.defect', defect: 'stale-page', where: 'one-screen page (snapshot never refreshed)' });
  const server = await startConsole({ build: snapshotBuilder(ctx), refreshMs: spec.page.refreshMs, pollMs: spec.page.pollMs, frozen });
  const browser = await launchChromium(exe);
  const evidence = join(ctx.outDir, 'evidence');
  mkdirSync(evidence, { recursive: true });
  const screenshot = join(evidence, 'ops-page.png');
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const tLoad = performance.now();
    await page.goto(server.url, { waitUntil: 'load', timeout: 30_000 });
    const loaded = await page.waitForSelector('body[data-seq]', { timeout: 30_000 }).then(
      () => true,
      () => false,
    );
    const loadSeconds = r3((performance.now() - tLoad) / 1000);
    // a healthy, present bay with no earlier alarm, chosen by the seed
    const rng = streamFor(ctx.seed, 'operations/page-pull');
    const names = [...rack.nodes.keys()];
    const node = rng.pick(names);
    const n = rack.node(node);
    const slot = rng.pick(
      n.twin.bays
        .filter(
          (b) =>
            b.state === 'present' &&
            b.grade === 'healthy' &&
            !n.twin.log.list().some((e) => e.origin.kind === 'drive' && e.origin.slot === b.slot),
        )
        .map((b) => b.slot),
    );
    const within = spec.page.withinSeconds * 1000;
    const t0 = performance.now();
    history.append({ kind: 'm2.pull', node, slot, withinSeconds: spec.page.withinSeconds });
    const pulling = n.binding.pull(slot);
    const seen = (selector: string) =>
      page.waitForSelector(selector, { timeout: within }).then(
        () => r3((performance.now() - t0) / 1000),
        () => null,
      );
    const [baySeconds, alarmSeconds] = await Promise.all([
      seen(`.bay[data-node="${node}"][data-slot="${slot}"][data-state="pulled"]`),
      seen(`tr.alarm[data-node="${node}"][data-origin="drive:${slot}"][data-message-id$=".DriveRemoved"]`),
    ]);
    await page.screenshot({ path: screenshot, fullPage: true });
    const pageSeq = Number(await page.getAttribute('body', 'data-seq'));
    const pulled = await pulling;
    history.append({
      kind: 'm2.page',
      loaded,
      loadSeconds,
      node,
      slot,
      baySeconds,
      alarmSeconds,
      withinSeconds: spec.page.withinSeconds,
      pollMs: spec.page.pollMs,
      refreshMs: spec.page.refreshMs,
      snapshots: server.builds(),
      pageSeq,
      screenshot: 'evidence/ops-page.png',
      coreNoticedSeconds: pulled.coreNoticedSeconds,
    });
    ctx.log(
      `M2: page loaded in ${loadSeconds} s; pulled ${node}/${slot} shown after ${baySeconds ?? 'never'} s, its alarm after ${alarmSeconds ?? 'never'} s`,
    );
    const back = await n.binding.insert(slot, 'same');
    history.append({ kind: 'm2.reinsert', node, slot, coreAcceptedSeconds: back.coreAcceptedSeconds });
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
}

// ---- M4 control -----------------------------------------------------------------------

/** The M4 control: one acknowledged recording removed long before its retention period ends. */
async function deleteOneRecording(ctx: DrillContext) {
  const cams = ctx.load.acked.filter((a) => a.role === 'camera');
  const first = cams[0]?.camera;
  const mine = cams.filter((a) => a.camera === first);
  const victim = mine[Math.floor(mine.length / 2)];
  if (!victim) throw new Error('M4 control: no acknowledged camera segment to delete yet');
  rmSync(join(ctx.cluster.mountPoint, victim.path));
  ctx.history.append({ kind: 'control.defect', defect: 'recording-deleted', where: 'recording storage', path: victim.path });
}
