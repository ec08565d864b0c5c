// T7 mixed cluster, as a pure function of the history (+ the profile's tolerance):
// (a) the cluster works: every acknowledged segment read back intact, no write error
// (b) every node registered in the master's view and holds new chunk copies
// (c) each node's share of the new chunk copies is within the tolerance of its share of
//     the free space at the start (capped at 1/goal: a chunk's copies sit on distinct nodes)
// (d) the nodes really run with different limits: Docker's and the kernel's cgroup record
//     read back from each node equal its spec, and not all nodes are the same
// (e) 24/36/48 bays: each node's disks mounted and seen 'ok' by the master
// (f) CPU architectures as the nodes report them (uname -m); without an arm64 node that
//     part is INCONCLUSIVE with the reason, never PASS
import { eventsOf, firstOf, lastOf, type HistoryEvent } from '../history';
import { diskServing } from '../history-events';
import type { Figure, Verdict } from '../verdict';
import { judgeDurability } from './durability';
import { lostWritesFigure, writesOf } from './writes';
import { r2 } from './numbers';

export interface MixedThresholds {
  /** |measured share - free-space share| per node, percentage points */
  shareTolerancePp: number;
  /** fewer new chunk copies than this: the shares mean nothing */
  minCopies: number;
}

const MiB = 2 ** 20;
const isArm64 = (uname: string) => /^(aarch64|arm64)/.test(uname);

/**
 * Expected share of chunk copies per node from free space: proportional, except that a
 * node can hold at most one copy of each chunk, i.e. at most 1/goal of all copies
 * (water-filling: the capped nodes' excess goes to the others in proportion).
 */
export function expectedShares(free: readonly number[], goal: number): number[] {
  const cap = 1 / goal;
  const share = free.map(() => 0);
  const open = new Set(free.map((_, i) => i));
  let left = 1;
  for (;;) {
    const sum = [...open].reduce((s, i) => s + free[i]!, 0);
    if (sum <= 0) break;
    const over = [...open].filter((i) => (left * free[i]!) / sum > cap);
    if (over.length === 0) {
      for (const i of open) share[i] = (left * free[i]!) / sum;
      break;
    }
    for (const i of over) {
      share[i] = cap;
      open.delete(i);
      left -= cap;
    }
  }
  return share;
}

export function checkMixed(events: readonly HistoryEvent[], t: MixedThresholds, scenario = 'mixed'): Verdict {
  const figures: Figure[] = [];
  const fails: string[] = [];
  const unknowns: string[] = [];
  const base = {
    clause: 'T7',
    scenario,
    method: {
      zh: '在一个集群中混合 24/36/48 盘位的存储节点，各节点以 cgroup 设定不同的 CPU 与内存上限（从 Docker 与节点内 cgroup 文件回读核实），其中一台为 arm64 架构（qemu 用户态仿真，uname -m 核实）；相机持续写入期间以核心自身监控（MooseFS：mfscli、mfsfileinfo）测量各节点新数据块副本占比与其空闲容量占比之差，并校验全部已确认录像片段。',
      en: "One cluster mixes 24/36/48-bay storage nodes with different CPU and memory limits (cgroups, read back from Docker and from the cgroup files inside each node) and an arm64 node (qemu user-mode emulation, checked with uname -m); under camera load, the core's own introspection (MooseFS: mfscli, mfsfileinfo) measures each node's share of new chunk copies against its share of free space; every acknowledged segment is verified.",
    },
    nature: 'measured' as const,
    evidence: [
      'history.jsonl#topology.up',
      'history.jsonl#topology.evidence',
      'history.jsonl#core.nodes',
      'history.jsonl#core.placement',
      'history.jsonl#core.disks',
      'history.jsonl#run.end',
    ],
  };
  const verdict = (status: Verdict['status'], reasons: string[]): Verdict => ({ ...base, status, figures, reasons });

  const up = firstOf(events, 'topology.up');
  if (!up) return verdict('INCONCLUSIVE', ['the cluster never came up (no topology.up event)']);
  const evidence = firstOf(events, 'topology.evidence')?.nodes;
  if (!evidence) return verdict('INCONCLUSIVE', ['no node evidence was recorded (topology.evidence): limits and architectures unknown']);
  const nodes = up.nodes;

  // (a) the cluster works
  const writes = writesOf(events);
  const lost = lostWritesFigure(events, () => true, { zh: '(a) 全程', en: '(a) whole run' }, 'in the mixed cluster');
  const durability = judgeDurability(events);
  const acked = writes.filter((w) => w.outcome === 'ok').length;
  figures.push(...durability.figures, { ...lost.figure, note: `${lost.figure.note} of ${writes.length} writes` });
  if (acked === 0) fails.push('no segment was acknowledged: the mixed cluster stored nothing');
  else if (durability.outcome === 'lost') fails.push(...durability.reasons);
  else if (durability.outcome === 'unverified') unknowns.push(...durability.reasons);
  if (lost.reason) fails.push(lost.reason);

  // (b)+(c) registration and placement against free space at the start
  const polls = eventsOf(events, 'core.nodes');
  const first = polls.find((p) => nodes.every((n) => p.nodes.some((x) => x.address === n.address)));
  const last = polls[polls.length - 1];
  for (const n of nodes)
    if (!last?.nodes.some((x) => x.address === n.address))
      fails.push(`${n.name} (${n.address}) is not registered in the master's view at the end`);
  const copiesOn = new Map(nodes.map((n) => [n.address, 0]));
  let copies = 0;
  for (const p of eventsOf(events, 'core.placement')) {
    if (p.ackMono === null) continue;
    for (const c of p.chunks)
      for (const a of c.copies) {
        copies++;
        copiesOn.set(a, (copiesOn.get(a) ?? 0) + 1);
      }
  }
  // free space at the start as the nodes' own disks report it (df before the load); the
  // core's view is not used: a node whose disks the core refuses would count as 'no space'
  const dfFree = nodes.map((n) => evidence.find((e) => e.address === n.address)?.bayBytes?.free);
  const freeKnown = dfFree.every((f) => typeof f === 'number') ? (dfFree as number[]) : null;
  const coreFree = first
    ? nodes.map((n) => {
        const s = first.nodes.find((x) => x.address === n.address)!;
        return Math.max(0, s.totalBytes - s.usedBytes);
      })
    : null;
  const freeSource = freeKnown ? "the node's df of its bays before the load" : "the master's first view (mfscli -SCS)";
  const free0 = freeKnown ?? coreFree;
  if (!free0) unknowns.push('free space at the start unknown (no node evidence with df, no observation listing every node)');
  else {
    const free = free0;
    const freeSum = free.reduce((a, b) => a + b, 0);
    const expected = expectedShares(free, up.goal);
    nodes.forEach((n, i) => {
      const on = copiesOn.get(n.address) ?? 0;
      const share = copies > 0 ? on / copies : null;
      const diffPp = share === null ? null : (share - expected[i]!) * 100;
      figures.push({
        name: `(c) ${n.name} (${n.bays} bays, ${n.arch}) share of new chunk copies`,
        label: {
          zh: `(c) ${n.name}（${n.bays} 盘位，${n.arch}）新数据块副本占比`,
          en: `(c) ${n.name} (${n.bays} bays, ${n.arch}) share of new chunk copies`,
        },
        value: share === null ? null : r2(share * 100),
        unit: '%',
        threshold: `${r2(expected[i]! * 100)} ± ${t.shareTolerancePp}`,
        ok: diffPp !== null && Math.abs(diffPp) <= t.shareTolerancePp,
        nature: 'measured',
        note: `${on} of ${copies} copies; free space at start ${r2(free[i]! / MiB / 1024)} GiB = ${r2(freeSum ? (free[i]! / freeSum) * 100 : 0)} % of the cluster's (${freeSource}${coreFree ? `; master's view ${r2(coreFree[i]! / MiB / 1024)} GiB` : ''}; expected share capped at 1/goal = ${r2(100 / up.goal)} %)`,
      });
      if (copies > 0 && on === 0) fails.push(`${n.name} received none of the ${copies} new chunk copies`);
      else if (diffPp !== null && Math.abs(diffPp) > t.shareTolerancePp) {
        fails.push(
          `${n.name} holds ${r2(share! * 100)} % of new chunk copies, ${r2(Math.abs(diffPp))} pp from its free-space share ${r2(expected[i]! * 100)} % (tolerance ${t.shareTolerancePp} pp)`,
        );
      }
    });
    if (copies < t.minCopies) unknowns.push(`only ${copies} new chunk copies (need ${t.minCopies}): too few to judge the shares`);
  }

  // (d) limits read back from the real containers
  for (const e of evidence) {
    const cpuCg = e.cgroup.cpuQuotaUs !== null && e.cgroup.cpuPeriodUs ? e.cgroup.cpuQuotaUs / e.cgroup.cpuPeriodUs : null;
    const memCg = e.cgroup.memoryLimitBytes;
    const wantCpu = e.requested.cpus;
    const wantMem = e.requested.memoryMiB;
    const cpuOk =
      wantCpu === null
        ? cpuCg === null
        : cpuCg !== null && Math.abs(cpuCg - wantCpu) < 0.01 && Math.abs(e.docker.nanoCpus / 1e9 - wantCpu) < 0.01;
    const memOk = wantMem === null ? true : memCg !== null && memCg === wantMem * MiB && e.docker.memoryBytes === wantMem * MiB;
    figures.push(
      {
        name: `(d) ${e.name} CPU limit read back (cgroup v${e.cgroup.version ?? '?'} cfs quota/period)`,
        label: {
          zh: `(d) ${e.name} CPU 限额回读（cgroup v${e.cgroup.version ?? '?'} cfs quota/period）`,
          en: `(d) ${e.name} CPU limit read back (cgroup v${e.cgroup.version ?? '?'} cfs quota/period)`,
        },
        value: cpuCg === null ? null : r2(cpuCg),
        unit: 'cores',
        threshold: wantCpu === null ? 'none' : `== ${wantCpu}`,
        ok: cpuOk,
        nature: 'measured',
        note: `Docker NanoCpus ${e.docker.nanoCpus}`,
      },
      {
        name: `(d) ${e.name} memory limit read back (cgroup)`,
        label: { zh: `(d) ${e.name} 内存限额回读（cgroup）`, en: `(d) ${e.name} memory limit read back (cgroup)` },
        value: memCg === null ? null : r2(memCg / MiB),
        unit: 'MiB',
        threshold: wantMem === null ? 'none' : `== ${wantMem}`,
        ok: memOk,
        nature: 'measured',
        note: `Docker Memory ${r2(e.docker.memoryBytes / MiB)} MiB`,
      },
      {
        name: `(d) ${e.name} SHA-256 throughput inside the node`,
        label: { zh: `(d) ${e.name} 节点内 SHA-256 吞吐量`, en: `(d) ${e.name} SHA-256 throughput inside the node` },
        value: e.sha256MBps,
        unit: 'MB/s',
        nature: 'measured',
        note: 'one stream of 32 MiB, wall clock, machine shared; shows the CPU allowance (and emulation) at work',
      },
    );
    if (!cpuOk)
      fails.push(
        `${e.name}: CPU limit read back ${cpuCg === null ? 'none' : r2(cpuCg)} cores (Docker ${e.docker.nanoCpus / 1e9}), spec ${wantCpu ?? 'none'}`,
      );
    if (!memOk)
      fails.push(
        `${e.name}: memory limit read back ${memCg === null ? 'none' : r2(memCg / MiB)} MiB (Docker ${r2(e.docker.memoryBytes / MiB)}), spec ${wantMem ?? 'none'}`,
      );
  }
  const profiles = new Set(evidence.map((e) => `${e.cgroup.cpuQuotaUs}/${e.cgroup.cpuPeriodUs}/${e.cgroup.memoryLimitBytes}`));
  if (profiles.size < 2) unknowns.push('every node runs with the same CPU and memory limits: this run does not mix node performance');

  // (e) bays: mixed counts, each disk mounted in the node and 'ok' in the master's view
  const disksEv = lastOf(events, 'core.disks');
  for (const e of evidence) {
    const okInMaster = disksEv ? disksEv.disks.filter((d) => d.node === e.name && diskServing(d)).length : null;
    figures.push({
      name: `(e) ${e.name} disks mounted / ok in the master's view`,
      label: { zh: `(e) ${e.name} 已挂载 / 主控视图中正常的硬盘数`, en: `(e) ${e.name} disks mounted / ok in the master's view` },
      value: okInMaster,
      unit: 'disks',
      threshold: `== ${e.bays}`,
      ok: e.mountedBays === e.bays && okInMaster === e.bays,
      nature: 'measured',
      note: `${e.mountedBays} of ${e.bays} bays mounted inside the node`,
    });
    if (e.mountedBays !== e.bays) fails.push(`${e.name}: ${e.mountedBays} of ${e.bays} bays mounted inside the node`);
    if (okInMaster !== null && okInMaster !== e.bays)
      fails.push(`${e.name}: ${okInMaster} of ${e.bays} disks ok in the master's view at the end`);
  }
  if (!disksEv) unknowns.push('no final view of the disks (core.disks)');
  const bayKinds = [...new Set(nodes.map((n) => n.bays))].sort((a, b) => a - b);
  if (bayKinds.length < 2) unknowns.push(`every node has ${bayKinds[0]} bays: this run does not mix node sizes`);

  // (f) architectures
  const archs = [...new Set(evidence.map((e) => e.arch))].sort();
  const armNodes = evidence.filter((e) => isArm64(e.arch));
  figures.push({
    name: '(f) CPU architectures in the cluster (uname -m)',
    label: { zh: '(f) 集群中的 CPU 架构种类（uname -m）', en: '(f) CPU architectures in the cluster (uname -m)' },
    value: archs.length,
    unit: 'kinds',
    threshold: '>= 2',
    ok: archs.length >= 2,
    nature: 'measured',
    note: evidence.map((e) => `${e.name}=${e.arch}`).join(', '),
  });
  for (const e of evidence) {
    if (e.requested.arch === 'arm64' && !isArm64(e.arch) && !e.archNote) fails.push(`${e.name} was to run arm64 but reports ${e.arch}`);
  }
  if (armNodes.length === 0) {
    const notes = evidence.filter((e) => e.archNote).map((e) => `${e.name}: ${e.archNote}`);
    unknowns.push(`different CPU architectures not shown: no node runs arm64 (${notes.length ? notes.join('; ') : 'none was asked for'})`);
  } else if (archs.length < 2) unknowns.push('every node runs arm64: no mix of architectures');

  if (fails.length) return verdict('FAIL', [...fails, ...unknowns]);
  if (unknowns.length) return verdict('INCONCLUSIVE', unknowns);
  const shares = figures
    .filter((f) => f.name.startsWith('(c)'))
    .map((f) => `${f.value} % (${f.threshold})`)
    .join(', ');
  return verdict('PASS', [
    `${nodes.length} nodes (${bayKinds.join('/')} bays, ${archs.join(' + ')}, ${profiles.size} limit sets read back as specified) stored ${acked} segments with no error or loss; shares of ${copies} new chunk copies ${shares}`,
  ]);
}
