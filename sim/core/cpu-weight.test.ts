// A run started at a lower priority gives its containers the kernel's weight for that niceness.
import { describe, expect, it } from 'vitest';
import { cpuSharesOfNice } from './node-containers';

describe('the CPU weight of a niced run', () => {
  it('follows the kernel table: nice 19 is 15 against 1024, nice 10 is 110; none at 0 or below', () => {
    expect(cpuSharesOfNice(19)).toBe(15);
    expect(cpuSharesOfNice(10)).toBe(110);
    expect(cpuSharesOfNice(0)).toBeNull();
    expect(cpuSharesOfNice(-5)).toBeNull();
  });
});
