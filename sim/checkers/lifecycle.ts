// T9 cluster management, as a pure function of the history: node lifecycle (build/extend,
// drain, delete), failover when a node dies under load, and link loss of a node's switch
// port. Each part present in the history is judged; none present = INCONCLUSIVE.
//  extend   an added node registered and held chunks, (a)+(b) within the T8 bound;
//  drain    the core declared the node ready for removal (every chunk copied elsewhere)
//           within maxDrainSeconds;
//  delete   the node is gone from the master's list and every chunk is at goal after it;
//           a node that could not be removed (drain unfinished) FAILs;
//  failover a node killed under load: the master saw it gone, every chunk back at goal
//           within maxFailoverSeconds, the longest write stall within its bound;
//  link     T3's rules applied to a link fault: the node's processes not restarted, the node
//           back connected, longest write stall and read errors while the link was out within
//           the link-loss bounds, and no playback read hanging longer than maxReadSeconds (a
//           link-down the master never noticed did not take effect). A cable pulled by the
//           person at the rack (field mode) is timed from the switch's view of the port and
//           has no process identity to compare; a step not carried out judges nothing.
// For the run: every acknowledged segment reads back byte-identical. Extend, drain and delete
// are judgePoolSteps, which T10's resource-pool part (pool-elasticity.ts) shares.
// Link loss is reported under T9 ('故障迁移', failover): it is the contract's only clause
// about a node dropping out of the cluster, and the clause catalog holds the contract's IDs only.
import { eventsOf, type HistoryEvent } from '../history';
import type { Figure, Verdict } from '../verdict';
import { longestStallMs, lostWritesFigure } from './writes';
import { foldDurability } from './durability';
import { processAround, restartText } from './process-identity';
import { num, r2 } from './numbers';
import { receivingAfter } from '../heal/receiving';

/** The chunks already missing when a delete or failover began, which its wait for 'at goal' did not count (as T6 does not). */
function excusedNote(events: readonly HistoryEvent[], id: string): string | undefined {
  const before = eventsOf(events, 'core.health').find((h) => h.faultId === id && h.when === 'before');
  return before && before.missing > 0 ? `${before.missing} chunks missing before the step, not counted` : undefined;
}

export interface LifecycleThresholds {
  /** added node: add -> registered -> first chunk (the T8 bound) */
  maxSecondsToFirstChunk: number;
  maxDrainSeconds: number;
  /** node killed -> every chunk at goal again */
  maxFailoverSeconds: number;
  /** longest time any camera went without an acknowledged segment while the node died */
  maxWriteStallSeconds: number;
}

export interface LinkLossThresholds {
  maxWriteStallSeconds: number;
  maxReadErrors: number;
  /** the longest a playback read may take while the link is out */
  maxReadSeconds: number;
}

/** The longest write stall of any camera in [from, to] as a figure against maxSeconds; the reason when it breaks it. */
function stallFigure(
  events: readonly HistoryEvent[],
  from: number,
  to: number,
  maxSeconds: number,
  what: { zh: string; en: string },
  why: string,
): { figure: Figure; reason: string | null } {
  const stall = longestStallMs(events, from, to);
  const stallS = r2(stall.ms / 1000);
  const ok = stallS <= maxSeconds;
  const figure: Figure = {
    name: `${what.en}: longest write stall of any camera`,
    label: { zh: `${what.zh}：单路相机最长写入中断`, en: `${what.en}: longest write stall of any camera` },
    value: stallS,
    unit: 's',
    threshold: `<= ${maxSeconds}`,
    ok,
    nature: 'measured',
    note: stall.camera ?? undefined,
  };
  return { figure, reason: ok ? null : `camera ${stall.camera} wrote nothing for ${stallS} s ${why}` };
}

export function checkClusterManagement(
  events: readonly HistoryEvent[],
  t: { lifecycle: LifecycleThresholds; link: LinkLossThresholds },
  scenario = 'lifecycle',
): Verdict {
  const base = {
    clause: 'T9',
    scenario,
    method: {
      zh: '相机持续写入期间，在真实存储核心上执行节点生命周期：新增节点（仅提供管理节点地址）、对节点全部硬盘标记移除并等待数据迁出（排空）、停机并从管理节点删除；节点断电不再恢复（故障迁移）；经交换机孪生断开/恢复节点端口链路、短时抖动。以核心自身监控（MooseFS：mfscli）测量排空时间、删除结果、数据块恢复至目标副本数的时间、写入中断与读错误，并对所有已确认写入的录像段回读逐字节校验。',
      en: "While cameras write, the node lifecycle runs on the real core: a node added knowing only the master address; every disk of a node marked for removal until the core has copied its chunks elsewhere (drain); the node stopped and deleted from the master; a node losing power for good (failover); a node's switch port taken down and up, and a short flap, through the switch twin. The core's own introspection (MooseFS: mfscli) measures drain time, deletion, time until every chunk is at goal, write stalls and read errors; every acknowledged segment is read back and checked byte for byte.",
    },
    nature: 'measured' as const,
    evidence: [
      'history.jsonl#scaleout.add',
      'history.jsonl#lifecycle.drain.end',
      'history.jsonl#lifecycle.remove.end',
      'history.jsonl#lifecycle.fail.end',
      'history.jsonl#link.end',
      'history.jsonl#core.nodes',
      'history.jsonl#segment.write',
      'history.jsonl#segment.read',
      'history.jsonl#segment.verify',
    ],
  };
  const figures: Figure[] = [];
  const reasons: string[] = [];
  const byId = (kind: string, id: unknown) => events.find((e) => e.kind === kind && e.id === id);
  const L = t.lifecycle;

  // ---- extend, drain, delete and the write stalls around them ------------------------------
  const pool: Tally = { figures, reasons, fail: false, unsure: false, parts: 0 };
  judgePoolSteps(events, L, pool);
  let { fail, unsure, parts } = pool;

  // ---- failover --------------------------------------------------------------------------
  for (const s of eventsOf(events, 'lifecycle.fail.start')) {
    parts++;
    const end = byId('lifecycle.fail.end', s.id);
    const node = String(s.node);
    if (!end) {
      unsure = true;
      reasons.push(`${String(s.id)}: the failover of ${node} did not complete in this history`);
      continue;
    }
    const goalS = num(end.atGoalSeconds);
    const waited = num(end.waitedSeconds) ?? 0;
    const goalOk = goalS !== null && goalS <= L.maxFailoverSeconds;
    figures.push({
      name: `failover ${node}: master sees it gone`,
      label: { zh: `故障切换 ${node}：主控发现节点离线`, en: `failover ${node}: master sees it gone` },
      value: num(end.detectedSeconds),
      unit: 's',
      nature: 'measured',
    });
    figures.push({
      name: `failover ${node}: node dead → every chunk at goal on the others`,
      label: {
        zh: `故障切换 ${node}：节点失效 → 其余节点上全部数据块达到目标副本数`,
        en: `failover ${node}: node dead → every chunk at goal on the others`,
      },
      value: goalS,
      unit: 's',
      threshold: `<= ${L.maxFailoverSeconds}`,
      ok: goalOk,
      nature: 'measured',
      note: excusedNote(events, String(s.id)),
    });
    if (!goalOk) {
      if (goalS === null && waited < L.maxFailoverSeconds) {
        unsure = true;
        reasons.push(`${String(s.id)}: chunks not back at goal, but only ${waited} s were watched`);
      } else {
        fail = true;
        reasons.push(
          `${String(s.id)}: after ${node} died, chunks back at goal ${goalS === null ? `not within ${waited} s` : `after ${goalS} s > ${L.maxFailoverSeconds} s`}`,
        );
      }
    }
    const st = stallFigure(
      events,
      s.mono,
      end.mono,
      L.maxWriteStallSeconds,
      { zh: `故障切换 ${node}`, en: `failover ${node}` },
      `after ${node} died`,
    );
    figures.push(st.figure);
    const lost = lostWritesFigure(
      events,
      (m) => m >= s.mono && m <= end.mono,
      { zh: `故障切换 ${node}`, en: `failover ${node}` },
      `after ${node} died`,
    );
    figures.push(lost.figure);
    for (const r of [st.reason, lost.reason].filter((x) => x !== null)) {
      fail = true;
      reasons.push(`${String(s.id)}: ${r}`);
    }
  }

  // ---- link loss (T3's rules) ------------------------------------------------------------
  for (const s of eventsOf(events, 'link.start')) {
    parts++;
    const id = String(s.id);
    const what = linkWhat(s);
    const link: Tally = { figures, reasons, fail: false, unsure: false, parts: 0 };
    const end = judgeLinkConnection(events, s, link);
    fail ||= link.fail;
    unsure ||= link.unsure;
    if (!end) continue;
    const st = stallFigure(events, s.mono, end.mono, t.link.maxWriteStallSeconds, { zh: id, en: id }, `during the ${what}`);
    const lost = lostWritesFigure(events, (m) => m >= s.mono && m <= end.mono, { zh: id, en: id }, `during the ${what}`);
    figures.push(st.figure, lost.figure);
    for (const r of [st.reason, lost.reason].filter((x) => x !== null)) {
      fail = true;
      reasons.push(`${id}: ${r}`);
    }
    const readErrors = events.filter(
      (e) => e.kind === 'segment.read' && e.outcome !== 'ok' && e.mono >= s.mono && e.mono <= end.mono,
    ).length;
    const reads = events.filter((e) => e.kind === 'segment.read' && e.mono >= s.mono && e.mono <= end.mono).length;
    figures.push({
      name: `${id}: read errors`,
      label: { zh: `${id}：读取错误`, en: `${id}: read errors` },
      value: readErrors,
      unit: 'reads',
      threshold: `<= ${t.link.maxReadErrors}`,
      ok: readErrors <= t.link.maxReadErrors,
      nature: 'measured',
      note: `${reads} reads`,
    });
    if (readErrors > t.link.maxReadErrors) {
      fail = true;
      reasons.push(`${id}: ${readErrors} playback reads failed during the ${what}`);
    }
    // a read that hangs until the link is back fails no call, yet nobody can watch that recording
    const slowest = events
      .filter((e) => e.kind === 'segment.read' && e.mono >= s.mono && e.mono - (num(e.latencyMs) ?? 0) <= end.mono)
      .reduce((m, e) => Math.max(m, num(e.latencyMs) ?? 0), 0);
    const slowestS = r2(slowest / 1000);
    const slowOk = slowestS <= t.link.maxReadSeconds;
    figures.push({
      name: `${id}: longest playback read`,
      label: { zh: `${id}：最长回放读取用时`, en: `${id}: longest playback read` },
      value: slowestS,
      unit: 's',
      threshold: `<= ${t.link.maxReadSeconds}`,
      ok: slowOk,
      nature: 'measured',
    });
    if (!slowOk) {
      fail = true;
      reasons.push(`${id}: a playback read took ${slowestS} s during the ${what}`);
    }
  }

  if (parts === 0)
    return {
      ...base,
      status: 'INCONCLUSIVE',
      figures,
      reasons: [
        'no lifecycle step, failover or link loss in this history',
        // a cable pull a field run's safety check refused: why
        ...eventsOf(events, 'fault.refused')
          .filter((e) => e.fault === 'link-down')
          .map((e) => `${e.id}: link-down of ${e.target} refused: ${e.reason}`),
      ],
    };

  // ---- nothing acknowledged lost ------------------------------------------------------
  const durability = foldDurability(events, figures, reasons);
  fail ||= durability.fail;
  unsure ||= durability.unsure;
  if (!fail && !unsure)
    reasons.push(`${parts} lifecycle/failover/link steps within bounds; ${durability.judgement.verified} acknowledged segments intact`);
  return { ...base, status: fail ? 'FAIL' : unsure ? 'INCONCLUSIVE' : 'PASS', figures, reasons };
}

const linkWhat = (s: HistoryEvent) => `${s.action === 'link-flap' ? `${String(s.hold)} s flap` : 'link down'} on ${String(s.node)}`;

/**
 * A link loss's own part, T3's rules on the node itself: its figures (link out, noticed,
 * connected again) and its rules (the node's processes not restarted, the node connected to
 * the master again; a link-down the master never noticed did not take effect), judged into
 * `t`. The step's end, or null when the history does not complete it (then `t` is unsure).
 * The load's part (write stall, playback reads) is the caller's.
 */
export function judgeLinkConnection(events: readonly HistoryEvent[], s: HistoryEvent, t: Tally): HistoryEvent | null {
  const id = String(s.id);
  const end = events.find((e) => e.kind === 'link.end' && e.id === s.id);
  const proc = processAround(events, id);
  const what = linkWhat(s);
  // a cable pulled by the person at the rack (field mode): no process to compare on a delivered system
  const field = s.mode === 'operator';
  t.parts++;
  const notDone = eventsOf(events, 'fault.end').find((e) => e.id === id)?.notDone;
  if (notDone) {
    t.unsure = true;
    t.reasons.push(`${id} (${what}): ${notDone}`);
    return null;
  }
  if (!end || (!proc && !field)) {
    t.unsure = true;
    t.reasons.push(`${id} (${what}): did not complete in this history`);
    return null;
  }
  const detected = num(end.detectedAfterSeconds);
  t.figures.push({
    name: `${id}: ${what} — link out`,
    label: {
      zh: `${id}：${String(s.node)} ${s.action === 'link-flap' ? `链路闪断 ${String(s.hold)} 秒` : '链路中断'} — 断开时长`,
      en: `${id}: ${what} — link out`,
    },
    value: r2(num(end.downSeconds) ?? 0),
    unit: 's',
    nature: 'measured',
    ...(field
      ? { note: `cable pulled by the person at the rack; from the switch showing port ${String(s.switchPort)} down to it showing it up` }
      : {}),
  });
  t.figures.push({
    name: `${id}: link down → master lists the node disconnected`,
    label: { zh: `${id}：链路断开 → 主控列出节点已断开`, en: `${id}: link down → master lists the node disconnected` },
    value: detected,
    unit: 's',
    nature: 'measured',
    note: detected === null ? 'not noticed by the master' : `poll ${String(end.pollSeconds)} s`,
  });
  t.figures.push({
    name: `${id}: link up → master lists it connected`,
    label: { zh: `${id}：链路恢复 → 主控列出节点已连接`, en: `${id}: link up → master lists it connected` },
    value: num(end.reconnectedAfterSeconds),
    unit: 's',
    nature: 'measured',
  });
  if (proc?.restarted) {
    t.fail = true;
    t.reasons.push(`${id}: the node's process restarted during the link loss (${restartText(proc)})`);
  }
  if (!proc) t.reasons.push(`${id}: no process identity on a delivered system: a restart of ${String(s.node)}'s process is not seen`);
  if (end.connectedAtEnd !== true) {
    t.fail = true;
    t.reasons.push(`${id}: ${String(s.node)} was not connected to the master again after the link came back`);
  }
  if (s.action === 'link-down' && detected === null) {
    t.unsure = true;
    t.reasons.push(`${id}: the master never listed ${String(s.node)} disconnected: the link loss did not take effect`);
  }
  return end;
}

/** A pool step's span in the history (mono ms): an add until the T8 bound, a drain, a deletion. */
export interface PoolWindow {
  step: string;
  from: number;
  to: number;
}

/** What a part of a checker found so far: its figures and reasons, whether it failed or could not tell, how many steps it judged. */
export interface Tally {
  figures: Figure[];
  reasons: string[];
  fail: boolean;
  unsure: boolean;
  parts: number;
}

/**
 * The cluster grown and shrunk under load, judged into `t`: every node added (registered and
 * holding a chunk within the T8 bound), every drain (ready for removal within maxDrainSeconds),
 * every deletion (gone from the master's list, every chunk at goal after it), and the longest
 * write stall from the first of these steps to the last one's end. T9 and T10's pool part both.
 */
export function judgePoolSteps(
  events: readonly HistoryEvent[],
  L: LifecycleThresholds,
  tally: Tally,
  o: { removals: 'all' | 'of-drained-nodes' } = { removals: 'all' },
): PoolWindow[] {
  const byId = (kind: string, id: unknown) => events.find((e) => e.kind === kind && e.id === id);
  // T10's pool shrinks by a drained node: a dead node's deletion is T9's failover, not a resize
  const drainedNodes = new Set(eventsOf(events, 'lifecycle.drain.start').map((e) => String(e.node)));
  const counted = (e: { node?: unknown }) => o.removals === 'all' || drainedNodes.has(String(e.node));
  const windows: PoolWindow[] = [];
  // ---- extend: an added node registered and receiving chunks --------------------------
  for (const add of eventsOf(events, 'scaleout.add')) {
    tally.parts++;
    const powered = eventsOf(events, 'scaleout.powered').find((e) => e.node === add.node);
    const addr = powered ? String(powered.address) : null;
    const polls = eventsOf(events, 'core.nodes').filter((e) => e.mono >= add.mono);
    const { registered: reg, receiving: chunk } = addr ? receivingAfter(polls, addr) : { registered: undefined, receiving: undefined };
    const regS = reg ? r2((reg.mono - add.mono) / 1000) : null;
    const chunkS = chunk ? r2((chunk.mono - add.mono) / 1000) : null;
    const ok = chunkS !== null && chunkS <= L.maxSecondsToFirstChunk;
    windows.push({
      step: `extend ${String(add.node)}`,
      from: add.mono,
      to: Math.min(chunk?.mono ?? Infinity, add.mono + L.maxSecondsToFirstChunk * 1000),
    });
    tally.figures.push({
      name: `extend ${String(add.node)}: add → registered`,
      label: { zh: `扩容 ${String(add.node)}：加入 → 注册完成`, en: `extend ${String(add.node)}: add → registered` },
      value: regS,
      unit: 's',
      nature: 'measured',
    });
    tally.figures.push({
      name: `extend ${String(add.node)}: add → first chunk on it`,
      label: { zh: `扩容 ${String(add.node)}：加入 → 收到首个数据块`, en: `extend ${String(add.node)}: add → first chunk on it` },
      value: chunkS,
      unit: 's',
      threshold: `<= ${L.maxSecondsToFirstChunk}`,
      ok,
      nature: 'measured',
    });
    if (!ok) {
      tally.fail = true;
      tally.reasons.push(
        !addr
          ? `added node ${String(add.node)} never powered on`
          : !reg
            ? `added node ${String(add.node)} never registered with the master`
            : chunkS === null
              ? `added node ${String(add.node)} registered but never held a chunk`
              : `first chunk on ${String(add.node)} after ${chunkS} s > ${L.maxSecondsToFirstChunk} s`,
      );
    }
  }

  // ---- drain ---------------------------------------------------------------------------
  for (const s of eventsOf(events, 'lifecycle.drain.start')) {
    tally.parts++;
    const end = byId('lifecycle.drain.end', s.id);
    const node = String(s.node);
    if (!end) {
      tally.unsure = true;
      tally.reasons.push(`${String(s.id)}: the drain of ${node} did not complete in this history`);
      continue;
    }
    const seconds = num(end.seconds);
    const ready = end.ready === true;
    const ok = ready && seconds !== null && seconds <= L.maxDrainSeconds;
    windows.push({ step: `drain ${node}`, from: s.mono, to: end.mono });
    tally.figures.push({
      name: `drain ${node}: disks marked for removal → ready for removal`,
      label: { zh: `下线迁移 ${node}：硬盘标记待移除 → 可移除`, en: `drain ${node}: disks marked for removal → ready for removal` },
      value: ready ? seconds : null,
      unit: 's',
      threshold: `<= ${L.maxDrainSeconds}`,
      ok,
      nature: 'measured',
      note: ready ? undefined : `not ready after ${seconds} s`,
    });
    tally.figures.push({
      name: `drain ${node}: chunks on its disks marked for removal`,
      label: { zh: `下线迁移 ${node}：待移除硬盘上的数据块数`, en: `drain ${node}: chunks on its disks marked for removal` },
      value: num(end.markedChunks) ?? num(end.chunksAtStart),
      unit: 'chunks',
      nature: 'measured',
    });
    tally.figures.push({
      name: `drain ${node}: chunks copied elsewhere`,
      label: { zh: `下线迁移 ${node}：已复制到其他节点的数据块数`, en: `drain ${node}: chunks copied elsewhere` },
      value: num(end.copiedElsewhere),
      unit: 'chunks',
      nature: 'measured',
      note: 'copies beyond goal while the marked copy still exists',
    });
    if (!ok) {
      if (!ready && seconds !== null && seconds < L.maxDrainSeconds) {
        tally.unsure = true;
        tally.reasons.push(`${String(s.id)}: ${node} not ready for removal, but only ${seconds} s were watched (< ${L.maxDrainSeconds} s)`);
      } else {
        tally.fail = true;
        tally.reasons.push(
          ready
            ? `${String(s.id)}: ${node} drained in ${seconds} s > ${L.maxDrainSeconds} s`
            : `${String(s.id)}: ${node} never became ready for removal in ${seconds} s: the core could not place its chunks elsewhere`,
        );
      }
    }
  }

  // ---- delete ----------------------------------------------------------------------------
  for (const s of eventsOf(events, 'lifecycle.remove.refused').filter(counted)) {
    tally.parts++;
    windows.push({ step: `delete ${String(s.node)}`, from: s.mono, to: s.mono });
    tally.fail = true;
    tally.figures.push({
      name: `delete ${String(s.node)}: removed from the master's list`,
      label: { zh: `删除 ${String(s.node)}：已从主控节点列表移除`, en: `delete ${String(s.node)}: removed from the master's list` },
      value: 0,
      unit: 'nodes',
      threshold: '= 1',
      ok: false,
      nature: 'measured',
      note: String(s.reason),
    });
    tally.reasons.push(`${String(s.id)}: ${String(s.node)} could not be deleted: ${String(s.reason)}`);
  }
  for (const s of eventsOf(events, 'lifecycle.remove.start').filter(counted)) {
    tally.parts++;
    const end = byId('lifecycle.remove.end', s.id);
    const node = String(s.node);
    if (end) windows.push({ step: `delete ${node}`, from: s.mono, to: end.mono });
    if (!end) {
      tally.unsure = true;
      tally.reasons.push(`${String(s.id)}: the removal of ${node} did not complete in this history`);
      continue;
    }
    const gone = end.listedAfter === 'absent';
    const goal = end.atGoal === true;
    tally.figures.push({
      name: `delete ${node}: removed from the master's list`,
      label: { zh: `删除 ${node}：已从主控节点列表移除`, en: `delete ${node}: removed from the master's list` },
      value: gone ? 1 : 0,
      unit: 'nodes',
      threshold: '= 1',
      ok: gone,
      nature: 'measured',
      note: `${String(end.message)}; ${end.drained === true || s.drained === true ? 'drained first' : s.running === false ? 'dead node' : 'not drained'}`,
    });
    tally.figures.push({
      name: `delete ${node}: every chunk at goal after the removal`,
      label: { zh: `删除 ${node}：移除后全部数据块达到目标副本数`, en: `delete ${node}: every chunk at goal after the removal` },
      value: goal ? num(end.atGoalSeconds) : null,
      unit: 's',
      ok: goal,
      nature: 'measured',
      note: goal ? excusedNote(events, String(s.id)) : JSON.stringify(end.health),
    });
    if (!gone) {
      tally.fail = true;
      tally.reasons.push(`${String(s.id)}: ${node} is still listed by the master (${String(end.listedAfter)}) after the removal`);
    }
    if (!goal) {
      tally.fail = true;
      tally.reasons.push(`${String(s.id)}: chunks not at goal after removing ${node}: ${JSON.stringify(end.health)}`);
    }
  }

  // ---- stalls while the cluster grows, drains and shrinks --------------------------------
  // the cameras keep writing through add, drain and delete: the same bound as a failover;
  // from the first step's start to the last end (an add: until the T8 bound)
  const lifeStarts = [
    ...eventsOf(events, 'scaleout.add'),
    ...eventsOf(events, 'lifecycle.drain.start'),
    ...eventsOf(events, 'lifecycle.remove.start').filter(counted),
  ];
  const lifeEnds = [...eventsOf(events, 'lifecycle.drain.end'), ...eventsOf(events, 'lifecycle.remove.end').filter(counted)];
  if (lifeStarts.length) {
    const from = Math.min(...lifeStarts.map((e) => e.mono));
    // T9: an add until the T8 bound; T10's pool part: until its first chunk (then what follows, a failover, is not the resize)
    const addEnd =
      o.removals === 'all'
        ? Math.max(...eventsOf(lifeStarts, 'scaleout.add').map((e) => e.mono + L.maxSecondsToFirstChunk * 1000), -Infinity)
        : Math.max(...windows.filter((w) => w.step.startsWith('extend ')).map((w) => w.to), -Infinity);
    const to = Math.max(addEnd, ...lifeEnds.map((e) => e.mono));
    const failovers = eventsOf(events, 'lifecycle.fail.start').map((f) => ({
      from: f.mono,
      to: eventsOf(events, 'lifecycle.fail.end').find((e) => e.id === f.id)?.mono ?? Infinity,
    }));
    const st = stallFigure(
      events,
      from,
      to,
      L.maxWriteStallSeconds,
      { zh: '扩容、下线迁移与删除期间', en: 'extend, drain and delete' },
      `while nodes were added, drained or deleted (> ${L.maxWriteStallSeconds} s)`,
    );
    // T10 counts the lost writes of its own windows (checkPoolElasticity): one figure a verdict
    const lost =
      o.removals === 'all'
        ? lostWritesFigure(
            events,
            // a failover inside the span is judged on its own (failover figures)
            (m) => m >= from && m <= to && !failovers.some((f) => m >= f.from && m <= f.to),
            { zh: '扩容、下线迁移与删除期间', en: 'extend, drain and delete' },
            'while nodes were added, drained or deleted',
          )
        : null;
    tally.figures.push(st.figure, ...(lost ? [lost.figure] : []));
    for (const r of [st.reason, lost?.reason ?? null].filter((x) => x !== null)) {
      tally.fail = true;
      tally.reasons.push(r);
    }
  }
  return windows;
}
