// How many copies MooseFS keeps of what is written under a folder (its goal, mfssetgoal -r),
// read back with mfsgetgoal: a goal the master did not take would judge the wrong redundancy.
import { run } from '../../exec';

export async function setFolderGoal(abs: string, copies: number): Promise<void> {
  if (!(Number.isInteger(copies) && copies >= 1 && copies <= 9))
    throw new RangeError(`a goal is a whole number of copies 1..9, got ${copies}`);
  await run('mfssetgoal', ['-r', String(copies), abs], { timeoutMs: 30_000 });
  const got = parseGoal((await run('mfsgetgoal', [abs], { timeoutMs: 30_000 })).stdout);
  if (got !== copies) throw new Error(`goal of ${abs} read back as ${got ?? 'nothing'}, not ${copies}`);
}

/** mfsgetgoal's "<path>: N" (MooseFS 3), or null. */
export function parseGoal(out: string): number | null {
  const m = /:\s*(\d+)\s*$/m.exec(out.trim());
  return m ? Number(m[1]) : null;
}
