import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { checkSwitchMirroring, MIRRORED, type MirrorRequirements } from './switch-mirroring';

const REQ: MirrorRequirements = MIRRORED;

/** One mirror probe as the run records it; options break it the ways a switch (or its binding) can. */
function probe(o: Partial<{ source: number; mirrored: number; after: number; disagreements: string[] }> = {}): HistoryEvent {
  return {
    i: 1,
    wall: 0,
    mono: 0,
    virt: 0,
    kind: 'switch.mirror',
    id: 'mirror-probe',
    node: 'node1',
    port: 1,
    direction: 'both',
    seconds: 5,
    sourceBytes: o.source ?? 20_000_000,
    sourcePackets: 15_000,
    mirroredBytes: o.mirrored ?? 20_010_000,
    mirroredPackets: 15_010,
    afterBytes: o.after ?? 0,
    disagreements: o.disagreements ?? [],
  } as HistoryEvent;
}

describe('S6 checker (port mirroring by traffic; IGMP snooping and MAC binding for a person)', () => {
  it('mirroring shown: MANUAL, never PASS (the rest of the clause is a person’s), simulated, with the share as a figure', () => {
    const v = checkSwitchMirroring([probe()], REQ);
    expect(v.status).toBe('MANUAL');
    expect(v.nature).toBe('simulated');
    expect(v.figures.map((f) => [f.name, f.value, f.ok])).toEqual([
      ["mirror-probe: mirrored share of the source port's traffic", 100.1, true],
      ['mirror-probe: copied after the session was removed', 0, true],
      ['IGMP snooping', null, undefined],
      ['MAC address binding', null, undefined],
    ]);
    expect(v.reasons.join(' ')).toMatch(/IGMP snooping and MAC address binding are for a person/);
  });

  it('FAIL: a session that copies one direction only (half the traffic)', () => {
    const v = checkSwitchMirroring([probe({ mirrored: 10_000_000 })], REQ);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/received 10000000 bytes for the 20000000 bytes .* \(50 %, required 95..105 %\)/);
  });

  it('FAIL: an analyzer that receives more than the port carried (traffic that is not the port’s)', () => {
    expect(checkSwitchMirroring([probe({ mirrored: 30_000_000 })], REQ).status).toBe('FAIL');
  });

  it('INCONCLUSIVE with the reason when the probe itself failed (the run went on)', () => {
    const err = {
      i: 2,
      wall: 0,
      mono: 0,
      virt: 0,
      kind: 'switch.mirror.error',
      id: 'mirror-probe',
      node: 'node1',
      error: 'node1 is not on a bound switch port',
    } as HistoryEvent;
    const v = checkSwitchMirroring([err], REQ);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons).toEqual(['mirror-probe: the mirror probe on node1 failed (node1 is not on a bound switch port): S6 not shown']);
  });

  it('FAIL: a session that keeps copying after it was removed', () => {
    const v = checkSwitchMirroring([probe({ after: 5_000_000 })], REQ);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/still received 5000000 bytes/);
  });

  it('INCONCLUSIVE: no probe, too little traffic to show anything, or a kernel that did not do what the twin says', () => {
    expect(checkSwitchMirroring([], REQ).status).toBe('INCONCLUSIVE');
    expect(checkSwitchMirroring([probe({ source: 20_000, mirrored: 0 })], REQ).status).toBe('INCONCLUSIVE');
    const d = checkSwitchMirroring([probe({ mirrored: 0, disagreements: ['{"port":1}'] })], REQ);
    expect(d.status).toBe('INCONCLUSIVE');
    expect(d.reasons.join(' ')).toMatch(/did not do what the twin says/);
  });
});
