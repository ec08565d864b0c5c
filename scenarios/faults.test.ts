// Seeds: one seed chooses the same faults (nodes, bays, modes, times); another seed does not.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../profile/profile';
import { hotplugScenario } from './hotplug';
import { profileNodes } from './topology';
import { selfHealScenario } from './selfheal';

const { profile } = loadProfile('ci');

describe('seeded fault plans', () => {
  it('two runs with one seed choose identical faults; other seeds choose other bays', () => {
    const a = hotplugScenario(profile, 'seed-a').schedule;
    expect(hotplugScenario(profile, 'seed-a').schedule).toEqual(a);
    expect(a).toHaveLength(profile.faults.hotplug.pulls);
    // the first pull is the bay with the newest chunks, found at run time by that rule
    expect(a[0]).toMatchObject({
      action: 'fault',
      fault: { fault: 'disk-pull', node: 'newest-chunk-holder', slot: 'newest-chunks', reinsert: 'same' },
    });
    const others = ['seed-b', 'seed-c', 'seed-d'].map((s) => JSON.stringify(hotplugScenario(profile, s).schedule.slice(1)));
    expect(others.some((o) => o !== JSON.stringify(a.slice(1)))).toBe(true);
    expect(selfHealScenario(profile, 'seed-a').schedule).toEqual(selfHealScenario(profile, 'seed-a').schedule);
  });

  it('seeded pulls never pull the same bay twice in a run and stay inside the node', () => {
    for (const seed of ['1', '2', '3', '4', '5']) {
      const pulls = hotplugScenario(
        { ...profile, faults: { ...profile.faults, hotplug: { ...profile.faults.hotplug, pulls: 20 } } },
        seed,
      ).schedule.slice(1);
      const keys = pulls.map((p) =>
        p.action === 'fault' && p.fault.fault === 'disk-pull' ? `${p.fault.node}/${String(p.fault.slot)}` : '',
      );
      expect(new Set(keys).size).toBe(keys.length);
      for (const p of pulls)
        if (p.action === 'fault' && p.fault.fault === 'disk-pull') expect(Number(p.fault.slot)).toBeLessThan(profile.topology.baysPerNode);
    }
  });

  it("every run's chunkservers fsync a chunk before closing it (the profile's core.chunkserverConfig), controls too", () => {
    for (const v of ['reference', 'control:no-self-heal', 'control:master-forgets-data'] as const)
      for (const n of selfHealScenario(profile, 'x', v).topology.nodes)
        expect(n.coreConfig, `${v} ${n.name}`).toMatchObject({ HDD_FSYNC_BEFORE_CLOSE: 1 });
    for (const n of profileNodes(profile)) expect(n.coreConfig).toEqual({ HDD_FSYNC_BEFORE_CLOSE: 1 });
    const shipped = structuredClone(profile);
    shipped.core.chunkserverConfig = {};
    expect(selfHealScenario(shipped, 'x').topology.nodes.every((n) => Object.keys(n.coreConfig ?? {}).length === 0)).toBe(true);
  });

  it('the self-heal plan covers every mode on a node and on the master; its control crashes one node without self-heal, watched past 180 s', () => {
    const s = selfHealScenario(profile, 'x');
    expect(s.schedule.map((p) => (p.action === 'fault' ? p.id : ''))).toEqual([
      'node-kill9',
      'node-hang',
      'node-power-loss',
      'master-kill9',
      'master-hang',
      'master-power-loss',
    ]);
    const c = selfHealScenario(profile, 'x', 'control:no-self-heal');
    expect(c.nemesis).toMatchObject({ selfHeal: false });
    expect(c.nemesis!.observeMaxSeconds).toBeGreaterThan(profile.thresholds.T6.maxSelfHealSeconds);
    expect(c.schedule).toHaveLength(1);
  });

  it('the background load of a fault scenario keeps its thresholds for the steady state before the first fault', () => {
    const s = selfHealScenario(profile, 'x');
    const keys = Object.keys(s.workload.thresholds);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k).toMatch(/phase:before\}$/);
    expect(keys).toContain('write_latency{role:camera,phase:before}');
  });

  it('the T3 control keeps one copy of each chunk and puts blank disks back', () => {
    const c = hotplugScenario(profile, 'x', 'control:goal-1');
    expect(c.topology.goal).toBe(1);
    expect(c.schedule.every((p) => p.action === 'fault' && p.fault.fault === 'disk-pull' && p.fault.reinsert === 'blank')).toBe(true);
  });
});
