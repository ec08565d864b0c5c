// A read-only Redfish service on loopback that serves a fixed set of resources by URL, the
// way DMTF's Redfish-Mockup-Server serves a mockup: used for twins with no behaviour to
// model (the management server) and for services laid out unlike the node twin's BMC.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BmcServer } from './bmc-server';
import type { Json } from './redfish-views';

export async function startMockupBmc(resources: Readonly<Record<string, Json>>): Promise<BmcServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bmc').pathname.replace(/\/+$/, '') || '/';
    const found = resources[path];
    const [status, body] = req.method !== 'GET'
      ? [405, { error: { code: 'Base.1.16.OperationNotAllowed', message: `${req.method} is not allowed on ${path}` } }]
      : found ? [200, found] : [404, { error: { code: 'Base.1.16.ResourceNotFound', message: `no resource at ${path}` } }];
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'odata-version': '4.0', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}
