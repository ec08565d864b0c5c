// Progress while a run is going: a bar per timed phase on a terminal (cli-progress),
// a line every 10 s otherwise (CI logs).
import cliProgress from 'cli-progress';
import type { PhaseHandle } from '../sim/runner';
import type { LoadProgress } from '../sim/workload/cameras';

export const log = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

export function phaseBar(name: string, seconds: number, progress: () => LoadProgress): PhaseHandle {
  const bar = new cliProgress.SingleBar(
    {
      format: `  ${name.padEnd(24)} [{bar}] {value}/{total} s | segments {written} | write errors {writeErrors} | dropped {dropped} | reads {reads} (errors {readErrors}) | {mb} MB`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => {
    const p = progress();
    return { ...p, mb: Math.round(p.bytes / 1e6) };
  };
  bar.start(Math.ceil(seconds), 0, payload());
  return {
    tick: (s) => bar.update(Math.min(Math.ceil(seconds), Math.floor(s)), payload()),
    done: () => {
      bar.update(Math.ceil(seconds), payload());
      bar.stop();
    },
  };
}
