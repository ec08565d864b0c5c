// The shape of hardware requirements, in the spirit of a DMTF Redfish Interoperability
// Profile: for a clause, which resources and properties must exist and with which values.
// The data (the contract's numbers) is in profile/hardware-requirements.ts, once.
import { z } from 'zod';
import { bilingualSchema } from '../verdict';
import { resourceKindSchema, scalarSchema, targetRoleSchema } from '../inventory-event';

/** A test on one resource's flattened property; an absent property fails every test but notEquals. */
export const conditionSchema = z
  .object({
    property: z.string(),
    equals: scalarSchema.optional(),
    notEquals: scalarSchema.optional(),
    oneOf: z.array(scalarSchema).optional(),
    atLeast: z.number().optional(),
  })
  .strict();
export type Condition = z.infer<typeof conditionSchema>;

const where = z.array(conditionSchema).default([]);

/** How a value is read from the inventory; the resources counted are those read (not collections). */
export const measureSchema = z.discriminatedUnion('of', [
  /** sum of a numeric property over the resources of a kind (one system: its value) */
  z
    .object({ of: z.literal('sum'), resource: resourceKindSchema, property: z.string(), scale: z.number().positive().default(1), where })
    .strict(),
  /** how many resources of a kind meet every condition */
  z.object({ of: z.literal('count'), resource: resourceKindSchema, where }).strict(),
  /** how many of the resources meeting `among` also meet `where`; ok only if all of them (and at least one) */
  z.object({ of: z.literal('all'), resource: resourceKindSchema, among: z.array(conditionSchema).default([]), where }).strict(),
  /** a redundancy group's spare members: max - minNeeded, the best group over the resources of a kind */
  z.object({ of: z.literal('spare'), resource: resourceKindSchema, max: z.string(), minNeeded: z.string() }).strict(),
]);
export type Measure = z.infer<typeof measureSchema>;

export const requirementSchema = z
  .object({
    /** stable key, e.g. 'fans' */
    id: z.string().regex(/^[a-zA-Z][\w-]*$/),
    label: bilingualSchema,
    /** must: a shortfall FAILs the clause; should: reported, not judged */
    level: z.enum(['must', 'should']),
    unit: z.string(),
    /** alternatives in order (e.g. ThermalSubsystem, then the deprecated Thermal): the first that yields a value */
    measures: z.array(measureSchema).min(1),
    /** required for sum, count and spare; an 'all' measure carries its own threshold */
    threshold: z.object({ op: z.enum(['>=', '=']), value: z.number() }).optional(),
    /** why the requirement reads as it does (shown in the figure note) */
    note: z.string().optional(),
  })
  .strict()
  .refine((r) => r.measures.every((m) => m.of === 'all') || r.threshold !== undefined, {
    message: 'a requirement needs a threshold unless every measure is an all-measure',
  });
export type Requirement = z.infer<typeof requirementSchema>;

export const clauseRequirementsSchema = z
  .object({
    clause: z.string(),
    role: targetRoleSchema,
    /** the clause text, in both languages, for the verdict's method */
    summary: bilingualSchema,
    requirements: z.array(requirementSchema).min(1),
  })
  .strict();
export type ClauseRequirements = z.infer<typeof clauseRequirementsSchema>;

export const hardwareRequirementsSchema = z
  .array(clauseRequirementsSchema)
  .min(1)
  .refine((cs) => new Set(cs.map((c) => c.clause)).size === cs.length, { message: 'one entry per clause' });
