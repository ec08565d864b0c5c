// The collector: walks ANY Redfish service from its root by following @odata.id links
// (never assuming a vendor's or the twin's URL layout) and returns the inventory event.
// Every request has its own timeout and the walk has a resource cap, so a slow or
// runaway service cannot hang a run; links to another origin are not followed.
import type { Json } from '../../devices/bmc/json';
import type { EventBody } from '../history';
import { fetchJson, type Fetched } from './fetch-json';
import {
  INVENTORY_EVENT,
  inventoryEventSchema,
  type InventoryEvent,
  type ResourceKind,
  type ResourceRecord,
  type Scalar,
  type TargetRole,
} from '../inventory-event';

export interface WalkOptions {
  /** base URL of the BMC, e.g. http://10.0.0.21 (the walk starts at /redfish/v1) */
  url: string;
  target: string;
  role: TargetRole;
  /** what the caller knows it is; a service root that says Oem.Twin.Simulated is a twin whatever this says */
  source?: 'twin' | 'bmc';
  timeoutMs?: number;
  /** most requests of one walk (the service root included) */
  maxResources?: number;
  /** parallel requests */
  concurrency?: number;
  /** e.g. an Authorization header for a real BMC; never recorded */
  headers?: Record<string, string>;
}

type Link = { to: ResourceKind; property: string };

/** Which links to follow from which kind: the Redfish schema's own navigation properties. */
const LINKS: Partial<Record<ResourceKind, Link[]>> = {
  ServiceRoot: [
    { property: 'Systems', to: 'ComputerSystem' },
    { property: 'Chassis', to: 'Chassis' },
  ],
  ComputerSystem: [
    { property: 'Memory', to: 'Memory' },
    { property: 'Processors', to: 'Processor' },
    { property: 'Storage', to: 'Storage' },
    { property: 'EthernetInterfaces', to: 'EthernetInterface' },
  ],
  Storage: [{ property: 'Drives', to: 'Drive' }],
  Chassis: [
    { property: 'Drives', to: 'Drive' },
    { property: 'ThermalSubsystem', to: 'ThermalSubsystem' },
    { property: 'Thermal', to: 'Thermal' },
    { property: 'PowerSubsystem', to: 'PowerSubsystem' },
    { property: 'Power', to: 'Power' },
    { property: 'NetworkAdapters', to: 'NetworkAdapter' },
  ],
  ThermalSubsystem: [{ property: 'Fans', to: 'Fan' }],
  PowerSubsystem: [{ property: 'PowerSupplies', to: 'PowerSupply' }],
  NetworkAdapter: [{ property: 'Ports', to: 'Port' }],
};

/** Legacy Thermal and Power embed their members instead of linking them. */
const EMBEDDED: Partial<Record<ResourceKind, Link[]>> = {
  Thermal: [{ property: 'Fans', to: 'Fan' }],
  Power: [{ property: 'PowerSupplies', to: 'PowerSupply' }],
};

const SKIP = new Set(['Links', 'Actions', 'Members']);

/** Scalar leaves as dotted paths; links and the embedded members recorded on their own are left out. */
export function flatten(body: Json, skip: ReadonlySet<string> = new Set()): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  const walk = (v: unknown, path: string, depth: number) => {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      if (path) out[path] = v;
      return;
    }
    if (depth > 6) return;
    if (Array.isArray(v)) {
      v.slice(0, 64).forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i), depth + 1));
      return;
    }
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Json)) {
        if (k.startsWith('@') || k.includes('@odata.')) continue;
        if (depth === 0 && (SKIP.has(k) || skip.has(k))) continue;
        walk(x, path ? `${path}.${k}` : k, depth + 1);
      }
    }
  };
  walk(body, '', 0);
  return out;
}

const idOf = (v: unknown): string | null => {
  const id = (v as Json | null)?.['@odata.id'];
  return typeof id === 'string' ? id : null;
};

const byPlace = (a: ResourceRecord, b: ResourceRecord) =>
  (a.url ?? '').localeCompare(b.url ?? '', 'en', { numeric: true }) || a.via.localeCompare(b.via, 'en', { numeric: true });

export async function walkRedfish(opts: WalkOptions): Promise<InventoryEvent> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const maxResources = opts.maxResources ?? 2000;
  const origin = new URL(opts.url).origin;
  const headers = { accept: 'application/json', 'OData-Version': '4.0', ...opts.headers };
  const records: ResourceRecord[] = [];
  const seen = new Set<string>();
  let truncated = false;
  let requests = 0;

  async function get(path: string): Promise<Fetched> {
    let url: URL;
    try {
      url = new URL(path, origin);
    } catch {
      return { ok: false, status: 'error', error: `not a URL: ${path}` };
    }
    if (url.origin !== origin) return { ok: false, status: 'error', error: `link to another origin not followed: ${url.origin}` };
    requests++;
    return fetchJson(url, headers, timeoutMs);
  }

  const root = await get('/redfish/v1');
  const base = { kind: INVENTORY_EVENT, target: opts.target, role: opts.role, url: `${origin}/redfish/v1`, timeoutMs };
  if (!root.ok) {
    return inventoryEventSchema.parse({
      ...base,
      source: opts.source ?? 'bmc',
      reachable: false,
      error: `service root: ${root.error}`,
      truncated: false,
      resources: [],
    });
  }
  const simulated = (root.body.Oem as { Twin?: { Simulated?: unknown } } | undefined)?.Twin?.Simulated === true;
  seen.add('/redfish/v1');
  records.push({ kind: 'ServiceRoot', url: '/redfish/v1', via: 'root', collection: false, status: 'read', properties: flatten(root.body) });

  // a resource to fetch: kind, link, how it was reached; collections expand into members
  type Job = { kind: ResourceKind; url: string; via: string };
  const queue: Job[] = [];
  const follow = (kind: ResourceKind, body: Json, via: string) => {
    for (const l of LINKS[kind] ?? []) {
      const v = body[l.property];
      const where = `${via}.${l.property}`;
      if (v === undefined) {
        records.push({
          kind: l.to,
          url: null,
          via: where,
          collection: false,
          status: 'absent',
          error: `${l.property} not advertised`,
          properties: {},
        });
        continue;
      }
      const links = Array.isArray(v) ? v.map(idOf) : [idOf(v)];
      for (const id of links) {
        if (id) queue.push({ kind: l.to, url: id, via: where });
        else
          records.push({
            kind: l.to,
            url: null,
            via: where,
            collection: false,
            status: 'error',
            error: `${l.property} is not an @odata.id link`,
            properties: {},
          });
      }
    }
    for (const l of EMBEDDED[kind] ?? []) {
      const members = body[l.property];
      if (!Array.isArray(members)) continue;
      members.forEach((m, i) => {
        if (!m || typeof m !== 'object') return;
        const url = idOf(m) ?? `${String(body['@odata.id'] ?? via)}#/${l.property}/${i}`;
        if (seen.has(url)) return;
        seen.add(url);
        records.push({ kind: l.to, url, via: `${via}.${l.property}`, collection: false, status: 'read', properties: flatten(m as Json) });
      });
    }
  };
  follow('ServiceRoot', root.body, 'root');

  async function visit(job: Job): Promise<void> {
    const key = job.url.replace(/\/+$/, '');
    if (seen.has(key)) return;
    if (requests >= maxResources) {
      truncated = true;
      return;
    }
    seen.add(key);
    const r = await get(job.url);
    if (!r.ok) {
      records.push({
        kind: job.kind,
        url: job.url,
        via: job.via,
        collection: false,
        status: r.status,
        ...(r.http !== undefined ? { http: r.http } : {}),
        error: r.error,
        properties: {},
      });
      return;
    }
    const members = r.body.Members;
    if (Array.isArray(members)) {
      records.push({ kind: job.kind, url: job.url, via: job.via, collection: true, status: 'read', properties: flatten(r.body) });
      for (const m of members) {
        const id = idOf(m);
        if (id) queue.push({ kind: job.kind, url: id, via: job.via });
      }
      return;
    }
    records.push({
      kind: job.kind,
      url: job.url,
      via: job.via,
      collection: false,
      status: 'read',
      properties: flatten(r.body, new Set(EMBEDDED[job.kind]?.map((l) => l.property))),
    });
    follow(job.kind, r.body, `${job.via}[${String(r.body.Id ?? job.url)}]`);
  }

  // a small worker pool over a growing queue
  let active = 0;
  const workers = Array.from({ length: opts.concurrency ?? 6 }, async () => {
    for (;;) {
      const job = queue.shift();
      if (!job) {
        if (active === 0) return;
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      active++;
      try {
        await visit(job);
      } finally {
        active--;
      }
    }
  });
  await Promise.all(workers);

  return inventoryEventSchema.parse({
    ...base,
    source: simulated ? 'twin' : (opts.source ?? 'bmc'),
    reachable: true,
    ...(typeof root.body.RedfishVersion === 'string' ? { redfishVersion: root.body.RedfishVersion } : {}),
    truncated,
    // parallel requests finish in any order: the record is sorted so that a walk of the same service reads the same
    resources: [records[0]!, ...records.slice(1).sort(byPlace)],
  });
}

/** Walks the service and appends the inventory to the history (the checker reads only that). */
export async function recordInventory(history: { append(body: EventBody): unknown }, opts: WalkOptions): Promise<InventoryEvent> {
  const event = await walkRedfish(opts);
  history.append(event);
  return event;
}
