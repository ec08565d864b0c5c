// The gluster CLI's XML answers (`gluster --xml ...`), read into typed rows. The XML is the
// CLI's machine interface; fast-xml-parser reads it, zod says what a row must hold, so an
// answer of another shape is an error naming the command, never a silent empty list.
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

const parser = new XMLParser({
  // every value a string: a host name like 10.0.0.1 must not become a number
  parseTagValue: false,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['node', 'peer', 'brick', 'file', 'volume', 'option'].includes(name),
});

const num = z.coerce.number();

/** The CLI's answer, its return code checked: a refusal is an error with the CLI's own words. */
export function cliOutput(xml: string, command: string): Record<string, unknown> {
  let doc: { cliOutput?: { opRet?: string; opErrstr?: string } & Record<string, unknown> };
  try {
    doc = parser.parse(xml) as typeof doc;
  } catch (e) {
    throw new Error(`gluster ${command}: not XML (${(e as Error).message.slice(0, 120)}): ${xml.slice(0, 200)}`);
  }
  const out = doc.cliOutput;
  if (!out) throw new Error(`gluster ${command}: no cliOutput in ${xml.slice(0, 200)}`);
  if (out.opRet !== '0') throw new Error(`gluster ${command} refused (${out.opRet}): ${out.opErrstr || 'no reason given'}`);
  return out;
}

const brickStatusRow = z.object({
  hostname: z.string(),
  path: z.string(),
  status: num,
  pid: num.optional(),
  sizeTotal: num.optional(),
  sizeFree: num.optional(),
  device: z.string().optional(),
});
export interface BrickStatus {
  /** ADDRESS:/path, as the volume names it */
  brick: string;
  host: string;
  path: string;
  online: boolean;
  pid: number | null;
  totalBytes: number | null;
  freeBytes: number | null;
}

/** `volume status VOL detail`: the bricks (the self-heal daemon's rows left out) */
export function brickStatuses(xml: string): BrickStatus[] {
  const out = cliOutput(xml, 'volume status detail');
  const volumes = (out.volStatus as { volumes?: { volume?: { node?: unknown[] }[] } } | undefined)?.volumes?.volume ?? [];
  const rows = volumes.flatMap((v) => v.node ?? []).map((n) => brickStatusRow.parse(n));
  return rows
    .filter((r) => r.path.startsWith('/'))
    .map((r) => ({
      brick: `${r.hostname}:${r.path}`,
      host: r.hostname,
      path: r.path,
      online: r.status === 1,
      pid: r.pid !== undefined && r.pid > 0 ? r.pid : null,
      totalBytes: r.sizeTotal ?? null,
      freeBytes: r.sizeFree ?? null,
    }));
}

const peerRow = z.object({ hostname: z.string(), connected: num, uuid: z.string().optional(), stateStr: z.string().optional() });
/**
 * `pool list`: every peer with whether glusterd there answers (the local one is 'localhost') and
 * its state in the cluster ('Peer in Cluster' once joined; null where none is given: localhost)
 */
export function poolList(xml: string): { host: string; connected: boolean; state: string | null }[] {
  const out = cliOutput(xml, 'pool list');
  const peers = (out.peerStatus as { peer?: unknown[] } | undefined)?.peer ?? [];
  return peers.map((p) => peerRow.parse(p)).map((p) => ({ host: p.hostname, connected: p.connected === 1, state: p.stateStr ?? null }));
}

const healBrick = z.object({
  name: z.string(),
  status: z.string(),
  file: z.array(z.union([z.string(), z.object({ '#text': z.string(), gfid: z.string().optional() }).passthrough()])).optional(),
  numberOfEntries: z.string().optional(),
});
/** An entry as heal info names it: a path, or '<gfid:…>' where the brick cannot tell the path; its gfid when given */
export interface HealEntry {
  path: string;
  gfid: string | null;
}

export interface HealEntries {
  brick: string;
  /** the brick's own word: 'Connected' or why not */
  status: string;
  /** entries this brick holds for another brick of its set (in `info split-brain`: entries in split-brain) */
  entries: HealEntry[];
  /** the count the brick gave, when it gave one ('-': it could not tell) */
  count: number | null;
}

/**
 * `volume heal VOL info`: per brick, the entries it holds a good copy of that another brick of
 * its set lacks; `volume heal VOL info split-brain` answers in the same shape.
 */
export function healInfo(xml: string, command = 'volume heal info'): HealEntries[] {
  const out = cliOutput(xml, command);
  const bricks = (out.healInfo as { bricks?: { brick?: unknown[] } } | undefined)?.bricks?.brick ?? [];
  return bricks
    .map((b) => healBrick.parse(b))
    .map((b) => ({
      brick: b.name,
      status: b.status,
      entries: (b.file ?? []).map((f) => (typeof f === 'string' ? { path: f, gfid: null } : { path: f['#text'], gfid: f.gfid ?? null })),
      count: b.numberOfEntries !== undefined && /^\d+$/.test(b.numberOfEntries) ? Number(b.numberOfEntries) : null,
    }));
}

const brickRow = z.object({ name: z.string() }).passthrough();
/** `volume info VOL`: its bricks in order and its replica count (bricks in sets of that many, in order) */
export function volumeLayout(xml: string): { bricks: string[]; replica: number } {
  const out = cliOutput(xml, 'volume info');
  const volumes = (out.volInfo as { volumes?: { volume?: { bricks?: { brick?: unknown[] }; replicaCount?: string }[] } } | undefined)
    ?.volumes?.volume;
  const v = volumes?.[0];
  const bricks = (v?.bricks?.brick ?? []).map((b) => brickRow.parse(b).name);
  const replica = Number(v?.replicaCount ?? NaN);
  if (bricks.length === 0) throw new Error(`gluster volume info: no bricks in ${xml.slice(0, 200)}`);
  if (!Number.isInteger(replica) || replica < 1 || bricks.length % replica !== 0)
    throw new Error(`gluster volume info: ${bricks.length} bricks do not make sets of replica ${String(v?.replicaCount)}`);
  return { bricks, replica };
}

/** `volume quota VOL list PATH`: the path's hard limit and what the quota counts as used (null: no limit set on it) */
export function quotaLimit(xml: string, path: string): { hardLimit: number; used: number } | null {
  const out = cliOutput(xml, 'volume quota list');
  const limits = (out.volQuota as { limit?: unknown } | undefined)?.limit;
  const rows = (Array.isArray(limits) ? limits : limits ? [limits] : []).map((l) =>
    z.object({ path: z.string(), hard_limit: z.string(), used_space: z.string() }).parse(l),
  );
  // a path whose limit was removed may still be listed, its limit 'N/A'
  const row = rows.find((r) => r.path === path && /^\d+$/.test(r.hard_limit));
  if (row && !/^\d+$/.test(row.used_space))
    throw new Error(`gluster volume quota list: ${path} has a limit but no count of its use (${row.used_space})`);
  return row ? { hardLimit: Number(row.hard_limit), used: Number(row.used_space) } : null;
}

const optionRow = z.object({ name: z.string(), value: z.string() });
/** `volume info VOL`: the options set on the volume ('Options Reconfigured') */
export function reconfiguredOptions(xml: string): { key: string; value: string }[] {
  const out = cliOutput(xml, 'volume info');
  const volumes = (out.volInfo as { volumes?: { volume?: { options?: { option?: unknown[] } }[] } } | undefined)?.volumes?.volume ?? [];
  return volumes
    .flatMap((v) => v.options?.option ?? [])
    .map((o) => optionRow.parse(o))
    .map((o) => ({ key: o.name, value: o.value }));
}
