// T10 on the real MooseFS core under camera load: the recording space's quota allocated,
// grown with a longer retention period and shrunk after a shorter one freed the space, the
// recording server deleting by age all along. PASS on the reference; FAIL on a deleter that
// deletes recordings inside a shortened period, and on a quota cut to half of what the folder
// holds (the core refuses writes: EDQUOT). Each control fails for its own reason only.
import { describe, expect, it } from 'vitest';
import { loadProfile, type Profile } from '../profile/profile';
import { runJudged } from './core-run';
import { elasticCapacityScenario, type ElasticCapacityVariant } from '../scenarios/elastic-capacity';

const SEED = process.env.ACCEPT_SEED ?? 'capacity-ci';

function shortProfile(): Profile {
  const { profile } = loadProfile('ci');
  profile.topology.baysPerNode = 24;
  profile.workload.cameras = 8;
  Object.assign(profile.elasticCapacity, {
    initialRetentionSeconds: 6,
    longerRetentionSeconds: 12,
    shorterRetentionSeconds: 4,
    warmupSeconds: 4,
    watchSeconds: 2,
    freeSeconds: 6,
    freeAtMostSeconds: 20,
    observeSeconds: 2,
  });
  return profile;
}

const runCapacity = (variant: ElasticCapacityVariant) => {
  const profile = shortProfile();
  return runJudged(elasticCapacityScenario(profile, variant), profile, {
    clause: 'T10',
    seed: SEED,
    tag: 'cap',
    feature: 'T10 capacity',
    epic: '存储节点',
  });
};
/** the clause checker's own reasons: not the core's tuning, nor the background load's thresholds folded in */
const own = (reasons: string[]) => reasons.filter((r) => !/^(reached with core options|负载阈值未通过)/.test(r));

describe('T10 capacity on demand and retention on the real core', () => {
  it('reference: quota allocated, grown, shrunk and retention lengthened, shortened online; none deleted early, the rest intact, space freed: PASS', async () => {
    const { verdict, rules, rec, events } = await runCapacity('reference');
    expect(rules, verdict.reasons.join('\n')).toBe('PASS');
    const quotas = events.filter((e) => e.kind === 'quota.set');
    expect(quotas.map((q) => q.ok && q.inForce === q.bytes)).toEqual([true, true, true]);
    expect(events.filter((e) => e.kind === 'segment.delete').length).toBeGreaterThan(20);
    expect(rec.segments.lost).toBe(0);
    expect(verdict.figures.find((f) => f.name.includes('share of the space'))!.value!).toBeGreaterThanOrEqual(50);
  });

  it('control deletes-in-period: recordings deleted at under the shortened period: FAIL for that alone', async () => {
    const { verdict, rules } = await runCapacity('control:deletes-in-period');
    expect(rules).toBe('FAIL');
    expect(own(verdict.reasons), verdict.reasons.join('\n')).toEqual([
      expect.stringMatching(/deleted inside the retention period in force, e\.g\. .* under a period of 4 s/),
    ]);
  });

  it('control quota-below-data: the quota cut to half of what the folder holds, the core refuses writes (EDQUOT): FAIL for that alone', async () => {
    const { verdict, rules } = await runCapacity('control:quota-below-data');
    expect(rules).toBe('FAIL');
    expect(own(verdict.reasons), verdict.reasons.join('\n')).toEqual([
      expect.stringMatching(
        /segment writes failed and \d+ camera segments were dropped while capacity and retention changed, first .*EDQUOT/,
      ),
    ]);
  });
});
