// Test fixture shared by the checker tests: a load of two cameras acknowledging a
// 500 kB segment every second, with an optional gap [from, to).
export type FixtureBody = { kind: string } & Record<string, unknown>;

/** The payload seed a fixture segment is acknowledged with, and read back with when intact. */
export const seedOf = (path: string) => [...path].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);

/** Returns the paths of the acknowledged segments (for their read-back events). */
export function cameras(at: (mono: number, body: FixtureBody) => void, untilMs: number, gap?: [number, number]): string[] {
  const paths: string[] = [];
  at(0, { kind: 'load.start' });
  for (let t = 1000; t <= untilMs; t += 1000) {
    for (const camera of ['cam001', 'cam002']) {
      if (gap && t >= gap[0] && t < gap[1]) continue;
      at(t, {
        kind: 'segment.write',
        outcome: 'ok',
        role: 'camera',
        camera,
        seq: t / 1000,
        path: `/${camera}/${t}`,
        bytes: 500_000,
        payloadSeed: seedOf(`/${camera}/${t}`),
      });
      paths.push(`/${camera}/${t}`);
    }
  }
  at(untilMs + 1, { kind: 'load.stop' });
  return paths;
}

/** The read-back after the run: every acknowledged segment, the first `lost` of them not intact. */
export function readBack(
  at: (mono: number, body: FixtureBody) => void,
  mono: number,
  paths: readonly string[],
  lost = 0,
  outcome = 'lost',
) {
  paths.forEach((path, k) =>
    at(mono + k / 1000, { kind: 'segment.verify', path, ...(k < lost ? { outcome } : { outcome: 'ok', payloadSeed: seedOf(path) }) }),
  );
}
