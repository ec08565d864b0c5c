// Cleanup that also runs on Ctrl-C and SIGTERM: resources register an undo action as
// they are created; a signal runs them all, newest first, then exits 130/143.
type Undo = { name: string; fn: () => Promise<unknown> };

const stack: Undo[] = [];
let installed = false;
let running: Promise<void> | null = null;
let signalled = false;

/** A signal (Ctrl-C, SIGTERM) arrived: the run is being stopped, nothing new may begin. */
export const stopRequested = (): boolean => signalled;

export function onCleanup(name: string, fn: () => Promise<unknown>): () => void {
  installSignalHandlers();
  const entry = { name, fn };
  stack.push(entry);
  return () => {
    const i = stack.indexOf(entry);
    if (i >= 0) stack.splice(i, 1);
  };
}

export function runCleanups(log: (msg: string) => void = () => undefined): Promise<void> {
  running ??= (async () => {
    while (stack.length) {
      const { name, fn } = stack.pop()!;
      try {
        await fn();
      } catch (e) {
        log(`cleanup '${name}' failed: ${(e as Error).message}`);
      }
    }
  })().finally(() => (running = null));
  return running;
}

function installSignalHandlers() {
  if (installed) return;
  installed = true;
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(sig, () => {
      signalled = true;
      if (stack.length === 0 && !running) process.exit(code);
      process.stderr.write(`\n${sig}: removing containers, networks, mounts and loop devices of this run...\n`);
      // a second Ctrl-C while cleaning does not abort the cleaning
      process.removeAllListeners(sig);
      process.on(sig, () => process.stderr.write('cleanup in progress, please wait\n'));
      void runCleanups((m) => process.stderr.write(m + '\n')).finally(() => process.exit(code));
    });
  }
}
