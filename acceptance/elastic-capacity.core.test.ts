// T10 on the real MooseFS core under camera load: the recording space's quota allocated,
// grown with a longer retention period and shrunk after a shorter one freed the space, the
// recording server deleting by age all along. PASS on the reference. Its controls, in
// short-controls-side-by-side.core.test.ts: FAIL on a deleter that deletes recordings inside a
// shortened period, and on a quota cut to half of what the folder holds (the core refuses
// writes: EDQUOT), each for its own reason only.
import { describe, expect, it } from 'vitest';
import { runJudged } from './core-run';
import { elasticCapacityShortProfile } from './short-profile';
import { elasticCapacityScenario, type ElasticCapacityVariant } from '../scenarios/elastic-capacity';

const SEED = process.env.ACCEPT_SEED ?? 'capacity-ci';

const runCapacity = (variant: ElasticCapacityVariant) => {
  const profile = elasticCapacityShortProfile();
  return runJudged(elasticCapacityScenario(profile, variant), profile, {
    clause: 'T10',
    seed: SEED,
    tag: 'cap',
    feature: 'T10 capacity',
    epic: '存储节点',
  });
};

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
});
