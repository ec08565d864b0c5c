import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunClock } from './clock';
import { HistoryWriter, readHistory } from './history';
import { streamFor } from '../lib/random';

describe('history journal', () => {
  it('appends one JSON event a line with index, wall, monotonic and virtual time', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hist-')), 'h.jsonl');
    const h = new HistoryWriter(path, new RunClock(1000, 0));
    h.append({ kind: 'a', x: 1 });
    h.append({ kind: 'b' });
    // written before close: a crash of the harness would not lose these
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);
    h.close();
    const { events, tornTail } = readHistory(path);
    expect(tornTail).toBe(false);
    expect(events.map((e) => [e.i, e.kind])).toEqual([[0, 'a'], [1, 'b']]);
    expect(events[1]!.mono).toBeGreaterThanOrEqual(events[0]!.mono);
    expect(events[0]!.virt).toBeGreaterThanOrEqual(0);
    expect(() => h.append({ kind: 'late' })).toThrow(/closed/);
  });
  it('drops a torn last line and says so, but refuses garbage in the middle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hist-'));
    const p = join(dir, 'h.jsonl');
    appendFileSync(p, '{"i":0,"kind":"a","wall":1,"mono":0,"virt":1}\n{"i":1,"kind":"b","wa');
    expect(readHistory(p)).toMatchObject({ tornTail: true, events: [{ kind: 'a' }] });
    const q = join(dir, 'q.jsonl');
    appendFileSync(q, '{"i":0,"kind":"a"}\nnot json\n{"i":2,"kind":"c"}\n{"i":3,"kind":"d"}\n');
    expect(() => readHistory(q)).toThrow(/q.jsonl:2/);
  });
});

describe('seeded streams', () => {
  it('give the same numbers for the same seed and component, others for others', () => {
    const a = Array.from({ length: 5 }, ((s) => () => s.next())(streamFor('seed1', 'nemesis')));
    const b = Array.from({ length: 5 }, ((s) => () => s.next())(streamFor('seed1', 'nemesis')));
    const c = Array.from({ length: 5 }, ((s) => () => s.next())(streamFor('seed1', 'workload')));
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
    h.append({ kind: 'fault.start', id: 'f1' });
    h.append({ kind: 'fault.end', id: 'f1' });
    off();
    h.append({ kind: 'later' });
    h.close();
    expect(seen).toEqual(['0:fault.start', '1:fault.end']);
  });
});
