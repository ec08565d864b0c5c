import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunClock } from './clock';
import { eventsOf, firstOf, HistoryWriter, lastOf, readHistory, type EventBody } from './history';
import { EVENT_KINDS, eventProblem, HISTORY_FORMAT, HISTORY_VERSION } from './history-events';
import { streamFor } from '../lib/random';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'hist-')), 'h.jsonl');
const line = (o: object) => JSON.stringify(o) + '\n';

describe('history journal', () => {
  it('writes a header line, then one JSON event a line with index, wall, monotonic and virtual time', () => {
    const path = tmp();
    const h = new HistoryWriter(path, new RunClock(1000, 0));
    h.append({ kind: 'observer.start', intervalMs: 500 });
    h.append({ kind: 'ops.stack.down' });
    // written before close: a crash of the harness would not lose these
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toEqual({ format: HISTORY_FORMAT, version: HISTORY_VERSION, kinds: EVENT_KINDS.length });
    h.close();
    const { events, tornTail, version } = readHistory(path);
    expect([tornTail, version]).toEqual([false, HISTORY_VERSION]);
    expect(events.map((e) => [e.i, e.kind])).toEqual([
      [0, 'observer.start'],
      [1, 'ops.stack.down'],
    ]);
    expect(events[1]!.mono).toBeGreaterThanOrEqual(events[0]!.mono);
    expect(events[0]!.virt).toBeGreaterThanOrEqual(0);
    expect(() => h.append({ kind: 'ops.stack.down' })).toThrow(/closed/);
  });
  it('refuses an undeclared kind or a declared field of another type, naming the kind and the field, and writes nothing', () => {
    const path = tmp();
    const h = new HistoryWriter(path, new RunClock());
    expect(() => h.append({ kind: 'no.such' } as unknown as EventBody)).toThrow(
      /history event no\.such not recorded: kind: not a declared event kind/,
    );
    expect(() => h.append({ kind: 'segment.write', outcome: 'ok', camera: 'cam1' } as unknown as EventBody)).toThrow(
      /history event segment\.write not recorded: role: .*expected string/,
    );
    expect(() =>
      h.append({ kind: 'core.nodes', nodes: [{ address: 'a', chunks: '3', usedBytes: 0, totalBytes: 0 }] } as unknown as EventBody),
    ).toThrow(/core\.nodes not recorded: nodes\.0\.chunks: .*expected number/);
    h.close();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(1);
  });
  it('keeps the fields a kind does not declare (they pass unchecked)', () => {
    const path = tmp();
    const h = new HistoryWriter(path, new RunClock());
    h.append({ kind: 'fault.start', id: 'f1', fault: 'disk-pull', outSeconds: 4 });
    h.close();
    expect(readHistory(path).events[0]).toMatchObject({ kind: 'fault.start', id: 'f1', outSeconds: 4 });
  });
  it('drops a torn last line and says so, but refuses garbage in the middle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hist-'));
    const p = join(dir, 'h.jsonl');
    appendFileSync(
      p,
      line({ format: HISTORY_FORMAT, version: 2 }) + '{"i":0,"kind":"ops.stack.down","wall":1,"mono":0,"virt":1}\n{"i":1,"kind":"b","wa',
    );
    expect(readHistory(p)).toMatchObject({ tornTail: true, events: [{ kind: 'ops.stack.down' }] });
    const q = join(dir, 'q.jsonl');
    const ok = { i: 0, wall: 1, mono: 0, virt: 1, kind: 'ops.stack.down' };
    appendFileSync(q, line(ok) + 'not json\n' + line({ ...ok, i: 2 }) + line({ ...ok, i: 3 }));
    expect(() => readHistory(q)).toThrow(/q.jsonl:2/);
  });
  it('names the first line that is not a declared event, with its kind and the problem', () => {
    const p = tmp();
    const ok = { i: 0, wall: 1, mono: 0, virt: 1, kind: 'observer.start', intervalMs: 500 };
    appendFileSync(
      p,
      line({ format: HISTORY_FORMAT, version: 2 }) +
        line(ok) +
        line({ ...ok, i: 1, intervalMs: 'fast' }) +
        line({ ...ok, i: 2, kind: 'x' }),
    );
    expect(() => readHistory(p)).toThrow(new RegExp(`${p}:3: event observer.start: intervalMs: .*expected number`));
    const q = tmp();
    appendFileSync(q, line({ format: HISTORY_FORMAT, version: 2 }) + line({ kind: 'observer.start', intervalMs: 500 }));
    expect(() => readHistory(q)).toThrow(/:2: event observer\.start: i: .*expected number/);
  });
  it('reads a history of the previous format (no header) when every line is a declared event, and refuses it otherwise', () => {
    const p = tmp();
    const ok = { i: 0, wall: 1, mono: 0, virt: 1, kind: 'observer.start', intervalMs: 500 };
    appendFileSync(p, line(ok));
    expect(readHistory(p)).toMatchObject({ version: 1, events: [ok] });
    const q = tmp();
    appendFileSync(q, line(ok) + line({ ...ok, i: 1, kind: 'a' }));
    expect(() => readHistory(q)).toThrow(
      /:2: event a: kind: not a declared event kind \(a history of the previous format, without a header line/,
    );
  });
  it('refuses a header it does not know, or a newer version, in one line', () => {
    const p = tmp();
    appendFileSync(p, line({ format: HISTORY_FORMAT, version: HISTORY_VERSION + 1 }));
    expect(() => readHistory(p)).toThrow(
      new RegExp(`history format version ${HISTORY_VERSION + 1} is newer than this harness reads \\(${HISTORY_VERSION}\\)`),
    );
    const q = tmp();
    appendFileSync(q, line({ format: 'other' }));
    expect(() => readHistory(q)).toThrow(/:1: not a history header \(format: /);
  });
  it('declares every kind once, and eventsOf, firstOf and lastOf narrow by kind', () => {
    expect(new Set(EVENT_KINDS).size).toBe(EVENT_KINDS.length);
    const path = tmp();
    const h = new HistoryWriter(path, new RunClock());
    h.append({ kind: 'scaleout.powered', node: 'node4', address: '10.0.0.4' });
    h.append({ kind: 'observer.start', intervalMs: 500 });
    h.append({ kind: 'scaleout.powered', node: 'node5', address: '10.0.0.5' });
    h.close();
    const { events } = readHistory(path);
    // typed: .address is a string without a cast
    expect(eventsOf(events, 'scaleout.powered').map((e) => e.address.toUpperCase())).toEqual(['10.0.0.4', '10.0.0.5']);
    expect([firstOf(events, 'scaleout.powered')?.node, lastOf(events, 'scaleout.powered')?.node, firstOf(events, 'run.end')]).toEqual([
      'node4',
      'node5',
      undefined,
    ]);
  });
  it('validates 10 000 appended events in well under a second (the cost of the check, reported)', () => {
    const h = new HistoryWriter(tmp(), new RunClock());
    const bodies: EventBody[] = Array.from({ length: 10_000 }, (_, k) =>
      k % 2
        ? {
            kind: 'segment.write',
            outcome: 'ok',
            role: 'camera',
            camera: `cam${k % 12}`,
            seq: k,
            path: `/cam/${k}.seg`,
            dueMono: k,
            startMono: k,
            latencyMs: 12.5,
            lateMs: 0,
            queueMs: 0,
            bytes: 2_000_000,
            payloadSeed: k,
            phase: 'before',
          }
        : { kind: 'core.nodes', nodes: [1, 2, 3].map((n) => ({ address: `10.0.0.${n}`, chunks: k, usedBytes: k, totalBytes: 1e12 })) },
    );
    const t0 = performance.now();
    for (const b of bodies) eventProblem(b, false);
    const checkMs = performance.now() - t0;
    const t1 = performance.now();
    for (const b of bodies) h.append(b);
    const appendMs = performance.now() - t1;
    h.close();
    console.log(
      `history validation: ${checkMs.toFixed(0)} ms for 10 000 events (${((checkMs / 10_000) * 1000).toFixed(1)} µs each); append with validation and write(2): ${appendMs.toFixed(0)} ms`,
    );
    expect(checkMs).toBeLessThan(1000);
  });
});

describe('seeded streams', () => {
  it('give the same numbers for the same seed and component, others for others', () => {
    const a = Array.from(
      { length: 5 },
      (
        (s) => () =>
          s.next()
      )(streamFor('seed1', 'nemesis')),
    );
    const b = Array.from(
      { length: 5 },
      (
        (s) => () =>
          s.next()
      )(streamFor('seed1', 'nemesis')),
    );
    const c = Array.from(
      { length: 5 },
      (
        (s) => () =>
          s.next()
      )(streamFor('seed1', 'workload')),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
  it('int stays in range and rejects bad bounds', () => {
    const s = streamFor('x', 'y');
    for (let i = 0; i < 1000; i++) {
      const v = s.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
    }
    expect(() => s.int(5, 1)).toThrow(RangeError);
    expect(() => s.pick([])).toThrow(/empty/);
  });
});

describe('history subscribe', () => {
  it('tells a live listener about each event after it is written, until it unsubscribes', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hist-')), 'h.jsonl');
    const h = new HistoryWriter(path, new RunClock());
    const seen: string[] = [];
    const off = h.subscribe((e) => {
      seen.push(`${e.i}:${e.kind}`);
      expect(readFileSync(path, 'utf8')).toContain(`"kind":"${e.kind}"`);
    });
    h.append({ kind: 'fault.start', id: 'f1', fault: 'disk-pull' });
    h.append({ kind: 'fault.end', id: 'f1' });
    off();
    h.append({ kind: 'ops.stack.down' });
    h.close();
    expect(seen).toEqual(['0:fault.start', '1:fault.end']);
  });
});
