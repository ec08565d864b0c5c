import { describe, expect, it } from 'vitest';
import { coreRunId } from './core-run-id';

describe('coreRunId', () => {
  it('names the reference ref, controls by name, several joined container-safe', () => {
    expect(coreRunId('hotplug', 'reference')).toMatch(/^hotplug-ref-[0-9a-z]+$/);
    expect(coreRunId('hotplug', 'control:goal-1')).toMatch(/^hotplug-goal-1-[0-9a-z]+$/);
    const several = coreRunId('alarms', ['control:channel-errors', 'control:no-capacity-rule']);
    expect(several).toMatch(/^alarms-channel-errors_no-capacity-rule-[0-9a-z]+$/);
    expect(several).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/);
    expect(coreRunId('model')).toMatch(/^model-[0-9a-z]+$/);
  });
});
