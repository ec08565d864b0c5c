// The history: an append-only JSONL journal, one event a line, each with wall time,
// monotonic run time and virtual time. Everything a checker may use is in here, so a
// verdict can be recomputed from a saved history alone (Jepsen's discipline).
// Each event is written with its own write(2): a crash of the harness process loses
// at most the event being written, because the kernel already holds the rest.
// The first line is a header naming the format and its version; every event is one of the
// kinds declared in ./history-events, checked when appended and again when read.
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { RunClock } from './clock';
import {
  eventProblem,
  EVENT_KINDS,
  HISTORY_FORMAT,
  HISTORY_VERSION,
  historyHeaderSchema,
  type EventBody,
  type EventKind,
  type EventOf,
  type HistoryEvent,
} from './history-events';

export type { EventBody, EventKind, EventOf, HistoryEvent } from './history-events';

/** An event that is not one of the declared kinds, or a history that cannot be read. */
export class HistoryFormatError extends Error {}

export class HistoryWriter {
  private fd: number | null;
  private count = 0;
  private readonly listeners = new Set<(e: HistoryEvent) => void>();
  constructor(
    readonly path: string,
    /** the clock every event is stamped with (a writer's own timings, e.g. a segment's start, use it too) */
    readonly clock: RunClock,
  ) {
    this.fd = openSync(path, 'a');
    warmSchemas();
    // a fresh file gets the header; one appended to again (a resumed day) keeps its own
    if (fstatSync(this.fd).size === 0)
      writeSync(this.fd, JSON.stringify({ format: HISTORY_FORMAT, version: HISTORY_VERSION, kinds: EVENT_KINDS.length }) + '\n');
  }
  get length(): number {
    return this.count;
  }
  /** Records one event; throws (and writes nothing) when it is not a declared kind with its fields. */
  append(body: EventBody): HistoryEvent {
    if (this.fd === null) throw new Error(`history ${this.path} is closed; event ${body.kind} not recorded`);
    const problem = eventProblem(body, false);
    if (problem) throw new HistoryFormatError(`history event ${String(body.kind)} not recorded: ${problem}`);
    const t = this.clock.now();
    const event = { i: this.count, wall: Math.round(t.wall), mono: round3(t.mono), virt: Math.round(t.virt), ...body } as HistoryEvent;
    writeSync(this.fd, JSON.stringify(event) + '\n');
    this.count++;
    for (const l of this.listeners) l(event);
    return event;
  }
  /** Live view of the journal (e.g. the load tags samples with the fault phase as faults
   *  are recorded); called synchronously after each append. Returns the unsubscribe. */
  subscribe(listener: (e: HistoryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** fsync: used at phase boundaries so that a power loss of the harness host keeps them */
  sync(): void {
    if (this.fd !== null) fsyncSync(this.fd);
  }
  close(): void {
    if (this.fd === null) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

// zod compiles a schema on its first use (several ms each, about 0.2 s for all kinds): done
// once, when the first writer opens, so that no first event of a kind stalls a camera write
let warmed = false;
function warmSchemas(): void {
  if (warmed) return;
  warmed = true;
  for (const kind of EVENT_KINDS) eventProblem({ kind }, false);
}

export interface ReadHistory {
  events: HistoryEvent[];
  /** the last line was torn (the harness died mid-write) and is dropped */
  tornTail: boolean;
  /** the format version of the file: 1 for a history written before the header (read because every line validated) */
  version: number;
}

/**
 * Reads a journal and validates every event against its kind. A torn last line is dropped and
 * reported. A bad line throws a HistoryFormatError naming the file, the line number and the
 * first problem. A history of the previous format (no header) is read when every line is a
 * declared event, and refused otherwise.
 */
export function readHistory(path: string): ReadHistory {
  const lines = readFileSync(path, 'utf8').split('\n');
  const events: HistoryEvent[] = [];
  let tornTail = false;
  let version = 1;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      if (n >= lines.length - 2) {
        tornTail = true;
        continue;
      }
      throw new HistoryFormatError(`${path}:${n + 1}: not a JSON event (${(e as Error).message})`);
    }
    if (n === 0 && value !== null && typeof value === 'object' && 'format' in value) {
      const h = historyHeaderSchema.safeParse(value);
      if (!h.success)
        throw new HistoryFormatError(
          `${path}:1: not a history header (${h.error.issues[0]!.path.join('.')}: ${h.error.issues[0]!.message})`,
        );
      if (h.data.version > HISTORY_VERSION)
        throw new HistoryFormatError(
          `${path}:1: history format version ${h.data.version} is newer than this harness reads (${HISTORY_VERSION})`,
        );
      version = h.data.version;
      continue;
    }
    const problem = eventProblem(value, true);
    if (problem) {
      const kind = (value as { kind?: unknown } | null)?.kind;
      const old =
        version === 1 ? ' (a history of the previous format, without a header line: read only when every line is a declared event)' : '';
      throw new HistoryFormatError(`${path}:${n + 1}: event ${typeof kind === 'string' ? kind : '(no kind)'}: ${problem}${old}`);
    }
    events.push(value as HistoryEvent);
  }
  return { events, tornTail, version };
}

/** The events of one kind, typed as that kind. */
export const eventsOf = <K extends EventKind>(events: readonly HistoryEvent[], kind: K): EventOf<K>[] =>
  events.filter((e): e is EventOf<K> => e.kind === kind);

/** The first event of a kind, if any. */
export const firstOf = <K extends EventKind>(events: readonly HistoryEvent[], kind: K): EventOf<K> | undefined =>
  events.find((e): e is EventOf<K> => e.kind === kind);

/** The last event of a kind, if any. */
export const lastOf = <K extends EventKind>(events: readonly HistoryEvent[], kind: K): EventOf<K> | undefined =>
  events.findLast((e): e is EventOf<K> => e.kind === kind);
