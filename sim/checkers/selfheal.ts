// T6 crash / hang / power loss and self-heal, as a pure function of the history.
// For each fault (fault.start with fault 'crash:<mode>'), measured from the fault (or, for a
// power loss, from the moment the power came back: the node cannot heal without power):
//  (a) registered again: the core's own view lists the node again (master: it answers and
//      lists every node) after having lost it; never lost = 0 s;
//  (b) writes back at full rate: the first window (profile: rateWindowSeconds) from which the
//      cameras' acknowledged bytes reach `fullRateFraction` of the baseline before the fault;
//  (c) healed, by the one definition the nemesis waits on (sim/heal/healed.ts): every node
//      registered, the master answering, no chunk missing, a storage node's chunks all at
//      goal, a new process. Judged on the core's observations up to the nemesis' last one for
//      the fault (its fault.end says the same, but for one case: chunks still missing that the
//      core names only in recordings whose writes failed or stuck hold no acknowledged byte
//      and are not counted here); healed since the first observation of the healed run that
//      reaches it. The master's time to full redundancy is shown apart
//      (MooseFS keeps a chunk that was being written when the master stopped locked for
//      120 s, LOCKTIMEOUT in mfsmaster's chunks.c, before it re-replicates it).
// Self-heal time = max(a, b, c) measured + the simulated boot time of the healing mechanism
// (firmware + OS boot and staggered spin-up, which a container does not have). A boot the
// nemesis played in real time (the master kept down for it: clocks it set before the fault run
// on through a boot) is inside the measured time and not added again. PASS iff within the
// threshold; the figures show measured and simulated seconds apart.
import { eventsOf, firstOf, type EventOf, type HistoryEvent } from '../history';
import type { Bilingual, Figure, Verdict } from '../verdict';
import { pathsByAcknowledgement, writesOf } from './writes';
import { foldDurability } from './durability';
import {
  atGoalNow,
  healedOver,
  holdsNoChunk,
  newlyMissing,
  unacknowledgedChunks,
  excusedMissing,
  type ChunkCounts,
  type CoreState,
  type HealQuestion,
  type ProcessSeen,
} from '../heal/healed';
import { fullRateAfter, judgedSeconds, type RateWindows } from '../heal/write-rate';
import { r1 } from './numbers';

export type { RateWindows };

export interface SelfHealThresholds extends RateWindows {
  maxSelfHealSeconds: number;
}

type NodesEvent = EventOf<'core.nodes'>;
type HealthEvent = EventOf<'core.health'>;

/** The core observations the definition of 'healed' reads, as the observer and the nemesis record them. */
const OBSERVATIONS = new Set(['core.nodes', 'core.nodes.error', 'core.health', 'core.health.error']);

export interface FaultRecovery {
  id: string;
  target: string;
  mode: string;
  fromMono: number;
  registeredS: number | null;
  fullRateS: number | null;
  /** no chunk missing, after registration */
  availableS: number | null;
  atGoalS: number | null;
  /** (c): healed by the shared definition, from the first observation of the healed run that reaches the end of the watch */
  healedS: number | null;
  /** what the definition still found not so at the last observation of the watch */
  pending: string[];
  /** the files the core named at the end of the watch with chunks no copy of which is readable (null: not asked, or it could not tell) */
  withoutCopy: { unacknowledgedChunks: number; unacknowledged: string[]; others: string[]; error: string | null } | null;
  measuredS: number | null;
  /** the simulated boot added to the measured time */
  simulatedBootS: number;
  /** the simulated boot the node was kept down for in real time: inside measuredS, never added */
  bootPlayedS: number;
  /** the healing mechanism as the nemesis recorded it: shown, never required (the measurements judge) */
  healedBy: string | null;
  /** what the harness did after the wait (thaw, start): measurement stops there */
  harnessStepped: string | null;
  processRestarted: boolean;
  /** the core listed the node without it (the master: stopped answering) during the watch, and a BMC's cut read back Off */
  coreSawItGone: boolean;
  /** the faulted process was recorded (not on a field run's node: no container to ask) */
  processWatched: boolean;
  /** seconds the nemesis watched the heal (c) */
  observedS: number;
  /** seconds the registration (a) could be seen: until the next fault or the last poll */
  registrationWatchedS: number;
  /** seconds of rate windows (b) judged: each window starts after the fault and ends before the next one or the load's stop */
  rateWatchedS: number;
  /** acknowledged bytes per ms before the fault; 0: no rate to come back to, (b) cannot be judged */
  rateBaseline: number;
}

export function recoveries(events: readonly HistoryEvent[], rw: RateWindows): FaultRecovery[] {
  const starts = events.filter((e) => e.kind === 'fault.start' && String(e.fault).startsWith('crash:'));
  const end = events[events.length - 1]?.mono ?? 0;
  // no write after the load stopped: the read-back's minutes are no watch of the rate
  const loadStop = firstOf(events, 'load.stop')?.mono ?? end;
  const acks = writesOf(events)
    .filter((w) => w.outcome === 'ok')
    .map((w) => ({ mono: w.mono, bytes: w.bytes ?? 0 }));
  const nodePolls = events.filter((e) => e.kind === 'core.nodes' || e.kind === 'core.nodes.error');
  const health = eventsOf(events, 'core.health');
  const paths = pathsByAcknowledgement(events);
  return starts.map((s, k) => {
    const expected = nodesBefore(events, s);
    const id = String(s.id);
    const target = String(s.target);
    const address = String(s.address);
    const isMaster = target === 'master';
    const mine = (k: string) => events.filter((e) => e.kind === k && e.id === id);
    const restored = mine('heal.power-restored')[0];
    // what happened after the next fault began belongs to that fault; a node kept off across
    // other faults (a model sequence) is healed after its power's return, whatever began before it
    const from = s.mode === 'power-loss' && restored ? restored.mono : s.mono;
    let until = starts.slice(k + 1).find((x) => x.mono > from)?.mono ?? Infinity;
    // what the core did after the harness stepped in (a thaw or start after the wait) is no heal
    const cleanup = mine('fault.cleanup')[0];
    if (cleanup) until = Math.min(until, cleanup.mono);
    const heal = eventsOf(events, 'heal.by').find((e) => e.id === id);
    const listed = (p: HistoryEvent) =>
      p.kind === 'core.nodes' &&
      (isMaster ? [...expected].every((a) => p.nodes.some((n) => n.address === a)) : p.nodes.some((n) => n.address === address));
    const after = nodePolls.filter((p) => p.mono >= s.mono && p.mono < until);
    const lost = after.find((p) => !listed(p));
    const back = lost ? after.find((p) => p.mono > lost.mono && listed(p)) : after.find(listed);
    // the core saw a storage node gone in a list it gave without it, not in a look that failed;
    // the master gone is the master not answering
    const seenGone = isMaster ? !!lost : after.some((p) => p.kind === 'core.nodes' && !listed(p));
    // a field run's cut: the BMC's own power state read back after its ForceOff
    const forceOff = eventsOf(events, 'field.redfish').find((e) => e.id === id && e.action.endsWith('ForceOff'));
    const registeredS = back ? Math.max(0, back.mono - from) / 1000 : null;

    // (b) full rate, from acknowledged bytes, by the definition the run loops wait on
    const rateUntil = Math.min(loadStop, until);
    const rate = fullRateAfter(acks, { faultMono: s.mono, fromMono: from, untilMono: rateUntil }, rw);
    const fullRateS = rate.backS;
    const before = events.find((e) => e.kind === 'core.process' && e.faultId === id && e.when === 'before');
    // chunks already missing are not this fault's to heal: the nemesis' own observation before it, else the last one
    const healthBefore =
      events.find((e) => e.kind === 'core.health' && e.faultId === id && e.when === 'before') ??
      health.filter((h) => h.mono < s.mono).pop();
    const question: HealQuestion = {
      target,
      expected: [...expected],
      processBefore: before ? processOf(before) : null,
      missingBefore: healthBefore ? Number(healthBefore.missing) : 0,
    };
    // figures: every chunk readable, every chunk at goal, each first seen after registration
    const regMono = back?.mono ?? Infinity;
    const firstHealth = (ok: (h: HealthEvent) => boolean) => {
      const h = health.find((x) => x.mono >= Math.max(regMono, s.mono) && x.mono < until && ok(x));
      return h ? Math.max(0, h.mono - from) / 1000 : null;
    };
    const afterP = events.find((e) => e.kind === 'core.process' && e.faultId === id && e.when === 'after');
    const processRestarted = !!before && !!afterP && (before.pid !== afterP.pid || before.startedAt !== afterP.startedAt);
    // the watch ends at the nemesis' last observation of this fault (older histories: its fault.end)
    const nemesisSeen = events.filter((e) => e.faultId === id && e.by === 'nemesis' && e.when !== 'before' && OBSERVATIONS.has(e.kind));
    const watchEnd = Math.min(nemesisSeen[nemesisSeen.length - 1]?.mono ?? mine('fault.end')[0]?.mono ?? end, until);
    // (c) the shared definition over every observation of the watch
    const samples = observationsOf(events, s.mono, watchEnd, until, processAtOf(events, id, afterP), isMaster ? null : target);
    const named = eventsOf(events, 'core.files-without-copy').find((e) => e.faultId === id);
    const unacknowledged = named && !named.error ? unacknowledgedChunks(named.files, paths.acknowledged, paths.unacknowledged) : null;
    const excuse = excusedMissing(
      question.missingBefore ?? 0,
      samples.map((x) => ({ at: x.at, missing: x.state.chunks?.missing ?? null })),
      unacknowledged,
    );
    const questionAt = (mono: number): HealQuestion =>
      excuse && mono >= excuse.from ? { ...question, missingUnacknowledged: excuse.chunks } : question;
    const over = healedOver(questionAt, samples);
    const availableS = firstHealth((h) => newlyMissing(questionAt(h.mono), h) === 0);
    const atGoalS = firstHealth((h) => atGoalNow(questionAt(h.mono), h));
    const healedS = over.healedAt === null ? null : Math.max(0, over.healedAt - from) / 1000;
    const parts = [registeredS, fullRateS, healedS];
    const measuredS = parts.every((x) => x !== null) ? Math.max(...(parts as number[])) : null;
    return {
      id,
      target,
      mode: String(s.mode),
      fromMono: from,
      registeredS,
      fullRateS,
      availableS,
      atGoalS,
      healedS,
      pending: over.last?.pending ?? ['no observation of the core during the watch'],
      withoutCopy: named
        ? {
            unacknowledgedChunks: excuse?.chunks ?? 0,
            unacknowledged: unacknowledged?.files ?? [],
            others: unacknowledged?.others ?? [],
            error: named.error ?? null,
          }
        : null,
      measuredS,
      simulatedBootS: heal ? Math.max(0, (heal.simulatedBootSeconds ?? 0) - (heal.playedBootSeconds ?? 0)) : 0,
      bootPlayedS: heal?.playedBootSeconds ?? 0,
      healedBy: heal ? heal.mechanism : null,
      harnessStepped: cleanup ? String(cleanup.action ?? 'the harness stepped in') : null,
      processRestarted,
      coreSawItGone: seenGone && (!forceOff || forceOff.powerState === 'Off'),
      processWatched: !!before,
      observedS: Math.max(0, watchEnd - from) / 1000,
      registrationWatchedS: Math.max(0, (after[after.length - 1]?.mono ?? from) - from) / 1000,
      rateWatchedS: judgedSeconds(from, rateUntil, rw),
      rateBaseline: rate.baseline,
    };
  });
}

/**
 * The storage nodes the cluster had when a fault began: the last topology.up before it (a
 * model-based run records one per sequence) and every node powered on by a scale-out since.
 */
function nodesBefore(events: readonly HistoryEvent[], fault: HistoryEvent): Set<string> {
  // the core's own list as the fault began, where it was recorded (a field run has no topology of its own)
  const listed = eventsOf(events, 'core.nodes').find((e) => e.when === 'before' && e.faultId === fault.id);
  if (listed) return new Set(listed.nodes.map((n) => n.address));
  const out = new Set<string>();
  for (const e of events) {
    if (e === fault) break;
    if (e.kind === 'topology.up') {
      out.clear();
      for (const n of e.nodes) out.add(n.address);
    } else if (e.kind === 'scaleout.powered') out.add(e.address);
  }
  return out;
}

/**
 * The faulted process as it was at a moment of the watch: the last one the nemesis saw by then
 * (it records each change). A history without those readings gets the one recorded after the watch.
 */
function processAtOf(
  events: readonly HistoryEvent[],
  id: string,
  after: HistoryEvent | undefined,
): (mono: number) => ProcessSeen | undefined {
  const seen = eventsOf(events, 'core.process').filter((e) => e.faultId === id && e.when !== 'after');
  if (!seen.some((e) => e.when === 'seen')) return () => (after ? processOf(after) : undefined);
  return (mono) => {
    const last = seen.filter((e) => e.mono <= mono).pop();
    return last ? processOf(last) : undefined;
  };
}

/** A core.process event as the definition reads it (a history written before 'running' was recorded: running) */
const processOf = (e: HistoryEvent): ProcessSeen => ({
  pid: Number(e.pid),
  startedAt: String(e.startedAt),
  running: e.running !== false,
  paused: e.paused === true,
});

/**
 * The core's state at each observation in [from, watchEnd] (and before `until`): the latest
 * node list and chunk counts, each as last answered (an error: the master did not answer),
 * with the faulted process as recorded after the watch.
 */
function observationsOf(
  events: readonly HistoryEvent[],
  from: number,
  watchEnd: number,
  until: number,
  processAt: (mono: number) => ProcessSeen | undefined,
  node: string | null,
): { at: number; state: CoreState }[] {
  let registered: string[] | null = null;
  let chunks: ChunkCounts | null = null;
  // copies a power cut of the node emptied: counted when it was powered on, read again by the nemesis
  let damagedCopies: number | undefined;
  // bays present but not served, where the nemesis compared them (a model run's heal needs them)
  let unservedBays: readonly string[] | undefined;
  const out: { at: number; state: CoreState }[] = [];
  for (const e of events) {
    if (e.mono > watchEnd || e.mono >= until) break;
    if (e.mono >= from && e.kind === 'core.disks' && e.unserved) unservedBays = e.unserved;
    if (e.mono >= from && (e.kind === 'hw.power.on' || e.kind === 'core.damaged-copies') && e.node === node) {
      const count = e.kind === 'hw.power.on' ? e.damagedChunkFiles : e.count;
      if (count !== undefined && count !== null) damagedCopies = count;
    }
    if (!OBSERVATIONS.has(e.kind)) continue;
    if (e.kind === 'core.nodes') registered = (e as NodesEvent).nodes.map((n) => n.address);
    else if (e.kind === 'core.nodes.error') registered = null;
    else if (e.kind === 'core.health')
      chunks = { missing: Number(e.missing), endangered: Number(e.endangered), undergoal: Number(e.undergoal) };
    else chunks = null;
    // what was last seen before the fault carries in; judged from the fault on
    const process = e.mono >= from ? processAt(e.mono) : undefined;
    if (e.mono >= from)
      out.push({
        at: e.mono,
        state: {
          registered,
          chunks,
          ...(process ? { process } : {}),
          ...(damagedCopies !== undefined ? { damagedCopies } : {}),
          ...(unservedBays !== undefined ? { unservedBays } : {}),
        },
      });
  }
  return out;
}

export function checkSelfHeal(events: readonly HistoryEvent[], t: SelfHealThresholds, scenario = 'selfheal'): Verdict {
  const base = {
    clause: 'T6',
    scenario,
    method: {
      zh: '相机持续写入期间，对存储节点与元数据服务器（master）分别注入进程崩溃（kill -9）、挂起（冻结）与断电（容器无关机直接终止、磁盘不刷写日志）；自愈由节点自身机制完成（重启策略、BMC 看门狗、来电自启）。以核心自身监控测量：重新注册、写入恢复至故障前速率、存储节点的全部数据块恢复至目标副本数（元数据服务器不存数据块：其恢复以全部数据块可读为准，恢复至目标副本数的时间另列，因核心可能对故障时正在写入的数据块加锁，如 MooseFS 加锁 120 秒后才补副本）；断电的存储节点开机前检查其硬盘上内容丢失的数据块文件（核心在读取前仍将其计为副本），恢复须等这些文件被核心删除或重写；观察结束时仍无可读副本的数据块，由核心列出其所属文件：仅属于写入失败或卡住（从未确认）的录像文件者不含任何已确认数据，不计入自愈判定，并单独列出；服务器开机自检与系统启动时间为仿真值，单独列出：存储节点的仿真开机时间加在实测时间上，元数据服务器则按仿真开机时间实际停机等待后再启动（其故障前设定的时钟，如数据块写锁，在开机期间继续计时），该时间已含在实测时间内。',
      en: "While cameras write, a storage node and the master each get a process crash (kill -9), a hang (frozen) and a power loss (killed without shutdown, disks cut without a journal flush); healing is the node's own mechanism (restart policy, BMC watchdog, power-restore policy). The core's own introspection measures re-registration, writes back at the pre-fault rate, and a storage node's chunks all back at goal (the master holds no chunk: its recovery needs every chunk readable, and the time to full redundancy is shown apart, since a core may lock a chunk being written when the master stopped, MooseFS for 120 s before re-replicating it); a storage node that lost power has its disks read for chunk files the cut emptied before it boots (the core counts them as copies until it reads them), and its heal waits until the core has deleted or rewritten them; chunks with no readable copy at the end of the watch are traced to their files by the core: those only in recordings whose writes failed or stuck (never acknowledged) hold no acknowledged byte and are shown, not counted; firmware and OS boot time is simulated and shown apart: a storage node's is added to the measured time, while the master is kept down for its simulated boot in real time before it starts (clocks it set before the fault, such as a chunk's write lock, run on through a boot), so that boot is inside the measured time.",
    },
    evidence: [
      'history.jsonl#fault.start',
      'history.jsonl#heal.by',
      'history.jsonl#core.nodes',
      'history.jsonl#core.health',
      'history.jsonl#segment.write',
      'history.jsonl#core.process',
      'history.jsonl#hw.power.on',
      'history.jsonl#core.damaged-copies',
      'history.jsonl#core.files-without-copy',
    ],
  };
  const rec = recoveries(events, t);
  if (rec.length === 0)
    return {
      ...base,
      status: 'INCONCLUSIVE',
      nature: 'measured',
      figures: [],
      reasons: [
        'no crash, hang or power-loss fault in this history',
        ...eventsOf(events, 'fault.refused').map((e) => `${e.id}: ${e.fault} of ${e.target} refused: ${e.reason}`),
      ],
    };
  const figures: Figure[] = [];
  const reasons: string[] = [];
  const caveats: Bilingual[] = [];
  let fail = false;
  let unsure = false;
  for (const r of rec) {
    // judged from what the core and the node showed; the mechanism the nemesis names is a note
    const total = r.measuredS === null ? null : r1(r.measuredS + r.simulatedBootS);
    const ok = total !== null && total <= t.maxSelfHealSeconds;
    const master = holdsNoChunk(r.target);
    const who = `${r.id}：${master ? '元数据服务器（master）' : `存储节点 ${r.target}`} ${MODE_ZH[r.mode] ?? r.mode}`;
    const by = healerOf(r.healedBy);
    figures.push({
      name: `${r.id}: ${r.target} ${r.mode} — self-heal (measured + simulated)`,
      label: { zh: `${who} — 自愈时间（实测 + 仿真）`, en: `${r.id}: ${r.target} ${r.mode} — self-heal (measured + simulated)` },
      value: total,
      unit: 's',
      threshold: `<= ${t.maxSelfHealSeconds}`,
      ok,
      nature: r.simulatedBootS > 0 || r.bootPlayedS > 0 ? 'mixed' : 'measured',
      note: by ? `healed by ${by.en}` : r.harnessStepped ? `the harness stepped in: ${r.harnessStepped}` : 'no healing mechanism recorded',
    });
    figures.push({
      name: `${r.id}: measured on the real core`,
      label: { zh: `${r.id}：真实存储核心实测恢复时间`, en: `${r.id}: measured on the real core` },
      value: r.measuredS === null ? null : r1(r.measuredS),
      unit: 's',
      nature: r.bootPlayedS > 0 ? 'mixed' : 'measured',
      note: `registered ${fmt(r.registeredS)} s, full write rate ${fmt(r.fullRateS)} s, healed ${fmt(r.healedS)} s (${master ? 'every node registered, every chunk readable' : 'every node registered, every chunk at goal'}${r.processWatched ? ', a new process' : ''})${r.mode === 'power-loss' ? ', counted from the power coming back' : ''}${r.bootPlayedS > 0 ? `; the ${r1(r.bootPlayedS)} s simulated boot played in real time included` : ''}`,
    });
    if (master)
      figures.push({
        name: `${r.id}: every chunk back at goal (redundancy, not part of the master's heal)`,
        label: {
          zh: `${r.id}：全部数据块恢复至目标副本数（冗余恢复，不计入元数据服务器自愈时间）`,
          en: `${r.id}: every chunk back at goal (redundancy, not part of the master's heal)`,
        },
        value: r.atGoalS === null ? null : r1(r.atGoalS),
        unit: 's',
        nature: 'measured',
        note: 'may lag the heal: a core may re-replicate late a chunk being written at the fault (MooseFS: a chunk that was being written when the master stopped, only after its 120 s write lock expires)',
      });
    if (r.simulatedBootS > 0)
      figures.push({
        name: `${r.id}: simulated boot (firmware + OS + spin-up)`,
        label: {
          zh: `${r.id}：仿真开机时间（固件自检 + 系统启动 + 硬盘错峰上电）`,
          en: `${r.id}: simulated boot (firmware + OS + spin-up)`,
        },
        value: r1(r.simulatedBootS),
        unit: 's',
        nature: 'simulated',
        note: 'time-acceleration factor 1: a modelled duration added, never slept',
      });
    if (r.bootPlayedS > 0)
      figures.push({
        name: `${r.id}: simulated boot played in real time (inside the measured time)`,
        label: {
          zh: `${r.id}：仿真开机时间（按实际时间停机等待，已含在实测时间内）`,
          en: `${r.id}: simulated boot played in real time (inside the measured time)`,
        },
        value: r1(r.bootPlayedS),
        unit: 's',
        nature: 'simulated',
        note: `time-acceleration factor 1: a modelled duration for which ${r.target} was kept down before its process started, so that clocks the core set before the fault ran on through it as through a real boot; not added again`,
      });
    withoutCopyShown(r, figures, reasons);
    const cut = powerCutDamage(events, r);
    if (cut) {
      figures.push({
        name: `${r.id}: chunk files the power cut emptied (found on ${r.target}'s disks before it booted)`,
        label: {
          zh: `${r.id}：断电后存储节点 ${r.target} 硬盘上内容丢失的数据块文件（开机前检查）`,
          en: `${r.id}: chunk files the power cut emptied (found on ${r.target}'s disks before it booted)`,
        },
        value: cut.count,
        unit: 'files',
        nature: 'measured',
        note: "empty or without the core's header; the core counts such a copy as valid until it reads it, so no heal is counted while one is still on the disks",
      });
      if (cut.count > 0)
        reasons.push(
          `${r.id}: ${cut.count} chunk files on ${r.target}'s disks lost their content in the cut (e.g. ${cut.examples.slice(0, 2).join(', ')}): written but not synced to disk by the core, a behaviour of the core, not of how the harness cuts power; the core counts them as copies until it reads them`,
        );
    }
    // where the process was recorded, its replacement shows the fault took effect; elsewhere (a field run) the core seeing the node gone
    if ((r.processWatched ? !r.processRestarted : !r.coreSawItGone) && r.mode !== 'hang') {
      unsure = true;
      reasons.push(
        r.processWatched
          ? `${r.id}: the ${r.target} process was not replaced, the fault did not take effect`
          : `${r.id}: the core never listed ${r.target} without it (or its BMC did not report it off): the fault did not take effect`,
      );
    } else if (ok) {
      reasons.push(`${r.id}: ${r.target} ${r.mode} back in ${total} s${by ? ` (healed by ${by.en})` : ''}`);
      if (by?.agent) caveats.push({ zh: `${r.id}：由${by.zh}完成恢复`, en: `${r.id}: healed by ${by.en}` });
      if (!r.processWatched && r.mode === 'power-loss')
        reasons.push(
          `${r.id}: note: the node's disks cannot be read on a delivered system, so chunk copies the cut emptied are not looked for; a core that counts such a copy until it reads it (MooseFS does) is called back at goal from its own word`,
        );
      if (master && (r.atGoalS === null || r.atGoalS > t.maxSelfHealSeconds)) {
        reasons.push(
          `${r.id}: note: some chunk was below its goal for ${r.atGoalS === null ? `the whole ${r1(r.observedS)} s watched` : `${r1(r.atGoalS)} s`} after the master stopped (a write in flight is locked for 120 s by the core); readable throughout`,
        );
      }
    } else if (total === null) {
      // each part unseen, with how long it could have been seen
      const unseen = [
        r.registeredS === null ? { what: 'registered again', watched: r.registrationWatchedS } : null,
        r.fullRateS === null && r.rateBaseline > 0 ? { what: 'writes at the pre-fault rate', watched: r.rateWatchedS } : null,
        r.healedS === null ? { what: 'healed', watched: r.observedS } : null,
      ].filter((u) => u !== null);
      const missing = unseen.map((u) => `${u.what}, watched ${r1(u.watched)} s`).join('; ');
      // what the definition of 'healed' still found at the end of the watch (the nemesis saw the same)
      const stepped = r.harnessStepped ? ` before the harness stepped in (${r.harnessStepped})` : '';
      const atEnd = r.healedS === null ? `; at the end of the watch: ${r.pending.join('; ')}` : '';
      const longest = Math.max(0, ...unseen.map((u) => u.watched));
      // a recovery that might still come after a short watch proves nothing either way
      if (longest >= t.maxSelfHealSeconds) {
        fail = true;
        reasons.push(
          `${r.id}: ${r.target} ${r.mode}: not back within ${r1(longest)} s of watching${stepped} (not seen: ${missing})${atEnd}`,
        );
      } else {
        unsure = true;
        if (unseen.length)
          reasons.push(
            `${r.id}: recovery not seen, but only ${r1(longest)} s were watched (< ${t.maxSelfHealSeconds} s)${stepped} (not seen: ${missing})${atEnd}`,
          );
      }
      if (r.fullRateS === null && r.rateBaseline === 0) {
        unsure = true;
        reasons.push(`${r.id}: the write rate cannot be judged: no write was acknowledged in the ${t.baselineSeconds} s before the fault`);
      }
    } else {
      fail = true;
      reasons.push(`${r.id}: ${r.target} ${r.mode}: ${total} s > ${t.maxSelfHealSeconds} s`);
    }
  }
  // the service survived only if what was acknowledged is still there
  const durability = foldDurability(events, figures, reasons);
  fail ||= durability.fail;
  unsure ||= durability.unsure;
  const status = fail ? 'FAIL' : unsure ? 'INCONCLUSIVE' : 'PASS';
  const nature = figures.some((f) => f.nature !== 'measured') ? 'mixed' : 'measured';
  return {
    ...base,
    status,
    figures,
    reasons,
    nature,
    ...(nature === 'mixed' ? { accel: 1 } : {}),
    ...(caveats.length ? { caveats } : {}),
  };
}

/** The files the core named with chunks no copy of which is readable: which held acknowledged writes, which none. */
function withoutCopyShown(r: FaultRecovery, figures: Figure[], reasons: string[]): void {
  const w = r.withoutCopy;
  if (!w) return;
  const eg = (paths: readonly string[]) => `${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ` and ${paths.length - 3} more` : ''}`;
  if (w.error) {
    reasons.push(`${r.id}: the core could not say which files hold the chunks still missing (${w.error}); every one is counted`);
    return;
  }
  figures.push({
    name: `${r.id}: chunks with no readable copy only in writes never acknowledged (not counted against the heal)`,
    label: {
      zh: `${r.id}：仅属于未确认写入（写入失败或卡住）的录像文件、且无可读副本的数据块（不计入自愈判定）`,
      en: `${r.id}: chunks with no readable copy only in writes never acknowledged (not counted against the heal)`,
    },
    value: w.unacknowledgedChunks,
    unit: 'chunks',
    nature: 'measured',
    note: `the core named ${w.unacknowledged.length + w.others.length} files at the end of the watch: ${w.unacknowledged.length} whose writes failed or stuck${w.unacknowledged.length ? ` (${eg(w.unacknowledged)})` : ''}, ${w.others.length} acknowledged or not written by the harness${w.others.length ? ` (${eg(w.others)})` : ''}`,
  });
  if (w.unacknowledgedChunks > 0)
    reasons.push(
      `${r.id}: ${w.unacknowledgedChunks} chunks with no readable copy lie only in ${w.unacknowledged.length} recordings whose writes were never acknowledged (${eg(w.unacknowledged)}): no acknowledged byte in them, not counted against the heal`,
    );
  if (w.others.length)
    reasons.push(
      `${r.id}: the core names chunks with no readable copy in ${w.others.length} files acknowledged or not written by the harness (${eg(w.others)}): counted`,
    );
}

/** The node's first power-on after the fault began (a power loss, or a hang the watchdog reset), if its disks were read. */
function powerCutDamage(events: readonly HistoryEvent[], r: FaultRecovery): { count: number; examples: readonly string[] } | null {
  const on = events.find((e) => e.kind === 'hw.power.on' && e.node === r.target && e.mono >= r.fromMono);
  if (on?.kind !== 'hw.power.on' || on.damagedChunkFiles === undefined || on.damagedChunkFiles === null) return null;
  return { count: on.damagedChunkFiles, examples: on.damagedChunkExamples ?? [] };
}

const MODE_ZH: Record<string, string> = { kill9: '进程崩溃（kill -9）', hang: '挂起', 'power-loss': '断电', restart: '强制重启（BMC）' };

/** Who healed, said in the verdict line: a harness agent standing in for the node's own hardware is named as such. */
function healerOf(mechanism: string | null): { zh: string; en: string; agent?: true } | null {
  if (!mechanism) return null;
  if (mechanism === 'bmc-watchdog')
    return {
      zh: 'BMC 看门狗（孪生体仿真代理，由测试工具执行复位）',
      en: 'the BMC watchdog (a simulated agent of the twin; the harness performed its reset)',
      agent: true,
    };
  if (mechanism.startsWith('power-restore-policy'))
    return {
      zh: '来电自启策略（孪生体仿真，由测试工具恢复供电并开机）',
      en: `${mechanism} (the twin's policy; the harness restored power and booted the node)`,
      agent: true,
    };
  if (mechanism === 'restart-policy') return { zh: '节点自身的进程重启策略', en: "the node's own restart policy" };
  return { zh: mechanism, en: mechanism };
}

const fmt = (x: number | null) => (x === null ? '—' : String(r1(x)));
