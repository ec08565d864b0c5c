import { describe, it, expect } from 'vitest';
import { inventoryFor, NODE_CATALOG, type CatalogModel } from './inventory';
import { StorageNodeTwin } from './storage-node';

const node = (model: CatalogModel = 'SN-48X', extra: Partial<ConstructorParameters<typeof StorageNodeTwin>[0]> = {}) =>
  new StorageNodeTwin({ id: 'n1', seed: 'unit', inventory: inventoryFor(model), ...extra });

describe('storage node inventory (T1, T2, T7)', () => {
  it('every catalogue model has 256 GB, 2 internal SSDs, 6 hot-swap fans N+1 and 1+1 hot-swap PSUs', () => {
    for (const inv of Object.values(NODE_CATALOG)) {
      expect(inv.memoryGiB).toBe(256);
      expect(inv.internalSsds).toHaveLength(2);
      expect(inv.fans).toMatchObject({ count: 6, hotSwap: true, minNeeded: 5 });
      expect(inv.psus).toMatchObject({ count: 2, hotSwap: true, minNeeded: 1, inputVoltage: 'AC220V' });
    }
    const archs = new Set(Object.values(NODE_CATALOG).map((i) => i.cpu.architecture));
    expect(archs).toEqual(new Set(['x86_64', 'aarch64']));
    expect(new Set(Object.values(NODE_CATALOG).map((i) => i.bays))).toEqual(new Set([24, 36, 48]));
  });

  it('one model serves 24, 36 and 48 bays, each fully populated with distinct disks', () => {
    for (const [model, bays] of [
      ['SN-24A', 24],
      ['SN-36X', 36],
      ['SN-48X', 48],
    ] as const) {
      const n = node(model);
      expect(n.bays).toHaveLength(bays);
      expect(n.bays.every((b) => b.state === 'present')).toBe(true);
      expect(new Set(n.bays.map((b) => b.disk!.identity.serial)).size).toBe(bays);
    }
  });
});

describe('disk hot-plug', () => {
  it('pull then insert the same disk: events, SMART power-loss counters, same serial', () => {
    const n = node();
    const serial = n.bay(7).disk!.identity.serial;
    const cycles = n.bay(7).disk!.c.powerCycles;
    const pulled = n.pullDisk(7);
    expect(pulled).toMatchObject({ ok: true, before: 'present', after: 'pulled', serial, live: true });
    expect(pulled.events.map((e) => e.messageId)).toEqual(['StorageDevice.1.2.DriveRemoved']);
    expect(n.bay(7).state).toBe('pulled');
    const back = n.insertDisk(7, 'same');
    expect(back).toMatchObject({ ok: true, before: 'pulled', after: 'present', serial, blank: false });
    expect(back.events[0]?.messageId).toBe('StorageDevice.1.2.DriveInserted');
    const d = n.bay(7).disk!;
    expect([d.c.unexpectedPowerLoss, d.c.powerOffRetracts, d.c.powerCycles]).toEqual([1, 1, cycles + 1]);
    // the neighbours in the same row felt the two jolts
    expect(n.bay(6).disk!.c.gSense + n.bay(8).disk!.c.gSense).toBeGreaterThanOrEqual(4);
  });

  it('a blank disk gets a new serial; bad operations are refused with a reason', () => {
    const n = node('SN-24A', { populated: [0, 1] });
    expect(n.bay(5).state).toBe('empty');
    expect(n.insertDisk(5, 'same')).toMatchObject({ ok: false });
    expect(n.pullDisk(5)).toMatchObject({ ok: false });
    expect(n.insertDisk(0, 'blank')).toMatchObject({ ok: false, reason: expect.stringContaining('occupied') });
    const old = n.bay(1).disk!.identity.serial;
    n.pullDisk(1);
    const blank = n.insertDisk(1, 'blank');
    expect(blank).toMatchObject({ ok: true, blank: true, after: 'present' });
    expect(blank.ok && blank.serial).not.toBe(old);
    expect(n.insertDisk(99, 'blank')).toMatchObject({ ok: false });
  });

  it('a disk that dies in virtual time fails its bay with DriveFailure; a blank replacement restores it', () => {
    const n = node('SN-24A', { degradation: { acceleration: 3000 } });
    const events = n.advanceTo(n.virtualNowMs + 90 * 24 * 3_600_000);
    const failed = n.bays.filter((b) => b.state === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    const ids = events.filter((e) => e.key === 'DriveFailure').map((e) => e.origin);
    expect(ids).toEqual(expect.arrayContaining(failed.map((b) => ({ kind: 'drive', slot: b.slot }))));
    const slot = failed[0]!.slot;
    expect(n.smartctlJson(slot)?.smartctl.exit_status).toBe(2);
    expect(n.pullDisk(slot)).toMatchObject({ ok: true, before: 'failed', live: false });
    expect(n.insertDisk(slot, 'blank')).toMatchObject({ ok: true, after: 'present' });
    expect(n.smartctlJson(slot)?.smart_status?.passed).toBe(true);
  });

  it('records daily trend points per disk and turns locate LEDs on and off', () => {
    const n = node('SN-24A');
    n.advanceTo(n.virtualNowMs + 10 * 24 * 3_600_000);
    expect(n.trends.of(n.bay(3).disk!.identity.serial)).toHaveLength(10);
    expect(n.setLocateLed(3, true)).toEqual({ ok: true, slot: 3, on: true });
    expect(n.bay(3).locateLed).toBe(true);
    n.setLocateLed(3, false);
    expect(n.bay(3).locateLed).toBe(false);
  });
});

describe('fans and power supplies', () => {
  it('one fan lost: node runs, FanFailed, redundancy lost, the others speed up; replacing it restores', () => {
    const n = node();
    const speed = n.fans[1]!.speedPercent;
    const r = n.failFan(0);
    expect(r).toMatchObject({ ok: true, running: true, powerLost: false, fanRedundancy: 'lost' });
    expect(r.events.map((e) => e.messageId)).toEqual(['Environmental.1.0.FanFailed']);
    expect(n.fans[1]!.speedPercent).toBeGreaterThan(speed);
    expect(n.fans[0]!.rpm).toBe(0);
    const back = n.replaceFan(0);
    expect(back).toMatchObject({ ok: true, fanRedundancy: 'full' });
    expect(back.events[0]?.messageId).toBe('Environmental.1.0.FanInserted');
  });

  it('too few fans on a hot day warm the disks; N+1 compensates', () => {
    const temps = (failed: number) => {
      const n = node('SN-24A', { inletC: 35 });
      for (let i = 0; i < failed; i++) n.failFan(i);
      n.advanceTo(n.virtualNowMs + 24 * 3_600_000);
      return n.bays.reduce((s, b) => s + b.disk!.c.temperatureC, 0) / n.bays.length;
    };
    expect(Math.abs(temps(1) - temps(0))).toBeLessThan(1);
    expect(temps(3) - temps(0)).toBeGreaterThan(3);
  });

  it('one PSU lost keeps the node up; both lost is a power loss; a new PSU powers it on with staggered spin-up', () => {
    const n = node();
    const one = n.failPsu(0);
    expect(one).toMatchObject({ ok: true, running: true, powerLost: false, psuRedundancy: 'lost' });
    expect(one.events[0]?.messageId).toBe('Power.1.0.PowerSupplyFailed');
    const both = n.failPsu(1);
    expect(both).toMatchObject({ ok: true, running: false, powerLost: true, psuRedundancy: 'insufficient' });
    expect(n.powerState).toBe('Off');
    expect(n.bays.every((b) => b.disk!.c.unexpectedPowerLoss === 1)).toBe(true);
    expect(n.reset('On')).toMatchObject({ ok: false });
    const back = n.replacePsu(1);
    expect(back).toMatchObject({ ok: true, running: true, powerLost: false });
    expect(back.events[0]?.messageId).toBe('Power.1.0.PowerSupplyInserted');
    expect(back.ok && back.spinUp?.withinRating).toBe(true);
  });

  it('resets: graceful shutdown leaves no power-loss count, ForceOff does, restart keeps disks powered', () => {
    const n = node('SN-24A');
    const d = n.bay(0).disk!;
    expect(n.reset('GracefulShutdown')).toMatchObject({ ok: true, action: 'power-off', abrupt: false, after: 'Off' });
    expect(d.c.unexpectedPowerLoss).toBe(0);
    const on = n.reset('On');
    expect(on).toMatchObject({ ok: true, action: 'power-on', after: 'On' });
    expect(on.ok && on.spinUp?.peakAmps).toBeGreaterThan(0);
    expect(n.reset('ForceRestart')).toMatchObject({ ok: true, action: 'restart', after: 'On' });
    expect(n.reset('ForceOff')).toMatchObject({ ok: true, abrupt: true, after: 'Off' });
    expect(d.c.unexpectedPowerLoss).toBe(1);
    expect(n.reset('PowerCycle')).toMatchObject({ ok: true, action: 'power-cycle', after: 'On' });
    expect(n.reset('PushPowerButton')).toMatchObject({ ok: true, after: 'Off' });
  });
});
