// Container and network names Docker's DNS can answer for (GlusterFS's peers connect back by them).
import { describe, expect, it } from 'vitest';
import { containerNameOf, dnsLabelOf, MAX_NAME } from './node-containers';

describe('run names as DNS labels', () => {
  it('a short run id gives the plain name', () => {
    expect(containerNameOf('20261207-hotplug-7', 'node2')).toBe('accept-20261207-hotplug-7-node2');
  });

  it("a trial's soak run id (46 characters, as accept trial makes it) is cut, told apart by a hash of the whole, and keeps its member; NAME.NETWORK fits in glusterd's 108", () => {
    const a = 'trial-20261207-125842-gluster-trial-2-mxcsvjs0';
    const b = 'trial-20261207-125842-gluster-trial-2-mxcsvjs1';
    for (const member of ['master', 'node1', 'node48', 'switch0']) {
      const x = dnsLabelOf(a, member);
      expect(x.length, x).toBeLessThanOrEqual(MAX_NAME);
      expect(`${x}.${dnsLabelOf(a, 'switch0')}`.length).toBeLessThan(108);
      expect(x).toMatch(new RegExp(`^accept-trial-20261207-.*-${member}$`));
      expect(x).not.toBe(dnsLabelOf(b, member));
      expect(x).toBe(dnsLabelOf(a, member));
    }
    expect(() => dnsLabelOf(a, 'a-member-name-of-25-chars')).toThrow(/at most 24 characters/);
  });
});
