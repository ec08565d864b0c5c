// The locate LED that guides the person at the rack, against BMCs that are not the twins: one
// older than Redfish 2020.3 (IndicatorLED only), and one that answers a change with 200 and
// leaves the LED as it was. The LED's state is read back; the step's words say it is lit only
// when the BMC shows it so.
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunClock } from '../clock';
import { eventsOf, HistoryWriter, readHistory } from '../history';
import { ledHint, setLocateLed } from './field-fault';

/** A BMC serving one drive resource: `body` as it is now; a PATCH merged into it unless `ignores`. */
async function fakeBmc(body: Record<string, unknown>, o: { ignores?: boolean } = {}) {
  const patches: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      if (req.method === 'PATCH') {
        const patch = JSON.parse(text) as Record<string, unknown>;
        patches.push(patch);
        if (!o.ignores) Object.assign(body, patch);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: new URL(`http://127.0.0.1:${port}/redfish/v1/Chassis/1/Drives/7`), patches, body, close: () => server.close() };
}

describe('locate LED through a BMC', () => {
  const closers: (() => void)[] = [];
  afterEach(() => closers.splice(0).forEach((c) => c()));

  const setUp = async (body: Record<string, unknown>, o: { ignores?: boolean } = {}) => {
    const bmc = await fakeBmc(body, o);
    closers.push(bmc.close);
    const history = new HistoryWriter(join(mkdtempSync(join(tmpdir(), 'led-')), 'history.jsonl'), new RunClock(1));
    const logged: string[] = [];
    const ctx = { history, view: {} as never, log: (m: string) => logged.push(m) };
    const f = { id: 'pull-1', node: 'node1', bmc: { headers: {} }, timeoutMs: 2000 };
    const led = (on: boolean) => setLocateLed(ctx, f, bmc.url, { what: 'Drive slot 07', where: 'node1 slot 07' }, on);
    const records = () => {
      history.close();
      return eventsOf(readHistory(history.path).events, 'field.redfish');
    };
    return { bmc, led, records, logged };
  };

  it('a BMC with LocationIndicatorActive: set, read back, true', async () => {
    const { bmc, led, records } = await setUp({ LocationIndicatorActive: false });
    expect(await led(true)).toBe(true);
    expect(bmc.patches).toEqual([{ LocationIndicatorActive: true }]);
    expect(records().map((r) => [r.action, r.status, r.readBack, r.error])).toEqual([
      ['Drive slot 07 LocationIndicatorActive true', 200, 'true', undefined],
    ]);
  });

  it('an older BMC with IndicatorLED only: Blinking to light it, Off to turn it off, each read back', async () => {
    const { bmc, led, records } = await setUp({ IndicatorLED: 'Off' });
    expect(await led(true)).toBe(true);
    expect(await led(false)).toBe(true);
    expect(bmc.patches).toEqual([{ IndicatorLED: 'Blinking' }, { IndicatorLED: 'Off' }]);
    expect(records().map((r) => `${r.action} ${r.status} ${r.readBack}`)).toEqual([
      'Drive slot 07 IndicatorLED Blinking 200 Blinking',
      'Drive slot 07 IndicatorLED Off 200 Off',
    ]);
  });

  it('a BMC that answers 200 and leaves the LED off: false, recorded and said, and the step does not claim it lit', async () => {
    const { led, records, logged } = await setUp({ LocationIndicatorActive: false }, { ignores: true });
    const lit = await led(true);
    expect(lit).toBe(false);
    expect(records()[0]).toMatchObject({
      status: 200,
      readBack: 'false',
      error: 'the BMC shows LocationIndicatorActive false after the change',
    });
    expect(logged).toEqual([
      'pull-1: the locate LED of node1 slot 07 not turned on: the BMC shows LocationIndicatorActive false after the change',
    ]);
    expect(ledHint(lit)).toBe('its locate LED could NOT be lit: find it by its label');
    expect(ledHint(true, "the node's")).toBe("the node's locate LED is lit");
  });
});
