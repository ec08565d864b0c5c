// How many readable copies each file has, from what GlusterFS says: which bricks are online
// (volume status), which files each brick holds (its folder), which entries a brick holds
// a newer copy of than the other bricks of its set (heal info), and which are in split-brain
// (heal info split-brain). A pure function, so the rules below are tested without a cluster.
import type { HealEntries, HealEntry } from './cli';

export interface BrickFiles {
  /** ADDRESS:/path, as the volume names it */
  brick: string;
  /** the replica set the brick belongs to (its index in the volume's order / replica) */
  set: number;
  /** files on the brick, paths from the volume's root ('/a/b.seg') */
  files: string[];
  /** the folder could not be read now: these are the files of its last listing */
  stale?: boolean;
}

export interface FileCopies {
  path: string;
  set: number;
  /** copies the volume keeps of it: the bricks of its set */
  goal: number;
  /** bricks a read can be served from */
  readable: string[];
  /** the bricks of its set blame each other: a read fails (EIO) until a person picks a copy */
  splitBrain?: true;
}

/**
 * A copy is readable when its brick is online, holds the file, and no brick of the set
 * blames it: when some brick lists the file as awaiting a heal, only the bricks listing it
 * (the sources) hold a good copy. A file in split-brain has no readable copy. An entry heal
 * info names by gfid only is the file another brick of its set names with that gfid; one no
 * brick names counts as a file of its own with the listing bricks' copies (never as healthy).
 */
export function copiesOfFiles(
  bricks: readonly BrickFiles[],
  online: ReadonlySet<string>,
  heal: readonly HealEntries[],
  splitBrain: readonly HealEntries[] = [],
): FileCopies[] {
  const setOf = new Map(bricks.map((b) => [b.brick, b.set]));
  const goal = new Map<number, number>();
  for (const b of bricks) goal.set(b.set, (goal.get(b.set) ?? 0) + 1);
  const files = new Map<string, { path: string; set: number; holders: Set<string> }>();
  const key = (set: number, path: string) => `${set}\u0000${path}`;
  for (const b of bricks)
    for (const path of b.files) {
      const f = files.get(key(b.set, path)) ?? { path, set: b.set, holders: new Set<string>() };
      f.holders.add(b.brick);
      files.set(key(b.set, path), f);
    }
  // the path of each gfid, in its set, where some brick named it
  const named = new Map<string, string>();
  for (const h of [...heal, ...splitBrain]) {
    const set = setOf.get(h.brick);
    for (const e of h.entries) if (set !== undefined && e.gfid && !e.path.startsWith('<gfid:')) named.set(key(set, e.gfid), e.path);
  }
  const pathOf = (set: number, e: HealEntry) => (e.gfid && e.path.startsWith('<gfid:') ? named.get(key(set, e.gfid)) : undefined) ?? e.path;
  const broken = new Set<string>();
  for (const h of splitBrain) {
    const set = setOf.get(h.brick);
    if (set !== undefined) for (const e of h.entries) broken.add(key(set, pathOf(set, e)));
  }
  const sources = new Map<string, Set<string>>();
  const orphans = new Map<string, { path: string; set: number; holders: Set<string> }>();
  for (const h of heal) {
    const set = setOf.get(h.brick);
    if (set === undefined) continue;
    for (const e of h.entries) {
      const entry = pathOf(set, e);
      const k = key(set, entry);
      if (files.has(k)) {
        const s = sources.get(k) ?? new Set<string>();
        s.add(h.brick);
        sources.set(k, s);
      } else if (entry.startsWith('<gfid:')) {
        const o = orphans.get(k) ?? { path: entry, set, holders: new Set<string>() };
        o.holders.add(h.brick);
        orphans.set(k, o);
      }
      // a path that is no file of the brick: a folder's entries awaiting a heal, or a file gone meanwhile
    }
  }
  const out: FileCopies[] = [];
  for (const [k, f] of files) {
    const src = sources.get(k);
    if (broken.has(k)) {
      out.push({ path: f.path, set: f.set, goal: goal.get(f.set) ?? 1, readable: [], splitBrain: true });
      continue;
    }
    const readable = [...f.holders].filter((b) => online.has(b) && (!src || src.has(b))).sort();
    out.push({ path: f.path, set: f.set, goal: goal.get(f.set) ?? 1, readable });
  }
  for (const [k, o] of orphans)
    out.push({
      path: o.path,
      set: o.set,
      goal: goal.get(o.set) ?? 1,
      ...(broken.has(k) ? { readable: [], splitBrain: true as const } : { readable: [...o.holders].filter((b) => online.has(b)).sort() }),
    });
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.set - b.set);
}
