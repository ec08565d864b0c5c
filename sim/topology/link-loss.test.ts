import { describe, expect, it } from 'vitest';
import { linkLoss, replugLink, unplugLink, type Seen } from './link-loss';
import type { SwitchBinding } from './switch-binding';

/** A cable on port 3 and a core whose view of the node follows `view` (the real binding and core: the core tests). */
function rig(view: (cable: boolean, polls: number) => Seen) {
  let cable = true;
  let polls = 0;
  const binding = {
    portOf: (node: string) => (node === 'n1' ? 3 : undefined),
    memberOn: (port: number) => (port === 3 ? { address: '10.0.0.2' } : undefined),
    setCable: async (_port: number, up: boolean) => {
      cable = up;
      return { ok: true as const };
    },
  } as unknown as SwitchBinding;
  return { binding, coreSees: async () => view(cable, polls++), cable: () => cable };
}

describe('link loss, in one go or in two steps', () => {
  it('unplug then replug: noticed while out, connected again after the re-plug', async () => {
    const r = rig((cable) => (cable ? 'connected' : 'disconnected'));
    const u = await unplugLink({ binding: r.binding, node: 'n1', coreSees: r.coreSees, pollMs: 5 });
    expect(r.cable()).toBe(false);
    await u.observe();
    expect(u.detectedAt).not.toBeNull();
    const res = await replugLink(u, { binding: r.binding, reconnectTimeoutSeconds: 1 });
    expect(r.cable()).toBe(true);
    expect(res).toMatchObject({ node: 'n1', port: 3, address: '10.0.0.2', connectedAtEnd: true });
    expect(res.detectedAfterSeconds).not.toBeNull();
    expect(res.reconnectedAfterSeconds).not.toBeNull();
    expect(res.timeline.map((x) => x.seen)).toEqual(['disconnected', 'connected']);
  });

  it('a loss the core never noticed: connected at the end, no detection and no reconnection time', async () => {
    const r = rig(() => 'connected');
    const u = await unplugLink({ binding: r.binding, node: 'n1', coreSees: r.coreSees, pollMs: 5 });
    const res = await replugLink(u, { binding: r.binding, reconnectTimeoutSeconds: 1 });
    expect(res).toMatchObject({ connectedAtEnd: true, detectedAfterSeconds: null, reconnectedAfterSeconds: null });
  });

  it('a node that never comes back: not connected at the end of the watch', async () => {
    const r = rig((cable, polls) => (polls === 0 ? 'connected' : 'disconnected'));
    const u = await unplugLink({ binding: r.binding, node: 'n1', coreSees: r.coreSees, pollMs: 5 });
    const t0 = Date.now();
    const res = await replugLink(u, { binding: r.binding, reconnectTimeoutSeconds: 0.2 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(res).toMatchObject({ connectedAtEnd: false, reconnectedAfterSeconds: null });
    expect(res.detectedAfterSeconds).not.toBeNull();
  });

  it('refuses a node that is not connected before, or not cabled, without touching the cable', async () => {
    const r = rig(() => 'disconnected');
    await expect(unplugLink({ binding: r.binding, node: 'n1', coreSees: r.coreSees })).rejects.toThrow(/disconnected before the link loss/);
    expect(r.cable()).toBe(true);
    await expect(unplugLink({ binding: r.binding, node: 'n9', coreSees: r.coreSees })).rejects.toThrow(/not cabled/);
  });

  it('waits, within its bound, for a node just back from another fault to be listed connected before it pulls', async () => {
    const late = rig((cable, polls) => (polls < 3 ? 'absent' : cable ? 'connected' : 'disconnected'));
    await expect(unplugLink({ binding: late.binding, node: 'n1', coreSees: late.coreSees, pollMs: 5 })).rejects.toThrow(/absent before/);
    expect(late.cable()).toBe(true);
    const r = rig((cable, polls) => (polls < 3 ? 'absent' : cable ? 'connected' : 'disconnected'));
    const u = await unplugLink({ binding: r.binding, node: 'n1', coreSees: r.coreSees, pollMs: 5, connectedWithinSeconds: 1 });
    expect(r.cable()).toBe(false);
    expect(u.timeline).toEqual([]);
  });

  it('in one go, held until the core notices', async () => {
    const r = rig((cable) => (cable ? 'connected' : 'disconnected'));
    const res = await linkLoss({ binding: r.binding, node: 'n1', coreSees: r.coreSees, hold: 'until-detected', pollMs: 5 });
    expect(res).toMatchObject({ connectedAtEnd: true });
    expect(res.detectedAfterSeconds).not.toBeNull();
    expect(res.reconnectedAfterSeconds).not.toBeNull();
  });
});
