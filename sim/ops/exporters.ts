// Prometheus text exposition of the twins (SMART grade, temperatures, fans, PSUs, slot
// states), of the core (capacity, chunk states, chunkserver states: MooseFS's own mfscli
// introspection) and of the harness's recording load. Renderers are pure; one loopback
// HTTP server per exporter serves /metrics.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StorageNodeTwin } from '../../devices';
import { gradeDiskLevel } from '../../devices/disk/grading';

const GRADE_VALUE = { healthy: 0, 'sub-healthy': 1, faulty: 2 } as const;
const SLOT_STATES = ['empty', 'present', 'pulled', 'failed'] as const;

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string | number>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(String(v))}"`)
    .join(',')}}`;

class Exposition {
  private readonly lines: string[] = [];
  metric(name: string, help: string, type: 'gauge' | 'counter', samples: [Record<string, string | number>, number][]) {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) this.lines.push(`${name}${labels(l)} ${Number.isFinite(v) ? v : 'NaN'}`);
  }
  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

/** One node twin as its BMC/SMART agent would export it. A failed drive is grade faulty. */
export function twinMetrics(twin: StorageNodeTwin): string {
  const node = twin.id;
  const x = new Exposition();
  const present = twin.bays.filter((b) => b.disk && (b.state === 'present' || b.state === 'failed'));
  x.metric(
    'twin_disk_health_grade',
    'SMART health grade of the disk in a slot: 0 healthy, 1 sub-healthy, 2 faulty',
    'gauge',
    present.map((b) => [
      { node, slot: b.slot, serial: b.disk!.identity.serial },
      b.state === 'failed' ? 2 : GRADE_VALUE[gradeDiskLevel(b.disk!)],
    ]),
  );
  x.metric(
    'twin_disk_temperature_celsius',
    'SMART 194 temperature',
    'gauge',
    present.map((b) => [{ node, slot: b.slot, serial: b.disk!.identity.serial }, Math.round(b.disk!.c.temperatureC)]),
  );
  x.metric(
    'twin_disk_reallocated_sectors',
    'SMART 5 reallocated sector count',
    'gauge',
    present.map((b) => [{ node, slot: b.slot, serial: b.disk!.identity.serial }, b.disk!.c.reallocated]),
  );
  x.metric(
    'twin_slot_state',
    'slot state (1 for the current state)',
    'gauge',
    twin.bays.flatMap((b) =>
      SLOT_STATES.map((s) => [{ node, slot: b.slot, state: s }, b.state === s ? 1 : 0] as [Record<string, string | number>, number]),
    ),
  );
  x.metric(
    'twin_fan_ok',
    'fan working',
    'gauge',
    twin.fans.map((f) => [{ node, fan: f.index }, f.state === 'ok' ? 1 : 0]),
  );
  x.metric(
    'twin_fan_rpm',
    'fan speed',
    'gauge',
    twin.fans.map((f) => [{ node, fan: f.index }, f.rpm]),
  );
  x.metric(
    'twin_psu_ok',
    'power supply working',
    'gauge',
    twin.psus.map((p) => [{ node, psu: p.index }, p.state === 'ok' ? 1 : 0]),
  );
  x.metric('twin_power_on', 'chassis power state', 'gauge', [[{ node }, twin.powerState === 'On' ? 1 : 0]]);
  return x.text();
}

export interface CoreSnapshot {
  /** expected storage nodes and whether the master lists them */
  nodes: { node: string; up: boolean; chunks: number; usedBytes: number; totalBytes: number }[];
  chunks: { missing: number; endangered: number; undergoal: number; stable: number; overgoal: number } | null;
  /** false when mfscli could not ask the master */
  masterUp: boolean;
}

export function coreMetrics(s: CoreSnapshot): string {
  const x = new Exposition();
  x.metric('mfs_master_up', 'the master answered mfscli', 'gauge', [[{}, s.masterUp ? 1 : 0]]);
  if (!s.masterUp) return x.text();
  x.metric(
    'mfs_chunkserver_up',
    'storage node registered with the master',
    'gauge',
    s.nodes.map((n) => [{ node: n.node }, n.up ? 1 : 0]),
  );
  x.metric(
    'mfs_chunkserver_chunks',
    'chunks on the node',
    'gauge',
    s.nodes.map((n) => [{ node: n.node }, n.chunks]),
  );
  x.metric(
    'mfs_chunkserver_used_bytes',
    'used bytes (mfscli -SCS)',
    'gauge',
    s.nodes.map((n) => [{ node: n.node }, n.usedBytes]),
  );
  x.metric(
    'mfs_chunkserver_total_bytes',
    'total bytes (mfscli -SCS)',
    'gauge',
    s.nodes.map((n) => [{ node: n.node }, n.totalBytes]),
  );
  const total = s.nodes.reduce((a, n) => a + (n.up ? n.totalBytes : 0), 0);
  const used = s.nodes.reduce((a, n) => a + (n.up ? n.usedBytes : 0), 0);
  x.metric('mfs_cluster_total_bytes', 'raw capacity of the registered nodes', 'gauge', [[{}, total]]);
  x.metric('mfs_cluster_free_bytes', 'raw free capacity of the registered nodes', 'gauge', [[{}, Math.max(0, total - used)]]);
  if (s.chunks)
    x.metric(
      'mfs_chunks',
      'chunks per class (mfscli -SIC)',
      'gauge',
      Object.entries(s.chunks).map(([k, v]) => [{ class: k }, v]),
    );
  return x.text();
}

export function harnessMetrics(p: { written: number; writeErrors: number; dropped: number }): string {
  const x = new Exposition();
  x.metric('harness_recording_segments_total', 'segments acknowledged by the core', 'counter', [[{}, p.written]]);
  x.metric('harness_recording_gaps_total', 'segments dropped or failed (recording gaps)', 'counter', [[{}, p.dropped + p.writeErrors]]);
  return x.text();
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export function serveMetrics(render: () => string | Promise<string>): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    Promise.resolve()
      .then(render)
      .then((body) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body))
      .catch((e: Error) => res.writeHead(500).end(e.message));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
