// A Redfish resource as served: one name for the body every view builds.
export type Json = Record<string, unknown>;
