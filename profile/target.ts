// A delivered system the harness did not start, as the people at the site describe it (field
// mode, `accept probe --target FILE`): where the recording servers mount the storage, the
// core's management access, each machine's BMC and the switch. Credentials are named by the
// environment variables that hold them, never written here, so a target file can be shared.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';

export const TARGET_FORMAT = 1;

/** The environment variables `accept inventory` reads too: one name per secret across the harness. */
export const BMC_CREDENTIAL_ENV = { userEnv: 'ACCEPT_BMC_USER', passwordEnv: 'ACCEPT_BMC_PASSWORD' } as const;
export const SWITCH_CREDENTIAL_ENV = { userEnv: 'ACCEPT_SWITCH_USER', passwordEnv: 'ACCEPT_SWITCH_PASSWORD' } as const;

// only the harness's own variables: a shared target file must not send another secret of the shell to a host it names
const envName = z.string().regex(/^ACCEPT_[A-Z0-9_]+$/, 'an environment variable name starting with ACCEPT_ (A-Z, 0-9, _), not a value');
const credentials = z.object({ userEnv: envName, passwordEnv: envName }).strict();
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
  .refine(
    (u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password),
    'no user or password in the URL: name them in credentials',
  )
  .transform((u) => (URL.canParse(u) ? new URL(u).origin : u))
  .describe('the service origin, e.g. https://10.0.0.21');
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const endpoint = z
  .object({ url: httpUrl, credentials: credentials.optional() })
  .strict()
  .refine(
    (e) => !e.credentials || e.url.startsWith('https:') || !URL.canParse(e.url) || LOOPBACK.has(new URL(e.url).hostname),
    'credentials are sent over https only (plain http on loopback alone, as the twins of accept core up)',
  );
const absolutePath = z.string().startsWith('/', 'an absolute path');

export const targetSchema = z
  .object({
    format: z.literal(TARGET_FORMAT),
    name: z.string().min(1).max(80),
    /** the storage as the recording servers see it: the harness writes its test folder here */
    mount: absolutePath,
    /** an uncached view of the same storage for the read-back (default: the mount itself) */
    readMount: absolutePath.optional(),
    /** the harness's own folder under the mount: nothing outside it is written or removed */
    testFolder: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'one folder name under the mount (letters, digits, . _ -), no path')
      .default('accept-harness-test'),
    /** the most a field run writes under its test folder, MiB */
    maxTestMiB: z.number().int().min(16).max(1_048_576).default(2048),
    /** how the core is reached; 'probe-only': judged from the mount and the BMCs alone */
    core: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('probe-only') }).strict(),
      z.object({ kind: z.literal('moosefs'), master: z.string().regex(/^[^\s:]+(:\d{1,5})?$/, 'host or host:port') }).strict(),
    ]),
    nodes: z
      .array(
        z
          .object({
            name: z.string().regex(/^[A-Za-z0-9._-]+$/),
            /** the node's address as the core lists it (a field fault on the node needs it) */
            address: z
              .string()
              .regex(/^[^\s:/]+$/, 'a host or IP address, no port or path')
              .optional(),
            /**
             * which of the core's disks sits in which slot ('7': the core's path for the disk in slot
             * 07, as its disk list names it): a pull is then watched on that disk, and a core that
             * keeps serving it FAILs; without it, a core that lets go of no disk of the node is
             * INCONCLUSIVE (the slot may hold none of the core's disks)
             */
            diskPaths: z
              .record(z.string().regex(/^(0|[1-9]\d{0,2})$/, "a slot number as the BMC numbers it ('7', not '07')"), z.string().min(1))
              .optional(),
            /**
             * the node's port as the switch's management interface names it (e.g. 'XGE1/0/2'): a cable
             * pull is watched there (its link going down and up)
             */
            switchPort: z.string().min(1).max(64).optional(),
            /** delivered but not yet connected (powered off): `accept probe --connect` has the person at the rack connect it (T8) */
            joining: z.literal(true).optional(),
            bmc: endpoint,
          })
          .strict(),
      )
      .min(1)
      .refine((ns) => new Set(ns.map((n) => n.name)).size === ns.length, 'node names must differ'),
    managementServer: z.object({ bmc: endpoint }).strict().optional(),
    switch: endpoint.optional(),
  })
  .strict();
export type Target = z.infer<typeof targetSchema>;
export type TargetEndpoint = z.infer<typeof endpoint>;

export class TargetError extends Error {}

export function parseTarget(raw: unknown, source = 'target'): Target {
  const r = targetSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new TargetError(`${source} is not a valid target file:\n${lines.join('\n')}`);
  }
  return r.data;
}

export function loadTarget(path: string): Target {
  if (!existsSync(path)) throw new TargetError(`target file ${path} does not exist (accept core up writes one for the reference)`);
  if (statSync(path).isDirectory()) throw new TargetError(`target file ${path} is a folder, not a JSON file`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new TargetError(`${path}: not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
  return parseTarget(raw, path);
}

/**
 * The HTTP headers an endpoint's credentials make, read from the environment at the moment of
 * use. A named variable that is unset is an error (a silent anonymous walk would read as 'the
 * BMC refused'); the values go into the request only, never into a message.
 */
export function authHeaders(e: TargetEndpoint, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (!e.credentials) return {};
  const { userEnv, passwordEnv } = e.credentials;
  const missing = [userEnv, passwordEnv].filter((n) => env[n] === undefined);
  if (missing.length) throw new TargetError(`${e.url}: the target names ${missing.join(' and ')} for its credentials, unset here`);
  return { authorization: `Basic ${Buffer.from(`${env[userEnv]}:${env[passwordEnv]}`).toString('base64')}` };
}

/** Every secret the target's credentials name, as set now, and each account as it travels (the
 *  base64 of user:password in an Authorization header): what no output of a run may contain. */
export function secretValues(t: Target, env: NodeJS.ProcessEnv = process.env): string[] {
  const eps = [...t.nodes.map((n) => n.bmc), ...(t.managementServer ? [t.managementServer.bmc] : []), ...(t.switch ? [t.switch] : [])];
  const out = new Set<string>();
  for (const e of eps) {
    if (!e.credentials) continue;
    const password = env[e.credentials.passwordEnv];
    if (!password) continue;
    out.add(password);
    out.add(Buffer.from(`${env[e.credentials.userEnv] ?? ''}:${password}`).toString('base64'));
  }
  return [...out];
}
