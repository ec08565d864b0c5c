// T9 node lifecycle and failover on the real MooseFS core: PASS on the reference (a node
// added and used, one drained and deleted, one dying under load and deleted, nothing lost);
// the same history PASSes T10's resource-pool part (the pool grown and shrunk under load).
// The T9 rules are asserted from the checker; the background load's own thresholds are
// printed with the verdict (on a shared machine its warm-up phase is not what T9 judges).
import { describe, expect, it } from 'vitest';
import { runLifecycle as run } from './lifecycle-run';
import { ruleFailures, withReportedRetry } from './reported-retry';

/** T9 or T10's pool part FAILed on write stalls or a slow playback read alone (no other figure out of bounds, nothing lost). */
function stallsOnly(r: Awaited<ReturnType<typeof run>>): string | null {
  const failed = [...ruleFailures(r.t9), ...ruleFailures(r.t10)];
  const only =
    (r.rules === 'FAIL' || (r.t10.clauseStatus ?? r.t10.status) === 'FAIL') &&
    failed.length > 0 &&
    failed.every((f) => f.name.includes('longest write stall') || f.name.includes('longest playback read')) &&
    r.rec.segments.lost === 0 &&
    !r.rec.segments.unreadable;
  return only ? `write stalls or a slow read only:\n${[...r.t9.reasons, ...r.t10.reasons].join('\n')}` : null;
}

describe('T9 node lifecycle and failover on the real core', () => {
  it('reference: extend, drain, delete, failover: PASS with the figures in bounds', async () => {
    // seen once in CI: all 8 cameras stalled 11.3 s together during the drain while the other
    // core test filled its disks (alarms capacity control); 2.4-9.8 s in seven other runs
    const { t9, rules, t10, rec, fig, profile } = await withReportedRetry('T9 reference', (n) => run('reference', n), stallsOnly);
    expect(rules, t9.reasons.join('\n')).toBe('PASS');
    expect(fig('add → first chunk')?.value).toBeGreaterThan(0);
    const drain = fig('ready for removal')!;
    expect(drain.value).toBeGreaterThan(0);
    expect(drain.value!).toBeLessThanOrEqual(profile.faults.lifecycle.maxDrainSeconds);
    expect(fig('copied elsewhere')?.value).toBeGreaterThan(0);
    expect(t9.figures.filter((f) => f.name.includes("removed from the master's list")).map((f) => f.value)).toEqual([1, 1]);
    expect(fig('every chunk at goal on the others')?.ok).toBe(true);
    expect(fig('longest write stall')?.value!).toBeLessThanOrEqual(profile.faults.lifecycle.maxWriteStallSeconds);
    expect(rec.segments.acked).toBeGreaterThan(100);
    expect(rec.segments.lost).toBe(0);
    // T10's resource-pool part from the same history: grown by the added node, shrunk by the drained and deleted one
    expect(t10.clauseStatus ?? t10.status, t10.reasons.join('\n')).toBe('PASS');
    expect(t10.covers).toEqual(['pool']);
    expect(t10.figures.find((f) => f.name === 'pool resized: failed playback reads')).toMatchObject({ value: 0, ok: true });
    expect(t10.figures.find((f) => f.name === 'pool resized: playback reads')?.value).toBeGreaterThan(0);
  });
});
