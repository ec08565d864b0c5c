// Serves msw handlers as a real HTTP server on loopback (other processes, e.g. the relay
// or Alertmanager, reach it over TCP like a real gateway).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createServer } from '@mswjs/http-middleware';
import type { RequestHandler } from 'msw';

export interface HttpMock {
  url: string;
  close(): Promise<void>;
}

export function serveHandlers(handlers: RequestHandler[]): Promise<HttpMock> {
  const app = createServer(...handlers);
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.on('error', reject);
  });
}
