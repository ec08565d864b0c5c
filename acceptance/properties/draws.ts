// The commands a seed draws, replayed on the pure model only (no cluster): fast-check's
// draws depend on the seed and the model's preconditions alone, so this is exactly what a
// reference run on the real core executes (as long as nothing fails). The CI seed is chosen
// with it so that the CI sequences exercise every command kind, and a unit test keeps it so.
import fc from 'fast-check';
import { draftArbitraries, type DraftOptions } from '../../sim/model/commands';
import {
  draftPrecondition,
  initialModel,
  nextModel,
  resolveDraft,
  type CommandName,
  type Draft,
  type ModelState,
} from '../../sim/model/model';

class DrawOnly implements fc.Command<ModelState, CommandName[]> {
  constructor(readonly d: Draft) {}
  check(m: Readonly<ModelState>) {
    return draftPrecondition(m, this.d);
  }
  run(m: ModelState, ran: CommandName[]) {
    const c = resolveDraft(m, this.d)!;
    ran.push(c.cmd);
    const acked =
      c.cmd === 'WriteSegments'
        ? Array.from({ length: c.n }, (_, k) => ({
            camera: c.camera,
            seq: k,
            path: `/${c.camera}/${k}`,
            payloadSeed: 0,
            startMs: 0,
            endMs: 0,
          }))
        : [];
    // a 'newest-holder' power loss resolves to a real node at run time; n1 stands in for it
    nextModel(m, c, acked, 'n1');
  }
  toString() {
    return this.d.cmd;
  }
}

/** The commands of each sequence, in order (an empty sequence is an empty list). */
export function drawnCommands(
  o: DraftOptions & { seed: number; numRuns: number; maxCommands: number; toleratedDomains: number },
): CommandName[][] {
  const arbs = draftArbitraries(o).map((a) => a.map((d) => new DrawOnly(d)));
  const all: CommandName[][] = [];
  fc.assert(
    fc.property(fc.commands(arbs, { maxCommands: o.maxCommands, size: 'max' }), (cmds) => {
      const ran: CommandName[] = [];
      fc.modelRun(() => ({ model: initialModel({ toleratedDomains: o.toleratedDomains, baysPerNode: o.baysPerNode }), real: ran }), cmds);
      all.push(ran);
    }),
    { seed: o.seed, numRuns: o.numRuns },
  );
  return all;
}
