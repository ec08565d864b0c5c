// A disk as `smartctl --json -a /dev/sdX` would print it (smartmontools 7.x JSON, format [1,0]).
// A dead disk prints what smartctl prints when it cannot open the device: exit status
// bit 1 and an error message, no SMART data.
import type { DiskState } from './disk-state';
import { attributeRows, smartPassed } from './normalize';

export interface SmartctlAttribute {
  id: number;
  name: string;
  value: number;
  worst: number;
  thresh: number;
  when_failed: '' | 'now' | 'past';
  flags: { prefailure: boolean; updated_online: boolean };
  raw: { value: number; string: string };
}

export interface SmartctlJson {
  json_format_version: [number, number];
  smartctl: { version: [number, number]; argv: string[]; exit_status: number; messages?: { string: string; severity: 'error' }[] };
  device: { name: string; info_name: string; type: 'sat'; protocol: 'ATA' };
  model_name?: string;
  serial_number?: string;
  firmware_version?: string;
  user_capacity?: { blocks: number; bytes: number };
  logical_block_size?: number;
  rotation_rate?: number;
  smart_status?: { passed: boolean };
  ata_smart_attributes?: { revision: number; table: SmartctlAttribute[] };
  power_on_time?: { hours: number };
  power_cycle_count?: number;
  temperature?: { current: number };
}

/** sda, sdb, ..., sdz, sdaa, ... like the kernel names them */
export function deviceNameForIndex(index: number): string {
  let n = index;
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `/dev/sd${s}`;
}

// smartctl exit status bits (man smartctl, RETURN VALUES)
const EXIT_OPEN_FAILED = 1 << 1;
const EXIT_DISK_FAILING = 1 << 3;
const EXIT_PREFAIL_BELOW_THRESH = 1 << 4;
const EXIT_PAST_BELOW_THRESH = 1 << 5;

export function toSmartctlJson(d: DiskState, deviceName: string): SmartctlJson {
  const base = {
    json_format_version: [1, 0] as [number, number],
    device: { name: deviceName, info_name: `${deviceName} [SAT]`, type: 'sat' as const, protocol: 'ATA' as const },
  };
  const argv = ['smartctl', '--json', '-a', deviceName];
  if (!d.alive) {
    return {
      ...base,
      smartctl: {
        version: [7, 3],
        argv,
        exit_status: EXIT_OPEN_FAILED,
        messages: [{ string: `Smartctl open device: ${deviceName} failed: No such device`, severity: 'error' }],
      },
    };
  }
  const rows = attributeRows(d);
  const table: SmartctlAttribute[] = rows.map((r) => {
    const failingNow = r.spec.thresh > 0 && r.value <= r.spec.thresh;
    const failedPast = r.spec.thresh > 0 && r.worst <= r.spec.thresh;
    return {
      id: r.spec.id,
      name: r.spec.name,
      value: r.value,
      worst: r.worst,
      thresh: r.spec.thresh,
      when_failed: failingNow ? 'now' : failedPast ? 'past' : '',
      flags: { prefailure: r.spec.prefailure, updated_online: true },
      raw: { value: r.raw, string: r.rawString },
    };
  });
  const passed = smartPassed(d.c);
  let exit = 0;
  if (!passed) exit |= EXIT_DISK_FAILING;
  if (table.some((a) => a.flags.prefailure && a.when_failed === 'now')) exit |= EXIT_PREFAIL_BELOW_THRESH;
  if (table.some((a) => a.when_failed === 'past' || (!a.flags.prefailure && a.when_failed === 'now'))) exit |= EXIT_PAST_BELOW_THRESH;
  const id = d.identity;
  return {
    ...base,
    smartctl: { version: [7, 3], argv, exit_status: exit },
    model_name: id.model,
    serial_number: id.serial,
    firmware_version: id.firmware,
    user_capacity: { blocks: Math.floor(id.capacityBytes / 512), bytes: id.capacityBytes },
    logical_block_size: 512,
    rotation_rate: id.rotationRpm,
    smart_status: { passed },
    ata_smart_attributes: { revision: 10, table },
    power_on_time: { hours: Math.floor(d.c.powerOnHours) },
    power_cycle_count: d.c.powerCycles,
    temperature: { current: Math.round(d.c.temperatureC) },
  };
}
