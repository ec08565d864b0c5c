// The twins benchmark as a function, shared by the script (twins-bench.ts) and its test.
import { performance } from 'node:perf_hooks';
import { inventoryFor } from '../node/inventory';
import { StorageNodeTwin } from '../node/storage-node';

export interface BenchResult {
  nodes: number;
  disks: number;
  days: number;
  wallSeconds: number;
  heapPerNodeBytes: number;
  gcAvailable: boolean;
  events: number;
  failedDisks: number;
  grades: Record<string, number>;
}

export function runTwinsBench(opts: { nodes?: number; days?: number; seed?: string } = {}): BenchResult {
  const count = opts.nodes ?? 10;
  const days = opts.days ?? 90;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const nodes = Array.from(
    { length: count },
    (_, i) =>
      // mixed CPU architectures, as T7 allows; 48 bays each
      new StorageNodeTwin({ id: `node-${i + 1}`, seed: opts.seed ?? 'bench', inventory: inventoryFor(i % 2 ? 'SN-48A' : 'SN-48X') }),
  );
  const end = nodes[0]!.virtualNowMs + days * 24 * 3_600_000;
  const t0 = performance.now();
  let events = 0;
  for (const n of nodes) events += n.advanceTo(end).length;
  const wallSeconds = (performance.now() - t0) / 1000;
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const grades: Record<string, number> = {};
  for (const b of nodes.flatMap((n) => n.bays)) grades[String(b.grade)] = (grades[String(b.grade)] ?? 0) + 1;
  return {
    nodes: count,
    disks: nodes.reduce((s, n) => s + n.bays.length, 0),
    days,
    wallSeconds,
    heapPerNodeBytes: (heapAfter - heapBefore) / count,
    gcAvailable: gc !== undefined,
    events,
    failedDisks: nodes.reduce((s, n) => s + n.bays.filter((b) => b.state === 'failed').length, 0),
    grades,
  };
}
