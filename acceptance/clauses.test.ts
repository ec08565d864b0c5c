import { describe, expect, it } from 'vitest';
import { CLAUSES } from './clauses';

describe('the clause catalog', () => {
  it('keeps clause IDs unique and in the families of CLAUSES.md', () => {
    const ids = CLAUSES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(T([1-9]|1[01])|M[1-7]|S([1-9]|10)|P[1-8]|W[1-3])$/);
    expect(ids).toHaveLength(11 + 7 + 10 + 8 + 3);
  });
});
