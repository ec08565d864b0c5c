// Port mirroring sessions (S6). The binding realises one with tc `mirred egress mirror`
// from each source veth to the destination veth.

export type MirrorDirection = 'rx' | 'tx' | 'both';

export interface MirrorSession {
  id: number;
  sources: { port: number; direction: MirrorDirection }[];
  destination: number;
}

export const MAX_MIRROR_SESSIONS = 4;

/** Why a new session would be invalid, or null if it is fine. */
export function mirrorProblem(session: MirrorSession, existing: readonly MirrorSession[], portIds: ReadonlySet<number>): string | null {
  if (session.sources.length === 0) return 'a mirror session needs at least one source port';
  const all = [...session.sources.map((s) => s.port), session.destination];
  const missing = all.find((p) => !portIds.has(p));
  if (missing !== undefined) return `no port ${missing}`;
  if (session.sources.some((s) => s.port === session.destination)) return `port ${session.destination} cannot mirror to itself`;
  if (new Set(session.sources.map((s) => s.port)).size !== session.sources.length) return 'a source port is listed twice';
  const others = existing.filter((e) => e.id !== session.id);
  if (others.length >= MAX_MIRROR_SESSIONS) return `at most ${MAX_MIRROR_SESSIONS} mirror sessions`;
  if (others.some((e) => e.destination === session.destination || e.sources.some((s) => s.port === session.destination))) {
    return `port ${session.destination} is already used by another mirror session`;
  }
  if (others.some((e) => session.sources.some((s) => s.port === e.destination))) {
    return 'a source port is the destination of another session';
  }
  return null;
}
