// T9 on the real MooseFS core, the control: as many nodes as the goal, so the drain never
// finishes and the node cannot be deleted: FAIL.
import { describe, expect, it } from 'vitest';
import { runLifecycle as run } from './lifecycle-run';

describe('T9 node lifecycle and failover on the real core', () => {
  it('control:cannot-drain: the drain never finishes, the node cannot be deleted: FAIL', async () => {
    const { t9, rules, fig } = await run('control:cannot-drain');
    expect(rules, t9.reasons.join('\n')).toBe('FAIL');
    expect(t9.reasons.join('\n')).toMatch(/never became ready for removal/);
    expect(t9.reasons.join('\n')).toMatch(/could not be deleted/);
    expect(fig('ready for removal')).toMatchObject({ value: null, ok: false });
  });
});
