// How many readable copies each file has, from what GlusterFS says: which bricks are online
// (volume status), which files each brick holds (its folder), and which entries a brick holds
// a newer copy of than the other bricks of its set (heal info). A pure function, so the rules
// below are tested without a cluster.
import type { HealEntries } from './cli';

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
}

/**
 * A copy is readable when its brick is online, holds the file, and no brick of the set
 * blames it: when some brick lists the file as awaiting a heal, only the bricks listing it
 * (the sources) hold a good copy. An entry heal info names by gfid only cannot be tied to a
 * file: it counts as a file of its own with the listing bricks' copies (never as healthy).
 */
export function copiesOfFiles(bricks: readonly BrickFiles[], online: ReadonlySet<string>, heal: readonly HealEntries[]): FileCopies[] {
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
  const sources = new Map<string, Set<string>>();
  const orphans = new Map<string, { path: string; set: number; holders: Set<string> }>();
  for (const h of heal) {
    const set = setOf.get(h.brick);
    if (set === undefined) continue;
    for (const entry of h.entries) {
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
    const readable = [...f.holders].filter((b) => online.has(b) && (!src || src.has(b))).sort();
    out.push({ path: f.path, set: f.set, goal: goal.get(f.set) ?? 1, readable });
  }
  for (const o of orphans.values())
    out.push({ path: o.path, set: o.set, goal: goal.get(o.set) ?? 1, readable: [...o.holders].filter((b) => online.has(b)).sort() });
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.set - b.set);
}
