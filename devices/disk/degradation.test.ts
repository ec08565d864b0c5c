import { describe, it, expect } from 'vitest';
import { newDisk } from './disk-state';
import {
  advanceDisk,
  calibrateBaseHazard,
  DEFAULT_DEGRADATION,
  expectFirstYear,
  HOURS_PER_YEAR,
  powerOffDisk,
  powerOnDisk,
  resolveDegradation,
  StepResult,
} from './degradation';
import { gradeDisk } from './grading';

describe('disk degradation model', () => {
  it('is deterministic per seed and component, and different across bays', () => {
    const p = resolveDegradation({ acceleration: 50 });
    const run = (component: string) => {
      const d = newDisk({ seed: 's1', component });
      for (let h = 0; h < 2000; h++) advanceDisk(d, 1, 35, p);
      return { serial: d.identity.serial, c: d.c };
    };
    expect(run('disk/n1/0')).toEqual(run('disk/n1/0'));
    expect(run('disk/n1/0').serial).not.toBe(run('disk/n1/1').serial);
  });

  it('counts power-on hours exactly and relaxes temperature to the chassis target', () => {
    const p = resolveDegradation();
    const d = newDisk({ seed: 's', component: 'disk/n/0', startTempC: 25 });
    for (let h = 0; h < 240; h++) advanceDisk(d, 1, 40, p);
    expect(d.c.powerOnHours).toBeCloseTo(240, 9);
    expect(Math.abs(d.c.temperatureC - 40)).toBeLessThan(4);
    expect(d.maxTempC).toBeGreaterThan(38);
  });

  it('calibrates the base hazard to the Backblaze target AFR with a Pinheiro-like silent share', () => {
    const lb = calibrateBaseHazard(DEFAULT_DEGRADATION);
    const e = expectFirstYear(DEFAULT_DEGRADATION, lb);
    expect(e.afr).toBeCloseTo(DEFAULT_DEGRADATION.targetAfr, 4);
    // Pinheiro et al.: 36% of failed drives had no SMART signal
    expect(e.silentShare).toBeGreaterThan(0.3);
    expect(e.silentShare).toBeLessThan(0.45);
    const r = resolveDegradation();
    expect(r.failurePerHour.scanErrors / r.failurePerHour.sound).toBeCloseTo(39, 9);
    const ratio = r.failurePerHour.reallocating / r.failurePerHour.sound;
    expect(ratio).toBeGreaterThanOrEqual(3);
    expect(ratio).toBeLessThanOrEqual(6);
  });

  it('a simulated population of 20,000 new disks fails at 1.4-1.95%/yr and is replaced at 2-4%/yr', () => {
    const p = resolveDegradation();
    const n = 20_000;
    let failed = 0,
      driveHours = 0,
      faultyAlive = 0;
    for (let i = 0; i < n; i++) {
      const d = newDisk({ seed: 'population', component: `disk/pop/${i}` });
      for (let w = 0; w < 52 && d.alive; w++) {
        const before = d.c.powerOnHours;
        advanceDisk(d, HOURS_PER_YEAR / 52, 35, p);
        driveHours += d.c.powerOnHours - before;
      }
      if (!d.alive) failed++;
      else if (gradeDisk(d).grade === 'faulty') faultyAlive++;
    }
    const afr = failed / (driveHours / HOURS_PER_YEAR);
    expect(afr).toBeGreaterThan(0.014); // Backblaze 2024 1.57%, 2016 1.95%
    expect(afr).toBeLessThan(0.0195);
    const replacement = (failed + faultyAlive) / n;
    expect(replacement).toBeGreaterThan(0.02); // Schroeder & Gibson: 2-4%
    expect(replacement).toBeLessThan(0.04);
  }, 60_000);

  it('an unexpected power loss counts 174 and 192, a graceful one does not; power-on counts 12', () => {
    const d = newDisk({ seed: 's', component: 'disk/n/3' });
    const cycles = d.c.powerCycles;
    powerOffDisk(d, 'graceful');
    expect([d.c.unexpectedPowerLoss, d.c.powerOffRetracts]).toEqual([0, 0]);
    powerOffDisk(d, 'unexpected');
    powerOnDisk(d);
    expect([d.c.unexpectedPowerLoss, d.c.powerOffRetracts, d.c.powerCycles]).toEqual([1, 1, cycles + 1]);
  });

  it('a failed disk reports Failed once and then stops aging', () => {
    const p = resolveDegradation({ acceleration: 5000 });
    const d = newDisk({ seed: 'doomed', component: 'disk/n/9' });
    let sawFailed = 0;
    for (let h = 0; h < 20_000 && d.alive; h++) if (advanceDisk(d, 1, 35, p) & StepResult.Failed) sawFailed++;
    expect(d.alive).toBe(false);
    expect(sawFailed).toBe(1);
    const hours = d.c.powerOnHours;
    expect(advanceDisk(d, 10, 35, p)).toBe(StepResult.Nothing);
    expect(d.c.powerOnHours).toBe(hours);
    expect(d.failedAtHours).toBe(hours);
  });
});
