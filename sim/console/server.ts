// The harness serves the one-screen page on 127.0.0.1: the HTML and /api/state, a snapshot
// rebuilt every refreshMs from the live sources. `frozen` is the M2 negative control: the
// page keeps serving its first snapshot (a view that does not update).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { opsPageHtml } from './page';
import type { OpsSnapshot } from './snapshot';

export interface ConsoleOptions {
  build: (seq: number) => Promise<OpsSnapshot>;
  refreshMs: number;
  pollMs: number;
  frozen?: boolean;
}

export interface ConsoleServer {
  url: string;
  /** snapshots built so far */
  builds(): number;
  close(): Promise<void>;
}

export async function startConsole(o: ConsoleOptions): Promise<ConsoleServer> {
  let seq = 0;
  let latest = await o.build(++seq);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const refresh = async () => {
    if (stopped) return;
    try {
      latest = await o.build(++seq);
    } catch {
      // a failed build keeps the last snapshot; its timestamp shows its age on the page
    }
    if (!stopped) timer = setTimeout(refresh, o.refreshMs);
  };
  if (!o.frozen) timer = setTimeout(refresh, o.refreshMs);
  const html = opsPageHtml(o.pollMs);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://console').pathname;
    if (path === '/api/state') {
      const body = JSON.stringify(latest);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    } else if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    builds: () => seq,
    close: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
