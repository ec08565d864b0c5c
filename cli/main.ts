// The `accept` command (bin/accept.mjs). Exit codes: 0 what was asked for holds (every judged
// clause PASS; a control FAILed as it must); 1 it does not; 2 usage or environment error.
import { runCli } from './program';

// a reader that stops early (`accept run --help | head`) closes the pipe: that is not an error of the run
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

const code = await runCli(process.argv);
process.exitCode = code;
// work a run abandoned at its deadline may still poll a core that is gone: the command has
// answered, so it ends a moment later (stdout flushed) instead of waiting for it; unref'd, this
// timer never keeps a finished process alive
setTimeout(() => process.exit(code), 5_000).unref();
