// `accept replay <file>`: replays a counterexample file of the model-based property
// (acceptance/properties/) on a fresh small reference cluster, and says whether the
// recorded failure comes back. Exit 0 = reproduced, 1 = not reproduced.
import { ensureCoreImage } from '../sim/core/cores';
import { sweep } from '../sim/topology/reaper';
import { readReplayFile, type ReplayFile } from '../acceptance/properties/replay-file';
import { startModelCluster } from '../acceptance/properties/harness';
import { replayScenario, type ReplayResult } from '../acceptance/properties/runner';
import { requireFile, UsageError } from './inputs';
import { preflight } from '../sim/preflight';
import { workRoot } from '../lib/paths';

export async function replayCommand(
  file: string,
  log: (m: string) => void = (m) => process.stderr.write(m + '\n'),
): Promise<ReplayResult & { exitCode: number }> {
  // validate first: a bad file is a usage error before any container is made
  const f = readReplay(file);
  await preflight();
  await sweep(workRoot());
  const { tag } = await ensureCoreImage(workRoot(), log);
  const mc = await startModelCluster(tag, 'replay', { seed: 'model-replay', selfHealSeconds: f.bounds.selfHealSeconds, log });
  try {
    log(
      `replaying ${f.commands.length} commands of '${f.kind}' (expected: ${f.failure.invariant}, clauses ${f.failure.clauses.join(', ')})`,
    );
    const r = await replayScenario(mc.system, file, log);
    log(r.reproduced ? `reproduced: ${r.detail}` : `NOT reproduced (${r.invariant ?? 'no failure'}${r.detail ? `: ${r.detail}` : ''})`);
    return { ...r, exitCode: r.reproduced ? 0 : 1 };
  } finally {
    await mc.stop();
  }
}

/** The counterexample file, or one line saying why it is not one. */
export function readReplay(file: string): ReplayFile {
  requireFile(file, 'counterexample file');
  try {
    return readReplayFile(file);
  } catch (e) {
    let why =
      e instanceof SyntaxError
        ? `not JSON (${e.message.replace(/\s+/g, ' ')})`
        : (e as Error).message.replace(`${file} is not a valid replay file: `, '');
    // a file that is something else entirely fails every field: the first three say enough
    const fields = why.split('; ');
    if (fields.length > 3) why = `${fields.slice(0, 3).join('; ')} (and ${fields.length - 3} more)`;
    throw new UsageError(`${file} is not a counterexample file of accept's property test: ${why}`);
  }
}
