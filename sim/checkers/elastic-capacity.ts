// T10 from the history: the recording space's quota and the retention period changed online
// under camera load. Each deletion is held against the period the operator had set when it
// happened (from 'retention.set', never the deleter's own word); every acknowledged segment not
// deleted by age must read back intact; no write may fail or take longer than the stall bound;
// each quota change must be in force when read back; a shortened period must free the space it
// should. FAIL on any of these; INCONCLUSIVE when the run did not exercise them (no lengthening
// or shortening, no quota grown and shrunk, no deletion, no read-back, no use sampled before).
import type { EventOf, HistoryEvent } from '../history';
import type { Figure, Verdict, VerdictStatus } from '../verdict';
import type { LifecycleThresholds } from './lifecycle';
import { changesPool, checkPoolElasticity } from './pool-elasticity';
import { lostWritesFigure } from './writes';

/** T10's parts this checker judges (acceptance/clauses.ts names them; the resource pool is pool-elasticity.ts's) */
export const CAPACITY_PART = 'capacity';
export const RETENTION_PART = 'retention';

export interface ElasticCapacityRequirements {
  /** no camera write may take longer (the profile's stall bound) */
  maxWriteStallSeconds: number;
  /** a shortened period must free at least this share of what it should (use before x (1 - new/old)) */
  minFreedShare: number;
}

type Of<K extends HistoryEvent['kind']> = EventOf<K>;
const of = <K extends HistoryEvent['kind']>(events: readonly HistoryEvent[], kind: K) => events.filter((e): e is Of<K> => e.kind === kind);

export function checkElasticCapacity(
  events: readonly HistoryEvent[],
  req: ElasticCapacityRequirements,
  scenario = 'elastic-capacity',
): Verdict {
  const settings = of(events, 'retention.set');
  const deletions = of(events, 'segment.delete');
  const quotas = of(events, 'quota.set');
  // a quota limits only if the core refuses writes past it: shown on a probe folder beside the recordings
  const probes = of(events, 'quota.probe');
  const notEnforced = probes.filter((p) => !p.refused);
  const usage = of(events, 'quota.usage');
  const writes = of(events, 'segment.write');
  const verifies = of(events, 'segment.verify');
  const base = {
    clause: 'T10',
    scenario,
    covers: [CAPACITY_PART, RETENTION_PART],
    nature: 'measured' as const,
    method: {
      zh: `在摄像机持续写入下在线调整录像目录配额（分配、扩大、缩小）与录像保存周期（延长、缩短），录像服务按保存周期删除过期录像：每次删除按删除时甲方设定的周期核对（不得删除周期内录像）；未到期录像全部回读逐字节核对；写入不得失败或超过 ${req.maxWriteStallSeconds} 秒；配额变更读回生效，且超出配额的写入被拒绝（在录像目录旁的探测目录中验证）；缩短周期后释放的空间不少于应释放量的 ${req.minFreedShare * 100}%。`,
      en: `Under camera load the recording folder's quota is allocated, grown and shrunk and the retention period lengthened and shortened online, the recording server deleting by age: each deletion is held against the period set when it happened (none inside it); every segment not deleted by age read back byte for byte; no write failed, no segment dropped, none took over ${req.maxWriteStallSeconds} s; each quota change read back in force, and writes past a quota refused (a probe folder); a shortened period frees at least ${req.minFreedShare * 100} % of what it should.`,
    },
    evidence: [
      'history.jsonl#retention.set',
      'history.jsonl#segment.delete',
      'history.jsonl#quota.set',
      'history.jsonl#quota.probe',
      'history.jsonl#quota.usage',
    ],
  };
  const periodAt = (wall: number) => settings.filter((s) => s.wall <= wall).at(-1)?.seconds ?? null;
  const acked = writes.filter((w) => w.outcome === 'ok');
  // a recording's end as its write acknowledged it, not as its deleter says
  const endOf = new Map(acked.map((w) => [w.path, w.endMs]));

  // deletions inside the period in force (with none in force, nothing may be deleted), stamped before the unlink
  const ageOf = (e: Of<'segment.delete'>) => (e.wall - (endOf.get(e.path) ?? e.endMs)) / 1000;
  const inPeriod = deletions.filter((e) => {
    const p = periodAt(e.wall);
    return p === null || ageOf(e) < p;
  });
  const refused = of(events, 'segment.delete.error');
  // what the recording server read of each recording just before deleting it: lost inside its period if not intact
  const notIntactBeforeDeletion = deletions.filter((e) => e.lastRead !== 'ok');
  // every acknowledged segment not deleted by age, read back at the end
  const deleted = new Set(deletions.map((e) => e.path));
  const verdictOf = new Map(verifies.map((v) => [v.path, v.outcome]));
  const retained = acked.filter((w) => !deleted.has(w.path));
  // with no read-back at all nothing is known either way (INCONCLUSIVE below); with one, a retained segment it did not find intact is lost
  const notIntact = verifies.length ? retained.filter((w) => verdictOf.get(w.path) !== 'ok') : [];
  const lost = lostWritesFigure(
    events,
    () => true,
    { zh: '容量与周期调整全程', en: 'capacity and retention changed' },
    'while capacity and retention changed',
  );
  const slowest = acked.filter((w) => w.role === 'camera').reduce((m, w) => Math.max(m, w.latencyMs), 0) / 1000;
  // quota changes: in force when read back; allocated, grown and shrunk
  const notApplied = quotas.filter((q) => !q.ok || q.inForce !== q.bytes);
  const sizes = quotas.filter((q) => q.ok && q.bytes !== null).map((q) => q.bytes!);
  const grown = sizes.some((b, i) => i > 0 && b > sizes[i - 1]!);
  const shrunk = sizes.some((b, i) => i > 0 && b < sizes[i - 1]!);
  const lengthened = settings.some((s) => s.previous !== null && s.seconds > s.previous);
  // a shortened period frees space: the least use watched after it against the last use before it
  const shortenings = settings
    .filter((s) => s.previous !== null && s.seconds < s.previous)
    .map((s) => {
      // the use sampled just before the change (an older sample would misstate what it should free)
      const first = usage.find((u) => u.id === `${s.id}:before`);
      const before = first?.lengthBytes ?? null;
      const watched = usage.filter((u) => u.id === s.id);
      const after = watched.map((u) => u.lengthBytes);
      const disks =
        first?.coreUsedBytes !== undefined && watched.at(-1)?.coreUsedBytes !== undefined
          ? [first.coreUsedBytes, watched.at(-1)!.coreUsedBytes!]
          : null;
      const least = after.length ? Math.min(...after) : null;
      // when the least use was read and how long the use was watched, seconds after the change
      const leastAtS = least === null ? null : (watched.find((u) => u.lengthBytes === least)!.wall - s.wall) / 1000;
      const watchedS = watched.length ? (watched.at(-1)!.wall - s.wall) / 1000 : null;
      const expected = before === null ? null : before * (1 - s.seconds / s.previous!);
      const share = before === null || least === null || !expected ? null : (before - least) / expected;
      return { s, before, least, share, disks, leastAtS, watchedS };
    });

  const fig = (
    name: string,
    zh: string,
    value: number | null,
    unit: string,
    threshold: string,
    ok: boolean | undefined,
    note?: string,
  ): Figure => ({
    name,
    label: { zh, en: name },
    value,
    unit,
    threshold,
    ...(ok === undefined ? {} : { ok }),
    nature: 'measured',
    ...(note ? { note } : {}),
  });
  const figures: Figure[] = [
    fig(
      'recordings deleted inside their retention period',
      '保存周期内被删除的录像段数',
      inPeriod.length,
      '',
      '= 0',
      inPeriod.length === 0,
      `${deletions.length} deleted by age in all`,
    ),
    fig('deletions by age the core refused', '按周期删除失败的录像段数', refused.length, '', '= 0', refused.length === 0),
    fig(
      'recordings not intact when read just before their deletion',
      '删除前回读不一致或丢失的录像段数',
      notIntactBeforeDeletion.length,
      '',
      '= 0',
      notIntactBeforeDeletion.length === 0,
      `each of ${deletions.length} read back and checked byte for byte before it was deleted`,
    ),
    fig(
      'retained recordings not read back intact',
      '未到期录像回读不一致或丢失数',
      verifies.length ? notIntact.length : null,
      '',
      '= 0',
      verifies.length ? notIntact.length === 0 : undefined,
      `${retained.length} retained of ${acked.length} acknowledged`,
    ),
    lost.figure,
    fig(
      'slowest camera write',
      '最长单段写入用时',
      Math.round(slowest * 1000) / 1000,
      's',
      `<= ${req.maxWriteStallSeconds}`,
      slowest <= req.maxWriteStallSeconds,
    ),
    fig(
      'quota changes not in force when read back',
      '配额变更读回未生效次数',
      notApplied.length,
      '',
      '= 0',
      notApplied.length === 0,
      `${quotas.length} changes: ${sizes.map((b) => `${(b / 1e6).toFixed(1)} MB`).join(' → ')}`,
    ),
    ...probes.map((p) =>
      fig(
        `${p.id}: writes past a quota of ${p.quotaBytes} bytes refused by the core`,
        `${p.id}：超出 ${p.quotaBytes} 字节配额的写入被核心拒绝`,
        p.refused ? 1 : 0,
        '',
        '= 1',
        p.refused,
        `${p.attemptedBytes} bytes written into ${p.folder}; ${p.acceptedBytes} accepted${p.error ? ` before ${p.error}` : ''}; quota in force ${p.inForce ?? 'none'}`,
      ),
    ),
    ...shortenings.map(({ s, before, least, share, disks, leastAtS, watchedS }) =>
      fig(
        `${s.id}: share of the space a shortened period should free`,
        `${s.id}：缩短周期后实际释放空间（按核心命名空间计）占应释放量的比例`,
        share === null ? null : Math.round(share * 1000) / 10,
        '%',
        `>= ${req.minFreedShare * 100}`,
        share === null ? undefined : share >= req.minFreedShare,
        `period ${s.previous} s → ${s.seconds} s; the folder's length as the core counts it ${before ?? '?'} → least ${least ?? '?'} bytes${leastAtS === null ? '' : `, read ${leastAtS.toFixed(1)} s after the change (watched ${watchedS!.toFixed(1)} s)`}${disks ? `; the chunkservers' used bytes ${disks[0]} → ${disks[1]} in the same window (a core may free its chunks later: for information)` : ''}`,
      ),
    ),
  ];

  const fails: string[] = [];
  if (inPeriod.length) {
    const e = inPeriod[0]!;
    fails.push(
      `${inPeriod.length} recordings deleted inside the retention period in force, e.g. ${e.path} at ${Math.round(ageOf(e) * 1000) / 1000} s old under a period of ${periodAt(e.wall) ?? 'none set'} s`,
    );
  }
  if (refused.length) fails.push(`${refused.length} deletions by age failed on the core (${refused[0]!.error}): the space is not freed`);
  if (notIntactBeforeDeletion.length) {
    const e = notIntactBeforeDeletion[0]!;
    fails.push(
      `${notIntactBeforeDeletion.length} recordings were not intact when read just before their deletion by age, e.g. ${e.path}: ${e.lastRead}${e.lastReadError ? ` (${e.lastReadError})` : ''}`,
    );
  }
  if (notIntact.length)
    fails.push(
      `${notIntact.length} of ${retained.length} recordings inside their retention period not read back intact (e.g. ${notIntact[0]!.path}: ${verdictOf.get(notIntact[0]!.path) ?? 'not read back'})`,
    );
  if (lost.reason) fails.push(lost.reason);
  if (slowest > req.maxWriteStallSeconds) fails.push(`a camera write took ${slowest} s (bound ${req.maxWriteStallSeconds} s)`);
  for (const q of notApplied)
    fails.push(
      `${q.id}: quota ${q.bytes ?? (q.ofHeld !== undefined ? `${q.ofHeld} x what the folder held` : 'none')} asked, ${q.ok ? `${q.inForce ?? 'none'} in force when read back` : `refused (${q.error ?? 'no reason'})`}`,
    );
  for (const p of notEnforced)
    fails.push(
      `${p.id}: the core did not refuse writes past a quota: ${p.acceptedBytes} of ${p.attemptedBytes} bytes accepted under ${p.quotaBytes}${p.error ? ` (${p.error})` : ', synced and closed without an error'}`,
    );
  for (const x of shortenings)
    if (x.share !== null && x.share < req.minFreedShare)
      fails.push(
        `${x.s.id}: the period went from ${x.s.previous} s to ${x.s.seconds} s but only ${Math.round(x.share * 100)} % of the space it should free was freed`,
      );

  const unsure: string[] = [];
  // a sweep of the recording server that threw: what it would have deleted or read is not known
  for (const e of of(events, 'retention.error')) unsure.push(`a retention sweep failed (${e.error})`);
  if (!lengthened) unsure.push('the retention period was never lengthened');
  if (!shortenings.length) unsure.push('the retention period was never shortened');
  if (!grown || !shrunk) unsure.push(`the quota was not both grown and shrunk (${sizes.length} set)`);
  if (!probes.length) unsure.push('no write past a quota was tried: the quota was not shown to limit anything');
  if (!deletions.length) unsure.push('nothing was deleted by age: retention not exercised');
  if (!verifies.length) unsure.push('no read-back in this history');
  for (const x of shortenings) if (x.share === null) unsure.push(`${x.s.id}: no use of the folder sampled before and after it`);

  if (fails.length) return { ...base, status: 'FAIL', figures, reasons: fails };
  if (unsure.length) return { ...base, status: 'INCONCLUSIVE', figures, reasons: unsure.map((u) => `T10 not shown: ${u}`) };
  return {
    ...base,
    status: 'PASS',
    figures,
    reasons: [
      `quota ${sizes.map((b) => `${(b / 1e6).toFixed(1)} MB`).join(' → ')} and retention ${settings.map((s) => `${s.seconds} s`).join(' → ')} changed online; ${deletions.length} recordings deleted by age, none inside its period; ${retained.length} retained recordings read back intact; no write failed, the slowest ${Math.round(slowest * 1000) / 1000} s`,
    ],
  };
}

/** Does this history change the recording space's quota or retention period? */
const changesCapacity = (events: readonly HistoryEvent[]) => events.some((e) => e.kind === 'quota.set' || e.kind === 'retention.set');

const WORST: readonly VerdictStatus[] = ['FAIL', 'INCONCLUSIVE', 'MANUAL', 'PASS', 'NOT-APPLICABLE'];

/**
 * T10 as a run shows it: each part its history exercised (quota and retention; the resource
 * pool grown and shrunk) judged by its checker, in one verdict that covers those parts; a
 * run that exercised none is the capacity checker's INCONCLUSIVE, which names what is missing.
 */
export function checkElasticClause(
  events: readonly HistoryEvent[],
  req: ElasticCapacityRequirements,
  pool: LifecycleThresholds,
  scenario = 'elastic-capacity',
): Verdict {
  const parts = [
    changesCapacity(events) ? checkElasticCapacity(events, req, scenario) : null,
    changesPool(events) ? checkPoolElasticity(events, pool, scenario) : null,
  ].filter((v): v is Verdict => v !== null);
  // nothing exercised: the capacity checker says what is missing, and the verdict covers no part
  if (parts.length === 0) return { ...checkElasticCapacity(events, req, scenario), covers: [] };
  if (parts.length === 1) return parts[0]!;
  return {
    ...parts[0]!,
    status: WORST.find((s) => parts.some((v) => v.status === s))!,
    covers: parts.flatMap((v) => v.covers ?? []),
    figures: parts.flatMap((v) => v.figures),
    reasons: parts.flatMap((v) => v.reasons),
    method: { zh: parts.map((v) => v.method.zh).join(''), en: parts.map((v) => v.method.en).join(' ') },
    evidence: [...new Set(parts.flatMap((v) => v.evidence))],
  };
}
