// The one definition of 'healed' on hand-made observations: each condition it names fails
// a heal on its own, and a healed cluster passes.
import { describe, expect, it } from 'vitest';
import { atGoalNow, healedNow, healedOver, newlyMissing, type CoreState, type HealQuestion } from './healed';

const NODES = ['10.0.0.2', '10.0.0.3', '10.0.0.4'];
const before = { pid: 100, startedAt: 'a', running: true };
const node: HealQuestion = { target: 'node2', expected: NODES, processBefore: before };
const master: HealQuestion = { target: 'master', expected: NODES, processBefore: before };
const whole: CoreState = {
  registered: NODES,
  chunks: { missing: 0, endangered: 0, undergoal: 0 },
  process: { pid: 200, startedAt: 'b', running: true, paused: false },
};
const chunks = (missing: number, endangered: number, undergoal: number) => ({ ...whole, chunks: { missing, endangered, undergoal } });

describe("the definition of 'healed'", () => {
  it('PASS: every node registered, the master answering, every chunk at goal, a new process', () => {
    expect(healedNow(node, whole)).toEqual({ healed: true, atGoal: true, pending: [] });
    expect(healedNow(master, whole)).toEqual({ healed: true, atGoal: true, pending: [] });
    // the process not observed: judged on the core's view alone
    expect(healedNow(node, { registered: NODES, chunks: whole.chunks }).healed).toBe(true);
  });

  it('FAIL for a storage node while chunks are endangered or under goal, naming them', () => {
    const e = healedNow(node, chunks(0, 7, 0));
    expect(e).toMatchObject({ healed: false, atGoal: false });
    expect(e.pending).toEqual(['7 chunks endangered (one copy), 0 under goal']);
    expect(healedNow(node, chunks(0, 0, 3)).pending).toEqual(['0 chunks endangered (one copy), 3 under goal']);
  });

  it('chunks missing before the fault are not its to heal; one more missing is', () => {
    const damaged = { ...node, missingBefore: 4 };
    expect(healedNow(damaged, chunks(4, 0, 0))).toEqual({ healed: true, atGoal: true, pending: [] });
    expect(healedNow(damaged, chunks(5, 0, 0))).toMatchObject({
      healed: false,
      atGoal: false,
      pending: ['1 chunks missing (no readable copy) besides 4 missing before the fault'],
    });
    // the helpers the nemesis' redundancy wait and T6's figures use say the same
    expect([
      newlyMissing(damaged, { missing: 5, endangered: 0, undergoal: 0 }),
      atGoalNow(damaged, { missing: 4, endangered: 0, undergoal: 0 }),
    ]).toEqual([1, true]);
    expect(atGoalNow(damaged, { missing: 4, endangered: 1, undergoal: 0 })).toBe(false);
    // without the question's baseline the same observation is not healed
    expect(healedNow(node, chunks(4, 0, 0)).healed).toBe(false);
  });

  it('the master holds no copy: chunks below goal but readable are healed, shown as not at goal; a missing chunk is not', () => {
    expect(healedNow(master, chunks(0, 2, 1))).toEqual({ healed: true, atGoal: false, pending: [] });
    expect(healedNow(master, chunks(1, 0, 0))).toMatchObject({ healed: false, pending: ['1 chunks missing (no readable copy)'] });
    expect(healedNow(node, chunks(1, 0, 0)).healed).toBe(false);
  });

  it('FAIL while a node is not registered or the master does not answer', () => {
    expect(healedNow(node, { ...whole, registered: NODES.slice(0, 2) }).pending).toEqual(['storage node 10.0.0.4 not registered']);
    const silent = healedNow(master, { registered: null, chunks: null, process: whole.process });
    expect(silent).toMatchObject({ healed: false, atGoal: false, pending: ['the master does not answer'] });
  });

  it('FAIL while the process is the one from before the fault, frozen or not running', () => {
    expect(healedNow(node, { ...whole, process: { ...before } }).pending).toEqual(['the node2 process is the one from before the fault']);
    expect(healedNow(node, { ...whole, process: { ...before, paused: true } }).pending).toEqual(['the node2 process is frozen']);
    expect(healedNow(node, { ...whole, process: { pid: 0, startedAt: 'b', running: false } }).pending).toEqual([
      'the node2 process is not running',
    ]);
  });

  it('FAIL while a present bay is not served, where bays were observed', () => {
    expect(healedNow(node, { ...whole, unservedBays: ['n1 bay03'] }).pending).toEqual(['bays not served: n1 bay03']);
  });

  it('FAIL after a power cut while copies it emptied are still on the disks, though the core counts every chunk at goal', () => {
    expect(healedNow(node, { ...whole, damagedCopies: 12 })).toMatchObject({
      healed: false,
      atGoal: true,
      pending: ["12 chunk copies the power cut emptied still on the node's disks (the core counts them as copies)"],
    });
    expect(healedNow(node, { ...whole, damagedCopies: 0 }).healed).toBe(true);
  });

  it('over a watch: healed iff the last observation is; healed since the start of the run that reaches it', () => {
    const at = (...states: CoreState[]) => states.map((state, k) => ({ at: k * 1000, state }));
    expect(healedOver(node, at(chunks(0, 3, 0), whole, whole))).toMatchObject({ healedAt: 1000, last: { healed: true } });
    // a heal that came and went is no heal: the last observation decides
    const relapse = healedOver(node, at(chunks(0, 3, 0), whole, chunks(0, 7, 0)));
    expect(relapse.healedAt).toBeNull();
    expect(relapse.last?.pending).toEqual(['7 chunks endangered (one copy), 0 under goal']);
    expect(healedOver(node, at(whole, chunks(0, 1, 0), whole)).healedAt).toBe(2000);
    expect(healedOver(node, [])).toEqual({ healedAt: null, last: null });
  });
});
