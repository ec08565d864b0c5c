// Durability, the one judgement every clause shares that claims the service survived a
// fault: every acknowledged segment (segment.write ok) read back byte-identical
// (segment.verify ok, of the payload seed acknowledged). A segment not read back in time ('unreadable'), gone ('lost') or
// different ('corrupt') FAILs the clause; one never read back at all makes it
// INCONCLUSIVE. Lost segments are attributed to the disturbance (fault, node added,
// drained, removed or failed, link down) during or after which they were written, so the
// reason says which fault the data did not survive. A field run asked to read the site's own
// recordings (field.site-recordings) adds them: a file read whole before the load that, its size
// and time unchanged, reads differently or not at all after it is data lost too.
import { eventsOf, type HistoryEvent } from '../history';
import type { Figure } from '../verdict';
import { type ReadBackEvent, readBacksOf, writesOf } from './writes';

export type Durability = 'intact' | 'lost' | 'unverified';

/** A disturbance of the cluster as the history marks its start (the window runs to the next one). */
export interface Disturbance {
  id: string;
  what: string;
  mono: number;
}

const STARTS: Record<string, (e: HistoryEvent) => Disturbance> = {
  'fault.start': (e) => ({
    id: String(e.id),
    what: [e.fault, e.target ?? e.node, e.slot !== undefined ? `slot ${String(e.slot)}` : null]
      .filter((x) => x !== undefined && x !== null)
      .map(String)
      .join(' '),
    mono: e.mono,
  }),
  'scaleout.add': (e) => ({ id: `scaleout:${String(e.node)}`, what: `${String(e.node)} added`, mono: e.mono }),
  'lifecycle.drain.start': (e) => ({ id: String(e.id), what: `${String(e.node)} drained`, mono: e.mono }),
  'lifecycle.remove.start': (e) => ({ id: String(e.id), what: `${String(e.node)} removed`, mono: e.mono }),
  'lifecycle.fail.start': (e) => ({ id: String(e.id), what: `${String(e.node)} failed`, mono: e.mono }),
  'link.start': (e) => ({ id: String(e.id), what: `${String(e.node)} link ${String(e.action)}`, mono: e.mono }),
  // a model-based sequence's own fault commands (its crashes and hangs are the nemesis's fault.start)
  'model.command': (e) => ({
    // a sequence may repeat a command: its place in the sequence tells them apart
    id: `seq${String(e.seq)}:${e.index !== undefined ? `${String(e.index)}:` : ''}${String(e.command)}`,
    what: [e.command, ...Object.values((e.args as Record<string, unknown>) ?? {})].map(String).join(' '),
    mono: e.mono,
  }),
};

/** An operator's node connection (field mode) starts at the prompt; the cluster changes only at its power-on, the scaleout.add that follows. */
const opensNoWindow = (e: HistoryEvent) =>
  (e.kind === 'model.command' && e.fault === null) || (e.kind === 'fault.start' && e.fault === 'add-node');

export function disturbancesOf(events: readonly HistoryEvent[]): Disturbance[] {
  return events.filter((e) => e.kind in STARTS && !opensNoWindow(e)).map((e) => STARTS[e.kind]!(e));
}

interface Window {
  key: string;
  label: { zh: string; en: string };
  acked: number;
  intact: number;
  notIntact: number;
}

export interface DurabilityJudgement {
  outcome: Durability;
  /** the whole run's figure, then one per window of writes (before any fault, during or after each) */
  figures: Figure[];
  reasons: string[];
  verified: number;
  /** not intact, by outcome: lost, corrupt, unreadable */
  byOutcome: Record<string, number>;
}

export function judgeDurability(events: readonly HistoryEvent[]): DurabilityJudgement {
  const segments = judgeSegments(events);
  const site = judgeSiteRecordings(events);
  if (!site) return segments;
  return {
    ...segments,
    outcome: site.lost ? 'lost' : segments.outcome,
    figures: [...segments.figures, site.figure],
    reasons: [...segments.reasons, ...site.reasons],
  };
}

/** The site's recordings read before and after a field run's load: the files that are still its own to compare. */
export function judgeSiteRecordings(events: readonly HistoryEvent[]): { figure: Figure; reasons: string[]; lost: boolean } | null {
  const reads = eventsOf(events, 'field.site-recordings');
  const before = reads.find((e) => e.when === 'before');
  if (!before) return null;
  const after = reads.find((e) => e.when === 'after');
  const now = new Map((after?.files ?? []).map((f) => [f.path, f]));
  const readWhole = before.files.filter((f) => f.sha256 !== null);
  let removed = 0;
  let changedBySite = 0;
  const lost: string[] = [];
  for (const f of readWhole) {
    const g = now.get(f.path);
    if (!g) removed++;
    // the site may append to or rewrite a file it is recording: only an unchanged file is compared
    else if (g.bytes !== f.bytes || g.mtimeMs !== f.mtimeMs) changedBySite++;
    else if (g.sha256 !== f.sha256)
      lost.push(`${f.path} (${g.sha256 === null ? `unreadable: ${g.error ?? 'no answer'}` : 'content differs'})`);
  }
  const judged = after ? readWhole.length - removed - changedBySite : 0;
  const figure: Figure = {
    name: "the site's recordings read back unchanged after the run",
    label: { zh: '现场已有录像运行后回读无变化', en: "the site's recordings read back unchanged after the run" },
    value: judged - lost.length,
    unit: 'files',
    threshold: `= ${judged}`,
    ...(after && judged > 0 ? { ok: lost.length === 0 } : {}),
    nature: 'measured',
    note: `${before.folder}: ${before.files.length} files read before the load${before.truncated ? ' (the size bound reached: the rest not read)' : ''}`,
  };
  const reasons: string[] = [];
  const unreadBefore = before.files.length - readWhole.length;
  if (!after) reasons.push(`the site's recordings under ${before.folder} were read before the load, not after it: not compared`);
  if (unreadBefore)
    reasons.push(`note: ${unreadBefore} of the site's files did not read whole before the load already (not this run's loss)`);
  if (removed || changedBySite)
    reasons.push(
      `note: of the site's recordings, ${removed} removed and ${changedBySite} changed by the site during the run (not compared)`,
    );
  if (lost.length)
    reasons.push(
      `data lost: ${lost.length} of ${judged} of the site's recordings under ${before.folder} no longer read as before the load, their size and time unchanged; e.g. ${lost.slice(0, 3).join(', ')}`,
    );
  return { figure, reasons, lost: lost.length > 0 };
}

function judgeSegments(events: readonly HistoryEvent[]): DurabilityJudgement {
  const verifies = readBacksOf(events);
  const outcomeOf = new Map(verifies.map((v) => [v.path, v.outcome]));
  const acked = writesOf(events).filter((w) => w.outcome === 'ok');
  const ackedPaths = new Set(acked.map((w) => w.path));
  const bad = verifies.filter((v) => v.outcome !== 'ok');
  const unread = [...ackedPaths].filter((p) => !outcomeOf.has(p));
  const byOutcome: Record<string, number> = {};
  for (const v of bad) byOutcome[v.outcome] = (byOutcome[v.outcome] ?? 0) + 1;

  const disturbances = disturbancesOf(events);
  const windows = new Map<string, Window>();
  const windowOf = (mono: number): Window => {
    let d: Disturbance | undefined;
    for (const x of disturbances) if (x.mono <= mono) d = x;
    const key = d ? d.id : 'before';
    let w = windows.get(key);
    if (!w) {
      w = {
        key,
        label: d
          ? { zh: `${d.id}（${d.what}）期间及之后写入`, en: `written during or after ${d.id} (${d.what})` }
          : { zh: '首次故障前写入', en: 'written before any fault' },
        acked: 0,
        intact: 0,
        notIntact: 0,
      };
      windows.set(key, w);
    }
    return w;
  };
  // every window gets its row, even an empty one, so a reader sees each fault was covered
  windowOf(-Infinity);
  for (const d of disturbances) windowOf(d.mono);
  for (const w of acked) {
    const win = windowOf(w.mono);
    win.acked++;
    const o = outcomeOf.get(w.path);
    if (o === 'ok') win.intact++;
    else if (o !== undefined) win.notIntact++;
  }

  const total = Math.max(ackedPaths.size, verifies.length);
  const figures: Figure[] = [
    {
      name: 'acknowledged segments read back byte-identical',
      label: { zh: '已确认录像段回读逐字节一致', en: 'acknowledged segments read back byte-identical' },
      value: verifies.length - bad.length,
      unit: 'segments',
      threshold: `= ${total}`,
      ok: bad.length === 0 && verifies.length > 0 && unread.length === 0,
      nature: 'measured',
      ...(bad.length || unread.length
        ? {
            note: [bad.length ? `not intact: ${fmtOutcomes(byOutcome)}` : '', unread.length ? `${unread.length} never read back` : '']
              .filter(Boolean)
              .join('; '),
          }
        : {}),
    },
  ];
  if (disturbances.length) {
    for (const w of windows.values()) {
      figures.push({
        name: `durability: ${w.label.en}`,
        label: { zh: `数据持久性：${w.label.zh}`, en: `durability: ${w.label.en}` },
        value: w.intact,
        unit: 'segments',
        threshold: `= ${w.acked}`,
        ok: w.notIntact === 0 && w.intact === w.acked,
        nature: 'measured',
      });
    }
  }

  const reasons: string[] = [];
  // a read that needed its second try (sim/workload/verify.ts) is reported, never hidden
  const retried = verifies.filter((v) => v.firstAttempt);
  if (retried.length)
    reasons.push(
      `note: ${retried.length} of ${verifies.length} segments needed the read-back's second try (e.g. ${retried
        .slice(0, 2)
        .map((v) => `${v.path}: ${v.firstAttempt!.error ?? 'no answer'}`)
        .join(', ')})`,
    );
  if (verifies.length === 0) {
    reasons.push(
      acked.length
        ? `none of ${acked.length} acknowledged segments was read back: durability unknown`
        : 'no acknowledged segment was verified',
    );
    return { outcome: 'unverified', figures, reasons, verified: 0, byOutcome };
  }
  if (bad.length) {
    const where = [...windows.values()]
      .filter((w) => w.notIntact > 0)
      .map((w) => `${w.notIntact} ${w.label.en}`)
      .join(', ');
    // the error without the host path it repeats (the segment's path is already named)
    const why = (e: ReadBackEvent) =>
      e.error
        ? `: ${e.error
            .replace(/^cat: \/[^:]*: /, '')
            .replace(/,? (open|read) '[^']*'?.*$/, '')
            .slice(0, 80)}`
        : '';
    const examples = bad
      .slice(0, 3)
      .map((e) => `${e.path} (${e.outcome}${why(e)})`)
      .join(', ');
    reasons.push(
      `data lost: ${bad.length} of ${total} acknowledged segments not read back intact (${fmtOutcomes(byOutcome)}); ${where}; e.g. ${examples}`,
    );
    return { outcome: 'lost', figures, reasons, verified: verifies.length, byOutcome };
  }
  if (unread.length) {
    reasons.push(
      `${unread.length} of ${ackedPaths.size} acknowledged segments were never read back, e.g. ${unread.slice(0, 3).join(', ')}`,
    );
    return { outcome: 'unverified', figures, reasons, verified: verifies.length, byOutcome };
  }
  return { outcome: 'intact', figures, reasons, verified: verifies.length, byOutcome };
}

const fmtOutcomes = (by: Record<string, number>) =>
  Object.entries(by)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');

/** Adds the durability figures and reasons to a checker's own; says whether they fail or leave the clause open. */
export function foldDurability(
  events: readonly HistoryEvent[],
  figures: Figure[],
  reasons: string[],
): { fail: boolean; unsure: boolean; judgement: DurabilityJudgement } {
  const judgement = judgeDurability(events);
  figures.push(...judgement.figures);
  reasons.push(...judgement.reasons);
  return { fail: judgement.outcome === 'lost', unsure: judgement.outcome === 'unverified', judgement };
}
