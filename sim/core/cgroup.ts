// A node's CPU and memory limits as the kernel enforces them, read inside the node from
// its cgroup files (v1 or v2), so the evidence is the real container, not the spec.

import type { CgroupLimits } from './adapter';

/** cgroup v1 or v2 limits as the node itself sees them (a script every image's sh can run). */
export const CGROUP_SCRIPT = [
  'if [ -f /sys/fs/cgroup/cpu.max ]; then echo v2; cat /sys/fs/cgroup/cpu.max; cat /sys/fs/cgroup/memory.max;',
  'else echo v1; cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/memory/memory.limit_in_bytes; fi',
].join(' ');

export function parseCgroup(raw: string): CgroupLimits {
  const lines = raw
    .trim()
    .split('\n')
    .map((l) => l.trim());
  const num = (x: string | undefined) => (x === undefined || x === 'max' || !/^-?\d+$/.test(x) ? null : Number(x));
  if (lines[0] === 'v2') {
    const [quota, period] = (lines[1] ?? '').split(/\s+/);
    return { version: 2, cpuQuotaUs: num(quota), cpuPeriodUs: num(period), memoryLimitBytes: num(lines[2]), raw };
  }
  if (lines[0] === 'v1') {
    const quota = num(lines[1]);
    // v1 says 'no limit' as quota -1 and as a memory limit near 2^63
    const mem = num(lines[3]);
    return {
      version: 1,
      cpuQuotaUs: quota !== null && quota < 0 ? null : quota,
      cpuPeriodUs: num(lines[2]),
      memoryLimitBytes: mem !== null && mem >= 2 ** 62 ? null : mem,
      raw,
    };
  }
  return { version: null, cpuQuotaUs: null, cpuPeriodUs: null, memoryLimitBytes: null, raw };
}
