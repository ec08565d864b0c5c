// runFault checks a fault against its kind's declared parameters (sim/plan/faults.ts) before
// anything is done to the cluster.
import { describe, expect, it } from 'vitest';
import { runFault } from './faults';
import type { NemesisContext } from './context';

describe('runFault', () => {
  it('a fault whose parameters break its kind is refused with the field named, before the cluster is touched', async () => {
    const bad = { id: 'pull-x', atSeconds: 1, fault: { fault: 'disk-pull', node: 'node1', slot: -3, outSeconds: 5, reinsert: 'same' } };
    // no cluster at all: a performer that got this far would throw on the missing context instead
    await expect(runFault(bad as never, {} as NemesisContext)).rejects.toThrow(/fault pull-x: not a valid disk-pull fault:[\s\S]*slot/);
    await expect(runFault({ id: 'x', atSeconds: 1, fault: { fault: 'meteor' } } as never, {} as NemesisContext)).rejects.toThrow(
      /fault x: not a valid meteor fault/,
    );
  });
});
