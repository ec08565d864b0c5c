// Which twin port is cabled to which container, and the names of the host interfaces the
// switch binding creates for a run. Pure.
//
// Port map (stable, documented for the report and the nemesis):
//   - the master (metadata server)     -> the FIRST 10GE port  (XGE1/0/25 on 24+4)
//   - the capture/analyzer interface   -> the LAST 10GE port   (XGE1/0/28 on 24+4)
//   - storage nodes, ordered by name (numeric-aware: n2 < n10) -> GE ports 1, 2, 3 ...,
//     then any 10GE port still free; a node added later takes the lowest free port and
//     never moves one already cabled (a real cable stays where it was plugged).
//   - the host (recording server, mfsmount) reaches the cluster through the bridge
//     itself, not through a port: it is the switch's own routed interface here.
import { createHash } from 'node:crypto';
import type { Port } from '../../devices/switch/ports';

export type MemberRole = 'master' | 'storage' | 'capture';

export interface SwitchMember {
  /** node name as in the cluster (n1, n2 ...), 'master', or 'capture' */
  name: string;
  role: MemberRole;
  /** container name; '' for the capture interface (it lives in the host) */
  container: string;
  /** the member's address on the switch network; '' for capture */
  address: string;
}

export interface PortAssignment {
  port: number;
  member: SwitchMember;
}

/** Same hash as the run's bridge name (node-containers.ts bridgeName): 10 hex of sha256(runId). */
export const runHash = (runId: string) => createHash('sha256').update(runId).digest('hex').slice(0, 10);

/** Interface names fit Linux's 15 characters and carry the run hash, so a sweep finds them. */
export const ifbName = (runId: string, port: number) => `ai${runHash(runId)}${String(port).padStart(2, '0')}`;
export const captureNames = (runId: string) => ({ host: `am${runHash(runId)}a`, peer: `am${runHash(runId)}b` });
/** Every interface name this binding can create (for a forced sweep that lost the run folder). */
export const OWN_INTERFACE = /^a[im][0-9a-f]{10}(\d\d|a|b)$/;

const byName = (a: SwitchMember, b: SwitchMember) => a.name.localeCompare(b.name, 'en', { numeric: true });

/**
 * Assigns ports to members. `existing` assignments are kept as they are; new members take
 * ports by the rules above. Throws when the switch has no free port for a member.
 */
export function assignPorts(
  ports: readonly Port[],
  members: readonly SwitchMember[],
  existing: readonly PortAssignment[] = [],
): PortAssignment[] {
  const result = [...existing];
  const taken = new Set(existing.map((a) => a.port));
  const placed = new Set(existing.map((a) => a.member.name));
  const tenGe = ports.filter((p) => p.kind === '10GE-optical').map((p) => p.id);
  const ge = ports.filter((p) => p.kind === 'GE-copper').map((p) => p.id);
  const masterPort = tenGe[0];
  const capturePort = tenGe.length >= 2 ? tenGe[tenGe.length - 1] : undefined;
  const reserved = new Set([masterPort, capturePort].filter((p): p is number => p !== undefined));
  const take = (port: number, member: SwitchMember) => {
    if (taken.has(port)) throw new Error(`port ${port} for ${member.name} is already cabled to another member`);
    taken.add(port);
    placed.add(member.name);
    result.push({ port, member });
  };
  for (const m of members.filter((x) => !placed.has(x.name))) {
    if (m.role === 'master') {
      if (masterPort === undefined) throw new Error('the switch has no 10GE port for the master');
      take(masterPort, m);
    } else if (m.role === 'capture') {
      if (capturePort === undefined) throw new Error('the switch needs two 10GE ports: one for the master, one for capture');
      take(capturePort, m);
    }
  }
  const free = [...ge, ...tenGe.filter((p) => !reserved.has(p))];
  for (const m of members.filter((x) => x.role === 'storage' && !placed.has(x.name)).sort(byName)) {
    const port = free.find((p) => !taken.has(p));
    if (port === undefined)
      throw new Error(
        `no free switch port for storage node ${m.name}: ${ports.length} ports, a second switch or stacking (S9, MANUAL) is needed`,
      );
    take(port, m);
  }
  return result.sort((a, b) => a.port - b.port);
}
