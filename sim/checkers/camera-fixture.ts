// Test fixture shared by the checker tests: a load of two cameras acknowledging a
// 500 kB segment every second, with an optional gap [from, to).
export type FixtureBody = { kind: string } & Record<string, unknown>;

export function cameras(at: (mono: number, body: FixtureBody) => void, untilMs: number, gap?: [number, number]) {
  at(0, { kind: 'load.start' });
  for (let t = 1000; t <= untilMs; t += 1000) {
    for (const camera of ['cam001', 'cam002']) {
      if (gap && t >= gap[0] && t < gap[1]) continue;
      at(t, { kind: 'segment.write', outcome: 'ok', camera, seq: t / 1000, path: `/${camera}/${t}`, bytes: 500_000 });
    }
  }
  at(untilMs + 1, { kind: 'load.stop' });
}
