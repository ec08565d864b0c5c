import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMITTED_TIMES, knownSeconds, longestFirst } from './longest-first';

describe('longest first', () => {
  it('orders by seconds, unknown files first, ties by name', () => {
    const s = new Map([
      ['a', 10],
      ['b', 300],
      ['c', 10],
    ]);
    expect(longestFirst(['a', 'b', 'c', 'new'], (x) => x, s)).toEqual(['new', 'b', 'a', 'c']);
  });

  it('takes the last measured run over the committed table, and only files that ran to an end', () => {
    const root = mkdtempSync(join(tmpdir(), 'lf-'));
    mkdirSync(join(root, 'acceptance'));
    mkdirSync(join(root, 'reports/out'), { recursive: true });
    writeFileSync(join(root, COMMITTED_TIMES), JSON.stringify({ 'x.core.test.ts': 100, 'y.core.test.ts': 50 }));
    const file = (f: string, s: number, state: string) => ({ file: f, project: 'core', tests: 1, wallSeconds: s, testSeconds: s, state });
    writeFileSync(
      join(root, 'reports/out/test-times.json'),
      JSON.stringify({ format: 1, projects: {}, files: [file('y.core.test.ts', 400, 'passed'), file('x.core.test.ts', 1, 'skipped')] }),
    );
    const k = knownSeconds(root);
    expect(k.get('y.core.test.ts')).toBe(400);
    expect(k.get('x.core.test.ts')).toBe(100);
  });
});
