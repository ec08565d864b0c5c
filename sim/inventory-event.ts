// What a walk of a Redfish service found, as one history event ('inventory.redfish'): every
// resource reached by following @odata.id links from /redfish/v1, with its flattened
// properties and the URL it came from. The collector writes it; the T1/T2/M1 checker
// reads only this, so a verdict can be recomputed from a saved history.
import { z } from 'zod';
import type { Nature } from './verdict';

export const INVENTORY_EVENT = 'inventory.redfish';

/** The Redfish resource kinds the walk looks for (collections are recorded with their member kind). */
export const resourceKindSchema = z.enum([
  'ServiceRoot',
  'ComputerSystem',
  'Memory',
  'Processor',
  'Storage',
  'Drive',
  'EthernetInterface',
  'Chassis',
  'ThermalSubsystem',
  'Thermal',
  'Fan',
  'PowerSubsystem',
  'Power',
  'PowerSupply',
  'NetworkAdapter',
  'Port',
]);
export type ResourceKind = z.infer<typeof resourceKindSchema>;

export const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof scalarSchema>;

export const resourceRecordSchema = z.object({
  kind: resourceKindSchema,
  /** the link followed; null when the parent did not advertise it */
  url: z.string().nullable(),
  /** how it was reached, e.g. 'Systems/1.Memory' (tells a bay Drive from a storage Drive) */
  via: z.string(),
  /** a collection (its members are separate records) or one resource */
  collection: z.boolean(),
  /** read: 200 and JSON; absent: not advertised or 404; error: other HTTP status, timeout, bad JSON */
  status: z.enum(['read', 'absent', 'error']),
  http: z.number().int().optional(),
  error: z.string().optional(),
  /** scalar leaves, dotted paths ('Status.State', 'FanRedundancy.0.MinNeededInGroup'); no @odata, Links, Actions */
  properties: z.record(z.string(), scalarSchema),
});
export type ResourceRecord = z.infer<typeof resourceRecordSchema>;

export const targetRoleSchema = z.enum(['storage-node', 'management-server']);
export type TargetRole = z.infer<typeof targetRoleSchema>;

export const inventoryEventSchema = z.object({
  kind: z.literal(INVENTORY_EVENT),
  /** a name for the machine, e.g. 'node1' or 'mgmt' */
  target: z.string(),
  role: targetRoleSchema,
  /** the service root URL walked */
  url: z.string(),
  /** twin: a digital twin's BMC (verdicts 'simulated'); bmc: a delivered server's BMC ('measured') */
  source: z.enum(['twin', 'bmc']),
  /** false: the service root could not be read, nothing is known */
  reachable: z.boolean(),
  error: z.string().optional(),
  redfishVersion: z.string().optional(),
  /** every request was bounded by this */
  timeoutMs: z.number(),
  /** the walk stopped at its request cap (a runaway service cannot keep it going) */
  truncated: z.boolean(),
  resources: z.array(resourceRecordSchema),
});
export type InventoryEvent = z.infer<typeof inventoryEventSchema>;

// ---- the switch (S1): its ports as its management interface reports them -------------------

export const SWITCH_INVENTORY_EVENT = 'inventory.switch';

export const switchPortSchema = z.object({
  name: z.string(),
  /** copper (RJ45) or optical (a pluggable transceiver); unknown when the port names no connector */
  medium: z.enum(['copper', 'optical', 'unknown']),
  /** the port's configured speed in Mb/s (a 10GE port set to 1G counts as 1G); null when not reported */
  speedMbps: z.number().nullable(),
  operUp: z.boolean().nullable(),
});
export type SwitchPort = z.infer<typeof switchPortSchema>;

export const switchInventoryEventSchema = z.object({
  kind: z.literal(SWITCH_INVENTORY_EVENT),
  target: z.string(),
  /** the management interface's base URL */
  url: z.string(),
  /** twin: the switch twin's management interface (verdicts 'simulated'); switch: a delivered switch ('measured') */
  source: z.enum(['twin', 'switch']),
  /** false: the interfaces could not be read, nothing is known */
  reachable: z.boolean(),
  error: z.string().optional(),
  timeoutMs: z.number(),
  ports: z.array(switchPortSchema),
});
export type SwitchInventoryEvent = z.infer<typeof switchInventoryEventSchema>;

/** A reading from a twin is simulated, from delivered equipment measured. */
export const natureOfSource = (source: 'twin' | 'bmc' | 'switch'): Nature => (source === 'twin' ? 'simulated' : 'measured');
