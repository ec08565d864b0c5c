import { describe, expect, it } from 'vitest';
import { presentBaysNotServed } from './bays';

describe('presentBaysNotServed', () => {
  const twin = [
    { slot: 0, state: 'present' },
    { slot: 1, state: 'present' },
    { slot: 2, state: 'pulled' },
    { slot: 3, state: 'present' },
  ];
  const views = [
    { node: 'n1', bay: 'bay00', status: 'ok' },
    { node: 'n1', bay: 'bay01', status: 'damaged' },
    { node: 'n2', bay: 'bay03', status: 'ok' },
  ];

  it('names the present bays the core does not list as serving; a pulled bay is not asked for, another node does not count', () => {
    expect(presentBaysNotServed('n1', twin, views, (v) => v.status === 'ok')).toEqual(['bay01', 'bay03']);
  });

  it('takes the caller’s word for which statuses serve', () => {
    expect(presentBaysNotServed('n1', twin, views, (v) => v.status === 'ok' || v.status === 'damaged')).toEqual(['bay03']);
    expect(presentBaysNotServed('n1', twin, [], () => true)).toEqual(['bay00', 'bay01', 'bay03']);
  });
});
