// Port mirroring shown by traffic (S6): a session from a node's port to the analyzer port is
// opened through the switch twin for a window of live traffic, the analyzer's received bytes
// are compared with what the source port carried in both directions over the same window,
// then the session is removed and the analyzer watched for as long again (it must go quiet).
import { run } from '../exec';
import { sleep } from '../clock';
import type { MirrorDirection } from '../../devices/switch/mirroring';
import type { SwitchBinding } from './switch-binding';

export interface MirrorProbe {
  node: string;
  port: number;
  direction: MirrorDirection;
  seconds: number;
  /** what the source port's host-side veth carried, received plus sent, during the window */
  sourceBytes: number;
  sourcePackets: number;
  /** what the analyzer received during the window */
  mirroredBytes: number;
  mirroredPackets: number;
  /** what the analyzer received during as long a window after the session was removed */
  afterBytes: number;
  /** twin and kernel disagreements while the session existed (empty: the kernel did what the twin says) */
  disagreements: string[];
}

type LinkStats = { ifname: string; stats64: { rx: { bytes: number; packets: number }; tx: { bytes: number; packets: number } } };

/**
 * The source port's bytes both ways and the analyzer's received bytes, from one netlink dump:
 * read by two commands, the two windows could differ by the time between them (on a loaded
 * machine 0.4 s, 8.7 % of a 5 s window, was seen).
 */
async function counters(
  dev: string,
  analyzer: string,
): Promise<{ source: { bytes: number; packets: number }; copied: { bytes: number; packets: number } }> {
  const all = JSON.parse((await run('ip', ['-j', '-s', 'link', 'show'])).stdout) as LinkStats[];
  const of = (name: string) => {
    const l = all.find((x) => x.ifname === name);
    if (!l) throw new Error(`no link ${name} to count the mirror probe on`);
    return l.stats64;
  };
  const s = of(dev);
  const c = of(analyzer);
  return {
    source: { bytes: s.rx.bytes + s.tx.bytes, packets: s.rx.packets + s.tx.packets },
    copied: { bytes: c.rx.bytes, packets: c.rx.packets },
  };
}

export async function probeMirror(
  binding: SwitchBinding,
  o: { node: string; seconds: number; direction?: MirrorDirection; signal?: AbortSignal },
): Promise<MirrorProbe> {
  const direction = o.direction ?? 'both';
  const port = binding.portOf(o.node);
  const dev = port === undefined ? null : binding.hostInterface(port);
  if (port === undefined || !dev) throw new Error(`${o.node} is not on a bound switch port: no mirror probe`);
  const before = new Set(binding.twin.mirrors.map((m) => m.id));
  try {
    const added = await binding.addMirror([{ port, direction }], binding.capture.port);
    if (!added.ok) throw new Error(`the switch twin refused the mirror session: ${added.reason}`);
    const session = added.changes.find((c) => c.kind === 'mirror-added');
    const id = session && session.kind === 'mirror-added' ? session.session.id : -1;
    const disagreements = (await binding.disagreements()).map((d) => JSON.stringify(d));
    const { source: s0, copied: c0 } = await counters(dev, binding.capture.peer);
    await sleep(o.seconds * 1000, o.signal);
    const { source: s1, copied: c1 } = await counters(dev, binding.capture.peer);
    await binding.removeMirror(id);
    const c2 = await binding.captureCounters();
    await sleep(o.seconds * 1000, o.signal);
    const c3 = await binding.captureCounters();
    return {
      node: o.node,
      port,
      direction,
      seconds: o.seconds,
      sourceBytes: s1.bytes - s0.bytes,
      sourcePackets: s1.packets - s0.packets,
      mirroredBytes: c1.bytes - c0.bytes,
      mirroredPackets: c1.packets - c0.packets,
      afterBytes: c3.bytes - c2.bytes,
      disagreements,
    };
  } finally {
    // a probe cut short, or a session half installed, leaves nothing behind
    for (const m of binding.twin.mirrors.filter((x) => !before.has(x.id))) await binding.removeMirror(m.id).catch(() => undefined);
  }
}
