// The history: an append-only JSONL journal, one event a line, each with wall time,
// monotonic run time and virtual time. Everything a checker may use is in here, so a
// verdict can be recomputed from a saved history alone (Jepsen's discipline).
// Each event is written with its own write(2): a crash of the harness process loses
// at most the event being written, because the kernel already holds the rest.
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { RunClock } from './clock';

export interface HistoryEvent {
  /** index in the journal, from 0 */
  i: number;
  /** wall-clock epoch ms */
  wall: number;
  /** ms since the run started, monotonic */
  mono: number;
  /** virtual epoch ms (device physics) */
  virt: number;
  /** what happened, dotted: 'segment.write.ok', 'fault.start', 'core.chunkservers', ... */
  kind: string;
  [field: string]: unknown;
}

export type EventBody = { kind: string } & Record<string, unknown>;

export class HistoryWriter {
  private fd: number | null;
  private count = 0;
  private readonly listeners = new Set<(e: HistoryEvent) => void>();
  constructor(
    readonly path: string,
    private readonly clock: RunClock,
  ) {
    this.fd = openSync(path, 'a');
  }
  get length(): number {
    return this.count;
  }
  append(body: EventBody): HistoryEvent {
    if (this.fd === null) throw new Error(`history ${this.path} is closed; event ${body.kind} not recorded`);
    const t = this.clock.now();
    const event: HistoryEvent = { i: this.count, wall: Math.round(t.wall), mono: round3(t.mono), virt: Math.round(t.virt), ...body };
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

/** Reads a journal. A torn last line (the harness died mid-write) is dropped and reported. */
export function readHistory(path: string): { events: HistoryEvent[]; tornTail: boolean } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const events: HistoryEvent[] = [];
  let tornTail = false;
  lines.forEach((line, n) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line) as HistoryEvent);
    } catch (e) {
      if (n >= lines.length - 2) tornTail = true;
      else throw new Error(`${path}:${n + 1}: not a JSON event (${(e as Error).message})`);
    }
  });
  return { events, tornTail };
}

export const ofKind = <T extends HistoryEvent = HistoryEvent>(events: readonly HistoryEvent[], kind: string): T[] =>
  events.filter((e) => e.kind === kind) as T[];
