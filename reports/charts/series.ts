// Chart data from a saved history: pure functions, no rendering. Everything is read from
// event kinds, never from clause IDs, so new clauses and fault kinds show up by themselves.
//
// Event shapes read here (fields beyond these are ignored):
//   segment.write   { outcome, startMono, latencyMs, bytes? }          (sim/workload/cameras.ts)
//   scaleout.add / scaleout.powered { node, address? }                 (sim/nemesis/scaleout.ts)
//   core.placement  { ackMono, chunks: [{ copies: [address] }] }       (sim/observe/core-observer.ts)
//   topology.up     { nodes: [{ name, address }] }
//   fault.start     { id?, fault?|type?|name?, target?|node? }
//   fault.end       { id?, fault?|type?|name? }
//   fault.end       { id, recovered? }      heal.by { id, mechanism }
//   fault.effect / fault.cleanup { id, ... } (sim/nemesis/faults.ts)
import { eventsOf, firstOf, type HistoryEvent } from '../../sim/history';
import type { Bilingual } from '../../sim/verdict';
import type { FaultRecovery } from '../../sim/checkers/selfheal';
import { holdsNoChunk } from '../../sim/heal/healed';

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const str = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : null);

export interface WriteBucket {
  /** bucket start, seconds since run start */
  tS: number;
  writes: number;
  errors: number;
  mbps: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/**
 * Bytes of an acknowledged write. A history whose writes all say 0 bytes (a recording
 * bug seen once) falls back to the load's declared segment size; the chart says so.
 */
export function bytesPerWrite(events: readonly HistoryEvent[]): { of: (w: HistoryEvent) => number; fromSpec: number | null } {
  const ok = events.filter((e) => e.kind === 'segment.write' && e.outcome === 'ok');
  if (ok.some((w) => (num(w.bytes) ?? 0) > 0)) return { of: (w) => num(w.bytes) ?? 0, fromSpec: null };
  const spec = num(firstOf(events, 'load.start')?.segmentBytes);
  return spec ? { of: () => spec, fromSpec: spec } : { of: () => 0, fromSpec: null };
}

/** Throughput and latency per bucket, by acknowledgement time (startMono + latencyMs). */
export function writeBuckets(events: readonly HistoryEvent[], bucketS = 2): WriteBucket[] {
  const writes = eventsOf(events, 'segment.write');
  if (writes.length === 0) return [];
  const size = bytesPerWrite(events);
  const groups = new Map<number, { lat: number[]; bytes: number; errors: number }>();
  let first = Infinity;
  let last = -Infinity;
  for (const w of writes) {
    const start = num(w.startMono) ?? w.mono;
    const lat = num(w.latencyMs) ?? 0;
    const t = (start + lat) / 1000;
    const b = Math.floor(t / bucketS);
    first = Math.min(first, b);
    last = Math.max(last, b);
    const g = groups.get(b) ?? { lat: [], bytes: 0, errors: 0 };
    if (w.outcome === 'ok') {
      g.lat.push(lat);
      g.bytes += size.of(w);
    } else g.errors++;
    groups.set(b, g);
  }
  const out: WriteBucket[] = [];
  for (let b = first; b <= last; b++) {
    const g = groups.get(b) ?? { lat: [], bytes: 0, errors: 0 };
    const sorted = g.lat.sort((x, y) => x - y);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : null);
    out.push({
      tS: b * bucketS,
      writes: sorted.length,
      errors: g.errors,
      mbps: (g.bytes * 8) / 1e6 / bucketS,
      p50Ms: pct(50),
      p99Ms: pct(99),
      maxMs: sorted.length ? sorted[sorted.length - 1]! : null,
    });
  }
  return out;
}

const faultName = (e: HistoryEvent) => str(e.fault) ?? str(e.type) ?? str(e.name) ?? str(e.id) ?? 'fault';
const faultTarget = (e: HistoryEvent) => str(e.target) ?? str(e.node) ?? null;

export interface Marker {
  tS: number;
  /** a fault window ends here (fault.end of the same id); absent for a single instant */
  toS?: number;
  kind: 'fault' | 'scaleout.add' | 'scaleout.powered';
  label: Bilingual;
}

/** Fault windows (fault.start..fault.end of one id) and scale-out instants for the time charts. */
export function timeMarkers(events: readonly HistoryEvent[]): Marker[] {
  const out: Marker[] = [];
  const operatorAdded = new Set<string>();
  for (const e of events) {
    const tS = e.mono / 1000;
    if (e.kind === 'fault.start') {
      const id = str(e.id);
      const end = id ? events.find((x) => x.kind === 'fault.end' && str(x.id) === id && x.mono >= e.mono) : undefined;
      const target = faultTarget(e);
      const what = `${faultName(e)}${target ? ` ${target}` : ''}${e.slot !== undefined ? ` slot ${String(e.slot)}` : ''}`;
      out.push({ tS, ...(end ? { toS: end.mono / 1000 } : {}), kind: 'fault', label: { zh: `故障 ${what}`, en: `fault ${what}` } });
    } else if (e.kind === 'scaleout.add') {
      const node = str(e.node) ?? '';
      // an operator's node (field mode): T8's add is its BMC showing On, and the harness learns its
      // address when the core lists it (scaleout.powered); a managed node's is known when its start returns
      if (e.mode === 'operator') operatorAdded.add(node);
      else operatorAdded.delete(node);
      out.push({
        tS,
        kind: 'scaleout.add',
        label:
          e.mode === 'operator'
            ? { zh: `扩容：${node} 上电（BMC 显示 On）`, en: `scale-out: ${node} powered on (its BMC shows On)` }
            : { zh: `扩容：加入 ${node}`, en: `scale-out: add ${node}` },
      });
    } else if (e.kind === 'scaleout.powered') {
      const address = str(e.address) ?? '';
      out.push({
        tS,
        kind: 'scaleout.powered',
        label: operatorAdded.has(str(e.node) ?? '')
          ? { zh: `存储核心列出新节点 ${address}`, en: `the core lists the new node ${address}` }
          : { zh: `新节点上电 ${address}`, en: `new node up ${address}` },
      });
    }
  }
  return out;
}

export interface NodeCopies {
  node: string;
  address: string;
  /** chunk copies of segments acknowledged before the first scale-out add */
  before: number;
  /** chunk copies of segments acknowledged after it */
  after: number;
  added: boolean;
}

/** Chunk copies per node, split at the first scale-out (all 'before' when there was none). */
export function copiesPerNode(events: readonly HistoryEvent[]): NodeCopies[] {
  const placement = eventsOf(events, 'core.placement');
  if (placement.length === 0) return [];
  const names = new Map<string, string>();
  const up = firstOf(events, 'topology.up');
  for (const n of up?.nodes ?? []) if (n.address) names.set(n.address, n.name ?? n.address);
  const addedAddrs = new Set<string>();
  for (const e of events)
    if (e.kind === 'scaleout.powered' && str(e.address)) {
      names.set(e.address, str(e.node) ?? e.address);
      addedAddrs.add(e.address);
    }
  const split = firstOf(events, 'scaleout.add')?.mono ?? Infinity;
  const per = new Map<string, NodeCopies>();
  const get = (addr: string) => {
    let r = per.get(addr);
    if (!r) per.set(addr, (r = { node: names.get(addr) ?? addr, address: addr, before: 0, after: 0, added: addedAddrs.has(addr) }));
    return r;
  };
  for (const n of names.keys()) get(n);
  for (const p of placement) {
    const ack = num(p.ackMono);
    if (ack === null) continue;
    for (const c of p.chunks ?? []) {
      for (const addr of c.copies ?? []) {
        const r = get(addr);
        if (ack < split) r.before++;
        else r.after++;
      }
    }
  }
  return [...per.values()].sort((a, b) => a.node.localeCompare(b.node, 'en', { numeric: true }));
}

export interface Milestone {
  /** seconds since the fault started */
  atS: number;
  kind: 'heal' | 'effect' | 'cleanup' | 'registered' | 'full-rate' | 'readable' | 'at-goal' | 'end';
  label: Bilingual;
}

export interface FaultTimeline {
  id: string;
  what: string;
  startS: number;
  /** fault.end, seconds since the fault started; null if never recorded */
  endS: number | null;
  /** fault.end says recovered: true / false; null when it does not say */
  recovered: boolean | null;
  /** the checker's measured self-heal time (crash faults), seconds since the fault */
  measuredS: number | null;
  /** simulated boot time the checker adds (firmware, OS, spin-up) */
  simulatedBootS: number;
  /** simulated boot the node was kept down for in real time: inside measuredS */
  bootPlayedS: number;
  milestones: Milestone[];
}

/** What the T6 checker measured for one fault (its own type, so the chart cannot drift from it). */
export type RecoveryFacts = Pick<
  FaultRecovery,
  'id' | 'target' | 'fromMono' | 'registeredS' | 'fullRateS' | 'availableS' | 'atGoalS' | 'measuredS' | 'simulatedBootS' | 'bootPlayedS'
>;

const STEP_KINDS: Record<string, Milestone['kind']> = { 'heal.by': 'heal', 'fault.effect': 'effect', 'fault.cleanup': 'cleanup' };

/**
 * One timeline per fault.start, with what happened to it after (same id): the healing
 * mechanism acting (heal.by), the fault's effect, the harness stepping in (fault.cleanup,
 * which is NOT a heal), the end; plus the checker's measured milestones when given.
 */
export function faultTimelines(events: readonly HistoryEvent[], recoveries: readonly RecoveryFacts[] = []): FaultTimeline[] {
  const out: FaultTimeline[] = [];
  for (const s of eventsOf(events, 'fault.start')) {
    const id = str(s.id) ?? `fault-${out.length + 1}`;
    const t0 = s.mono;
    const rel = (mono: number) => Math.round(((mono - t0) / 1000) * 100) / 100;
    const mine = events.filter((e) => e.mono >= t0 && str(e.id) === id && e !== s);
    const milestones: Milestone[] = [];
    for (const e of mine) {
      const kind = STEP_KINDS[e.kind];
      if (!kind) continue;
      const detail =
        str(e.mechanism) ??
        str(e.action) ??
        (e.killedPid !== undefined ? `pid ${String(e.killedPid)}` : str(e.power) ? `power ${String(e.power)}` : '');
      const name = {
        heal: { zh: '自愈机制介入', en: 'self-heal acts' },
        effect: { zh: '故障生效', en: 'fault takes effect' },
        cleanup: { zh: '测试工具介入（非自愈）', en: 'harness stepped in (not a heal)' },
      }[kind as 'heal' | 'effect' | 'cleanup'];
      milestones.push({
        atS: rel(e.mono),
        kind,
        label: { zh: `${name.zh}${detail ? `：${detail}` : ''}`, en: `${name.en}${detail ? `: ${detail}` : ''}` },
      });
    }
    const end = firstOf(mine, 'fault.end');
    const recovered = typeof end?.recovered === 'boolean' ? (end.recovered as boolean) : null;
    const r = recoveries.find((x) => x.id === id);
    const offset = r ? (r.fromMono - t0) / 1000 : 0;
    const at = (x: number | null) => (x === null ? null : Math.round((x + offset) * 100) / 100);
    if (r) {
      const add = (x: number | null, kind: Milestone['kind'], label: Bilingual) =>
        x !== null && milestones.push({ atS: at(x)!, kind, label });
      add(r.registeredS, 'registered', { zh: '(a) 重新注册到集群', en: '(a) registered again' });
      add(r.fullRateS, 'full-rate', { zh: '(b) 写入恢复至故障前速率', en: '(b) writes at full rate' });
      // the master's (c) is every chunk readable; its redundancy comes back later (see the T6 checker)
      if (holdsNoChunk(r.target)) add(r.availableS, 'readable', { zh: '(c) 全部数据块可读', en: '(c) every chunk readable' });
      add(
        r.atGoalS,
        'at-goal',
        holdsNoChunk(r.target)
          ? { zh: '全部数据块恢复至目标副本数（不计入自愈时间）', en: 'all chunks at goal (not part of the heal)' }
          : { zh: '(c) 全部数据块恢复至目标副本数', en: '(c) all chunks at goal' },
      );
    }
    if (end)
      milestones.push({
        atS: rel(end.mono),
        kind: 'end',
        label: recovered === false ? { zh: '观察结束：未恢复', en: 'watch ended: not recovered' } : { zh: '故障结束', en: 'fault over' },
      });
    milestones.sort((x, y) => x.atS - y.atS);
    const target = faultTarget(s);
    out.push({
      id,
      what: `${faultName(s)}${target ? ` ${target}` : ''}${s.slot !== undefined ? ` slot ${String(s.slot)}` : ''}`,
      startS: t0 / 1000,
      endS: end ? rel(end.mono) : null,
      recovered,
      measuredS: r ? at(r.measuredS) : null,
      simulatedBootS: r?.simulatedBootS ?? 0,
      bootPlayedS: r?.bootPlayedS ?? 0,
      milestones,
    });
  }
  return out;
}

/** Run start on the wall clock, for captions. */
export const runStartWall = (events: readonly HistoryEvent[]) => events[0]?.wall ?? null;
