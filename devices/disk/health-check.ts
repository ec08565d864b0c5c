// T11's disk check, read from what a vendor's management API gives (smartctl JSON, as the
// node's BMC serves it): the attributes the contract names, the grade the written rules
// give, and what was missing. Pure: the same JSON always gives the same record, so a
// checker can recompute a grade from the raw values recorded in the history.
import { grade, type GradeFinding, type HealthGrade } from './grading';

/** The deep-check attributes T11 names, with smartmontools' ids (research/devices.md). */
export const T11_ATTRIBUTES = [
  { id: 1, key: 'rawReadErrorRate', zh: '原始数据读取错误率', en: 'raw read error rate' },
  { id: 9, key: 'powerOnHours', zh: '上电时间（小时）', en: 'power-on hours' },
  { id: 12, key: 'powerCycleCount', zh: '上电次数计数', en: 'power cycle count' },
  { id: 174, key: 'unexpectedPowerLoss', zh: '意外断电计数', en: 'unexpected power-loss count' },
  { id: 5, key: 'reallocatedSectors', zh: '重映射扇区数', en: 'reallocated sectors' },
  // no ATA attribute is called vibration; 191 G-Sense (shock/vibration events) is the closest
  { id: 191, key: 'vibration', zh: '磁盘振动（G-Sense 事件数）', en: 'vibration (G-Sense events)' },
] as const;

/** What the grading rules read besides the T11 list (grading.ts R4, R5, R6, R8). */
export const GRADING_ATTRIBUTES = [194, 197, 198, 199] as const;
/** The basic check (体检) reads the overall status and the grading inputs only. */
export const BASIC_ATTRIBUTES = [5, 191, 194, 197, 198, 199] as const;
export const DEEP_ATTRIBUTES = [...new Set([...T11_ATTRIBUTES.map((a) => a.id), ...GRADING_ATTRIBUTES])].sort((a, b) => a - b);

export type CheckKind = 'basic' | 'deep';

/** The subset of smartctl JSON a check needs; anything else a vendor sends is ignored. */
export interface SmartReading {
  smartctl?: { exit_status?: number };
  serial_number?: string;
  model_name?: string;
  smart_status?: { passed?: boolean };
  ata_smart_attributes?: { table?: { id: number; raw?: { value?: number } }[] };
}

export interface DiskCheckRecord {
  check: CheckKind;
  /** the drive answered (smartctl could open it) */
  responding: boolean;
  serial: string | null;
  model: string | null;
  smartPassed: boolean | null;
  /** raw values by attribute id, only those the API gave and the check reads */
  attributes: Record<string, number>;
  /** attribute ids the check needs and the API did not give */
  missing: number[];
  /** the grade by the written rules, null when an input is missing */
  grade: HealthGrade | null;
  findings: GradeFinding[];
}

const rawTable = (j: SmartReading): Map<number, number> => {
  const m = new Map<number, number>();
  for (const row of j.ata_smart_attributes?.table ?? []) {
    if (typeof row.raw?.value === 'number' && Number.isFinite(row.raw.value)) m.set(row.id, row.raw.value);
  }
  return m;
};

/** Grade from recorded raw values (what a checker recomputes); null if an input is missing. */
export function gradeFromRaw(
  responding: boolean,
  smartPassed: boolean | null,
  attrs: Record<string, number>,
): { grade: HealthGrade; findings: GradeFinding[] } | null {
  if (!responding)
    return grade({
      responding: false,
      smartPassed: false,
      reallocated: 0,
      pending: 0,
      offlineUncorrectable: 0,
      crcErrors: 0,
      gSense: 0,
      temperatureC: 0,
    });
  const need = [5, 197, 198, 199, 191, 194];
  if (smartPassed === null || need.some((id) => attrs[id] === undefined)) return null;
  return grade({
    responding: true,
    smartPassed,
    reallocated: attrs[5]!,
    pending: attrs[197]!,
    offlineUncorrectable: attrs[198]!,
    crcErrors: attrs[199]!,
    gSense: attrs[191]!,
    temperatureC: attrs[194]!,
  });
}

export function diskCheck(json: SmartReading, check: CheckKind): DiskCheckRecord {
  // smartctl exit bit 1: the device could not be opened (a dead or absent drive). Only that
  // says 'not responding': a drive that answers without an attribute table is a present disk
  // whose every attribute is missing (a vendor API that drops the table must not pass as a
  // dead drive that is skipped).
  const responding = ((json.smartctl?.exit_status ?? 0) & 0b10) === 0;
  const table = rawTable(json);
  const wanted: readonly number[] = check === 'deep' ? DEEP_ATTRIBUTES : BASIC_ATTRIBUTES;
  const attributes: Record<string, number> = {};
  const missing: number[] = [];
  for (const id of wanted) {
    const v = table.get(id);
    if (v === undefined) {
      if (responding) missing.push(id);
    } else attributes[id] = v;
  }
  const smartPassed = responding ? (typeof json.smart_status?.passed === 'boolean' ? json.smart_status.passed : null) : null;
  const g = gradeFromRaw(responding, smartPassed, attributes);
  return {
    check,
    responding,
    serial: json.serial_number ?? null,
    model: json.model_name ?? null,
    smartPassed,
    attributes,
    missing,
    grade: g?.grade ?? null,
    findings: g?.findings ?? [],
  };
}
