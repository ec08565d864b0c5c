// A BMC-style management API for one node twin, shaped like DMTF Redfish, on loopback.
// The server only reads and changes the pure model; anything that must happen to real
// resources on a reset is done by the injected onReset handler (the binding layer).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { RESET_TYPES, type ResetOutcome, type ResetType, type StorageNodeTwin } from '../node/storage-node';
import { admitted, type BasicAuth } from './basic-auth';
import * as view from './redfish-views';

export type ResetHandler = (resetType: ResetType, outcome: ResetOutcome) => void | Promise<void>;

export interface BmcOptions {
  node: StorageNodeTwin;
  /** called after the model accepted a reset; a throw becomes HTTP 500 */
  onReset?: ResetHandler;
  /** the account every resource but the service root asks for (none: open, as the twins of a run) */
  auth?: BasicAuth;
}

export interface BmcServer {
  port: number;
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  close(): Promise<void>;
}

const BASE = 'Base.1.16';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly messageId: string,
    message: string,
  ) {
    super(message);
  }
}
const notFound = (path: string) => new HttpError(404, `${BASE}.ResourceNotFound`, `no resource at ${path}`);

const locateBody = z.object({ LocationIndicatorActive: z.boolean() }).strict();
const resetBody = z.object({ ResetType: z.enum(RESET_TYPES as [ResetType, ...ResetType[]]) });

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, `${BASE}.MalformedJSON`, 'the request body is not valid JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success)
    throw new HttpError(400, `${BASE}.PropertyValueError`, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

/** "/Drives/7" -> 7, refusing "07", "-1", "x" so that every URI names one resource. */
function index(segment: string | undefined, count: number, path: string): number {
  if (segment === undefined || !/^(0|[1-9]\d*)$/.test(segment)) throw notFound(path);
  const i = Number(segment);
  if (i >= count) throw notFound(path);
  return i;
}

async function route(opts: BmcOptions, method: string, path: string, req: IncomingMessage): Promise<unknown> {
  const n = opts.node;
  const s = path.split('/').filter(Boolean); // ['redfish','v1',...]
  if (s[0] !== 'redfish' || s[1] !== 'v1') throw notFound(path);
  const [, , top, id, sub, a, b, c, d] = s;
  const get = method === 'GET';
  if (top === undefined) return get ? view.serviceRoot(n) : notAllowed(method, path);
  if (top === 'Chassis' && id === undefined) return get ? view.chassisCollection(n) : notAllowed(method, path);
  if (top === 'Systems' && id === undefined) return get ? view.systemCollection(n) : notAllowed(method, path);
  if (id !== n.id) throw notFound(path);

  if (top === 'Chassis') {
    if (sub === undefined) {
      if (method === 'PATCH') n.chassisLocateLed = parse(locateBody, await readJson(req)).LocationIndicatorActive;
      else if (!get) return notAllowed(method, path);
      return view.chassis(n);
    }
    if (sub === 'Drives') {
      if (a === undefined) return get ? view.drives(n) : notAllowed(method, path);
      const slot = index(a, n.bays.length, path);
      if (b === 'Oem' && c === 'Twin' && d === 'SmartctlJson' && s.length === 9) {
        if (!get) return notAllowed(method, path);
        const json = n.smartctlJson(slot);
        if (!json) throw notFound(path);
        return json;
      }
      if (b !== undefined) throw notFound(path);
      if (method === 'PATCH') n.setLocateLed(slot, parse(locateBody, await readJson(req)).LocationIndicatorActive);
      else if (!get) return notAllowed(method, path);
      return view.drive(n, n.bay(slot));
    }
    if (!get) return notAllowed(method, path);
    if (sub === 'ThermalSubsystem') {
      if (a === undefined) return view.thermalSubsystem(n);
      if (a === 'Fans' && b === undefined) return view.fans(n);
      if (a === 'Fans' && c === undefined) return view.fan(n, n.fans[index(b, n.fans.length, path)]!);
    }
    if (sub === 'PowerSubsystem') {
      if (a === undefined) return view.powerSubsystem(n);
      if (a === 'PowerSupplies' && b === undefined) return view.psus(n);
      if (a === 'PowerSupplies' && c === undefined) return view.psu(n, index(b, n.psus.length, path));
    }
    throw notFound(path);
  }

  if (top === 'Systems') {
    if (sub === undefined) return get ? view.system(n) : notAllowed(method, path);
    if (sub === 'Actions' && a === 'ComputerSystem.Reset' && b === undefined) {
      if (method !== 'POST') return notAllowed(method, path);
      const { ResetType } = parse(resetBody, await readJson(req));
      const outcome = n.reset(ResetType);
      if (!outcome.ok) throw new HttpError(409, `${BASE}.OperationFailed`, outcome.reason);
      await opts.onReset?.(ResetType, outcome);
      return {
        '@Message.ExtendedInfo': [{ MessageId: `${BASE}.Success`, Message: 'The request completed successfully.', Severity: 'OK' }],
        Oem: { Twin: { Outcome: { ...outcome, spinUp: outcome.spinUp && { ...outcome.spinUp, timeline: undefined } } } },
      };
    }
    if (!get) return notAllowed(method, path);
    if (sub === 'Memory' || sub === 'Processors' || sub === 'Storage' || sub === 'EthernetInterfaces') {
      const found = view.systemResource(n, `/${s.join('/')}`);
      if (found) return found;
    }
    if (sub === 'LogServices') {
      if (a === undefined) return view.logServices(n);
      if (a === 'EventLog' && b === undefined) return view.eventLog(n);
      if (a === 'EventLog' && b === 'Entries' && c === undefined) return view.logEntries(n);
      if (a === 'EventLog' && b === 'Entries' && d === undefined && c !== undefined && /^[1-9]\d*$/.test(c)) {
        const e = n.log.get(Number(c));
        if (e) return view.logEntry(n, e);
      }
    }
  }
  throw notFound(path);
}

function notAllowed(method: string, path: string): never {
  throw new HttpError(405, `${BASE}.OperationNotAllowed`, `${method} is not allowed on ${path}`);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'odata-version': '4.0',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function redfishError(status: number, messageId: string, message: string) {
  return {
    error: {
      code: messageId,
      message,
      '@Message.ExtendedInfo': [{ MessageId: messageId, Message: message, Severity: status >= 500 ? 'Critical' : 'Warning' }],
    },
  };
}

/** Starts the BMC on 127.0.0.1 and an ephemeral port. */
export async function startBmc(opts: BmcOptions): Promise<BmcServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bmc').pathname.replace(/\/+$/, '') || '/';
    if (!admitted(req, res, path, opts.auth)) return;
    route(opts, req.method ?? 'GET', path, req).then(
      (body) => send(res, 200, body),
      (err: unknown) => {
        if (err instanceof HttpError) send(res, err.status, redfishError(err.status, err.messageId, err.message));
        else send(res, 500, redfishError(500, `${BASE}.InternalError`, err instanceof Error ? err.message : String(err)));
      },
    );
  });
  return listenOnLoopback(server);
}

/** Listens on 127.0.0.1 and an ephemeral port; close() also ends kept-alive connections. */
export async function listenOnLoopback(server: Server): Promise<BmcServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
