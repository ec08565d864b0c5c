import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { checkMixed, expectedShares } from './mixed';
import { parseCgroup } from '../core/cgroup';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const t = { shareTolerancePp: 10, minCopies: 100 };

interface NodeOpt {
  name: string;
  address: string;
  bays: number;
  cpus: number;
  memoryMiB: number;
  arch: string;
  requestedArch?: string;
  archNote?: string | null;
  /** chunk copies this node holds */
  copies: number;
  /** cgroup as read back; default = the spec */
  cgCpus?: number | null;
  cgMemMiB?: number | null;
}

const NODES: NodeOpt[] = [
  { name: 'node1', address: '10.0.0.11', bays: 48, cpus: 1, memoryMiB: 768, arch: 'x86_64', copies: 190 },
  { name: 'node2', address: '10.0.0.12', bays: 36, cpus: 0.75, memoryMiB: 512, arch: 'x86_64', copies: 140 },
  { name: 'node3', address: '10.0.0.13', bays: 24, cpus: 0.5, memoryMiB: 384, arch: 'aarch64', requestedArch: 'arm64', copies: 94 },
];

let mono = 0;
const ev = (kind: string, rest: Record<string, unknown> = {}): HistoryEvent =>
  ({ kind, mono: (mono += 10), wall: 0, ...rest }) as HistoryEvent;

function history(
  nodes: NodeOpt[] = NODES,
  o: { lost?: number; writeFail?: boolean; noEvidence?: boolean; noDf?: boolean; coreRefuses?: string } = {},
): HistoryEvent[] {
  mono = 0;
  const events: HistoryEvent[] = [];
  events.push(ev('run.start', { scenario: 'mixed', variant: 'reference', clauses: ['T7'] }));
  events.push(ev('topology.up', { goal: 2, nodes: nodes.map((n) => ({ name: n.name, address: n.address, bays: n.bays, arch: n.arch })) }));
  if (!o.noEvidence) {
    events.push(
      ev('topology.evidence', {
        nodes: nodes.map((n) => {
          const cgCpu = n.cgCpus === undefined ? n.cpus : n.cgCpus;
          const cgMem = n.cgMemMiB === undefined ? n.memoryMiB : n.cgMemMiB;
          return {
            name: n.name,
            address: n.address,
            bays: n.bays,
            requested: { arch: n.requestedArch ?? 'amd64', cpus: n.cpus, memoryMiB: n.memoryMiB },
            arch: n.arch,
            archNote: n.archNote ?? null,
            docker: { nanoCpus: n.cpus * 1e9, memoryBytes: n.memoryMiB * MiB },
            cgroup: {
              version: 1,
              cpuQuotaUs: cgCpu === null ? null : cgCpu * 100_000,
              cpuPeriodUs: 100_000,
              memoryLimitBytes: cgMem === null ? null : cgMem * MiB,
            },
            mountedBays: n.bays,
            ...(o.noDf ? {} : { bayBytes: { total: n.bays * GiB, free: n.bays * GiB } }),
            sha256MBps: 100 * n.cpus,
          };
        }),
      }),
    );
  }
  // free space in proportion to the bays (fresh disks of equal size)
  const nodesPoll = () =>
    ev('core.nodes', {
      nodes: nodes.map((n) => ({
        address: n.address,
        chunks: n.copies,
        usedBytes: 0,
        totalBytes: n.name === o.coreRefuses ? 0 : n.bays * GiB,
      })),
    });
  events.push(nodesPoll());
  events.push(
    ev('segment.write', {
      outcome: o.writeFail ? 'fail' : 'ok',
      role: 'camera',
      camera: 'cam1',
      seq: 1,
      path: '/cam1/1',
      startMono: 0,
      latencyMs: 10,
      error: o.writeFail ? 'EIO' : undefined,
    }),
  );
  if (!o.writeFail) events.push(ev('segment.verify', { path: '/cam1/1', outcome: o.lost ? 'lost' : 'ok' }));
  events.push(nodesPoll());
  events.push(
    ev('core.disks', {
      disks: nodes.flatMap((n) => Array.from({ length: n.bays }, (_, i) => ({ node: n.name, bay: `bay${i}`, status: 'ok' }))),
    }),
  );
  // one placement record per chunk copy pair: spread the copies over files
  const copies = nodes.flatMap((n) => Array.from({ length: n.copies }, () => n.address));
  for (let i = 0; i < copies.length; i += 2)
    events.push(ev('core.placement', { path: `/f${i}`, ackMono: 5, chunks: [{ id: String(i), copies: copies.slice(i, i + 2) }] }));
  const acked = 200;
  events.push(ev('run.end', { acked, verified: acked - (o.lost ?? 0), lost: o.lost ?? 0 }));
  return events;
}

describe('expectedShares', () => {
  it('is proportional to free space when no node exceeds 1/goal', () => {
    const s = expectedShares([48, 36, 24], 2);
    expect(s.map((x) => Math.round(x * 1000) / 1000)).toEqual([0.444, 0.333, 0.222]);
  });
  it('caps a node at 1/goal and gives the rest to the others in proportion', () => {
    const s = expectedShares([80, 10, 10], 2);
    expect(s).toEqual([0.5, 0.25, 0.25]);
    expect(expectedShares([1, 1, 1], 3)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});

describe('parseCgroup', () => {
  it('reads v1 and v2 files, with no limit as null', () => {
    expect(parseCgroup('v1\n50000\n100000\n402653184\n')).toMatchObject({
      version: 1,
      cpuQuotaUs: 50000,
      cpuPeriodUs: 100000,
      memoryLimitBytes: 402653184,
    });
    expect(parseCgroup('v1\n-1\n100000\n9223372036854771712\n')).toMatchObject({ cpuQuotaUs: null, memoryLimitBytes: null });
    expect(parseCgroup('v2\n75000 100000\nmax\n')).toMatchObject({
      version: 2,
      cpuQuotaUs: 75000,
      cpuPeriodUs: 100000,
      memoryLimitBytes: null,
    });
    expect(parseCgroup('cat: no such file')).toMatchObject({ version: null });
  });
});

describe('checkMixed (T7)', () => {
  it('PASSes when shares follow free space, limits read back as specified and an arm64 node took part', () => {
    const v = checkMixed(history(), t);
    expect(v.status, v.reasons.join('; ')).toBe('PASS');
    const share3 = v.figures.find((f) => f.name.startsWith('(c) node3'));
    expect(share3?.value).toBeCloseTo(22.17, 1);
    expect(share3?.threshold).toBe('22.22 ± 10');
    expect(v.figures.find((f) => f.name.startsWith('(f)'))?.note).toContain('node3=aarch64');
  });

  it('FAILs when a node takes no new chunk (the control)', () => {
    const nodes = NODES.map((n) => (n.name === 'node1' ? { ...n, copies: 0 } : n));
    const v = checkMixed(history(nodes), t);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/node1 received none of the/);
  });

  it("judges against the disks' own free space, not the core's view of a node it refuses", () => {
    // the master lists node1 with 0 bytes (all disks marked for removal); its disks are empty
    const nodes = NODES.map((n) =>
      n.name === 'node1' ? { ...n, copies: 0 } : n.name === 'node2' ? { ...n, copies: 212 } : { ...n, copies: 212 },
    );
    const v = checkMixed(history(nodes, { coreRefuses: 'node1' }), t);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/node1 received none/);
    expect(v.figures.find((f) => f.name.startsWith('(c) node2'))?.ok).toBe(false);
    expect(v.figures.find((f) => f.name.startsWith('(c) node1'))?.note).toMatch(/df .*master's view 0 GiB/);
    // without df evidence the master's view is the fallback: free space from mfscli
    expect(checkMixed(history(NODES, { noDf: true }), t).status).toBe('PASS');
  });

  it('FAILs when placement ignores free space beyond the tolerance', () => {
    // equal copies everywhere: node1 33 % vs 44 % expected, node3 33 % vs 22 %
    const nodes = NODES.map((n) => ({ ...n, copies: 140 }));
    const v = checkMixed(history(nodes), t);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/node1 holds 33\.33 % .* free-space share 44\.44 %/);
    expect(checkMixed(history(nodes), { ...t, shareTolerancePp: 12 }).status).toBe('PASS');
  });

  it('FAILs when the kernel does not enforce the specified limits', () => {
    const nodes = NODES.map((n) => (n.name === 'node2' ? { ...n, cgCpus: null, cgMemMiB: null } : n));
    const v = checkMixed(history(nodes), t);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/node2: CPU limit read back none/);
    expect(v.reasons.join(' ')).toMatch(/node2: memory limit read back none/);
  });

  it('FAILs when an acknowledged segment is lost or a write fails', () => {
    expect(checkMixed(history(NODES, { lost: 1 }), t).status).toBe('FAIL');
    expect(checkMixed(history(NODES, { writeFail: true }), t).reasons.join(' ')).toMatch(/1 segment writes failed/);
  });

  it('is INCONCLUSIVE, never PASS, without an arm64 node, and says why', () => {
    const nodes = NODES.map((n) =>
      n.name === 'node3' ? { ...n, arch: 'x86_64', archNote: 'asked for arm64, runs as amd64: no arm64 image' } : n,
    );
    const v = checkMixed(history(nodes), t);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons.join(' ')).toMatch(/no node runs arm64 \(node3: asked for arm64, runs as amd64: no arm64 image\)/);
  });

  it('FAILs when a node asked for arm64 silently runs another architecture', () => {
    const nodes = NODES.map((n) => (n.name === 'node3' ? { ...n, arch: 'x86_64' } : n));
    expect(checkMixed(history(nodes), t).reasons.join(' ')).toMatch(/node3 was to run arm64 but reports x86_64/);
  });

  it('is INCONCLUSIVE with too few copies, without evidence, or without a mix of limits', () => {
    const few = NODES.map((n) => ({ ...n, copies: Math.round(n.copies / 10) }));
    expect(checkMixed(history(few), t).status).toBe('INCONCLUSIVE');
    expect(checkMixed(history(NODES, { noEvidence: true }), t).status).toBe('INCONCLUSIVE');
    const same = NODES.map((n) => ({ ...n, cpus: 1, memoryMiB: 512 }));
    const v = checkMixed(history(same), t);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons.join(' ')).toMatch(/same CPU and memory limits/);
  });
});
