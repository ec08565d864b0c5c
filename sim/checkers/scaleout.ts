// T8 scale-out, as a pure function of the history (+ the thresholds of the profile).
// (a) seconds from 'add' to the node registered in the master's own view
// (b) seconds from registration to the first chunk on it (resolution: the poll interval)
// (c) its share of the chunk copies of segments acknowledged in the window after registration
// (d) chunk copies of segments acknowledged BEFORE the add found on it (= migrated)
// (e) write errors and the longest write stall of any camera
import { eventsOf, firstOf, type HistoryEvent } from '../history';
import type { Figure, Verdict } from '../verdict';
import { judgeDurability } from './durability';
import { longestStallMs, lostWritesFigure, writesOf } from './writes';
import { r2 } from './numbers';
import { receivingAfter } from '../heal/receiving';

/** the fault kind a field run's node connection records its refusal under (sim/plan/faults.ts FAULT_KINDS) */
const ADD_NODE = 'add-node';

export interface ScaleOutThresholds {
  /** (a)+(b) must not exceed this, seconds (contract: one minute) */
  maxSecondsToFirstChunk: number;
  /** (d) migrated fraction of pre-existing chunk copies tolerated (background rebalancing) */
  maxMigratedFraction: number;
  /** (c) needs at least this many chunk copies in the window, or the share means nothing */
  minWindowCopies: number;
  /** (c) the new node's share of the window's chunk copies must be above this (0: any copy at all) */
  minNewCopyShare: number;
  /** (c) and reach this fraction of an equal share (1 / nodes after the add) */
  minNewCopyShareOfEqual: number;
}

export function checkScaleOut(events: readonly HistoryEvent[], t: ScaleOutThresholds, scenario = 'scaleout'): Verdict {
  const figures: Figure[] = [];
  const reasons: string[] = [];
  const base = {
    clause: 'T8',
    scenario,
    method: {
      zh: '相机持续写入期间新增一台存储节点（仅提供管理节点地址，无 RAID/LVM 配置）；以核心自身监控（MooseFS：mfscli -SCS 轮询、mfsfileinfo）测量注册时间、首个新数据块落盘时间、新写入数据在新节点上的占比与数据迁移量。',
      en: "While cameras write, one storage node is added (configured with the master address only, no RAID/LVM); the core's own introspection (MooseFS: mfscli -SCS polling, mfsfileinfo) measures time to registration, time to the first new chunk on it, its share of new writes, and chunks migrated to it.",
    },
    nature: 'measured' as const,
    evidence: ['history.jsonl#scaleout.add', 'history.jsonl#core.nodes', 'history.jsonl#core.placement', 'history.jsonl#segment.write'],
  };
  const inconclusive = (why: string): Verdict => ({ ...base, status: 'INCONCLUSIVE', figures, reasons: [...reasons, why] });

  const add = firstOf(events, 'scaleout.add');
  const powered = add && eventsOf(events, 'scaleout.powered').find((e) => e.node === add.node);
  // a field run's node connection: its own start and end (sim/field/node-connect.ts)
  const fieldStarts = eventsOf(events, 'fault.start').filter((e) => e.fault === ADD_NODE && e.mode === 'operator');
  const fieldEnd = (node?: string) => {
    const start = fieldStarts.find((e) => node === undefined || e.node === node);
    return start && eventsOf(events, 'fault.end').find((e) => e.id === start.id);
  };
  if (!add) {
    // a field step refused or not carried out says why nothing was added
    const notDone = fieldEnd()?.notDone;
    const why = [
      ...eventsOf(events, 'fault.refused')
        .filter((e) => e.fault === ADD_NODE)
        .map((e) => `refused: ${e.reason}`),
      ...(notDone ? [`not done: ${notDone}`] : []),
    ];
    return inconclusive(`no scale-out happened in this history (no scaleout.add event)${why.length ? `: ${why.join('; ')}` : ''}`);
  }
  const polls = eventsOf(events, 'core.nodes').filter((e) => e.mono >= add.mono);
  const pollMs = Number(firstOf(events, 'observer.start')?.intervalMs ?? NaN);
  if (!powered && add.mode === 'operator') {
    // in the field the add is the BMC showing the node On; the core listing it within the watch is all that says it joined
    const within = fieldEnd(add.node)?.notListedWithinSeconds;
    figures.push({
      name: '(a)+(b)',
      label: { zh: '(a)+(b) 扩容生效总用时', en: '(a)+(b)' },
      value: null,
      unit: 's',
      threshold: `<= ${t.maxSecondsToFirstChunk}`,
      ok: false,
      nature: 'measured',
      note:
        within === undefined
          ? 'the watch of the core did not end'
          : `the core watched ${r2(within)} s after the node's BMC showed it On (the BMC polled every ${pollMs} ms)`,
    });
    if (within === undefined)
      return inconclusive(
        `${add.node} was powered on (its BMC showed On) and the watch of the core did not end: whether it joined is not known`,
      );
    const what = `${add.node} was powered on (its BMC showed On) and the core listed no new storage node within the ${r2(within)} s it was watched after that`;
    if (within < t.maxSecondsToFirstChunk) return inconclusive(`${what}: less than the ${t.maxSecondsToFirstChunk} s the clause allows`);
    return { ...base, status: 'FAIL', figures, reasons: [`${what}; the clause allows ${t.maxSecondsToFirstChunk} s`] };
  }
  if (!powered)
    return inconclusive(
      'the new node never powered on (no scaleout.powered event): the harness failed before the clause could be measured',
    );
  const addr = powered.address;
  if (polls.length === 0) return inconclusive('no observation of the core after the add');

  const { registered, receiving: firstChunk } = receivingAfter(polls, addr);
  const lastPoll = polls[polls.length - 1]!;
  const regS = registered ? (registered.mono - add.mono) / 1000 : null;
  const chunkS = registered && firstChunk ? (firstChunk.mono - registered.mono) / 1000 : null;
  const total = regS !== null && chunkS !== null ? regS + chunkS : null;
  figures.push(
    {
      name: '(a) add -> registered',
      label: { zh: '(a) 加入 → 注册完成', en: '(a) add -> registered' },
      value: regS === null ? null : r2(regS),
      unit: 's',
      nature: 'measured',
      note: `poll interval ${pollMs} ms`,
    },
    {
      name: '(b) registered -> first new chunk',
      label: { zh: '(b) 注册完成 → 新节点收到首个新数据块', en: '(b) registered -> first new chunk' },
      value: chunkS === null ? null : r2(chunkS),
      unit: 's',
      nature: 'measured',
    },
    {
      name: '(a)+(b)',
      label: { zh: '(a)+(b) 扩容生效总用时', en: '(a)+(b)' },
      value: total === null ? null : r2(total),
      unit: 's',
      threshold: `<= ${t.maxSecondsToFirstChunk}`,
      ok: total !== null && total <= t.maxSecondsToFirstChunk,
      nature: 'measured',
    },
  );
  if (!registered)
    reasons.push(
      `the new node ${addr} never appeared in the core's list of storage nodes within ${r2((lastPoll.mono - add.mono) / 1000)} s of observation`,
    );
  else if (!firstChunk)
    reasons.push(`the new node registered after ${r2(regS!)} s but held no chunk within ${r2((lastPoll.mono - registered.mono) / 1000)} s`);
  else if (total! > t.maxSecondsToFirstChunk)
    reasons.push(`first chunk on the new node ${r2(total!)} s after the add, more than ${t.maxSecondsToFirstChunk} s`);

  // (c) and (d) from the placement of every acknowledged segment
  const placement = eventsOf(events, 'core.placement');
  if (placement.length === 0) return inconclusive('no chunk placement was recorded (core.placement)');
  const windowStart = registered?.mono ?? add.mono;
  let newCopies = 0;
  let newOnNode = 0;
  let oldCopies = 0;
  let oldOnNode = 0;
  for (const p of placement) {
    if (p.ackMono === null) continue;
    const copies = p.chunks.flatMap((c) => c.copies);
    const onNode = copies.filter((c) => c === addr).length;
    if (p.ackMono > windowStart) {
      newCopies += copies.length;
      newOnNode += onNode;
    } else if (p.ackMono < add.mono) {
      oldCopies += copies.length;
      oldOnNode += onNode;
    }
  }
  const nodesAfter = new Set(lastPoll.nodes.map((n) => n.address)).size;
  const share = newCopies > 0 ? newOnNode / newCopies : null;
  const equal = 1 / Math.max(1, nodesAfter);
  // the floor is judged on a window big enough to say anything (else INCONCLUSIVE below)
  const floor = newCopies >= t.minWindowCopies ? t.minNewCopyShareOfEqual * equal : 0;
  figures.push({
    name: '(c) share of new chunk copies on the new node',
    label: { zh: '(c) 新写入数据块副本落在新节点的比例', en: '(c) share of new chunk copies on the new node' },
    value: share === null ? null : r2(share * 100),
    unit: '%',
    threshold: `> ${r2(t.minNewCopyShare * 100)} and >= ${r2(floor * 100)}`,
    ok: share !== null && share > t.minNewCopyShare && share >= floor,
    nature: 'measured',
    note: `${newOnNode} of ${newCopies} copies; an equal share would be ${r2(equal * 100)} %, of which at least ${r2(t.minNewCopyShareOfEqual * 100)} % is asked`,
  });
  const migrated = oldCopies > 0 ? oldOnNode / oldCopies : 0;
  figures.push({
    name: '(d) pre-existing chunk copies moved to the new node',
    label: { zh: '(d) 已有数据块副本迁移到新节点的比例', en: '(d) pre-existing chunk copies moved to the new node' },
    value: r2(migrated * 100),
    unit: '%',
    threshold: `<= ${r2(t.maxMigratedFraction * 100)}`,
    ok: migrated <= t.maxMigratedFraction,
    nature: 'measured',
    note: `${oldOnNode} of ${oldCopies} copies (background rebalancing is allowed; migration must not be a precondition)`,
  });
  if (share !== null && share === 0)
    reasons.push(`none of the ${newCopies} chunk copies written after registration landed on the new node`);
  else if (share !== null && share <= t.minNewCopyShare)
    reasons.push(
      `${r2(share * 100)} % of the ${newCopies} chunk copies written after registration landed on the new node, not above ${r2(t.minNewCopyShare * 100)} %`,
    );
  else if (share !== null && share < floor)
    reasons.push(
      `${r2(share * 100)} % of the ${newCopies} chunk copies written after registration landed on the new node, below ${r2(floor * 100)} % (${r2(t.minNewCopyShareOfEqual * 100)} % of an equal share among ${nodesAfter} nodes)`,
    );
  if (migrated > t.maxMigratedFraction)
    reasons.push(
      `${r2(migrated * 100)} % of pre-existing chunk copies moved to the new node, more than ${r2(t.maxMigratedFraction * 100)} %`,
    );

  // (e) service while scaling out
  const writes = writesOf(events);
  const lost = lostWritesFigure(events, () => true, { zh: '(e) 扩容全程', en: '(e) whole run' }, 'while the cluster scaled out');
  const stall = longestStallMs(events);
  figures.push(
    { ...lost.figure, note: `${lost.figure.note} of ${writes.length} writes` },
    {
      name: '(e) longest write stall of any camera',
      label: { zh: '(e) 单路相机最长写入中断', en: '(e) longest write stall of any camera' },
      value: r2(stall.ms / 1000),
      unit: 's',
      nature: 'measured',
      note: stall.camera ? `camera ${stall.camera}` : undefined,
    },
  );
  if (lost.reason) reasons.push(lost.reason);

  const durability = judgeDurability(events);
  figures.push(...durability.figures);
  if (durability.outcome === 'lost') reasons.push(...durability.reasons);

  if (newCopies < t.minWindowCopies && !reasons.length) {
    return inconclusive(
      `only ${newCopies} chunk copies were written after registration (need ${t.minWindowCopies}): window too short to judge placement`,
    );
  }
  if (durability.outcome === 'unverified' && !reasons.length) return inconclusive(durability.reasons.join('; '));
  const status = reasons.length ? 'FAIL' : 'PASS';
  if (status === 'PASS')
    reasons.push(
      `first chunk ${r2(total!)} s after add (<= ${t.maxSecondsToFirstChunk} s), share ${r2(share! * 100)} %, migrated ${r2(migrated * 100)} %, no write error, ${durability.verified} acknowledged segments intact`,
    );
  return { ...base, status, figures, reasons };
}
