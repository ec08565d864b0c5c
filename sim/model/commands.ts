// fast-check commands bound to the real system: each performs one workload step or fault
// through the cluster, the rack and the workload, updates the model, and hands what it
// observed to the invariants (acceptance/properties/ supplies them: sim/ never judges).
import fc from 'fast-check';
import {
  ADDED_NODE,
  BASE_NODES,
  CAMERAS,
  COMMAND_KINDS,
  NEWEST_HOLDER,
  describeCommand,
  draftPrecondition,
  nextModel,
  resolveDraft,
  type CommandSpec,
  type Draft,
  type ModelState,
} from './model';
import { MASTER } from '../core/adapter';
import type { ModelSystem, WriteOutcome } from './system';

export type Observation =
  | { cmd: 'WriteSegments'; write: WriteOutcome }
  /** the power's return of the nemesis's power loss: T6's reading of the history judges its heal under this id */
  | { cmd: 'RestartNode'; faultId: string; settledSeconds: number | null }
  /** the second half of the nemesis's disk pull: T3's rules judge the pull from the history under this id */
  | { cmd: 'InsertBay'; faultId: string; settledSeconds: number | null }
  /** performed by the nemesis; what came of it is in the sequence's history under this id */
  | { cmd: 'CrashNode' | 'HangNode' | 'CrashMaster' | 'HangMaster' | 'DrainNode' | 'PortDown' | 'PortUp' | 'PullBay'; faultId: string }
  /** performed by the scale-out nemesis; the sequence's history holds its add and the core's looks at the new node */
  | { cmd: 'AddNode' }
  | { cmd: 'PowerLoss'; node: string; faultId: string }
  | { cmd: 'ReadBack' };

export interface CommandHooks {
  /** invariants after the command; throws to fail the property */
  after(spec: CommandSpec, model: Readonly<ModelState>, system: ModelSystem, seen: Observation & { seconds: number }): Promise<void>;
  /** every command that ran, in order (for the replay file of the failing run) */
  ran(spec: CommandSpec): void;
}

/** The commands a nemesis performs (sim/nemesis/), each recording its own start (fault.start, scaleout.add). */
const NEMESIS_PERFORMS: ReadonlySet<CommandSpec['cmd']> = new Set([
  'CrashNode',
  'HangNode',
  'CrashMaster',
  'HangMaster',
  'DrainNode',
  'AddNode',
  'PortDown',
  'PortUp',
  'PullBay',
  'InsertBay',
  'PowerLoss',
  'RestartNode',
]);

export async function perform(spec: CommandSpec, m: ModelState, s: ModelSystem): Promise<Observation> {
  switch (spec.cmd) {
    case 'WriteSegments': {
      const write = await s.writeSegments(spec.camera, m.nextSeq.get(spec.camera) ?? 0, spec.n);
      nextModel(m, spec, write.acked);
      return { cmd: spec.cmd, write };
    }
    case 'ReadBack':
      // the readback itself is the durability invariant of this camera's segments
      return { cmd: spec.cmd };
    case 'PullBay': {
      const faultId = await s.pullBay(spec.node, spec.bay);
      nextModel(m, spec);
      return { cmd: spec.cmd, faultId };
    }
    case 'InsertBay': {
      const inserted = await s.insertBay(spec.node, spec.bay, spec.disk);
      nextModel(m, spec);
      return { cmd: spec.cmd, ...inserted };
    }
    case 'PowerLoss': {
      const node = spec.node === NEWEST_HOLDER ? await s.newestHolder(m.acked[m.acked.length - 1]!.path) : spec.node;
      const faultId = await s.powerLoss(node);
      nextModel(m, spec, [], node);
      return { cmd: spec.cmd, node, faultId };
    }
    case 'RestartNode': {
      const restarted = await s.restartNode(spec.node);
      nextModel(m, spec);
      return { cmd: spec.cmd, ...restarted };
    }
    case 'CrashNode':
      return { cmd: spec.cmd, faultId: await s.crash(spec.node, 'kill9') };
    case 'HangNode':
      return { cmd: spec.cmd, faultId: await s.crash(spec.node, 'hang') };
    case 'CrashMaster':
      return { cmd: spec.cmd, faultId: await s.crash(MASTER, 'kill9') };
    case 'HangMaster':
      return { cmd: spec.cmd, faultId: await s.crash(MASTER, 'hang') };
    case 'DrainNode':
      return { cmd: spec.cmd, faultId: await s.drainNode(spec.node) };
    case 'PortDown': {
      const faultId = await s.portDown(spec.node);
      nextModel(m, spec);
      return { cmd: spec.cmd, faultId };
    }
    case 'PortUp': {
      const faultId = await s.portUp(spec.node);
      nextModel(m, spec);
      return { cmd: spec.cmd, faultId };
    }
    case 'AddNode': {
      await s.addNode(spec.bays);
      nextModel(m, spec);
      return { cmd: spec.cmd };
    }
  }
}

/** perform(), with the command's start and end in the sequence's history (as run by fast-check or by a replay). */
export async function performRecorded(spec: CommandSpec, m: ModelState, s: ModelSystem): Promise<Observation & { seconds: number }> {
  const t0 = Date.now();
  const { cmd, ...args } = spec;
  // a crash, hang, drain or add is marked by its nemesis's own start; the model's other faults by this event
  s.recordCommand(cmd, args, NEMESIS_PERFORMS.has(cmd) ? null : COMMAND_KINDS[cmd]);
  const seen = await perform(spec, m, s);
  const seconds = (Date.now() - t0) / 1000;
  s.recordCommandEnd(cmd, seconds, 'faultId' in seen ? seen.faultId : undefined);
  return { ...seen, seconds };
}

export class ModelCommand implements fc.AsyncCommand<ModelState, ModelSystem> {
  private resolved: CommandSpec | null = null;
  constructor(
    readonly draft: Draft,
    private readonly hooks: CommandHooks,
  ) {}
  check(m: Readonly<ModelState>): boolean {
    return draftPrecondition(m, this.draft);
  }
  async run(m: ModelState, s: ModelSystem): Promise<void> {
    const spec = resolveDraft(m, this.draft)!;
    this.resolved = spec;
    this.hooks.ran(spec);
    const seen = await performRecorded(spec, m, s);
    await this.hooks.after(spec, m, s, seen);
  }
  toString(): string {
    if (this.resolved) return describeCommand(this.resolved);
    const { cmd, ...args } = this.draft;
    return `${cmd}(${Object.values(args).join(', ')})`;
  }
}

export type DraftName = Draft['cmd'];

export interface DraftOptions {
  baysPerNode: number;
  /** copies of each draft's arbitrary (default 1; 0 never draws it) */
  weights?: Partial<Record<DraftName, number>>;
  /**
   * 'newest-holder': every power loss hits the node holding the newest acknowledged segment
   * (a targeted nemesis: with one copy of the data its effect is certain, so a counterexample
   * replays the same way); default: a named node or the newest holder.
   */
  powerLossTarget?: 'any' | 'newest-holder';
}

/** The arbitrary of each draft (pure: the unit suite draws thousands of them). */
export function draftArbitraries(o: DraftOptions): fc.Arbitrary<Draft>[] {
  const camera = fc.constantFrom(...CAMERAS);
  // the added node exists in some sequences only: drawn less often, so fewer drafts are skipped
  const node = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...BASE_NODES) }, { weight: 1, arbitrary: fc.constant(ADDED_NODE) });
  const bay = fc.integer({ min: 0, max: o.baysPerNode - 1 });
  const pick = fc.nat({ max: 7 });
  const disk = fc.constantFrom('same' as const, 'blank' as const);
  const all: [DraftName, fc.Arbitrary<Draft>][] = [
    ['WriteSegments', fc.record({ cmd: fc.constant('WriteSegments' as const), camera, n: fc.integer({ min: 1, max: 4 }) })],
    ['ReadBack', fc.record({ cmd: fc.constant('ReadBack' as const), camera })],
    ['PullBay', fc.record({ cmd: fc.constant('PullBay' as const), node, bay })],
    ['InsertPulled', fc.record({ cmd: fc.constant('InsertPulled' as const), pick, disk })],
    ['CrashNode', fc.record({ cmd: fc.constant('CrashNode' as const), node })],
    ['HangNode', fc.record({ cmd: fc.constant('HangNode' as const), node })],
    [
      'PowerLoss',
      fc.record({
        cmd: fc.constant('PowerLoss' as const),
        node: o.powerLossTarget === 'newest-holder' ? fc.constant(NEWEST_HOLDER) : fc.oneof(node, fc.constant(NEWEST_HOLDER)),
      }),
    ],
    ['RestartOff', fc.record({ cmd: fc.constant('RestartOff' as const), pick })],
    ['AddNode', fc.constant({ cmd: 'AddNode' as const, bays: 24 as const })],
    ['CrashMaster', fc.constant({ cmd: 'CrashMaster' as const })],
    ['HangMaster', fc.constant({ cmd: 'HangMaster' as const })],
    ['DrainNode', fc.record({ cmd: fc.constant('DrainNode' as const), node })],
    ['PortDown', fc.record({ cmd: fc.constant('PortDown' as const), node })],
    ['PortUpDown', fc.record({ cmd: fc.constant('PortUpDown' as const), pick })],
  ];
  const out: fc.Arbitrary<Draft>[] = [];
  for (const [name, arb] of all) {
    // fc.commands picks uniformly among its arbitraries: a weight is a number of copies
    for (let k = 0; k < (o.weights?.[name] ?? 1); k++) out.push(arb);
  }
  return out;
}
