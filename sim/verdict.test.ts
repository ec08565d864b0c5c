import { describe, expect, it } from 'vitest';
import { overallStatus, passedAsFarAsMeasurable, type Verdict, type VerdictStatus } from './verdict';

const v = (status: VerdictStatus): Verdict => ({
  clause: 'X',
  scenario: 's',
  status,
  figures: [],
  method: { zh: '—', en: '—' },
  nature: 'measured',
  reasons: [],
  evidence: [],
});

describe('overall status of a run', () => {
  it('the worst wins: FAIL, INCONCLUSIVE, MANUAL, PASS; nothing judged is INCONCLUSIVE', () => {
    expect(overallStatus([])).toBe('INCONCLUSIVE');
    expect(overallStatus([v('PASS'), v('PASS')])).toBe('PASS');
    expect(overallStatus([v('PASS'), v('MANUAL')])).toBe('MANUAL');
    expect(overallStatus([v('MANUAL')])).toBe('INCONCLUSIVE');
    expect(overallStatus([v('PASS'), v('MANUAL'), v('INCONCLUSIVE')])).toBe('INCONCLUSIVE');
    expect(overallStatus([v('PASS'), v('NOT-APPLICABLE')])).toBe('INCONCLUSIVE');
    expect(overallStatus([v('MANUAL'), v('FAIL'), v('PASS')])).toBe('FAIL');
  });
  it('exit 0 when every judged clause PASSed, a MANUAL one waiting for a person; never on MANUAL alone', () => {
    expect(passedAsFarAsMeasurable([v('PASS'), v('MANUAL')])).toBe(true);
    expect(passedAsFarAsMeasurable([v('MANUAL')])).toBe(false);
    expect(passedAsFarAsMeasurable([v('PASS'), v('INCONCLUSIVE')])).toBe(false);
  });
});
