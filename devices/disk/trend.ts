// Daily samples per disk for T11's trend charts (bad sectors, temperature, vibration).
// Kept by serial so a disk that is pulled and reinserted keeps one history.
import type { DiskState } from './disk-state';

export interface TrendPoint {
  atMs: number;
  temperatureC: number;
  reallocated: number;
  pending: number;
  offlineUncorrectable: number;
  gSense: number;
}

export class TrendBook {
  private readonly bySerial = new Map<string, TrendPoint[]>();

  record(atMs: number, d: DiskState): void {
    const c = d.c;
    let points = this.bySerial.get(d.identity.serial);
    if (!points) this.bySerial.set(d.identity.serial, (points = []));
    points.push({
      atMs,
      temperatureC: Math.round(c.temperatureC * 10) / 10,
      reallocated: c.reallocated,
      pending: c.pending,
      offlineUncorrectable: c.offlineUncorrectable,
      gSense: c.gSense,
    });
  }

  of(serial: string): readonly TrendPoint[] {
    return this.bySerial.get(serial) ?? [];
  }
}
