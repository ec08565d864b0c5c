import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockupBmc } from './mockup-server';
import type { BmcServer } from './bmc-server';

const auth = { user: 'admin', password: 'p4ss' };
const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });

describe('a BMC with an account', () => {
  let bmc: BmcServer;
  beforeAll(async () => {
    bmc = await startMockupBmc({ '/redfish/v1': { Name: 'root' }, '/redfish/v1/Systems': { Name: 'systems' } }, { auth });
  });
  afterAll(() => bmc.close());

  it('serves the service root to anyone, as DSP0266 has it', async () => {
    expect((await fetch(`${bmc.url}/redfish/v1`)).status).toBe(200);
  });

  it('answers 401 with a Redfish error to no account or a wrong one, 200 to the right one', async () => {
    const none = await fetch(`${bmc.url}/redfish/v1/Systems`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(((await none.json()) as { error: { code: string } }).error.code).toMatch(/InsufficientPrivilege/);
    expect((await fetch(`${bmc.url}/redfish/v1/Systems`, { headers: basic('admin', 'wrong') })).status).toBe(401);
    expect((await fetch(`${bmc.url}/redfish/v1/Systems`, { headers: basic('admin', 'p4ss') })).status).toBe(200);
  });
});
