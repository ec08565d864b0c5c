// The one definition of 'healed' (issue 18, items 8 and 11). The nemesis waits on it with
// live observations (in the scenarios, the trial and the model-based runs alike), and the T6
// checker applies it to the history's core.nodes / core.health / core.process / core.disks
// events, so the two can never disagree on whether a fault healed. Pure: no I/O, no imports.
//
// A fault has healed when, in one observation of the core:
//  - the master answers (its lists of storage nodes and of chunks came back);
//  - every storage node the cluster had before the fault is registered with it;
//  - no chunk is missing (every acknowledged byte readable) that was readable before the fault;
//    a chunk the core names in a file whose write was never acknowledged holds no acknowledged
//    byte (a write cut by the fault), so it is not counted: the checker reads which from the history;
//  - a storage node's fault: every chunk is at its goal (none endangered or under goal).
//    The master holds no copy: its heal needs every chunk readable, and redundancy is told
//    apart (`atGoal`), because MooseFS locks a chunk that was being written when the master
//    stopped for 120 s (LOCKTIMEOUT) before re-replicating it;
//  - where the faulted process was observed: it runs, is not frozen, and is a new process
//    (another pid or start time than before the fault): the node's own mechanism acted;
//  - after a power cut: no chunk copy the cut emptied is still on the node's disks (the core
//    counts such a copy until it reads it, so its own counts would call the chunk at goal).
// Where the bays were observed (the model runs), every present bay is served (listed ok by the master).

/** The master's chunk counts by redundancy (mfscli -SIC). */
export interface ChunkCounts {
  missing: number;
  endangered: number;
  undergoal: number;
}

/** One process as Docker reports it (the history's core.process). */
export interface ProcessSeen {
  pid: number;
  startedAt: string;
  running: boolean;
  paused?: boolean;
}

/** The same process in the same state (a frozen or stopped one differs from itself running). */
export const sameProcess = (a: ProcessSeen, b: ProcessSeen | undefined): boolean =>
  !!b && a.pid === b.pid && a.startedAt === b.startedAt && a.running === b.running && (a.paused ?? false) === (b.paused ?? false);

/** What is asked: which fault, of which cluster. */
export interface HealQuestion {
  /** 'master' or the storage node's name */
  target: string;
  /** addresses of every storage node the cluster had before the fault */
  expected: readonly string[];
  /** the faulted process before the fault: a heal needs another one */
  processBefore?: ProcessSeen | null;
  /** chunks already missing before the fault: not this fault's to heal (a model run's earlier damage) */
  missingBefore?: number;
  /** chunks missing only in files whose writes were never acknowledged (unacknowledgedChunks): no acknowledged byte is in them */
  missingUnacknowledged?: number;
}

/** One observation of the core. */
export interface CoreState {
  /** addresses of the storage nodes the master lists; null: the master did not answer */
  registered: readonly string[] | null;
  /** null: the master did not answer */
  chunks: ChunkCounts | null;
  /** the faulted process now (absent: not observed) */
  process?: ProcessSeen | null;
  /** bays present in a node that the master does not list ok (absent: not observed) */
  unservedBays?: readonly string[];
  /** copies a power cut emptied that are still on the node's disks (absent: no cut, or not read) */
  damagedCopies?: number;
}

export interface HealAnswer {
  healed: boolean;
  /** every chunk at its goal (for the master: shown apart, not part of its heal) */
  atGoal: boolean;
  /** what is not yet so, one phrase each ('2 chunks endangered (one copy)', 'node 10.0.0.3 not registered') */
  pending: string[];
}

/** The master holds no chunk copy: its heal is every chunk readable, not every chunk at goal. */
export const holdsNoChunk = (target: string) => target === 'master';

export function healedNow(q: HealQuestion, s: CoreState): HealAnswer {
  const pending: string[] = [];
  if (s.registered === null || s.chunks === null) pending.push('the master does not answer');
  if (s.registered !== null) {
    const absent = q.expected.filter((a) => !s.registered!.includes(a));
    if (absent.length) pending.push(`storage node${absent.length > 1 ? 's' : ''} ${absent.join(', ')} not registered`);
  }
  const c = s.chunks;
  const before = q.missingBefore ?? 0;
  const unacknowledged = q.missingUnacknowledged ?? 0;
  const missing = c ? newlyMissing(q, c) : 0;
  const atGoal = !!c && atGoalNow(q, c);
  if (missing > 0)
    pending.push(
      `${missing} chunks missing (no readable copy)${before ? ` besides ${before} missing before the fault` : ''}${unacknowledged ? ` and ${unacknowledged} in writes never acknowledged` : ''}`,
    );
  if (c && !holdsNoChunk(q.target) && c.endangered + c.undergoal > 0) pending.push(belowGoal(c));
  if (s.unservedBays?.length)
    pending.push(
      `bays not served: ${s.unservedBays.slice(0, 4).join(', ')}${s.unservedBays.length > 4 ? ` and ${s.unservedBays.length - 4} more` : ''}`,
    );
  if (s.damagedCopies)
    pending.push(`${s.damagedCopies} chunk copies the power cut emptied still on the node's disks (the core counts them as copies)`);
  const p = s.process;
  if (p) {
    if (!p.running) pending.push(`the ${q.target} process is not running`);
    else if (p.paused) pending.push(`the ${q.target} process is frozen`);
    else if (q.processBefore && p.pid === q.processBefore.pid && p.startedAt === q.processBefore.startedAt)
      pending.push(`the ${q.target} process is the one from before the fault`);
  }
  return { healed: pending.length === 0, atGoal, pending };
}

/** Chunks missing now that were readable before the fault and may hold acknowledged bytes. */
export const newlyMissing = (q: HealQuestion, c: ChunkCounts) =>
  Math.max(0, c.missing - (q.missingBefore ?? 0) - (q.missingUnacknowledged ?? 0));

/**
 * Of the files the core names with chunks no copy of which is readable: the chunks in files whose
 * every write failed or stuck (never acknowledged), and the files that were acknowledged (or
 * that the history does not know), which keep their chunks counted.
 */
export function unacknowledgedChunks(
  files: readonly { path: string; chunks: readonly number[] }[],
  acknowledged: ReadonlySet<string>,
  unacknowledged: ReadonlySet<string>,
): { chunks: number; files: string[]; others: string[] } {
  const mine = files.filter((f) => unacknowledged.has(f.path) && !acknowledged.has(f.path));
  return {
    chunks: mine.reduce((n, f) => n + f.chunks.length, 0),
    files: mine.map((f) => f.path),
    others: files.filter((f) => !mine.includes(f)).map((f) => f.path),
  };
}

/** Every chunk at its goal, the chunks missing before the fault aside. */
export const atGoalNow = (q: HealQuestion, c: ChunkCounts) => newlyMissing(q, c) + c.endangered + c.undergoal === 0;

/** '3 chunks endangered (one copy), 1 under goal' */
export const belowGoal = (c: ChunkCounts) => `${c.endangered} chunks endangered (one copy), ${c.undergoal} under goal`;

/**
 * The chunks the core named only in writes never acknowledged, not counted from when: none when
 * it also named a file acknowledged or unknown (the count must not cancel a real loss), those
 * missing before the fault first (they may be among them), and only from the start of the last
 * stretch of observations (up to the core's naming) in which the missing count stayed as it was
 * then (an earlier loss keeps its time). `missing` null: the master did not answer.
 */
export function excusedMissing(
  missingBefore: number,
  observations: readonly { at: number; missing: number | null }[],
  named: { chunks: number; others: readonly string[] } | null,
): { chunks: number; from: number } | null {
  const last = observations[observations.length - 1];
  if (!named || named.others.length > 0 || !last || last.missing === null) return null;
  const chunks = Math.max(0, named.chunks - missingBefore);
  let k = observations.length - 1;
  while (k > 0 && observations[k - 1]!.missing === last.missing) k--;
  return chunks > 0 ? { chunks, from: observations[k]!.at } : null;
}

/**
 * Over a watch (the question may differ by the observation's time): healed iff the last observation is healed; healed since the first
 * observation of the healed run that reaches the end (a heal that came and went is no heal).
 */
export function healedOver(
  q: HealQuestion | ((at: number) => HealQuestion),
  samples: readonly { at: number; state: CoreState }[],
): { healedAt: number | null; last: HealAnswer | null } {
  let healedAt: number | null = null;
  let last: HealAnswer | null = null;
  for (let k = samples.length - 1; k >= 0; k--) {
    const a = healedNow(typeof q === 'function' ? q(samples[k]!.at) : q, samples[k]!.state);
    last ??= a;
    if (!a.healed) break;
    healedAt = samples[k]!.at;
  }
  return { healedAt, last };
}
