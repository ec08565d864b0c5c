// Raw counters -> smartctl-style attribute rows (normalized value, worst, threshold).
// One scale for all attributes: 100 = as new, lower = worse, value <= thresh = failing.
import type { DiskCounters, DiskState } from './disk-state';
import { REALLOCATION_SPARE_SECTORS, SMART_ATTRIBUTES, type SmartAttributeId, type SmartAttributeSpec } from './smart-attributes';

export interface AttributeRow {
  spec: SmartAttributeSpec;
  value: number;
  worst: number;
  raw: number;
  rawString: string;
}

const clampValue = (v: number) => Math.max(1, Math.min(100, Math.floor(v)));
const temp = (t: number) => Math.round(t);

/** Normalized value of an attribute for given raw counters (worst uses the recorded extremes). */
export function normalizedValue(id: SmartAttributeId, c: DiskCounters): number {
  switch (id) {
    case 1:
      return clampValue(100 - c.readErrors / 100);
    case 5:
      return clampValue(100 - (c.reallocated * 90) / REALLOCATION_SPARE_SECTORS);
    case 9:
      return clampValue(100 - c.powerOnHours / 876); // ~10-year design life
    case 12:
      return clampValue(100 - c.powerCycles / 100);
    case 174:
      return clampValue(100 - c.unexpectedPowerLoss / 10);
    case 190:
      return clampValue(100 - temp(c.temperatureC)); // thresh 40: fails above 60 C
    case 191:
      return clampValue(100 - c.gSense / 10);
    case 192:
      return clampValue(100 - c.powerOffRetracts / 10);
    case 194:
      return clampValue(100 - temp(c.temperatureC));
    case 197:
      return clampValue(100 - c.pending);
    case 198:
      return clampValue(100 - c.offlineUncorrectable);
    case 199:
      return clampValue(100 - c.crcErrors / 10);
  }
}

function rawOf(id: SmartAttributeId, d: DiskState): { raw: number; rawString: string } {
  const c = d.c;
  const n = (raw: number) => ({ raw, rawString: String(raw) });
  switch (id) {
    case 1:
      return n(c.readErrors);
    case 5:
      return n(c.reallocated);
    case 9:
      return n(Math.floor(c.powerOnHours));
    case 12:
      return n(c.powerCycles);
    case 174:
      return n(c.unexpectedPowerLoss);
    case 191:
      return n(c.gSense);
    case 192:
      return n(c.powerOffRetracts);
    case 197:
      return n(c.pending);
    case 198:
      return n(c.offlineUncorrectable);
    case 199:
      return n(c.crcErrors);
    case 190:
    case 194: {
      const t = temp(c.temperatureC);
      return { raw: t, rawString: `${t} (Min/Max ${temp(d.minTempC)}/${temp(d.maxTempC)})` };
    }
  }
}

/** worst: the lowest normalized value the drive has had (from recorded extremes). */
function worstOf(id: SmartAttributeId, d: DiskState, value: number): number {
  if (id === 190 || id === 194) return Math.min(value, clampValue(100 - temp(d.maxTempC)));
  if (id === 197) return Math.min(value, clampValue(100 - d.maxPending));
  return value; // the other counters only grow, so the current value is the worst
}

export function attributeRows(d: DiskState): AttributeRow[] {
  return SMART_ATTRIBUTES.map((spec) => {
    const value = normalizedValue(spec.id, d.c);
    return { spec, value, worst: worstOf(spec.id, d, value), ...rawOf(spec.id, d) };
  });
}

/** SMART overall health: fails when a prefailure attribute is at or below its threshold. */
export function smartPassed(c: DiskCounters): boolean {
  return SMART_ATTRIBUTES.every((a) => !a.prefailure || a.thresh === 0 || normalizedValue(a.id, c) > a.thresh);
}
