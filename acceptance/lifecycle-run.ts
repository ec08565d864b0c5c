// The T9 lifecycle scenario's short version for the core test suite (24 bays, 8 cameras) and
// its judged run; lifecycle.core.test.ts runs the reference, controls-side-by-side.core.test.ts
// the control (beside the other controls that wait out a bound).
import type { Profile } from '../profile/profile';
import { ci24 } from './short-profile';
import { figureOf, runJudged } from './core-run';
import { judge } from './judge';
import { lifecycleScenario, type LifecycleVariant } from '../scenarios/lifecycle';

const SEED = process.env.ACCEPT_SEED ?? 'lifecycle-ci';

export function lifecycleShortProfile(): Profile {
  const profile = ci24(8);
  profile.scaleout.newNodeBays = 24;
  profile.faults.lifecycle = { ...profile.faults.lifecycle, warmupSeconds: 15, gapSeconds: 3, observeSeconds: 5 };
  // the ci profile's drain bound (300 s) is kept: MooseFS 3.0.117 calls a drained node ready
  // only at the end of a chunk loop (60 s at the least) that found nothing left to copy;
  // measured 170.7 s alone on the 2 cores, and two test files share them
  return profile;
}

export async function runLifecycle(variant: LifecycleVariant, attempt: 1 | 2 = 1) {
  const profile = lifecycleShortProfile();
  const r = await runJudged(lifecycleScenario(profile, SEED, variant), profile, {
    clause: 'T9',
    seed: SEED,
    tag: attempt === 1 ? 't9' : 't9-retry',
    epic: '存储节点',
  });
  // the same history judged for T10's resource-pool part (the node added, the one drained and deleted)
  const t10 = judge(r.events, profile).find((v) => v.clause === 'T10');
  if (!t10) throw new Error('the lifecycle run gave no T10 verdict');
  process.stderr.write(
    `T10 lifecycle/${variant} (${(t10.covers ?? []).join(', ')}): ${t10.clauseStatus ?? t10.status}\n${t10.figures.map((f) => `  ${f.ok === false ? '✗' : ' '} ${f.name}: ${f.value} ${f.unit}${f.threshold ? ` [${f.threshold}]` : ''}`).join('\n')}\n`,
  );
  return { t9: r.verdict, rules: r.rules, t10, rec: r.rec, fig: (part: string) => figureOf(r.verdict, part), profile };
}
