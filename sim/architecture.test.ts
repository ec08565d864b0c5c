// Imports run only downstream, in the order data moves (issue 13, item 4): inputs
// (profile/, scenarios/) -> cluster and twins (sim/core on sim/topology, devices/)
// -> drivers (load, sim/nemesis, observers) -> history -> checkers -> verdicts -> reports.
// This reads the import statements of every .ts file (type-only imports count too) and
// fails on a cycle or on an arrow that runs back up.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/paths';

type Edge = { from: string; to: string };

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) tsFiles(p, out);
    else if (e.name.endsWith('.ts')) out.push(relative(REPO_ROOT, p));
  }
  return out;
}

/** every relative import of every .ts file, resolved to a repository path */
export function importGraph(): Edge[] {
  const files = tsFiles(REPO_ROOT);
  const known = new Set(files);
  const edges: Edge[] = [];
  for (const from of files) {
    // the compiler's own pre-parser: imports, exports ... from, import(), import type; not comments
    const { importedFiles } = ts.preProcessFile(readFileSync(join(REPO_ROOT, from), 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = normalize(join(dirname(from), fileName));
      const to = [base, `${base}.ts`, join(base, 'index.ts')].find((c) => known.has(c));
      if (!to) throw new Error(`${from}: cannot resolve '${fileName}'`);
      edges.push({ from, to });
    }
  }
  return edges;
}

/** strongly connected components of more than one file (or a file importing itself), each as one cycle path */
export function cycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (next.get(v) ?? []).includes(v)) found.push(cyclePath(scc, next));
  };
  for (const v of new Set(edges.flatMap((e) => [e.from, e.to]))) if (!index.has(v)) visit(v);
  return found;
}

/** one loop through a component, by breadth-first search back to its first file */
function cyclePath(scc: readonly string[], next: Map<string, string[]>): string[] {
  const inside = new Set(scc);
  const start = [...scc].sort()[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...scc, start];
}

const isTest = (f: string) => f.endsWith('.test.ts');

/** an arrow that must never be: files matching `from` importing files matching `to` */
interface Rule {
  name: string;
  from: (f: string) => boolean;
  to: (t: string) => boolean;
}

const under =
  (...dirs: string[]) =>
  (f: string) =>
    dirs.some((d) => f.startsWith(`${d}/`));

// What a checker may read: the history and verdict types, and these pure helpers (each
// a function of recorded data, nothing that drives the cluster).
const CHECKER_MAY_IMPORT: Record<string, string> = {
  'sim/history.ts': 'the history the checker judges',
  'sim/history-events.ts': 'the declared event kinds of that history (zod schemas and their types)',
  'sim/verdict.ts': 'the verdict it hands on',
  'sim/heal/healed.ts': "the one definition of 'healed' the nemesis waits on (pure, imports nothing)",
  'sim/heal/write-rate.ts': "the one definition of 'writes back at full rate' the run loops wait on (pure, imports nothing)",
  'sim/heal/receiving.ts': "the one definition of an added node 'receiving' the model runs wait on (pure, imports nothing)",
  'sim/inventory-event.ts': 'the schema of the inventory event the collector recorded (a history type)',
  'sim/inventory/requirement-schema.ts': 'the shape of the hardware requirements the checker is handed (types and zod only)',
  'sim/outside/alarm-format.ts': "parses the alarm lines the relay recorded (the channels' agreed format, pure)",
  'sim/workload/recording.ts': 'recording gaps as a pure function of the recorded schedule',
  'devices/disk/health-check.ts': 'the contract grading of SMART values (pure)',
};

const RULES: Rule[] = [
  {
    name: 'the engine (sim/) imports no inputs, acceptance suites or command line',
    from: under('sim'),
    to: under('profile', 'scenarios', 'acceptance', 'cli'),
  },
  {
    name: 'the profile (profile/) is the first input: it imports no scenario, acceptance suite, command line or report',
    from: under('profile'),
    to: under('scenarios', 'acceptance', 'cli', 'reports'),
  },
  {
    name: 'the scenarios (scenarios/) are drawn from the profile, never from the suites, command line or reports that run them',
    from: under('scenarios'),
    to: under('acceptance', 'cli', 'reports'),
  },
  {
    name: 'the twins (devices/) import nothing of the engine, inputs, command line or reports',
    from: under('devices'),
    to: under('sim', 'profile', 'scenarios', 'acceptance', 'cli', 'reports'),
  },
  { name: 'acceptance/ does not import the command line', from: under('acceptance'), to: under('cli') },
  {
    name: 'the hardware binding (sim/topology/) imports no storage core (sim/core/): the core builds on bays, links and twins',
    // a topology test may stand a real core up to bind its twins to
    from: (f) => f.startsWith('sim/topology/') && !isTest(f),
    to: under('sim/core'),
  },
  // every implementation: a folder of sim/core/ (moosefs, glusterfs, a vendor's)
  ...readdirSync(join(REPO_ROOT, 'sim/core'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({
      name: `a storage core is reached through its interface (sim/core/adapter.ts): only sim/core/cores.ts names an implementation (sim/core/${d.name})`,
      // an implementation's own tests, and tests that stand the reference core up, may name it
      from: (f: string) => !isTest(f) && !f.startsWith(`sim/core/${d.name}/`) && f !== 'sim/core/cores.ts',
      to: under(`sim/core/${d.name}`),
    })),
  {
    // the nemesis, the checkers and the model runs all ask it: it can lean on none of them
    name: "the definition of 'healed' (sim/heal/) imports nothing of the repository",
    from: (f) => f.startsWith('sim/heal/') && !isTest(f),
    to: () => true,
  },
  {
    name: 'a checker reads the history only (sim/checkers/ imports history and verdict types and pure helpers)',
    // a checker's own test builds its history with the twins and the engine's fixtures
    from: (f) => f.startsWith('sim/checkers/') && !isTest(f),
    to: (t) => !t.startsWith('sim/checkers/') && !(t in CHECKER_MAY_IMPORT),
  },
];

// Arrows that break a rule today, each with why it stays (empty: none).
const EXCEPTIONS: { from: string; to: string; why: string }[] = [
  {
    from: 'sim/workload/video-load.test.ts',
    to: 'scenarios/load-library.ts',
    why: 'a test drives the engine with the real scenario loads',
  },
];

describe('architecture: imports run only downstream', () => {
  const edges = importGraph();

  it('reads the whole repository', () => {
    expect(edges.length).toBeGreaterThan(500);
  });

  it('has no import cycle', () => {
    const found = cycles(edges).map((c) => c.join(' -> '));
    expect(found, `import cycles:\n  ${found.join('\n  ')}`).toEqual([]);
  });

  it('has no arrow that runs back up', () => {
    const broken = RULES.flatMap((r) =>
      edges
        .filter((e) => r.from(e.from) && r.to(e.to))
        .filter((e) => !EXCEPTIONS.some((x) => x.from === e.from && x.to === e.to))
        .map((e) => `${e.from} -> ${e.to}  (${r.name})`),
    );
    expect(broken, `imports against the flow:\n  ${broken.join('\n  ')}`).toEqual([]);
  });

  it('lists no exception that no longer happens', () => {
    const stale = EXCEPTIONS.filter((x) => !edges.some((e) => e.from === x.from && e.to === x.to)).map((x) => `${x.from} -> ${x.to}`);
    expect(stale, `exceptions to drop:\n  ${stale.join('\n  ')}`).toEqual([]);
  });
});
