// Public surface of the device twins (pure models + the loopback BMC).
export { StorageNodeTwin, RESET_TYPES } from './node/storage-node';
export type {
  Bay,
  BayState,
  BayOutcome,
  ChassisOutcome,
  InsertKind,
  ResetOutcome,
  ResetType,
  Rejected,
  StorageNodeOptions,
} from './node/storage-node';
export { NODE_CATALOG, inventoryFor } from './node/inventory';
export type { CatalogModel, NodeInventory, CpuArchitecture, BayCount } from './node/inventory';
export { bayLayout, positionOf, slotAt, serviceLabel } from './node/bay-layout';
export { MESSAGES } from './node/event-log';
export type { NodeEvent, EventOrigin } from './node/event-log';
export { slotsNeedingAttention, lightSlots } from './node/slot-report';
export { resolveDegradation, DEFAULT_DEGRADATION } from './disk/degradation';
export { grade, gradeDisk, GRADE_RULES } from './disk/grading';
export type { HealthGrade } from './disk/grading';
export { toSmartctlJson } from './disk/smartctl-json';
export type { SmartctlJson } from './disk/smartctl-json';
export { spinUpReport, maxSafeGroupSize, SEAGATE_SATA_PROFILE, DEFAULT_BUDGET } from './power/spin-up';
export type { SpinUpPolicy, SpinUpReport, PowerBudget, DiskCurrentProfile } from './power/spin-up';
export { startBmc } from './bmc/bmc-server';
export type { BmcServer, BmcOptions, ResetHandler } from './bmc/bmc-server';
export type { BasicAuth } from './bmc/basic-auth';
export { SwitchTwin } from './switch/switch-model';
export type { SwitchChange, SwitchResult } from './switch/switch-model';
export { SWITCH_CAPABILITIES } from './switch/capabilities';
export { CONTRACTED_MGMT_SERVER, checkM1 } from './mgmt-server/inventory';
