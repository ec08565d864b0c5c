// Reading MooseFS's own introspection (mfscli, mfsfileinfo). Parsers are pure and
// tested on captured output; the runners only execute the tools from moosefs-cli and
// moosefs-client, installed on the host as on a recording server.
import { join } from 'node:path';
import { run, mapLimit } from '../../exec';
import type { ChunkPlacementOfFile } from '../adapter';
import { mfscli } from './mfscli';
import { parseConnections, type Connections } from './connections';

export interface ChunkserverRow {
  ip: string;
  port: number;
  id: number;
  version: string;
  maintenance: string;
  chunks: number;
  usedBytes: number;
  totalBytes: number;
}

/** Parses `mfscli -SCS -p` (tab separated, first field 'chunk servers:'). */
export function parseChunkservers(text: string): ChunkserverRow[] {
  const rows: ChunkserverRow[] = [];
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f[0]?.trim() !== 'chunk servers:' || f.length < 11) continue;
    const num = (s: string | undefined) => (s === undefined || s === '-' ? NaN : Number(s));
    rows.push({
      ip: f[1]!,
      port: num(f[2]),
      id: num(f[3]),
      version: f[5]!,
      maintenance: f[7]!,
      chunks: num(f[8]),
      usedBytes: num(f[9]),
      totalBytes: num(f[10]),
    });
  }
  return rows;
}

export interface DiskRow {
  server: string;
  path: string;
  /** chunks stored on this disk */
  chunks: number;
  status: string;
  errors: string;
  /** the folder's size; null while it is being scanned (the CLI gives the scan's progress there instead) */
  totalBytes: number | null;
}

/** Parses `mfscli -SHD -p` lines 'disks:\tip:port:/path/\tchunks\tlast error\tstatus...'. */
export function parseDisks(text: string): DiskRow[] {
  const rows: DiskRow[] = [];
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f[0]?.trim() !== 'disks:' || f.length < 5) continue;
    const m = f[1]!.match(/^([^:]+:\d+):(.*)$/);
    if (!m) continue;
    // after the 8 I/O columns: used and total, or 'progress:' and the percentage while scanning
    const total = f[13] === 'progress:' || f[14] === undefined ? null : Number(f[14]);
    rows.push({
      server: m[1]!,
      path: m[2]!,
      chunks: Number(f[2]),
      errors: f[3]!,
      status: f[4]!,
      totalBytes: Number.isFinite(total) ? total : null,
    });
  }
  return rows;
}

/**
 * A disk the chunkserver serves from: 'ok' and a known size. A folder a reload has just taken
 * back waits for its scan with no flag set, so the CLI says 'ok' with a size of 0 until the
 * scan starts; a disk put in is accepted only after that scan.
 */
/** The address of the chunkserver a disk row names (its 'ip:port' without the port). */
export const rowAddress = (r: { server: string }): string => r.server.replace(/:\d+$/, '');

export const diskRowServing = (r: DiskRow): boolean => r.status === 'ok' && (r.totalBytes ?? 0) > 0;

export interface ChunkHealth {
  missing: number;
  endangered: number;
  undergoal: number;
  stable: number;
  overgoal: number;
  /** chunks of goal 1 with their one copy ('goal/copies/chunks: 1 1 N'), counted stable */
  oneCopyByGoal: number;
}

/** Parses the chunk classes of `mfscli -SIC -p` ('all chunks matrix:' lines). */
export function parseChunkHealth(text: string): ChunkHealth {
  const get = (name: string) => {
    const m = text.match(new RegExp(`all chunks matrix:\\s*chunkclass ${name}:\\s*(\\d+)`));
    if (!m) throw new Error(`mfscli -SIC output has no 'chunkclass ${name}' line`);
    return Number(m[1]);
  };
  let oneCopyByGoal = 0;
  for (const m of text.matchAll(/all chunks matrix:\s*goal\/copies\/chunks:\s*(\d+)\s+(\d+)\s+(\d+)/g))
    if (m[1] === '1' && m[2] === '1') oneCopyByGoal += Number(m[3]);
  return {
    missing: get('missing'),
    endangered: get('endangered'),
    undergoal: get('undergoal'),
    stable: get('stable'),
    overgoal: get('overgoal'),
    oneCopyByGoal,
  };
}

export interface ChunkCopy {
  server: string;
  status: string;
}
export interface ChunkPlacement {
  index: number;
  id: string;
  copies: ChunkCopy[];
  /** the client said so ('no valid copies !!!') */
  noValidCopy?: boolean;
}
export interface FilePlacement {
  path: string;
  chunks: ChunkPlacement[];
}

/** Parses `mfsfileinfo FILE...` output. */
export function parseFileInfo(text: string): FilePlacement[] {
  const files: FilePlacement[] = [];
  let file: FilePlacement | undefined;
  let chunk: ChunkPlacement | undefined;
  for (const line of text.split('\n')) {
    let m: RegExpMatchArray | null;
    if (!line.startsWith('\t') && (m = line.match(/^(.*):$/))) {
      file = { path: m[1]!, chunks: [] };
      files.push(file);
      chunk = undefined;
    } else if ((m = line.match(/^\tchunk (\d+): ([0-9A-F]+)_[0-9A-F]+ /i))) {
      chunk = { index: Number(m[1]), id: m[2]!, copies: [] };
      file?.chunks.push(chunk);
    } else if ((m = line.match(/^\t\tcopy \d+: (\S+) \(status:([^;)]*?)\s*[;)]/))) {
      // 'VALID', 'INVALID', 'MARKED FOR REMOVAL', 'WRONG VERSION , MARKED FOR REMOVAL'
      chunk?.copies.push({ server: m[1]!, status: m[2]! });
    } else if (chunk && /^\t\tno valid copies/.test(line)) chunk.noValidCopy = true;
  }
  return files;
}

export class MfsCli {
  /** masterPort: the master's client port (9421 as shipped), for a master reached from outside */
  constructor(
    readonly masterHost: string,
    readonly masterPort?: number,
  ) {}
  private async cli(section: string): Promise<string> {
    const port = this.masterPort === undefined ? [] : ['-P', String(this.masterPort)];
    return (await mfscli(['-H', this.masterHost, ...port, `-S${section}`, '-p'], { timeoutMs: 20_000 })).stdout;
  }
  async chunkservers(): Promise<ChunkserverRow[]> {
    return parseChunkservers(await this.cli('CS'));
  }
  /** the chunkservers the master lists connected and those it keeps as disconnected */
  async connections(): Promise<Connections> {
    return parseConnections(await this.cli('CS'));
  }
  async disks(): Promise<DiskRow[]> {
    return parseDisks(await this.cli('HD'));
  }
  async chunkHealth(): Promise<ChunkHealth> {
    return parseChunkHealth(await this.cli('IC'));
  }
}

/** A copy the core can read from: valid, or marked for removal (its disk is leaving; 'WRONG VERSION , MARKED FOR REMOVAL' is not). */
const readableCopy = (c: ChunkCopy) => c.status === 'VALID' || c.status === 'MARKED FOR REMOVAL';

/** No copy to read: said so by the client, or every copy listed is unreadable. */
export const withoutReadableCopy = (k: ChunkPlacement) => k.noValidCopy === true || (k.copies.length > 0 && !k.copies.some(readableCopy));

/** Chunk placement of files on the mount, batched so the argument list stays small. */
export async function fileInfo(paths: readonly string[], o: { whole?: boolean } = {}): Promise<FilePlacement[]> {
  const batches: string[][] = [];
  for (let i = 0; i < paths.length; i += 100) batches.push(paths.slice(i, i + 100));
  const results = await mapLimit(batches, 2, async (b) => {
    const r = await run('mfsfileinfo', b, { timeoutMs: 60_000, allowFailure: true });
    // a client killed mid-answer leaves a chunk line without its copies: read as whole, it would say 'no copy'
    if (o.whole && (r.code === 124 || r.code >= 128)) throw new Error(`mfsfileinfo did not finish (exit ${r.code}): its answer is cut`);
    return parseFileInfo(r.stdout);
  });
  return results.flat();
}

/** Where the chunks of these files are, their valid copies by node address (paths relative to `root`, a folder on a MooseFS mount). */
export async function placementUnder(root: string, paths: readonly string[]): Promise<ChunkPlacementOfFile[]> {
  const info = await fileInfo(paths.map((p) => join(root, p)));
  return info.map((f) => ({
    path: f.path.startsWith(root) ? f.path.slice(root.length) : f.path,
    chunks: f.chunks.map((c) => ({ id: c.id, copies: c.copies.filter((k) => k.status === 'VALID').map(rowAddress) })),
  }));
}
