// T3 disk hot-plug, as a pure function of the history. Per pulled bay:
//  - the node's processes never restarted (same container start, same main PID);
//  - the core noticed the missing disk and let it go (it could be unmounted);
//  - the re-inserted disk was taken back (listed ok again); a blank one received chunks
//    by the end of the run (the core's disk view recorded last).
// For the run: no acknowledged segment lost (every one read back byte-identical after
// the cluster settled), the longest write stall of any camera and the read errors while
// disks were out within the profile's bounds.
import { eventsOf, firstOf, lastOf, type EventOf, type HistoryEvent } from '../history';
import type { Tally } from './lifecycle';
import type { Figure, Verdict } from '../verdict';
import { longestStallMs, lostWritesFigure } from './writes';
import { foldDurability } from './durability';
import { coreNameOf } from './core-name';
import { processAround, restartText } from './process-identity';
import { r2 } from './numbers';

export interface HotplugThresholds {
  maxWriteStallSeconds: number;
  maxReadErrors: number;
}

export function checkHotplug(events: readonly HistoryEvent[], t: HotplugThresholds, scenario = 'hotplug'): Verdict {
  const base = {
    clause: 'T3',
    scenario,
    method: {
      zh: '相机持续写入期间，按随机种子依次拔出硬盘（第一块为存放最新数据块的硬盘）：拔盘即令该盘文件系统所有 I/O 立即报错（真实内核操作），节点热插拔代理通知存储核心重新扫描后卸载；数秒后插回原盘或换入新空盘。判定：节点进程未重启、存储核心识别拔出并接回、所有已确认写入的录像段回读逐字节一致、写入中断与读错误在限值内。',
      en: "While cameras write, disks are pulled one after another, chosen by the seed (the first holds the newest chunks): the bay's filesystem fails every I/O at once (a real kernel operation), the node's hot-plug agent lets the core rescan, then it is unmounted; seconds later the same disk or a blank one goes back in. Verdict: node processes not restarted, the core noticed and took the disk back, every acknowledged segment reads back byte-identical, write stall and read errors within bounds.",
    },
    nature: 'measured' as const,
    evidence: [
      'history.jsonl#fault.start',
      'history.jsonl#hw.bay.pulled',
      'history.jsonl#hw.bay.core-noticed',
      'history.jsonl#hw.bay.core-accepted',
      'history.jsonl#core.process',
      'history.jsonl#segment.verify',
      'history.jsonl#core.disks',
    ],
  };
  const pulls = events.filter((e) => e.kind === 'fault.start' && e.fault === 'disk-pull');
  if (pulls.length === 0) {
    // nothing to judge hot-plug by; data lost without any pull still fails '数据不丢失'
    const figures: Figure[] = [];
    const reasons: string[] = [];
    const { fail } = foldDurability(events, figures, reasons);
    // a pull a field run's safety check refused: why
    reasons.push(
      ...eventsOf(events, 'fault.refused')
        .filter((e) => e.fault === 'disk-pull')
        .map((e) => `${e.id}: disk-pull of ${e.target} refused: ${e.reason}`),
    );
    return fail
      ? { ...base, status: 'FAIL', figures, reasons: [...reasons, 'no disk was pulled in this history, and yet data was lost'] }
      : { ...base, status: 'INCONCLUSIVE', figures, reasons: ['no disk was pulled in this history', ...reasons] };
  }
  const figures: Figure[] = [];
  const reasons: string[] = [];
  let fail = false;
  let unsure = false;
  const lastDisks = lastOf(events, 'core.disks');

  let windowFrom = Infinity;
  let windowTo = -Infinity;
  for (const p of pulls) {
    const end = eventsOf(events, 'fault.end').find((e) => e.id === p.id);
    windowFrom = Math.min(windowFrom, p.mono);
    windowTo = Math.max(windowTo, end?.mono ?? p.mono);
    const pull: Tally = { figures, reasons, fail: false, unsure: false, parts: 0 };
    judgePull(events, p, pull, { lastDisks });
    fail ||= pull.fail;
    unsure ||= pull.unsure;
  }

  const durability = foldDurability(events, figures, reasons);
  fail ||= durability.fail;
  unsure ||= durability.unsure;
  const stall = longestStallMs(events, windowFrom, windowTo);
  const stallS = r2(stall.ms / 1000);
  const stallOk = stallS <= t.maxWriteStallSeconds;
  figures.push({
    name: 'longest write stall of any camera while disks were out',
    label: { zh: '拔盘期间单路相机最长写入中断', en: 'longest write stall of any camera while disks were out' },
    value: stallS,
    unit: 's',
    threshold: `<= ${t.maxWriteStallSeconds}`,
    ok: stallOk,
    nature: 'measured',
    note: stall.camera ?? undefined,
  });
  if (!stallOk) {
    fail = true;
    reasons.push(`camera ${stall.camera} wrote nothing for ${stallS} s while disks were out`);
  }
  // T3: no data lost and the service not interrupted, from the first pull to the load's end (the
  // load's own thresholds judge the steady state before it only), or to where another kind of
  // fault begins (a trial day's crash after its pull is T6's)
  const otherFault = eventsOf(events, 'fault.start').find((e) => e.fault !== 'disk-pull' && e.mono > windowFrom);
  const lostTo = otherFault?.mono ?? firstOf(events, 'load.stop')?.mono ?? windowTo;
  const until = otherFault
    ? { zh: `${String(otherFault.id)} 开始`, en: `the start of ${String(otherFault.id)}` }
    : { zh: '负载结束', en: 'the end of the load' };
  const lost = lostWritesFigure(
    events,
    (m) => m >= windowFrom && m <= lostTo,
    { zh: `首次拔盘至${until.zh}`, en: `from the first pull to ${until.en}` },
    `from the first pull to ${until.en}`,
  );
  figures.push(lost.figure);
  if (lost.reason) {
    fail = true;
    reasons.push(lost.reason);
  }
  const readErrors = events.filter(
    (e) => e.kind === 'segment.read' && e.outcome !== 'ok' && e.mono >= windowFrom && e.mono <= windowTo,
  ).length;
  figures.push({
    name: 'read errors while disks were out',
    label: { zh: '拔盘期间回放读取错误', en: 'read errors while disks were out' },
    value: readErrors,
    unit: 'reads',
    threshold: `<= ${t.maxReadErrors}`,
    ok: readErrors <= t.maxReadErrors,
    nature: 'measured',
  });
  if (readErrors > t.maxReadErrors) {
    fail = true;
    reasons.push(`${readErrors} playback reads failed while disks were out`);
  }
  figures.push({
    name: 'disks pulled',
    label: { zh: '拔出硬盘数', en: 'disks pulled' },
    value: pulls.length,
    unit: 'bays',
    nature: 'measured',
  });
  if (!fail && !unsure)
    reasons.push(`${pulls.length} pulls: no process restart, every disk noticed and taken back, no acknowledged segment lost`);
  return { ...base, status: fail ? 'FAIL' : unsure ? 'INCONCLUSIVE' : 'PASS', figures, reasons };
}

/**
 * One pull, T3's rules on the node and the bay, judged into `t`: the node's process not
 * restarted, the core let go of the pulled disk and took the inserted one back, a blank disk
 * used by the end of the run (the last core.disks). The model-based runs leave out the restart
 * rule (a node of a sequence may crash or lose power while its bay is out) and the blank disk's
 * use (a sequence ends before a run would).
 */
export function judgePull(
  events: readonly HistoryEvent[],
  p: HistoryEvent,
  t: Tally,
  o: { lastDisks?: EventOf<'core.disks'>; restartRule?: boolean; blankUsedRule?: boolean } = {},
): void {
  t.parts++;
  const id = String(p.id);
  const end = eventsOf(events, 'fault.end').find((e) => e.id === id);
  const proc = processAround(events, id);
  const where = `${String(p.node)} slot ${String(p.slot)}`;
  // a pull by the person at the rack (field mode): no process to compare, the core's looks instead
  const field = p.mode === 'operator';
  // a step not carried out: nothing to judge the core by from there on (a pull done is still judged)
  if (end?.notDone) {
    t.unsure = true;
    t.reasons.push(`${id} (${where}): ${end.notDone}`);
    if (!end.pulled) return;
  }
  if (!end || (!proc && !field)) {
    t.unsure = true;
    t.reasons.push(`${id} (${where}): the fault did not complete in this history`);
    return;
  }
  const noticed = end.pulled?.coreNoticedSeconds ?? null;
  const accepted = end.inserted?.coreAcceptedSeconds ?? null;
  const bay = `bay${String(p.slot).padStart(2, '0')}`;
  const blankChunks = end.inserted?.blank ? (o.lastDisks?.disks.find((d) => d.node === p.node && d.bay === bay)?.chunks ?? null) : null;
  const whereZh = `${String(p.node)} ${String(p.slot)} 号盘位`;
  const core = coreNameOf(events);
  t.figures.push({
    // the key names no node nor core: two runs (two cores) compare figure by figure
    name: `${id}: disk pulled → the core lists it gone`,
    label: { zh: `${id}：拔出 ${whereZh} → ${core.zh} 识别该盘移除`, en: `${id}: disk pulled → the core lists it gone` },
    value: noticed,
    unit: 's',
    nature: 'measured',
    ok: noticed !== null,
    note: `${where} (${core.en}): ${String(p.rule ?? '')}`,
  });
  t.figures.push({
    name: `${id}: ${end.inserted?.blank ? 'blank disk' : 'same disk'} inserted → the core serves it`,
    label: {
      zh: `${id}：插回${end.inserted?.blank ? '新空盘' : '原盘'} → ${core.zh} 识别为正常`,
      en: `${id}: ${end.inserted?.blank ? 'blank disk' : 'same disk'} inserted → the core serves it`,
    },
    value: accepted,
    unit: 's',
    nature: 'measured',
    ok: accepted !== null,
  });
  if (end.inserted?.blank)
    t.figures.push({
      name: `${id}: chunks on the blank disk at the end`,
      label: { zh: `${id}：运行结束时新空盘上的数据块数`, en: `${id}: chunks on the blank disk at the end` },
      value: blankChunks,
      unit: 'chunks',
      threshold: '> 0',
      ok: (blankChunks ?? 0) > 0,
      nature: 'measured',
    });
  if (!proc) keptListed(events, p, end, t);
  else if (proc.restarted && o.restartRule !== false) {
    t.fail = true;
    t.reasons.push(`${id}: the node's process restarted during the pull (${restartText(proc)})`);
  }
  if (field && !p.bay && noticed === null) {
    // no slot-to-disk map in the target: the slot may hold none of the core's disks
    t.unsure = true;
    t.reasons.push(
      `${id}: ${core.en} let go of no disk of ${String(p.node)} after the pull (${where}): it keeps serving a pulled disk, or the slot holds none of its disks (the target file maps no slot of ${String(p.node)} to the core's disks: diskPaths)`,
    );
  } else if (noticed === null || end.pulled?.released !== true) {
    t.fail = true;
    t.reasons.push(
      `${id}: ${core.en} did not let go of the pulled disk (${where}${field && p.bay ? `, watched as ${String(p.bay)} by the target's diskPaths` : ''})`,
    );
  }
  if (accepted === null && !end.notDone) {
    t.fail = true;
    t.reasons.push(`${id}: the re-inserted disk was not taken back (${where})`);
  }
  if (end.inserted?.blank && !((blankChunks ?? 0) > 0) && o.blankUsedRule !== false) {
    t.unsure = true;
    t.reasons.push(`${id}: the blank disk in ${where} held no chunk by the end of the run (not seen used; a longer run would tell)`);
  }
}

/**
 * A field pull's 'the node keeps running', from the core's looks while the disk was out: the
 * node listed at each one. A restart between two looks is not seen, and the figure says so.
 */
function keptListed(events: readonly HistoryEvent[], p: HistoryEvent, end: EventOf<'fault.end'>, t: Tally): void {
  const id = String(p.id);
  // out: from the BMC showing the bay empty to it showing a disk again (or the fault's end)
  const drive = eventsOf(events, 'field.drive').filter((e) => e.id === id);
  const from = drive.find((e) => e.state === 'Absent')?.mono ?? null;
  const to = (from !== null ? drive.find((e) => e.mono > from && e.state !== 'Absent')?.mono : undefined) ?? end.mono;
  const looks = from === null ? [] : eventsOf(events, 'core.nodes').filter((e) => e.when !== 'before' && e.mono >= from && e.mono <= to);
  const missing = looks.filter((e) => !e.nodes.some((n) => n.address === p.address));
  // the edges count: a restart just after the pull or just before the disk came back is as unseen
  const marks = from === null ? [] : [from, ...looks.map((e) => e.mono), to];
  const gaps = marks.slice(1).map((m, i) => m - marks[i]!);
  t.figures.push({
    name: `${id}: looks of the core listing the node while its disk was out`,
    label: { zh: `${id}：拔盘期间存储核心列出该节点的次数`, en: `${id}: looks of the core listing the node while its disk was out` },
    value: looks.length - missing.length,
    unit: 'looks',
    threshold: `= ${looks.length}`,
    ok: looks.length > 0 && missing.length === 0,
    nature: 'measured',
    note: `no process to compare on a delivered system: a restart shorter than the longest gap between looks (${r2(Math.max(0, ...gaps) / 1000)} s) is not seen`,
  });
  if (missing.length) {
    t.fail = true;
    t.reasons.push(
      `${id}: the core did not list ${String(p.node)} at ${missing.length} of ${looks.length} looks while its disk was out (a restart or a loss of the node)`,
    );
  } else if (!looks.length) {
    t.unsure = true;
    t.reasons.push(`${id}: no look of the core while the disk was out: whether ${String(p.node)} kept running is not known`);
  }
}
