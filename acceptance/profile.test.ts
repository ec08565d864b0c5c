import { describe, expect, it } from 'vitest';
import { CLAUSES } from './clauses';
import { ProfileError, listProfiles, loadProfile, parseProfile } from './profile';

describe('contract profiles', () => {
  it('ships valid default and ci profiles with the contract thresholds', () => {
    expect(listProfiles()).toEqual(expect.arrayContaining(['ci', 'default']));
    for (const name of listProfiles()) {
      const { profile } = loadProfile(name);
      expect(profile.thresholds.T8.maxSecondsToFirstChunk).toBe(60);
      expect(profile.thresholds.T6.maxSelfHealSeconds).toBe(180);
      expect(profile.project.totalPriceCNY).toBe(3538176);
      // what the OCR lost stays visibly unconfirmed
      expect(profile.trial.extensionDays.status).toBe('to-be-confirmed');
    }
  });
  it('names the bad field in its error', () => {
    const { profile } = loadProfile('ci');
    const bad = structuredClone(profile) as any;
    bad.topology.baysPerNode = 47;
    bad.workload.cameras = -1;
    expect(() => parseProfile(bad, 'x.json')).toThrow(ProfileError);
    try {
      parseProfile(bad, 'x.json');
    } catch (e) {
      expect((e as Error).message).toMatch(/topology\.baysPerNode: a contracted node has 24, 36 or 48 bays/);
      expect((e as Error).message).toMatch(/workload\.cameras/);
    }
    const unknown = { ...structuredClone(profile), extra: 1 };
    expect(() => parseProfile(unknown)).toThrow(/extra|Unrecognized/);
    const confirmedNull = structuredClone(profile) as any;
    confirmedNull.trial.extensionDays.status = 'confirmed';
    expect(() => parseProfile(confirmedNull)).toThrow(/trial\.extensionDays/);
  });
  it('fails clearly on a missing profile', () => {
    expect(() => loadProfile('no-such-profile')).toThrow(/not found.*ci/);
  });
  it('keeps clause IDs unique and in the families of CLAUSES.md', () => {
    const ids = CLAUSES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(T([1-9]|1[01])|M[1-7]|S([1-9]|10)|P[1-8]|W[1-3])$/);
    expect(ids).toHaveLength(11 + 7 + 10 + 8 + 3);
  });
});
