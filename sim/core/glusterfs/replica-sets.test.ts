import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replicaSets } from './replica-sets';

const nodes = (...bays: number[]) =>
  bays.map((b, i) => ({ node: `n${i + 1}`, bricks: Array.from({ length: b }, (_, k) => `n${i + 1}:bay${k + 1}`) }));

describe('GlusterFS replica sets', () => {
  it('pairs three equal nodes across nodes, each node in as many sets', () => {
    const { sets, leftOver } = replicaSets(nodes(4, 4, 4), 2);
    expect(leftOver).toEqual([]);
    expect(sets.map((s) => s.map((b) => b.brick))).toEqual([
      ['n1:bay1', 'n2:bay1'],
      ['n1:bay2', 'n3:bay1'],
      ['n2:bay2', 'n3:bay2'],
      ['n1:bay3', 'n2:bay3'],
      ['n1:bay4', 'n3:bay3'],
      ['n2:bay4', 'n3:bay4'],
    ]);
  });

  it('leaves over what a single node cannot pair with anyone', () => {
    expect(replicaSets(nodes(4), 2)).toEqual({ sets: [], leftOver: nodes(4)[0]!.bricks.map((brick) => ({ node: 'n1', brick })) });
    expect(replicaSets(nodes(24, 36, 48), 2).leftOver).toHaveLength(0);
    expect(replicaSets(nodes(1, 9), 2).leftOver).toHaveLength(8);
  });

  it('refuses a replica count that is not a whole number of copies', () => {
    expect(() => replicaSets(nodes(2, 2), 0)).toThrow(/whole number/);
  });

  it('never puts two copies of a set on one node, and uses every brick once (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 48 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (bays, replica) => {
          const { sets, leftOver } = replicaSets(nodes(...bays), replica);
          for (const s of sets) expect(new Set(s.map((b) => b.node)).size).toBe(replica);
          const used = [...sets.flat(), ...leftOver].map((b) => b.brick).sort();
          expect(used).toEqual(
            nodes(...bays)
              .flatMap((n) => n.bricks)
              .sort(),
          );
          // what is left over lies on fewer nodes than a set needs
          expect(new Set(leftOver.map((b) => b.node)).size).toBeLessThan(replica);
        },
      ),
    );
  });
});
