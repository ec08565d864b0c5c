// The SMART attributes the twin keeps, with smartmontools' default names (drivedb.h)
// and how each raw value behaves over a disk's life. Normalized values use one scale
// (100 = new, lower = worse) so that "value <= thresh" means the same for all of them.

export type SmartAttributeId = 1 | 5 | 9 | 12 | 174 | 190 | 191 | 192 | 194 | 197 | 198 | 199;

/**
 * counter: a cumulative count; the raw value never goes down in this model.
 * gauge:   a current reading; goes up and down (temperature, pending sectors).
 * Semantics chosen from smartmontools' attribute descriptions:
 *  - 197 Current_Pending_Sector is the *current* number of unstable sectors waiting to
 *    be remapped; it drops when a sector is rewritten (cleared or remapped into 5).
 *  - 198 Offline_Uncorrectable is kept cumulative here (as the brief requires). Caveat:
 *    on some firmware it is a current count that drops after a rewrite.
 *  - 1 Raw_Read_Error_Rate: vendor-specific; Seagate's raw is an opaque rate, WD/HGST
 *    report a count. We model the count (cumulative), so it only grows.
 */
export type SmartKind = 'counter' | 'gauge';

export interface SmartAttributeSpec {
  id: SmartAttributeId;
  name: string;
  /** normalized threshold; value <= thresh on a prefailure attribute fails SMART */
  thresh: number;
  prefailure: boolean;
  kind: SmartKind;
}

export const SMART_ATTRIBUTES: readonly SmartAttributeSpec[] = [
  { id: 1, name: 'Raw_Read_Error_Rate', thresh: 44, prefailure: true, kind: 'counter' },
  { id: 5, name: 'Reallocated_Sector_Ct', thresh: 10, prefailure: true, kind: 'counter' },
  { id: 9, name: 'Power_On_Hours', thresh: 0, prefailure: false, kind: 'counter' },
  { id: 12, name: 'Power_Cycle_Count', thresh: 20, prefailure: false, kind: 'counter' },
  { id: 174, name: 'Unexpect_Power_Loss_Ct', thresh: 0, prefailure: false, kind: 'counter' },
  { id: 190, name: 'Airflow_Temperature_Cel', thresh: 40, prefailure: false, kind: 'gauge' },
  { id: 191, name: 'G-Sense_Error_Rate', thresh: 0, prefailure: false, kind: 'counter' },
  { id: 192, name: 'Power-Off_Retract_Count', thresh: 0, prefailure: false, kind: 'counter' },
  { id: 194, name: 'Temperature_Celsius', thresh: 0, prefailure: false, kind: 'gauge' },
  { id: 197, name: 'Current_Pending_Sector', thresh: 0, prefailure: false, kind: 'gauge' },
  { id: 198, name: 'Offline_Uncorrectable', thresh: 0, prefailure: false, kind: 'counter' },
  { id: 199, name: 'UDMA_CRC_Error_Count', thresh: 0, prefailure: false, kind: 'counter' },
];

export const MONOTONE_COUNTER_IDS: readonly SmartAttributeId[] = SMART_ATTRIBUTES.filter((a) => a.kind === 'counter').map((a) => a.id);

/** spare sectors of the modelled drive; attribute 5 reaches its threshold when 90% are used */
export const REALLOCATION_SPARE_SECTORS = 2000;
