// Health grading for T11: healthy / sub-healthy / faulty, by WRITTEN rules.
//
// | rule | signal                          | sub-healthy at | faulty at | why                                              |
// |------|---------------------------------|----------------|-----------|--------------------------------------------------|
// | R1   | drive does not respond          | -              | always    | it is gone                                       |
// | R2   | SMART overall status FAILED     | -              | always    | the drive's own verdict (prefail attr <= thresh) |
// | R3   | 5   Reallocated_Sector_Ct       | >= 1           | >= 200    | Backblaze: raw > 0 = investigate; Pinheiro 3-6x  |
// | R4   | 197 Current_Pending_Sector      | >= 1           | >= 16     | unreadable sectors waiting for a rewrite         |
// | R5   | 198 Offline_Uncorrectable       | >= 1           | >= 16     | a scan error: 39x more likely to fail in 60 days |
// | R6   | 199 UDMA_CRC_Error_Count        | >= 10          | -         | link/cable, not media: never faulty on its own   |
// | R7   | 191 G-Sense_Error_Rate          | >= 50          | -         | vibration/shock environment, not media           |
// | R8   | 194 Temperature_Celsius (now)   | >= 55          | >= 65     | typical spec max 60 C; beyond it, out of spec    |
//
// sub-healthy = watch it and plan a replacement; faulty = replace now. The faulty
// thresholds are set so that failures + disks graded faulty in a new population's first
// year come to ~3.4% (degradation.test.ts), inside Schroeder & Gibson's 2-4% field
// replacement rate; making the first scan error 'faulty' would replace ~10% a year.
// The grade is the worst level any rule reaches. Every rule is "higher is worse", so the
// grade is monotone in each counter it reads (property-tested). 1 (read error count),
// 9, 12, 174 and 192 are shown in the deep check but do not grade: Pinheiro found no
// useful failure signal in power cycles, and power-loss counts grade the site, not the disk.
import type { DiskState } from './disk-state';
import { smartPassed } from './normalize';

export type HealthGrade = 'healthy' | 'sub-healthy' | 'faulty';
export const GRADE_ORDER: Record<HealthGrade, number> = { healthy: 0, 'sub-healthy': 1, faulty: 2 };

export interface GradingInput {
  responding: boolean;
  smartPassed: boolean;
  reallocated: number;
  pending: number;
  offlineUncorrectable: number;
  crcErrors: number;
  gSense: number;
  temperatureC: number;
}

type NumericSignal = 'reallocated' | 'pending' | 'offlineUncorrectable' | 'crcErrors' | 'gSense' | 'temperatureC';

export interface GradeRule {
  id: string;
  signal: NumericSignal;
  attribute: number;
  subHealthyAt: number | null;
  faultyAt: number | null;
}

export const GRADE_RULES: readonly GradeRule[] = [
  { id: 'R3', signal: 'reallocated', attribute: 5, subHealthyAt: 1, faultyAt: 200 },
  { id: 'R4', signal: 'pending', attribute: 197, subHealthyAt: 1, faultyAt: 16 },
  { id: 'R5', signal: 'offlineUncorrectable', attribute: 198, subHealthyAt: 1, faultyAt: 16 },
  { id: 'R6', signal: 'crcErrors', attribute: 199, subHealthyAt: 10, faultyAt: null },
  { id: 'R7', signal: 'gSense', attribute: 191, subHealthyAt: 50, faultyAt: null },
  { id: 'R8', signal: 'temperatureC', attribute: 194, subHealthyAt: 55, faultyAt: 65 },
];

export interface GradeFinding {
  rule: string;
  level: Exclude<HealthGrade, 'healthy'>;
  detail: string;
}

export interface Grading {
  grade: HealthGrade;
  findings: GradeFinding[];
}

export function grade(input: GradingInput): Grading {
  const findings: GradeFinding[] = [];
  if (!input.responding) findings.push({ rule: 'R1', level: 'faulty', detail: 'drive does not respond' });
  if (!input.smartPassed) findings.push({ rule: 'R2', level: 'faulty', detail: 'SMART overall-health FAILED' });
  for (const r of GRADE_RULES) {
    const v = input[r.signal];
    if (r.faultyAt !== null && v >= r.faultyAt) {
      findings.push({ rule: r.id, level: 'faulty', detail: `attribute ${r.attribute} = ${v} >= ${r.faultyAt}` });
    } else if (r.subHealthyAt !== null && v >= r.subHealthyAt) {
      findings.push({ rule: r.id, level: 'sub-healthy', detail: `attribute ${r.attribute} = ${v} >= ${r.subHealthyAt}` });
    }
  }
  const worst = findings.reduce<HealthGrade>((g, f) => (GRADE_ORDER[f.level] > GRADE_ORDER[g] ? f.level : g), 'healthy');
  return { grade: worst, findings };
}

const GRADES: readonly HealthGrade[] = ['healthy', 'sub-healthy', 'faulty'];

/** Same verdict as grade(input).grade without building findings: the per-step hot path. */
export function gradeLevel(input: GradingInput): HealthGrade {
  if (!input.responding || !input.smartPassed) return 'faulty';
  let level = 0;
  for (const r of GRADE_RULES) {
    const v = input[r.signal];
    if (r.faultyAt !== null && v >= r.faultyAt) return 'faulty';
    if (r.subHealthyAt !== null && v >= r.subHealthyAt) level = 1;
  }
  return GRADES[level]!;
}

export function gradingInputOf(d: DiskState): GradingInput {
  const c = d.c;
  return {
    responding: d.alive,
    smartPassed: smartPassed(c),
    reallocated: c.reallocated,
    pending: c.pending,
    offlineUncorrectable: c.offlineUncorrectable,
    crcErrors: c.crcErrors,
    gSense: c.gSense,
    temperatureC: Math.round(c.temperatureC),
  };
}

export const gradeDisk = (d: DiskState): Grading => grade(gradingInputOf(d));
export const gradeDiskLevel = (d: DiskState): HealthGrade => gradeLevel(gradingInputOf(d));
