// Switch twin (S1-S10): ports, mirroring and the declared capability inventory. Pure:
// each operation returns what changed, and the binding to veth/tc (written later)
// applies exactly that change.
import { DECLARED_FORWARDING_MPPS, DECLARED_SWITCHING_GBPS, lineRateNeed, SWITCH_CAPABILITIES, type Capability } from './capabilities';
import { mirrorProblem, type MirrorDirection, type MirrorSession } from './mirroring';
import { linkUp, makePorts, shapingRateBitsPerSecond, type Port } from './ports';

export type SwitchChange =
  | { kind: 'link'; port: number; up: boolean }
  | { kind: 'speed'; port: number; mbps: number; rateBitsPerSecond: number }
  | { kind: 'mirror-added'; session: MirrorSession }
  | { kind: 'mirror-removed'; session: MirrorSession };

export type SwitchResult = { ok: true; changes: SwitchChange[] } | { ok: false; reason: string; changes: [] };
const refuse = (reason: string): SwitchResult => ({ ok: false, reason, changes: [] });

export interface SwitchOptions {
  id: string;
  model?: string;
  gePorts?: number;
  tenGePorts?: number;
}

export class SwitchTwin {
  readonly id: string;
  readonly model: string;
  readonly ports: Port[];
  readonly mirrors: MirrorSession[] = [];
  readonly psuSlots = { slots: 2, fitted: 1 };
  readonly consolePort = true;
  readonly capabilities: readonly Capability[] = SWITCH_CAPABILITIES;
  private nextMirrorId = 1;

  constructor(opts: SwitchOptions) {
    this.id = opts.id;
    this.model = opts.model ?? 'TWIN-SW 24GE+4XGE';
    this.ports = makePorts(opts.gePorts ?? 24, opts.tenGePorts ?? 4);
  }

  port(id: number): Port | undefined {
    return this.ports.find((p) => p.id === id);
  }

  isUp(id: number): boolean {
    const p = this.port(id);
    return p ? linkUp(p) : false;
  }

  /** Administrative shutdown / no shutdown. */
  setAdmin(id: number, up: boolean): SwitchResult {
    return this.changeLink(id, (p) => (p.adminUp = up));
  }

  /** A cable pulled or plugged (the fault a nemesis injects). */
  setCable(id: number, connected: boolean): SwitchResult {
    return this.changeLink(id, (p) => (p.cableConnected = connected));
  }

  setSpeed(id: number, mbps: number): SwitchResult {
    const p = this.port(id);
    if (!p) return refuse(`no port ${id}`);
    if (!p.allowedSpeedsMbps.includes(mbps)) return refuse(`${p.name} supports ${p.allowedSpeedsMbps.join('/')} Mb/s, not ${mbps}`);
    if (p.speedMbps === mbps) return { ok: true, changes: [] };
    p.speedMbps = mbps;
    return { ok: true, changes: [{ kind: 'speed', port: id, mbps, rateBitsPerSecond: shapingRateBitsPerSecond(p) }] };
  }

  addMirror(sources: { port: number; direction: MirrorDirection }[], destination: number): SwitchResult {
    const session: MirrorSession = { id: this.nextMirrorId, sources, destination };
    const problem = mirrorProblem(session, this.mirrors, new Set(this.ports.map((p) => p.id)));
    if (problem) return refuse(problem);
    this.nextMirrorId++;
    this.mirrors.push(session);
    return { ok: true, changes: [{ kind: 'mirror-added', session }] };
  }

  removeMirror(sessionId: number): SwitchResult {
    const i = this.mirrors.findIndex((m) => m.id === sessionId);
    if (i < 0) return refuse(`no mirror session ${sessionId}`);
    const [session] = this.mirrors.splice(i, 1);
    return { ok: true, changes: [{ kind: 'mirror-removed', session: session! }] };
  }

  /** S4: do the declared figures at least cover non-blocking line rate of the fitted ports? */
  capacityCheck(): { needGbps: number; needMpps: number; declaredGbps: number; declaredMpps: number; covers: boolean } {
    const need = lineRateNeed(this.ports.map((p) => Math.max(...p.allowedSpeedsMbps)));
    return {
      needGbps: need.switchingGbps,
      needMpps: need.forwardingMpps,
      declaredGbps: DECLARED_SWITCHING_GBPS,
      declaredMpps: DECLARED_FORWARDING_MPPS,
      covers: DECLARED_SWITCHING_GBPS >= need.switchingGbps && DECLARED_FORWARDING_MPPS >= need.forwardingMpps,
    };
  }

  private changeLink(id: number, mutate: (p: Port) => void): SwitchResult {
    const p = this.port(id);
    if (!p) return refuse(`no port ${id}`);
    const before = linkUp(p);
    mutate(p);
    const after = linkUp(p);
    return { ok: true, changes: before === after ? [] : [{ kind: 'link', port: id, up: after }] };
  }
}
