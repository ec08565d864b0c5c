// S1 through the switch's management interface: the collector reads the switch twin's real
// RESTCONF server on loopback into a real history file, and the checker judges the file alone.
// The contracted switch PASSes (simulated); short switches FAIL; what cannot be read is
// INCONCLUSIVE, never PASS nor FAIL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startMockupBmc } from '../devices/bmc/mockup-server';
import type { BmcServer } from '../devices/bmc/bmc-server';
import { INTERFACES_PATH, switchResources } from '../devices/switch/management-api';
import { SwitchTwin, type SwitchOptions } from '../devices/switch/switch-model';
import { RunClock } from '../sim/clock';
import { HistoryWriter, readHistory, type HistoryEvent } from '../sim/history';
import { checkSwitchPorts } from '../sim/checkers/switch-ports';
import { mediumOf, recordSwitchInventory } from '../sim/inventory/switch-walk';
import { SWITCH_PORT_REQUIREMENTS } from '../profile/hardware-requirements';
import { judge } from './judge';
import { loadProfile } from '../profile/profile';

const servers: BmcServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
const dir = mkdtempSync(join(tmpdir(), 'switch-inventory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(resources: Record<string, Record<string, unknown>>): Promise<string> {
  const s = await startMockupBmc(resources);
  servers.push(s);
  return s.url;
}

async function historyOf(url: string, timeoutMs = 2000): Promise<HistoryEvent[]> {
  const path = join(dir, `h${Math.random().toString(36).slice(2)}.jsonl`);
  const h = new HistoryWriter(path, new RunClock());
  h.append({ kind: 'run.start', scenario: 'scaleout', variant: 'reference', clauses: ['T8'] });
  await recordSwitchInventory(h, { url, target: 'sw0', source: 'twin', timeoutMs });
  h.close();
  return readHistory(path).events;
}

const twinUrl = (o: Partial<SwitchOptions> = {}, change?: (t: SwitchTwin) => void) => {
  const t = new SwitchTwin({ id: 'sw0', ...o });
  change?.(t);
  return serve(switchResources(t));
};

describe('S1 through the switch management interface (twin on loopback)', () => {
  it('the contracted switch (24 GE copper + 4 10GE optical) PASSes, simulated, with one figure per port class', async () => {
    const events = await historyOf(await twinUrl());
    const v = checkSwitchPorts(events, SWITCH_PORT_REQUIREMENTS, 'scaleout');
    expect(v.status, v.reasons.join('\n')).toBe('PASS');
    expect(v.nature).toBe('simulated');
    expect(v.figures.map((f) => [f.name, f.value, f.threshold, f.ok])).toEqual([
      ['sw0: GE copper ports', 24, '>= 24', true],
      ['sw0: 10GE optical ports', 4, '>= 4', true],
    ]);
    // judge adds S1 to any history holding a switch inventory, whatever the scenario claimed
    const { profile } = loadProfile('ci');
    expect(judge(events, profile).map((v) => [v.clause, v.status])).toEqual([
      ['T8', 'INCONCLUSIVE'],
      ['S1', 'PASS'],
    ]);
  });

  it('control: a switch with 20 GE copper ports FAILs S1 on that count', async () => {
    const v = checkSwitchPorts(await historyOf(await twinUrl({ gePorts: 20 })), SWITCH_PORT_REQUIREMENTS);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/sw0: 20 GE copper ports \(at >= 1000 Mb\/s\), required >= 24/);
    expect(v.figures.find((f) => f.name === 'sw0: 10GE optical ports')!.ok).toBe(true);
  });

  it('control: optical ports running at 1 Gb/s are not 10GE ports: FAIL', async () => {
    const url = await twinUrl({}, (t) => {
      for (const p of t.ports.filter((x) => x.kind === '10GE-optical')) expect(t.setSpeed(p.id, 1000).ok).toBe(true);
    });
    const v = checkSwitchPorts(await historyOf(url), SWITCH_PORT_REQUIREMENTS);
    expect(v.status).toBe('FAIL');
    expect(v.figures.find((f) => f.name === 'sw0: 10GE optical ports')!.value).toBe(0);
  });

  it('INCONCLUSIVE, never PASS: media not readable, the interface not reachable, no inventory at all', async () => {
    // the interfaces answer, the components (the form factors) do not: the media are unknown
    const onlyInterfaces = await serve({ [INTERFACES_PATH]: switchResources(new SwitchTwin({ id: 'sw0' }))[INTERFACES_PATH]! });
    const noMedia = checkSwitchPorts(await historyOf(onlyInterfaces), SWITCH_PORT_REQUIREMENTS);
    expect(noMedia.status).toBe('INCONCLUSIVE');
    expect(noMedia.reasons.join(' ')).toMatch(/28 port\(s\) of unknown medium or speed .*components: HTTP 404/);
    // a port that listens and never answers
    const { createServer } = await import('node:http');
    const hang = createServer(() => undefined);
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(hang.address() as { port: number }).port}`;
      const v = checkSwitchPorts(await historyOf(url, 300), SWITCH_PORT_REQUIREMENTS);
      expect(v.status).toBe('INCONCLUSIVE');
      expect(v.reasons.join(' ')).toMatch(/could not be read \(interfaces: no answer within 300 ms\)/);
    } finally {
      hang.closeAllConnections();
      hang.close();
    }
    expect(checkSwitchPorts([], SWITCH_PORT_REQUIREMENTS).status).toBe('INCONCLUSIVE');
  });

  it('INCONCLUSIVE, never FAIL, when speeds are not reported or the answer lists no Ethernet port', async () => {
    // every copper port on auto-negotiation with no negotiated speed reported (a switch with its cables out)
    const doc = switchResources(new SwitchTwin({ id: 'sw0' }));
    const ifs = structuredClone(doc[INTERFACES_PATH]!) as { 'openconfig-interfaces:interfaces': { interface: Record<string, any>[] } };
    for (const i of ifs['openconfig-interfaces:interfaces'].interface)
      if (i.name.startsWith('GE')) i['openconfig-if-ethernet:ethernet'].state = { 'auto-negotiate': true };
    const noSpeed = checkSwitchPorts(await historyOf(await serve({ ...doc, [INTERFACES_PATH]: ifs })), SWITCH_PORT_REQUIREMENTS);
    expect(noSpeed.status).toBe('INCONCLUSIVE');
    expect(noSpeed.reasons.join(' ')).toMatch(/0 GE copper ports .* 24 port\(s\) of unknown medium or speed/);
    // the negotiated speed stands in for a configured one
    for (const i of ifs['openconfig-interfaces:interfaces'].interface)
      if (i.name.startsWith('GE')) i['openconfig-if-ethernet:ethernet'].state['negotiated-port-speed'] = 'openconfig-if-ethernet:SPEED_1GB';
    expect(checkSwitchPorts(await historyOf(await serve({ ...doc, [INTERFACES_PATH]: ifs })), SWITCH_PORT_REQUIREMENTS).status).toBe(
      'PASS',
    );
    // an answer in a shape the collector does not know: no port read, not 'zero ports'
    const empty = checkSwitchPorts(await historyOf(await serve({ [INTERFACES_PATH]: { interfaces: [] } })), SWITCH_PORT_REQUIREMENTS);
    expect(empty.status).toBe('INCONCLUSIVE');
    expect(empty.reasons.join(' ')).toMatch(/answered with no Ethernet port/);
  });

  it('takes the medium from the Ethernet PMD, else from a pluggable form factor; a fixed port with no PMD is unknown', () => {
    const cases: [string, string, string][] = [
      ['NON_PLUGGABLE', 'ETH_1000BASE_T', 'copper'],
      ['SFP_PLUS', 'ETH_10GBASE_SR', 'optical'],
      ['SFP_PLUS', 'ETH_10GBASE_CR', 'copper'],
      ['QSFP28', '', 'optical'],
      ['NON_PLUGGABLE', '', 'unknown'],
      ['', '', 'unknown'],
    ];
    for (const [ff, pmd, medium] of cases) expect(mediumOf(ff, pmd), `${ff} ${pmd}`).toBe(medium);
  });
});
