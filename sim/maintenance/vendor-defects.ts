// Negative controls at the vendor's API boundary: a non-compliant vendor BMC, written as msw
// handlers and served as a real HTTP server on loopback (@mswjs/http-middleware) in front of
// the twin's BMC. (The vendor's management API is outside what the harness builds, so a
// non-compliant one may be mocked; no global interception, the rest of the run is untouched.)
//  - smart-missing: the SMART endpoint leaves out attributes T11 requires (174, 191);
//  - led-ignored:   a locate-LED PATCH is answered 200 with the unchanged drive; no LED lights;
//  - smart-table-dropped: the SMART endpoint answers for a present drive (exit status 0, serial,
//    overall status) but without the attribute table at all (unit-test control of T11).
// Every other request is forwarded to the real twin BMC unchanged.
import { createServer as createMockServer } from '@mswjs/http-middleware';
import { http, HttpResponse } from 'msw';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type VendorDefect = 'smart-missing' | 'led-ignored' | 'smart-table-dropped';

export const OMITTED_ATTRIBUTES = [174, 191];

export interface VendorMock {
  /** base URL to use instead of the real BMC's */
  url: string;
  close(): Promise<void>;
}

const pathOf = (request: Request) => new URL(request.url).pathname;

async function forward(bmcUrl: string, request: Request, method = request.method): Promise<Response> {
  const body = method === 'GET' || method === 'HEAD' ? undefined : await request.text();
  const real = await fetch(bmcUrl + pathOf(request), { method, headers: { 'content-type': 'application/json' }, body });
  return new HttpResponse(await real.text(), {
    status: real.status,
    headers: { 'content-type': real.headers.get('content-type') ?? 'application/json' },
  });
}

export async function mockNonCompliantVendor(defect: VendorDefect, bmcUrl: string): Promise<VendorMock> {
  const special =
    defect === 'smart-missing' || defect === 'smart-table-dropped'
      ? http.get('/redfish/v1/Chassis/:id/Drives/:slot/Oem/Twin/SmartctlJson', async ({ request }) => {
          const real = await fetch(bmcUrl + pathOf(request));
          if (!real.ok) return new HttpResponse(await real.text(), { status: real.status });
          const j = (await real.json()) as { ata_smart_attributes?: { table?: { id: number }[] } };
          const table = j.ata_smart_attributes?.table;
          if (defect === 'smart-table-dropped') delete j.ata_smart_attributes;
          else if (table) j.ata_smart_attributes!.table = table.filter((r) => !OMITTED_ATTRIBUTES.includes(r.id));
          return HttpResponse.json(j as Record<string, unknown>);
        })
      : http.patch('/redfish/v1/Chassis/:id/Drives/:slot', ({ request }) => forward(bmcUrl, request, 'GET'));
  const app = createMockServer(
    special,
    http.all('*', ({ request }) => forward(bmcUrl, request)),
  );
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
