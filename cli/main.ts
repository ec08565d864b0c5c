// The `accept` command (bin/accept.mjs). Exit codes: 0 what was asked for holds (every judged
// clause PASS; a control FAILed as it must); 1 it does not; 2 usage or environment error.
import { runCli } from './program';

process.exitCode = await runCli(process.argv);
