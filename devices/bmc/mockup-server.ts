// A read-only Redfish service on loopback that serves a set of resources by URL, the
// way DMTF's Redfish-Mockup-Server serves a mockup: used for twins with no behaviour to
// model (the management server) and for services laid out unlike the node twin's BMC.
import { createServer } from 'node:http';
import { admitted, type BasicAuth } from './basic-auth';
import { listenOnLoopback, type BmcServer } from './bmc-server';
import type { Json } from './json';

/** `resources`: fixed, or read at each request (a twin whose state changes, e.g. a switch port's link). */
export async function startMockupBmc(
  resources: Readonly<Record<string, Json>> | (() => Readonly<Record<string, Json>>),
  o: { auth?: BasicAuth } = {},
): Promise<BmcServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bmc').pathname.replace(/\/+$/, '') || '/';
    if (!admitted(req, res, path, o.auth)) return;
    const found = (typeof resources === 'function' ? resources() : resources)[path];
    const [status, body] =
      req.method !== 'GET'
        ? [405, { error: { code: 'Base.1.16.OperationNotAllowed', message: `${req.method} is not allowed on ${path}` } }]
        : found
          ? [200, found]
          : [404, { error: { code: 'Base.1.16.ResourceNotFound', message: `no resource at ${path}` } }];
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'odata-version': '4.0',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  });
  return listenOnLoopback(server);
}
