// Calls that overlap share one run of fn, and every caller gets a run that started after its
// own call: while a run is in flight, later callers wait for it and then share the next one
// (at most one in flight and one waiting). Memoizing libraries (p-memoize and the like) hand a
// caller the run already in flight, which may predate what the caller just did.
export function freshShared<T>(fn: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let waiting: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const p = fn().finally(() => {
      if (running === p) running = null;
    });
    running = p;
    return p;
  };
  return () => {
    if (waiting) return waiting;
    if (!running) return start();
    waiting = running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        waiting = null;
        return start();
      });
    return waiting;
  };
}
