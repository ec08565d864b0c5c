// What happens to the cluster while the operations stack watches (the alarm scenario):
//  faults: a disk of node1 goes faulty (M5) and is re-reported every few seconds (M6
//          de-duplication), a disk of node1 turns sub-healthy (M6 classification: a
//          warning, no SMS), several disks of node2 fail at once (M6 merging), a disk in a
//          maintenance window fails (M6 masking: silenced); then the faulty disk of node1 is
//          replaced by a blank one (real pull + insert: the resolution notices of M5).
//  fill:   the cluster is filled at full speed until it is exhausted (M3: the capacity
//          trend warning must come first).
// Disk faults are injected into the twins' SMART counters (simulated); everything after
// that — scrape, rules, routing, relay, channels — is the real stack, timed by wall clock.
import { mkdirSync } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '../clock';
import { fillPseudoRandom } from '../../lib/random';
import type { Channel } from '../outside/arrivals';
import { parseAlarmLines } from '../outside/alarm-format';
import type { OpsContext, OpsStack } from './stack';

const FAULTY_REALLOCATED = 250; // SMART 5 >= 200: faulty (devices/disk/grading.ts R3)
const SUBHEALTHY_REALLOCATED = 5; // >= 1: sub-healthy

export const ALARM_LAYOUT = {
  m5: { node: 'node1', slot: 3 },
  classify: { node: 'node1', slot: 8 },
  merge: { node: 'node2', firstSlot: 12 },
  mask: { node: 'node2', slot: 20 },
} as const;

export async function driveAlarms(ops: OpsStack, ctx: OpsContext): Promise<void> {
  const { spec } = ops;
  await untilScraped(ops, ctx);
  if (spec.phases.includes('faults')) await faultsPhase(ops, ctx);
  if (spec.phases.includes('fill')) await fillPhase(ops, ctx);
  await recordStats(ops, ctx);
}

async function untilScraped(ops: OpsStack, ctx: OpsContext) {
  const t0 = Date.now();
  for (;;) {
    const { up, all } = await ops.prometheus.targetsUp().catch(() => ({ up: 0, all: 0 }));
    if (all > 0 && up === all) break;
    if (Date.now() - t0 > 30_000) throw new Error(`Prometheus scrapes only ${up} of ${all} targets after 30 s (see ops/prometheus.log)`);
    await sleep(500);
  }
  // a few evaluations with nothing wrong: a later alert is caused by the injected fault
  await sleep(3 * Math.max(ops.spec.scrapeSeconds, ops.spec.evaluationSeconds) * 1000);
  ctx.history.append({ kind: 'ops.ready', alertsBefore: (await ops.prometheus.alerts()).map((a) => a.labels.alertname) });
}

function setReallocated(ctx: OpsContext, node: string, slot: number, value: number): string {
  const bay = ctx.rack.node(node).twin.bay(slot);
  if (!bay.disk) throw new Error(`${node} slot ${slot} holds no disk`);
  bay.disk.c.reallocated = Math.max(bay.disk.c.reallocated, value);
  return bay.disk.identity.serial;
}

function inject(
  ctx: OpsContext,
  o: { id: string; node: string; slot: number; severity: 'critical' | 'warning'; purpose: string[]; masked?: boolean },
) {
  const value = o.severity === 'critical' ? FAULTY_REALLOCATED : SUBHEALTHY_REALLOCATED;
  const serial = setReallocated(ctx, o.node, o.slot, value);
  ctx.history.append({
    kind: 'alarm.inject',
    id: o.id,
    node: o.node,
    slot: o.slot,
    serial,
    severity: o.severity,
    purpose: o.purpose,
    masked: o.masked ?? false,
    alertname: o.severity === 'critical' ? 'DiskFaulty' : 'DiskSubHealthy',
    how: `twin SMART 5 (reallocated) := ${value} (simulated)`,
  });
}

async function faultsPhase(ops: OpsStack, ctx: OpsContext) {
  const { spec } = ops;
  const f = spec.faults;
  const L = ALARM_LAYOUT;
  ctx.log(
    `M5/M6: disk faults through the twins (node1 slot ${L.m5.slot} faulty, re-reported for ${f.repeatSeconds} s; ${f.mergeDisks} disks of node2 at once; a silenced maintenance slot; a sub-healthy disk)`,
  );
  // maintenance window first, as an operator would declare it before working on the slot
  const window = { node: L.mask.node, slot: String(L.mask.slot) };
  ctx.history.append({ kind: 'ops.maintenance', matchers: window, seconds: 3600, applied: f.maintenanceSilence });
  if (f.maintenanceSilence) {
    const id = await ops.alertmanager.silence(window, 3600, `maintenance window: ${window.node} slot ${window.slot}`);
    ctx.history.append({ kind: 'ops.silence', id, matchers: window, seconds: 3600 });
  }
  inject(ctx, { id: 'm5', ...L.m5, severity: 'critical', purpose: ['M5', 'M6:dedup'] });
  const t0 = Date.now();
  let repeats = 0;
  let later = 0;
  while (Date.now() - t0 < f.repeatSeconds * 1000) {
    await sleep(f.repeatEverySeconds * 1000);
    // the same fault again: the disk keeps remapping sectors and the agent reports it again
    setReallocated(ctx, L.m5.node, L.m5.slot, FAULTY_REALLOCATED + 10 * ++repeats);
    ctx.history.append({ kind: 'alarm.repeat', id: 'm5', node: L.m5.node, slot: L.m5.slot, n: repeats });
    if (later === 0 && Date.now() - t0 > 2_000) {
      later++;
      inject(ctx, { id: 'classify', ...L.classify, severity: 'warning', purpose: ['M6:classification'] });
    } else if (later === 1 && Date.now() - t0 > 4_000) {
      later++;
      // several disks of one node at once (a backplane or a batch of bad disks)
      for (let k = 0; k < f.mergeDisks; k++)
        inject(ctx, { id: `merge-${k}`, node: L.merge.node, slot: L.merge.firstSlot + k, severity: 'critical', purpose: ['M6:merge'] });
    } else if (later === 2 && Date.now() - t0 > 6_000) {
      later++;
      inject(ctx, { id: 'mask', ...L.mask, severity: 'critical', purpose: ['M6:mask'], masked: true });
    }
  }
  // wait until every channel routed for critical saw the M5 fault (or the bound passes);
  // a channel the relay-drops control swallows is not waited for (nothing can arrive there)
  const waitFor = spec.routes.critical.filter((c) => !spec.relayDrops?.includes(c));
  await untilArrived(ops, waitFor, (l) => l.status === 'firing' && l.node === L.m5.node && l.slot === String(L.m5.slot), f.waitSeconds);
  // the repair: the faulty disk is replaced by a blank one (real hot-swap on the node)
  ctx.log(`M5: replacing the faulty disk node1 slot ${L.m5.slot} (real pull + blank insert) for the resolution notices`);
  const binding = ctx.rack.node(L.m5.node).binding;
  ctx.history.append({ kind: 'alarm.clear', id: 'm5', node: L.m5.node, slot: L.m5.slot, how: 'disk replaced (pull + blank insert)' });
  await binding.pull(L.m5.slot);
  await binding.insert(L.m5.slot, 'blank');
  // a gateway that refuses everything is not waited for: Alertmanager keeps retrying its firing
  // notice and may never get to the resolution (seen: nothing in 65 s)
  const refusing = refusingChannels(spec);
  const resolvedAt = waitFor.filter((c) => !refusing.includes(c));
  await untilArrived(
    ops,
    resolvedAt,
    (l) => l.status === 'resolved' && l.node === L.m5.node && l.slot === String(L.m5.slot),
    f.waitSeconds,
  );
  // a last group interval, so that late (duplicate) messages would be seen
  await sleep(spec.groupIntervalSeconds * 2000);
  ctx.history.append({ kind: 'alarm.phase.end', phase: 'faults' });
}

/** the gateways set to answer every message with an error (a negative control) */
const refusingChannels = (spec: OpsStack['spec']): Channel[] =>
  (Object.keys(spec.channelModes) as Channel[]).filter((c) => spec.channelModes[c] === 'errors');

async function untilArrived(
  ops: OpsStack,
  channels: readonly Channel[],
  match: (l: ReturnType<typeof parseAlarmLines>[number]) => boolean,
  seconds: number,
) {
  // a gateway set to answer errors never accepts: it is waited for until the message reached it
  // (refused), not for the whole bound, which would only make the run longer
  const refusing = refusingChannels(ops.spec);
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    const got = new Set(
      ops.arrivals.filter((a) => (a.accepted || refusing.includes(a.channel)) && parseAlarmLines(a.text).some(match)).map((a) => a.channel),
    );
    if (channels.every((c) => got.has(c))) return;
    await sleep(250);
  }
}

async function fillPhase(ops: OpsStack, ctx: OpsContext) {
  const c = ops.spec.capacity;
  const dir = join(ctx.cluster.mountPoint, 'capacity-fill');
  mkdirSync(dir, { recursive: true });
  // deleted fill data must free its space at once (MooseFS keeps deleted files a day by default)
  await ctx.cluster.setNoTrash('/capacity-fill');
  ctx.log(`M3: filling the cluster until it is exhausted (files of ${c.fileMiB} MiB, at most ${c.fillMaxSeconds} s)`);
  const t0 = Date.now();
  let exhausted: string | null = null;
  let written = 0;
  let lastProgress = Date.now();
  const exhaust = (reason: string, body: Record<string, unknown>) => {
    if (exhausted) return;
    exhausted = reason;
    ctx.history.append({ kind: 'capacity.exhausted', reason, writtenBytes: written, ...body });
  };
  ctx.history.append({
    kind: 'capacity.fill.start',
    fileMiB: c.fileMiB,
    exhaustedBelowPercent: c.exhaustedBelowPercent,
    stallSeconds: STALL_SECONDS,
  });
  const sampler = (async () => {
    while (!exhausted && Date.now() - t0 < c.fillMaxSeconds * 1000) {
      try {
        const nodes = await ctx.cluster.nodeStates();
        const total = nodes.reduce((a, n) => a + n.totalBytes, 0);
        const free = Math.max(0, total - nodes.reduce((a, n) => a + n.usedBytes, 0));
        const pct = total > 0 ? (free / total) * 100 : 100;
        ctx.history.append({ kind: 'capacity.sample', freeBytes: free, totalBytes: total, writtenBytes: written });
        if (pct < c.exhaustedBelowPercent)
          exhaust(`free ${pct.toFixed(2)} % < ${c.exhaustedBelowPercent} %`, { freeBytes: free, totalBytes: total });
        // MooseFS retries a write its chunkservers refuse (ENOSPC) instead of failing it: a
        // nearly full cluster that takes no more data for this long is exhausted for a camera
        else if (pct < STALL_BELOW_PERCENT && Date.now() - lastProgress > STALL_SECONDS * 1000)
          exhaust(`writes stalled ${STALL_SECONDS} s at ${pct.toFixed(2)} % free (chunkservers answer ENOSPC)`, {
            freeBytes: free,
            totalBytes: total,
            atWall: lastProgress,
          });
      } catch {
        // the master busy: the next sample
      }
      await sleep(1_000);
    }
  })();
  const filler = (async () => {
    const block = Buffer.alloc(1 << 20);
    for (let f = 0; !exhausted && Date.now() - t0 < c.fillMaxSeconds * 1000; f++) {
      fillPseudoRandom(block, f + 1);
      let fh: FileHandle | null = null;
      try {
        fh = await open(join(dir, `fill-${String(f).padStart(5, '0')}.bin`), 'w');
        for (let m = 0; m < c.fileMiB && !exhausted; m++) {
          await fh.write(block);
          written += block.length;
          lastProgress = Date.now();
        }
        await fh.close();
        fh = null;
      } catch (e) {
        await fh?.close().catch(() => undefined);
        exhaust(`write failed: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {});
      }
    }
  })();
  // a write MooseFS keeps retrying may hang: the phase ends when the sampler does
  await sampler;
  await Promise.race([filler, sleep(5_000)]);
  if (!exhausted) ctx.history.append({ kind: 'capacity.fill.timeout', seconds: c.fillMaxSeconds, writtenBytes: written });
  ctx.log(
    `M3: fill ended after ${Math.round((Date.now() - t0) / 1000)} s, ${(written / 2 ** 30).toFixed(2)} GiB written: ${exhausted ?? 'not exhausted'}`,
  );
  // the warning's messages and the recording-gap alarm a full cluster causes
  await sleep(ops.spec.groupIntervalSeconds * 2000);
  // the operator's answer to the warning (here: delete the fill) lets the cameras' retried writes finish
  await rm(dir, { recursive: true, force: true }).catch((e: Error) => ctx.log(`could not delete the fill data: ${e.message}`));
  ctx.history.append({ kind: 'capacity.freed', path: 'capacity-fill' });
  ctx.history.append({ kind: 'alarm.phase.end', phase: 'fill' });
}

const STALL_SECONDS = 15;
// with 24 small bays per node a few bays fill up first and MooseFS stops taking data with
// 10-15 % of the raw space still free (seen: 12 %); a stall with more free than this is not capacity
const STALL_BELOW_PERCENT = 25;

/** The stack's own statistics at the end: Alertmanager's notification counters, read until
 *  they and the channels' arrivals stand still for a group interval (a notification in flight
 *  would be counted by Alertmanager before its channel records it); 'settled' says whether they did. */
async function recordStats(ops: OpsStack, ctx: OpsContext) {
  const series = (am: string, name: string) =>
    [...am.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))].map((m) => ({ labels: m[1]!, value: Number(m[2]) }));
  const read = async () => {
    const am = await ops.alertmanager.metrics().catch(() => '');
    return {
      amAlertsReceived: series(am, 'alertmanager_alerts_received_total').reduce((a, s) => a + s.value, 0),
      amNotifications: series(am, 'alertmanager_notifications_total'),
      amNotificationsFailed: series(am, 'alertmanager_notifications_failed_total'),
      arrivals: ops.arrivals.length,
    };
  };
  const still = Math.max(2, ops.spec.groupIntervalSeconds + 1) * 1000;
  const t0 = Date.now();
  let prev = await read();
  let settled = false;
  // a gateway that refuses everything is retried for ever: the counters never stand still,
  // so they are read once and recorded as not settled, with the reason
  const refusing = refusingChannels(ops.spec);
  while (!refusing.length && Date.now() - t0 < 60_000) {
    await sleep(still);
    const cur = await read();
    // alerts_received keeps rising (Prometheus re-sends firing alerts): only what notifies counts
    const moving = (x: typeof cur) => JSON.stringify([x.amNotifications, x.amNotificationsFailed, x.arrivals]);
    const same = moving(cur) === moving(prev);
    prev = cur;
    if (same) {
      settled = true;
      break;
    }
  }
  const sent = await ops.prometheus.query('prometheus_notifications_sent_total').catch(() => []);
  const { arrivals, ...counters } = prev;
  ctx.history.append({
    kind: 'ops.stats',
    prometheusAlertsSent: sent.reduce((a, s) => a + Number(s.value[1]), 0),
    ...counters,
    arrivalsSeen: arrivals,
    settled,
    ...(refusing.length ? { notSettledBecause: `${refusing.join(', ')} refuses every message; Alertmanager retries it without end` } : {}),
  });
}
