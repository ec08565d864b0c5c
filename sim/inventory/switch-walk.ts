// Reads a switch's ports from its management interface (RESTCONF, OpenConfig interfaces and
// platform components) into one history event, 'inventory.switch': the S1 checker reads only
// that. Each request is bounded; what cannot be read is recorded as such, never guessed.
import { COMPONENTS_PATH, INTERFACES_PATH, PORT_SPEEDS, TWIN_MARK } from '../../devices/switch/management-api';
import type { EventBody } from '../history';
import { SWITCH_INVENTORY_EVENT, switchInventoryEventSchema, type SwitchInventoryEvent, type SwitchPort } from '../inventory-event';
import { fetchJson } from './fetch-json';

export interface SwitchWalkOptions {
  /** base URL of the management interface, e.g. https://10.0.0.2 */
  url: string;
  target: string;
  /** what the caller knows it is; an interface that marks itself a twin is one whatever this says */
  source: 'twin' | 'switch';
  timeoutMs?: number;
  /** e.g. an Authorization header for a real switch; never recorded */
  headers?: Record<string, string>;
}

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : {});
const list = (x: unknown): Obj[] => (Array.isArray(x) ? x.map(obj) : []);
/** 'openconfig-if-ethernet:SPEED_1GB' -> 'SPEED_1GB' */
const identity = (x: unknown) => (typeof x === 'string' ? x.slice(x.lastIndexOf(':') + 1) : '');

/**
 * Copper or optical, from the transceiver's Ethernet PMD where it names one (…BASE_T, CR, CX:
 * copper; SR, LR, ER, ZR, SX, LX…: optical), else from a pluggable form factor (an SFP-style
 * cage holds an optical module unless its PMD says otherwise); anything else is not known.
 */
export function mediumOf(formFactor: string, pmd = ''): SwitchPort['medium'] {
  if (/BASE_?T\d*$|_CR\d*$|_CX\d*$/.test(pmd)) return 'copper';
  if (/_(SR|LR|ER|ZR|LRM|SX|LX|FX|BX|ZX)\d*(_|$)/.test(pmd)) return 'optical';
  if (/^(SFP|SFP_PLUS|SFP28|SFP56|QSFP|QSFP_PLUS|QSFP28|QSFP56|QSFP_DD|OSFP|XFP|CFP\d?)$/.test(formFactor)) return 'optical';
  return 'unknown';
}

export async function walkSwitch(o: SwitchWalkOptions): Promise<SwitchInventoryEvent> {
  const timeoutMs = o.timeoutMs ?? 5000;
  const origin = new URL(o.url).origin;
  const headers = { accept: 'application/yang-data+json, application/json', ...o.headers };
  const base = { kind: SWITCH_INVENTORY_EVENT, target: o.target, url: origin, source: o.source, timeoutMs };
  const [ifs, comps] = await Promise.all([
    fetchJson(new URL(INTERFACES_PATH, origin), headers, timeoutMs),
    fetchJson(new URL(COMPONENTS_PATH, origin), headers, timeoutMs),
  ]);
  if (!ifs.ok) return switchInventoryEventSchema.parse({ ...base, reachable: false, error: `interfaces: ${ifs.error}`, ports: [] });
  const transceivers = new Map<string, { formFactor: string; pmd: string }>();
  for (const c of list(obj(comps.ok ? comps.body['openconfig-platform:components'] : null).component)) {
    const st = obj(obj(c['openconfig-platform-transceiver:transceiver']).state);
    if (typeof c.name === 'string')
      transceivers.set(c.name, { formFactor: identity(st['form-factor']), pmd: identity(st['ethernet-pmd']) });
  }
  const ports = list(obj(ifs.body['openconfig-interfaces:interfaces']).interface)
    .filter((i) => identity(obj(i.state).type) === 'ethernetCsmacd')
    .map((i): SwitchPort => {
      const state = obj(i.state);
      const eth = obj(obj(i['openconfig-if-ethernet:ethernet']).state);
      // the configured speed; where none is set (auto-negotiation), the negotiated one
      const speed = PORT_SPEEDS[identity(eth['port-speed'])] ?? PORT_SPEEDS[identity(eth['negotiated-port-speed'])] ?? null;
      const name = state['openconfig-platform-transceiver:transceiver'];
      const t = typeof name === 'string' ? transceivers.get(name) : undefined;
      return {
        name: String(i.name ?? state.name ?? '?'),
        medium: t ? mediumOf(t.formFactor, t.pmd) : 'unknown',
        speedMbps: speed,
        operUp: state['oper-status'] === 'UP' ? true : state['oper-status'] === 'DOWN' ? false : null,
      };
    });
  return switchInventoryEventSchema.parse({
    ...base,
    // a twin says so in its answer: its reading is simulated whatever the caller took it for
    ...(ifs.body[TWIN_MARK] === true ? { source: 'twin' } : {}),
    reachable: true,
    ...(comps.ok ? {} : { error: `components: ${comps.error} (the ports' media are not known)` }),
    ports,
  });
}

/** Reads the switch and appends the inventory to the history. */
export async function recordSwitchInventory(
  history: { append(body: EventBody): unknown },
  o: SwitchWalkOptions,
): Promise<SwitchInventoryEvent> {
  const event = await walkSwitch(o);
  history.append(event);
  return event;
}

/** Each port's oper-status ('UP', 'DOWN', …) by its name, as the management interface reports it now; or why it could not be read. */
export async function portStates(
  o: Pick<SwitchWalkOptions, 'url' | 'headers' | 'timeoutMs'>,
): Promise<Map<string, string> | { error: string }> {
  const headers = { accept: 'application/yang-data+json, application/json', ...o.headers };
  const r = await fetchJson(new URL(INTERFACES_PATH, new URL(o.url).origin), headers, o.timeoutMs ?? 5000);
  if (!r.ok) return { error: `interfaces: ${r.error}` };
  const states = new Map<string, string>();
  for (const i of list(obj(r.body['openconfig-interfaces:interfaces']).interface)) {
    const st = obj(i.state);
    if (typeof i.name === 'string') states.set(i.name, typeof st['oper-status'] === 'string' ? st['oper-status'] : 'unknown');
  }
  return states;
}
