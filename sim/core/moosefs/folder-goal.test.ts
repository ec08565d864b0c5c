import { describe, expect, it } from 'vitest';
import { parseGoal, setFolderGoal } from './folder-goal';

describe('a folder goal read back', () => {
  it('reads mfsgetgoal output, and nothing from what is not it', () => {
    expect(parseGoal('/mnt/mfs/seq-1: 2\n')).toBe(2);
    expect(parseGoal('/mnt/mfs/a folder: with colon: 1')).toBe(1);
    expect(parseGoal('')).toBeNull();
    expect(parseGoal('/mnt/mfs/seq-1: no such file')).toBeNull();
  });
  it('refuses a goal that is not 1..9 copies before calling the core', async () => {
    for (const bad of [0, -1, 1.5, 10, Number.NaN]) await expect(setFolderGoal('/nowhere', bad)).rejects.toThrow(RangeError);
  });
});
