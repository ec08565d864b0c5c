import { describe, expect, it } from 'vitest';
import { ProfileError, listProfiles, loadProfile, loadThresholdProblems, parseProfile } from './profile';

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
    // a core option is the core's own upper-case name, refused when the profile loads, not when the master starts
    const lowerCase = structuredClone(profile) as any;
    lowerCase.core.masterConfig = { changelog_save_mode: 2 };
    expect(() => parseProfile(lowerCase)).toThrow(
      /core\.masterConfig\.changelog_save_mode: .changelog_save_mode. is not a core option.s name: upper case/,
    );
  });
  it('refuses contract durations and counts that are not above zero, and fractions of a day', () => {
    const { profile } = loadProfile('ci');
    const bad = structuredClone(profile) as any;
    bad.trial.trialDays.value = -90;
    bad.trial.extensionDays = { ...bad.trial.extensionDays, value: 0.25 };
    bad.trial.responseHours.value = 0;
    bad.trial.repairDays = { ...bad.trial.repairDays, value: 0 };
    const message = (() => {
      try {
        parseProfile(bad, 'x.json');
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    })();
    expect(message).toMatch(/trial\.trialDays\.value: a duration in the contract must be above zero/);
    expect(message).toMatch(/trial\.extensionDays\.value: whole days/);
    expect(message).toMatch(/trial\.responseHours\.value: a duration in the contract must be above zero/);
    expect(message).toMatch(/trial\.repairDays\.value/);
    // half an hour is a response time; to be confirmed stays null
    const ok = structuredClone(profile) as any;
    ok.trial.responseHours.value = 0.5;
    expect(parseProfile(ok).trial.responseHours.value).toBe(0.5);
    expect(parseProfile(ok).trial.extensionDays.value).toBeNull();
  });
  it('checks fields against each other: goal and node counts, pulls and bays, the T6 watch and its bound', () => {
    const { profile } = loadProfile('ci');
    const cases: [(p: any) => void, RegExp][] = [
      [(p) => (p.core.goal = p.topology.storageNodes + 1), /core\.goal: goal 4 is above topology\.storageNodes 3/],
      [(p) => ((p.core.goal = 3), (p.alarms.nodes = 2)), /core\.goal: goal 3 is above alarms\.nodes 2/],
      [(p) => (p.run = { deadlineMinutes: 5 }), /run\.deadlineMinutes: deadlineMinutes 5 is not above verify\.maxTotalSeconds 600 s/],
      [
        (p) => (p.elasticCapacity = { ...p.elasticCapacity, freeSeconds: 12, freeAtMostSeconds: 8 }),
        /elasticCapacity\.freeAtMostSeconds: freeAtMostSeconds 8 is below freeSeconds 12/,
      ],
      [
        (p) => (p.faults.linkLoss.warmupSeconds = 10),
        /faults\.linkLoss\.warmupSeconds: warmupSeconds 10 is below 2 x mirrorProbeSeconds \+ 4 = 14: the mirror probe would run into the first link step/,
      ],
      [
        (p) => ((p.core.goal = 3), (p.mixed.nodes = p.mixed.nodes.slice(0, 2)), (p.alarms.nodes = 3)),
        /core\.goal: goal 3 is above the 2 nodes of mixed\.nodes/,
      ],
      [
        (p) => ((p.topology.baysPerNode = 24), (p.faults = { ...p.faults, hotplug: { pulls: 30 } })),
        /faults\.hotplug\.pulls: 30 pulls but a node has 24 bays/,
      ],
      [
        (p) => (p.faults = { ...p.faults, selfHeal: { observeMaxSeconds: 100 } }),
        /faults\.selfHeal\.observeMaxSeconds: 100 s is shorter than thresholds\.T6\.maxSelfHealSeconds 180 s/,
      ],
      [
        (p) => (p.faults = { ...p.faults, selfHeal: { settleSeconds: 12, baselineSeconds: 20 } }),
        /faults\.selfHeal\.settleSeconds: 12 s is shorter than faults\.selfHeal\.baselineSeconds 20 s/,
      ],
      [
        (p) => (
          (p.operations = { faultyDisks: 16, subHealthyDisks: 16 }),
          (p.topology.storageNodes = 1),
          (p.topology.baysPerNode = 24),
          (p.core.goal = 1)
        ),
        /operations\.faultyDisks: 16 faulty \+ 16 sub-healthy disks but the cluster has 24 bays/,
      ],
    ];
    for (const [change, expected] of cases) {
      const p = structuredClone(profile) as any;
      change(p);
      expect(() => parseProfile(p, 'x.json')).toThrow(expected);
    }
    // at the limits it is fine: goal = node count, as many pulls as bays
    const edge = structuredClone(profile) as any;
    edge.core.goal = 2;
    edge.faults = { ...edge.faults, hotplug: { pulls: edge.topology.baysPerNode } };
    expect(() => parseProfile(edge)).not.toThrow();
    // the shipped profiles pass their own rules
    for (const name of listProfiles()) expect(() => loadProfile(name)).not.toThrow();
  });
  it('parses the load thresholds when the profile loads: syntax, metric names, aggregations the metric has', () => {
    const { profile } = loadProfile('ci');
    const withThresholds = (thresholds: Record<string, string[]>) => ({
      ...structuredClone(profile),
      load: { background: 'steady', thresholds },
    });
    expect(
      parseProfile(withThresholds({ 'write_latency{role:camera}': ['p(99)<3000'], recording_gaps: [] })).load?.thresholds,
    ).toBeDefined();
    expect(() => parseProfile(withThresholds({ write_latency: ['p(99)<5s'] }))).toThrow(
      /load\.thresholds: threshold 'p\(99\)<5s' on 'write_latency': '5s' has a unit/,
    );
    expect(() => parseProfile(withThresholds({ write_latency: ['p99<500'] }))).toThrow(/'p99' is not an aggregation; write p\(99\)/);
    expect(() => parseProfile(withThresholds({ write_latency: ['p(99)=500'] }))).toThrow(/did you mean '=='/);
    expect(() => parseProfile(withThresholds({ write_failed: ['avg<0.1'] }))).toThrow(/'avg' does not apply to rate metric 'write_failed'/);
    expect(() => parseProfile(withThresholds({ write_latncy: ['p(99)<500'] }))).toThrow(/unknown metric 'write_latncy'/);
    expect(
      loadThresholdProblems({
        'write_latency{role:camera}': ['p(99)<3000'],
        iteration_start_delay: ['p(95)<100'],
        segments_dropped: ['count==0'],
      }),
    ).toEqual([]);
  });
  it('fails clearly on a missing profile', () => {
    expect(() => loadProfile('no-such-profile')).toThrow(/not found.*ci/);
  });
});
