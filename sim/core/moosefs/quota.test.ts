import { describe, expect, it } from 'vitest';
import { parseFolderUsage } from './quota';

// output of mfsdirinfo -n and mfsgetquota -n from moosefs-client 3.0.117 (Debian), on a live cluster
const DIRINFO = `/mnt/qtest:
 inodes:                          3
  directories:                    1
  files:                          2
 chunks:                          2
 length:                    2097152
 size:                      2113536
 realsize:                  4227072
`;
const QUOTA = `/mnt/qtest: (current values | soft quota | hard quota) ; soft quota grace period: default
 inodes   |                    3 |                    - |                    - |
 length   |              2097152 |                    - |             10000000 |
 size     |              2113536 |                    - |                    - |
 realsize |              4227072 |                    - |                    - |
`;

describe('MooseFS folder usage', () => {
  it('reads the files’ length and the hard length quota; no quota is null', () => {
    expect(parseFolderUsage(DIRINFO, QUOTA)).toEqual({ lengthBytes: 2_097_152, quotaBytes: 10_000_000 });
    expect(parseFolderUsage(DIRINFO, QUOTA.replace('10000000', '-'))).toEqual({ lengthBytes: 2_097_152, quotaBytes: null });
    expect(parseFolderUsage(DIRINFO, '/mnt/qtest: 0\n')).toEqual({ lengthBytes: 2_097_152, quotaBytes: null });
  });
  it('refuses output without a length (mfsdirinfo with one show switch prints a bare number)', () => {
    expect(() => parseFolderUsage('/mnt/x: not MFS object', QUOTA)).toThrow(/no length/);
    expect(() => parseFolderUsage('2097152\t/mnt/qtest/', QUOTA)).toThrow(/no length/);
  });
});
