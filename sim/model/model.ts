// The model of what the cluster should be, for model-based testing of fault and workload
// sequences (fast-check) against the real core. Pure: no container, no file system, so
// its precondition logic runs thousands of cases in the unit suite.
//
// A failure domain is a storage node that is powered off or has a bay pulled. The model
// keeps at most `toleratedDomains` of them down at once: the contract's claim (goal 2
// tolerates one) — not the real configuration's, so a core configured with goal 1 breaks
// the claim and the durability invariant finds it.
import type { FaultKindName } from '../plan/faults';
import { z } from 'zod';

export const CAMERAS = ['cam1', 'cam2'] as const;
/** the nodes every sequence starts with, and the one AddNode brings in */
export const BASE_NODES = ['n1', 'n2', 'n3'] as const;
export const ADDED_NODE = 'n4';
export const NODE_NAMES = [...BASE_NODES, ADDED_NODE] as const;
export type NodeName = (typeof NODE_NAMES)[number];

export const NEWEST_HOLDER = 'newest-holder';
const node = z.enum(NODE_NAMES);
const camera = z.enum(CAMERAS);

/** One command as a replay file stores it (concrete targets, nothing resolved at run time). */
export const CommandSpecSchema = z.discriminatedUnion('cmd', [
  z.object({ cmd: z.literal('WriteSegments'), camera, n: z.number().int().min(1).max(8) }),
  z.object({ cmd: z.literal('ReadBack'), camera }),
  z.object({ cmd: z.literal('PullBay'), node, bay: z.number().int().min(0).max(47) }),
  z.object({ cmd: z.literal('InsertBay'), node, bay: z.number().int().min(0).max(47), disk: z.enum(['same', 'blank']) }),
  z.object({ cmd: z.literal('CrashNode'), node }),
  z.object({ cmd: z.literal('HangNode'), node }),
  // 'newest-holder': the node holding a copy of the newest acknowledged segment, found
  // from the core's own placement when the command runs (replays hit the data again)
  z.object({ cmd: z.literal('PowerLoss'), node: z.union([node, z.literal(NEWEST_HOLDER)]) }),
  z.object({ cmd: z.literal('RestartNode'), node }),
  z.object({ cmd: z.literal('AddNode'), bays: z.union([z.literal(24), z.literal(36), z.literal(48)]) }),
  z.object({ cmd: z.literal('CrashMaster') }),
  // the master frozen; the BMC watchdog (simulated agent) resets it
  z.object({ cmd: z.literal('HangMaster') }),
  // every disk of the node marked for removal until the core says it can go, then the
  // decommission is cancelled (the node serves again): T9's drain on a node of the reused cluster
  z.object({ cmd: z.literal('DrainNode'), node }),
  // the node's switch port down (its real veth) and up again
  z.object({ cmd: z.literal('PortDown'), node }),
  z.object({ cmd: z.literal('PortUp'), node }),
]);
export type CommandSpec = z.infer<typeof CommandSpecSchema>;
export type CommandName = CommandSpec['cmd'];

/** The fault kind (sim/plan/faults.ts) each command performs a part of; null: the workload, not a fault. */
export const COMMAND_KINDS: Record<CommandName, FaultKindName | null> = {
  WriteSegments: null,
  ReadBack: null,
  PullBay: 'disk-pull',
  InsertBay: 'disk-pull',
  CrashNode: 'crash',
  HangNode: 'crash',
  PowerLoss: 'crash',
  RestartNode: 'crash',
  AddNode: 'add-node',
  CrashMaster: 'crash',
  HangMaster: 'crash',
  DrainNode: 'drain-node',
  PortDown: 'link-down',
  PortUp: 'link-down',
};

export interface AckedSegment {
  camera: string;
  seq: number;
  /** relative to the mount */
  path: string;
  /** the payload's seed and the frames' times, as in the header: with camera and seq they fix every byte of the file */
  payloadSeed: number;
  startMs: number;
  endMs: number;
}

export interface NodeModel {
  bays: number;
  power: 'on' | 'off';
  pulled: Set<number>;
  /** its switch port */
  link: 'up' | 'down';
}

export interface ModelState {
  toleratedDomains: number;
  nodes: Map<string, NodeModel>;
  acked: AckedSegment[];
  nextSeq: Map<string, number>;
  added: boolean;
}

export function initialModel(o: { toleratedDomains: number; baysPerNode: number }): ModelState {
  return {
    toleratedDomains: o.toleratedDomains,
    nodes: new Map(BASE_NODES.map((n) => [n, { bays: o.baysPerNode, power: 'on', pulled: new Set<number>(), link: 'up' }])),
    acked: [],
    nextSeq: new Map(),
    added: false,
  };
}

export const impaired = (n: NodeModel) => n.power === 'off' || n.pulled.size > 0 || n.link === 'down';
export const domainsDown = (m: Readonly<ModelState>) => [...m.nodes.values()].filter(impaired).length;

/** A new fault on `name` is allowed if that node is already down (same domain) or a domain is still free. */
function faultAllowed(m: Readonly<ModelState>, name: string): boolean {
  const n = m.nodes.get(name);
  if (!n) return false;
  return impaired(n) || domainsDown(m) < m.toleratedDomains;
}

/** The precondition of every command: a sequence stays meaningful for the no-loss claim. */
export function precondition(m: Readonly<ModelState>, c: CommandSpec): boolean {
  switch (c.cmd) {
    case 'WriteSegments':
      return true;
    case 'ReadBack':
      return m.acked.some((s) => s.camera === c.camera);
    case 'PullBay': {
      // on a node the master can reach: a node cut off cannot tell the master its disk is gone or back
      const n = m.nodes.get(c.node);
      return !!n && n.power === 'on' && n.link === 'up' && c.bay < n.bays && !n.pulled.has(c.bay) && faultAllowed(m, c.node);
    }
    case 'PortDown': {
      // a port is pulled on a running node only (a restarted container gets a fresh link);
      // the switch of a model run cables the base nodes (the added node comes and goes)
      const n = m.nodes.get(c.node);
      return (BASE_NODES as readonly string[]).includes(c.node) && !!n && n.power === 'on' && n.link === 'up' && faultAllowed(m, c.node);
    }
    case 'PortUp':
      return m.nodes.get(c.node)?.link === 'down';
    case 'DrainNode': {
      // drained with the cluster whole: the other nodes must be able to take its copies
      const n = m.nodes.get(c.node);
      return !!n && domainsDown(m) === 0 && m.nodes.size >= 3;
    }
    case 'InsertBay': {
      const n = m.nodes.get(c.node);
      return !!n && n.power === 'on' && n.link === 'up' && n.pulled.has(c.bay);
    }
    case 'PowerLoss': {
      // which node holds the data is known only when it runs: allowed only with every domain free
      if (c.node === NEWEST_HOLDER) return m.acked.length > 0 && domainsDown(m) < m.toleratedDomains && domainsDown(m) === 0;
      const n = m.nodes.get(c.node);
      return !!n && n.power === 'on' && n.link === 'up' && faultAllowed(m, c.node);
    }
    case 'RestartNode':
      return m.nodes.get(c.node)?.power === 'off';
    case 'CrashNode':
    case 'HangNode': {
      // a transient fault (healed inside the command), but its node is down meanwhile; its
      // port stays up (a restarted container gets a fresh link the model would not know)
      const n = m.nodes.get(c.node);
      return !!n && n.power === 'on' && n.link === 'up' && faultAllowed(m, c.node);
    }
    case 'AddNode':
      return !m.added;
    case 'CrashMaster':
    case 'HangMaster':
      // the master is a single point of failure of the community core: crashed or hung only
      // when every storage node is whole, so what is measured is the master's own recovery
      return domainsDown(m) === 0;
  }
}

/**
 * The model after the command (the real outcome is checked by the invariants, not here).
 * `target`: the node a 'newest-holder' command resolved to when it ran.
 */
export function nextModel(m: ModelState, c: CommandSpec, acked: readonly AckedSegment[] = [], target?: string): void {
  switch (c.cmd) {
    case 'WriteSegments':
      m.acked.push(...acked);
      m.nextSeq.set(c.camera, (m.nextSeq.get(c.camera) ?? 0) + c.n);
      return;
    case 'PullBay':
      m.nodes.get(c.node)!.pulled.add(c.bay);
      return;
    case 'InsertBay':
      m.nodes.get(c.node)!.pulled.delete(c.bay);
      return;
    case 'PowerLoss': {
      const name = c.node === NEWEST_HOLDER ? target : c.node;
      const n = name ? m.nodes.get(name) : undefined;
      if (!n) throw new Error(`PowerLoss(${c.node}): no node resolved`);
      n.power = 'off';
      return;
    }
    case 'RestartNode':
      m.nodes.get(c.node)!.power = 'on';
      return;
    case 'PortDown':
      m.nodes.get(c.node)!.link = 'down';
      return;
    case 'PortUp':
      m.nodes.get(c.node)!.link = 'up';
      return;
    case 'AddNode':
      m.added = true;
      m.nodes.set(ADDED_NODE, { bays: c.bays, power: 'on', pulled: new Set(), link: 'up' });
      return;
    default:
      return;
  }
}

export function describeCommand(c: CommandSpec): string {
  const { cmd, ...args } = c;
  return `${cmd}(${Object.values(args).join(', ')})`;
}

/**
 * What the generator draws: a concrete command, or one whose target is resolved against
 * the model when it runs (re-insert one of the bays now pulled, power on one of the nodes
 * now off), so that restoring commands are not starved. A replay file stores the resolved,
 * concrete command.
 */
export type Draft =
  | CommandSpec
  | { cmd: 'InsertPulled'; pick: number; disk: 'same' | 'blank' }
  | { cmd: 'RestartOff'; pick: number }
  | { cmd: 'PortUpDown'; pick: number };

export function resolveDraft(m: Readonly<ModelState>, d: Draft): CommandSpec | null {
  if (d.cmd === 'InsertPulled') {
    const pulled = [...m.nodes.entries()]
      .filter(([, n]) => n.power === 'on')
      .flatMap(([node, n]) => [...n.pulled].sort((a, b) => a - b).map((bay) => ({ node, bay })));
    if (!pulled.length) return null;
    const t = pulled[d.pick % pulled.length]!;
    return { cmd: 'InsertBay', node: t.node as NodeName, bay: t.bay, disk: d.disk };
  }
  if (d.cmd === 'RestartOff') {
    const off = [...m.nodes.entries()].filter(([, n]) => n.power === 'off').map(([node]) => node);
    if (!off.length) return null;
    return { cmd: 'RestartNode', node: off[d.pick % off.length] as NodeName };
  }
  if (d.cmd === 'PortUpDown') {
    const down = [...m.nodes.entries()].filter(([, n]) => n.link === 'down').map(([node]) => node);
    if (!down.length) return null;
    return { cmd: 'PortUp', node: down[d.pick % down.length] as NodeName };
  }
  return d;
}

export function draftPrecondition(m: Readonly<ModelState>, d: Draft): boolean {
  const c = resolveDraft(m, d);
  return c !== null && precondition(m, c);
}
