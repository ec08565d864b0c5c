import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import type { Verdict } from '../verdict';
import { foldUnfinishedRun, untilRunError } from './unfinished-run';

const verdict = (status: Verdict['status'], reasons: string[] = []): Verdict => ({
  clause: 'T3',
  scenario: 'hotplug',
  status,
  figures: [],
  method: { zh: '—', en: '—' },
  nature: 'measured',
  reasons,
  evidence: [],
});
const ev = (kind: string, body: object = {}) => ({ i: 0, wall: 0, mono: 0, virt: 0, kind, ...body }) as unknown as HistoryEvent;

describe('a run that ended in an error', () => {
  const error = 'the run did not end within its deadline of 60 s (run.deadlineMinutes): a hung core or client; torn down';
  it('reads the error from the history; none when the run ended', () => {
    expect(untilRunError([ev('run.start'), ev('run.error', { error })]).error).toBe(error);
    expect(untilRunError([ev('run.start'), ev('run.end')]).error).toBeNull();
  });
  it("is judged on the events up to its error: the teardown after it (a load aborted) is not the core's", () => {
    const events = [ev('run.start'), ev('segment.write'), ev('run.error', { error }), ev('load.summary', { aborted: { atMs: 1 } })];
    expect(untilRunError(events).events.map((e) => e.kind)).toEqual(['run.start', 'segment.write', 'run.error']);
    const ended = [ev('run.start'), ev('run.end')];
    expect(untilRunError(ended).events).toBe(ended);
  });
  it('a PASS on part of the plan becomes INCONCLUSIVE, saying why first', () => {
    const v = foldUnfinishedRun(verdict('PASS', ['all 12 pulls healed']), error);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.clauseStatus).toBe('PASS');
    expect(v.reasons).toEqual([`the run did not complete: ${error}`, 'all 12 pulls healed']);
  });
  it('a FAIL measured before the error stands (FAIL), the error added to its reasons', () => {
    const v = foldUnfinishedRun(verdict('FAIL', ['3 segments lost']), error);
    expect(v.status).toBe('FAIL');
    expect(v.reasons).toEqual(['3 segments lost', `the run did not complete: ${error}`]);
  });
  it('an INCONCLUSIVE (e.g. nothing read back yet) gets the error as its first reason', () => {
    const v = foldUnfinishedRun(verdict('INCONCLUSIVE', ['none of 147 acknowledged segments was read back']), error);
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons[0]).toBe(`the run did not complete: ${error}`);
  });
  it('a run that ended is judged as it is', () => {
    const v = verdict('PASS', ['ok']);
    expect(foldUnfinishedRun(v, null)).toBe(v);
    const manual = foldUnfinishedRun(verdict('MANUAL', ['a person checks the key handling']), error);
    expect(manual.status).toBe('MANUAL');
    expect(manual.reasons).toEqual(['a person checks the key handling', `the run did not complete: ${error}`]);
  });
});
