// The contract profile: every number of the contract and of the test set-up that a
// person may change, validated with zod so that an error names the bad field.
// Values the OCR of the contract lost are 'to-be-confirmed' and shown as such in reports.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const contractValue = z
  .object({
    value: z.number().nullable(),
    unit: z.string(),
    status: z.enum(['confirmed', 'to-be-confirmed']),
    note: z.string().optional(),
  })
  .strict()
  .refine((v) => v.status === 'to-be-confirmed' || v.value !== null, { message: 'a confirmed value needs a number' });

export const profileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    description: z.string(),
    project: z
      .object({
        name: z.object({ zh: z.string(), en: z.string() }).strict(),
        buyer: z.object({ zh: z.string(), en: z.string() }).strict(),
        seller: z.object({ zh: z.string(), en: z.string() }).strict(),
        totalPriceCNY: z.number().positive(),
      })
      .strict(),
    core: z
      .object({
        goal: z.number().int().min(1).max(9),
        replicationsDelayInitSeconds: z.number().int().min(0).max(3600),
      })
      .strict(),
    topology: z
      .object({
        storageNodes: z.number().int().min(1).max(16),
        baysPerNode: z.number().int().refine((n) => [24, 36, 48].includes(n), 'a contracted node has 24, 36 or 48 bays'),
        baySizeMiB: z.number().int().min(512, 'MooseFS leaves 64 MiB free per disk; a bay below 512 MiB holds almost nothing').max(1024 * 1024),
      })
      .strict(),
    workload: z
      .object({
        cameras: z.number().int().min(1).max(1024),
        bitrateMbps: z.number().positive().max(100),
        segmentSeconds: z.number().positive().max(600),
        readEveryMs: z.number().int().min(0),
      })
      .strict(),
    scaleout: z
      .object({
        warmupSeconds: z.number().positive(),
        observeSeconds: z.number().positive(),
        pollMs: z.number().int().min(100).max(10_000),
        newNodeBays: z.number().int().refine((n) => [24, 36, 48].includes(n), 'a contracted node has 24, 36 or 48 bays'),
      })
      .strict(),
    thresholds: z
      .object({
        T8: z
          .object({
            maxSecondsToFirstChunk: z.number().positive(),
            maxMigratedFraction: z.number().min(0).max(1),
            minWindowCopies: z.number().int().min(1),
          })
          .strict(),
        T6: z.object({ maxSelfHealSeconds: z.number().positive() }).strict(),
      })
      .strict(),
    trial: z
      .object({
        buildPeriodDays: contractValue,
        initialAcceptanceWindowDays: contractValue,
        trialDays: contractValue,
        extensionDays: contractValue,
        finalAcceptanceWindowDays: contractValue,
        warrantyYears: contractValue,
        responseHours: contractValue,
        repairDays: contractValue,
      })
      .strict(),
    /** fault scenarios (T3, T6, link loss); optional, defaults below */
    faults: z
      .object({
        hotplug: z
          .object({
            /** bays pulled per run, one after the other (the first is the bay with the newest chunks) */
            pulls: z.number().int().min(1).max(48).default(3),
            warmupSeconds: z.number().positive().default(15),
            outSeconds: z.number().positive().default(10),
            gapSeconds: z.number().min(0).default(5),
            settleSeconds: z.number().min(0).default(20),
            /** T3 'service not interrupted': the longest time any camera went without an acknowledged segment */
            maxWriteStallSeconds: z.number().positive().default(10),
            maxReadErrors: z.number().int().min(0).default(0),
          })
          .strict()
          .prefault({}),
        selfHeal: z
          .object({
            warmupSeconds: z.number().positive().default(20),
            /** the node's watchdog restarts a node whose core process stopped answering this long (real seconds) */
            watchdogSeconds: z.number().positive().default(30),
            /** SIMULATED firmware POST + OS boot of a real server after a power loss or a reset; the vendor
             *  should confirm it on the delivered machines. Added to the measured time, shown apart. */
            simulatedBootSeconds: z.number().min(0).default(60),
            /** how long the power stays off in a power-loss fault (real seconds) */
            powerOffSeconds: z.number().positive().default(10),
            /** throughput counts as back at full rate at this fraction of the 20 s before the fault */
            fullRateFraction: z.number().min(0.1).max(1).default(0.9),
            /** longest the harness waits for a recovery; beyond the threshold a missing recovery is FAIL */
            observeMaxSeconds: z.number().positive().default(200),
            /** after a heal the load runs this long before the next fault (the next fault's 'before' and the full-rate window need it) */
            settleSeconds: z.number().min(0).default(25),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** the load behind the fault scenarios (scenarios/load-library.ts); optional */
    load: z
      .object({
        /** library entry run in the background: steady, peak, mixed or soak (default steady) */
        background: z.enum(['steady', 'peak', 'mixed', 'soak']).default('steady'),
        /** k6 thresholds replacing the library's for the same metric key, e.g.
         *  { "write_latency{role:camera}": ["p(99)<3000"] }; [] removes one */
        thresholds: z.record(z.string(), z.array(z.string())).optional(),
      })
      .strict()
      .optional(),
    /** how `accept trial` counts problems (P4/P5); optional, defaults below */
    trialRun: z
      .object({
        /** a twin disk reaching this health grade is a trial problem; 'never': none counted */
        incidentDiskGrade: z.enum(['sub-healthy', 'faulty', 'never']).default('faulty'),
        /** replace a faulty twin disk the next day (the service plan, W2) */
        replaceFaultyDisks: z.boolean().default(true),
        /** the driver stops a trial still being extended after trialDays + this many days */
        maxExtraDays: z.number().int().min(0).default(180),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;

const profilesDir = fileURLToPath(new URL('./profiles/', import.meta.url));

export class ProfileError extends Error {}

/** Loads a profile by name (acceptance/profiles/<name>.json) or by path. */
export function loadProfile(nameOrPath: string): { profile: Profile; source: string } {
  const source = existsSync(nameOrPath) ? nameOrPath : join(profilesDir, `${nameOrPath}.json`);
  if (!existsSync(source)) {
    throw new ProfileError(`profile '${nameOrPath}' not found: neither a file nor one of ${listProfiles().join(', ')}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(source, 'utf8'));
  } catch (e) {
    throw new ProfileError(`${source}: not valid JSON (${(e as Error).message})`);
  }
  return { profile: parseProfile(raw, source), source };
}

export function parseProfile(raw: unknown, source = 'profile'): Profile {
  const r = profileSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ProfileError(`${source} is not a valid profile:\n${lines.join('\n')}`);
  }
  return r.data;
}

export function listProfiles(): string[] {
  return readdirSync(profilesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));
}
