// T10's resource-pool part ("资源池空间弹性伸缩，不影响读写业务"), as a pure function of the
// history: the pool grown by a node added under camera load and shrunk by a node drained and
// deleted under that load, with reads and writes undisturbed. The steps are judged as T9
// judges them (judgePoolSteps: one definition of a good extend, drain and delete); on top,
// while a step runs no camera segment may fail or be dropped, and no playback read may fail
// or wait longer than a camera may stall (a player watched every drain and deletion); every
// acknowledged segment must read back intact. A node that dies and is deleted is T9's
// failover, not a resize: it is left out. A step that fails FAILs the part; a history that
// does not both grow and shrink the pool shows no more than INCONCLUSIVE.
import { eventsOf, type HistoryEvent } from '../history';
import type { Figure, Verdict } from '../verdict';
import { foldDurability } from './durability';
import { judgePoolSteps, type LifecycleThresholds, type PoolWindow, type Tally } from './lifecycle';
import { lostWritesFigure } from './writes';
import { num, r2 } from './numbers';

/** The part of T10 this checker covers (acceptance/clauses.ts names it for the reports). */
export const POOL_PART = 'pool';

/** Does this history change the pool at all (a node added, drained or deleted)? */
export const changesPool = (events: readonly HistoryEvent[]) =>
  events.some((e) => e.kind === 'scaleout.add' || e.kind === 'lifecycle.drain.start' || e.kind === 'lifecycle.remove.start');

export function checkPoolElasticity(events: readonly HistoryEvent[], L: LifecycleThresholds, scenario = 'lifecycle'): Verdict {
  const figures: Figure[] = [];
  const reasons: string[] = [];
  const base = {
    clause: 'T10',
    scenario,
    covers: [POOL_PART],
    nature: 'measured' as const,
    method: {
      zh: `资源池弹性伸缩：相机持续写入与回放期间，在真实存储核心上加入节点（扩大资源池）、将节点全部硬盘标记移除并等待数据迁出后删除该节点（缩小资源池）；扩缩期间写入不得失败、单路最长写入中断不超过 ${L.maxWriteStallSeconds} 秒，回放读取不得失败；新节点 ${L.maxSecondsToFirstChunk} 秒内收到数据块，排空不超过 ${L.maxDrainSeconds} 秒；所有已确认写入的录像段回读逐字节校验。`,
      en: `Resource pool resized: while cameras write and recordings play, a node is added to the real core (the pool grows) and a node has every disk marked for removal, is drained and deleted (the pool shrinks); meanwhile no write may fail, no camera may stall over ${L.maxWriteStallSeconds} s and no playback read may fail; the new node holds a chunk within ${L.maxSecondsToFirstChunk} s, the drain ends within ${L.maxDrainSeconds} s; every acknowledged segment is read back and checked byte for byte.`,
    },
    evidence: [
      'history.jsonl#scaleout.add',
      'history.jsonl#core.nodes',
      'history.jsonl#lifecycle.drain.start',
      'history.jsonl#lifecycle.drain.end',
      'history.jsonl#lifecycle.remove.start',
      'history.jsonl#lifecycle.remove.end',
      'history.jsonl#lifecycle.remove.refused',
      'history.jsonl#segment.write',
      'history.jsonl#segment.read',
      'history.jsonl#segment.verify',
    ],
  };
  if (!changesPool(events))
    return { ...base, status: 'INCONCLUSIVE', figures, reasons: ['no node added, drained or deleted in this history'] };
  const tally: Tally = { figures, reasons, fail: false, unsure: false, parts: 0 };
  const windows = judgePoolSteps(events, L, tally, { removals: 'of-drained-nodes' });
  let { fail, unsure } = tally;
  // a step that failed fails the part; steps that passed show it only if the pool both grew and shrank
  const drained = new Set(eventsOf(events, 'lifecycle.drain.start').map((e) => String(e.node)));
  const deleted = [...eventsOf(events, 'lifecycle.remove.start'), ...eventsOf(events, 'lifecycle.remove.refused')].filter((e) =>
    drained.has(String(e.node)),
  );
  const missing = [
    eventsOf(events, 'scaleout.add').length === 0 && 'no node added',
    drained.size === 0 && 'no node drained',
    deleted.length === 0 && 'no drained node deleted',
  ].filter(Boolean);
  if (missing.length) {
    unsure = true;
    reasons.push(`the resource pool was not both grown and shrunk in this history: ${missing.join(', ')}`);
  }

  // reads and writes while each step ran (a node's failover and its deletion are T9's, not a resize);
  // a read counts from when it started, so one that fails or hangs past the step is still seen
  const inStep = (mono: number) => windows.some((w) => mono >= w.from && mono <= w.to);
  const reads = eventsOf(events, 'segment.read').map((e) => ({ e, started: e.mono - (num(e.latencyMs) ?? 0) }));
  const readsIn = (w: PoolWindow) => reads.filter((r) => r.started >= w.from && r.started <= w.to);
  const during = reads.filter((r) => inStep(r.started));
  const failedReads = during.filter((r) => r.e.outcome !== 'ok');
  const slowest = r2(during.reduce((m, r) => Math.max(m, num(r.e.latencyMs) ?? 0), 0) / 1000);
  const lost = lostWritesFigure(events, inStep, { zh: '资源池扩缩期间', en: 'pool resized' }, 'while the pool was resized');
  figures.push(lost.figure);
  figures.push({
    name: 'pool resized: playback reads',
    label: { zh: '资源池扩缩期间：回放读取次数', en: 'pool resized: playback reads' },
    value: during.length,
    unit: 'reads',
    nature: 'measured',
  });
  figures.push({
    name: 'pool resized: failed playback reads',
    label: { zh: '资源池扩缩期间：回放读取失败', en: 'pool resized: failed playback reads' },
    value: failedReads.length,
    unit: 'reads',
    threshold: '= 0',
    ok: failedReads.length === 0,
    nature: 'measured',
  });
  // a playback may wait no longer than a camera may stall: one definition of 'undisturbed' for both
  figures.push({
    name: 'pool resized: longest playback read',
    label: { zh: '资源池扩缩期间：最长回放读取用时', en: 'pool resized: longest playback read' },
    value: slowest,
    unit: 's',
    threshold: `<= ${L.maxWriteStallSeconds}`,
    ok: slowest <= L.maxWriteStallSeconds,
    nature: 'measured',
  });
  if (lost.reason) {
    fail = true;
    reasons.push(lost.reason);
  }
  if (failedReads.length) {
    fail = true;
    reasons.push(`${failedReads.length} of ${during.length} playback reads failed while the pool was resized`);
  }
  if (slowest > L.maxWriteStallSeconds) {
    fail = true;
    reasons.push(`a playback read took ${slowest} s while the pool was resized (> ${L.maxWriteStallSeconds} s)`);
  }
  // every drain and deletion must have been watched by a player, or reads were not shown undisturbed
  const unread = windows.filter((w) => !w.step.startsWith('extend') && w.to > w.from && readsIn(w).length === 0);
  if (unread.length) {
    unsure = true;
    reasons.push(`no playback read during ${unread.map((w) => w.step).join(', ')}: reads not shown undisturbed`);
  }

  const durability = foldDurability(events, figures, reasons);
  fail ||= durability.fail;
  unsure ||= durability.unsure;
  if (!fail && !unsure)
    reasons.push(
      `resource pool grown and shrunk under load (${tally.parts} steps), reads and writes undisturbed; ${durability.judgement.verified} acknowledged segments intact`,
    );
  return { ...base, status: fail ? 'FAIL' : unsure ? 'INCONCLUSIVE' : 'PASS', figures, reasons };
}
