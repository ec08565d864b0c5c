// S6 from the history: port mirroring shown by the traffic a session copied ('switch.mirror');
// IGMP snooping and MAC address binding cannot be shown on this kernel's links (no multicast
// querier, no 802.1X/port security in the twin's binding), so they are a person's to check on
// the delivered switch. Mirroring that copies too little, or keeps copying after the session is
// removed: FAIL. Mirroring shown: MANUAL (the rest waits for a person), never PASS. No probe or
// too little traffic to judge: INCONCLUSIVE. The switch is a twin bound to real links: simulated.
import type { EventOf, HistoryEvent } from '../history';
import type { Figure, Verdict } from '../verdict';

export interface MirrorRequirements {
  /** the analyzer must receive at least this share of the bytes the source port carried */
  minShare: number;
  /** and at most this share: more is traffic that is not the port's */
  maxShare: number;
  /** after the session is removed the analyzer must receive at most this share */
  maxAfterShare: number;
  /** below this much source traffic the window shows nothing either way */
  minSourceBytes: number;
}

/** What 'mirrored' means here (the contract names the feature, not a figure): the session copies what its
 *  port carries, byte counts within the few percent the two counters can differ by, and stops when removed. */
export const MIRRORED: MirrorRequirements = { minShare: 0.95, maxShare: 1.05, maxAfterShare: 0.01, minSourceBytes: 1_000_000 };

export function checkSwitchMirroring(events: readonly HistoryEvent[], req: MirrorRequirements = MIRRORED, scenario = 'inventory'): Verdict {
  const probes = events.filter((e): e is EventOf<'switch.mirror'> => e.kind === 'switch.mirror');
  const failed = events.filter((e): e is EventOf<'switch.mirror.error'> => e.kind === 'switch.mirror.error');
  const base = {
    clause: 'S6',
    scenario,
    nature: 'simulated' as const,
    method: {
      zh: `经交换机孪生在一个节点端口上建立端口镜像（收发双向）至分析端口，在摄像机负载下观察一个时间窗，比较分析端口收到的字节数与源端口同期收发的字节数（≥${req.minShare * 100}%），删除镜像后再观察同样时长（≤${req.maxAfterShare * 100}%）；IGMP Snooping 与 MAC 地址绑定须在交付交换机上由人工核验。`,
      en: `A mirror session (both directions) from a node's port to the analyzer port is opened through the switch twin under camera load; the bytes the analyzer received are compared with what the source port carried in the same window (>= ${req.minShare * 100} %), and the analyzer is watched as long after the session is removed (<= ${req.maxAfterShare * 100} %). IGMP snooping and MAC address binding are checked by a person on the delivered switch.`,
    },
    evidence: ['history.jsonl#switch.mirror'],
  };
  const errors = failed.map((e) => `${e.id}: the mirror probe on ${e.node} failed (${e.error}): S6 not shown`);
  if (!probes.length)
    return {
      ...base,
      status: 'INCONCLUSIVE',
      figures: [],
      reasons: errors.length ? errors : ['no mirror probe in this history: S6 not shown'],
    };
  const figures: Figure[] = [];
  const fails: string[] = [];
  const unsure: string[] = [...errors];
  for (const p of probes) {
    const share = p.sourceBytes > 0 ? p.mirroredBytes / p.sourceBytes : null;
    const after = p.sourceBytes > 0 ? p.afterBytes / p.sourceBytes : null;
    const shareOk = share !== null && share >= req.minShare && share <= req.maxShare;
    const afterOk = after !== null && after <= req.maxAfterShare;
    const where = `${p.node} port ${p.port}, ${p.seconds} s`;
    figures.push(
      {
        name: `${p.id}: mirrored share of the source port's traffic`,
        label: { zh: `${p.id}：镜像复制比例（${p.node} 端口 ${p.port}）`, en: `${p.id}: mirrored share of the source port's traffic` },
        value: share === null ? null : Math.round(share * 1000) / 10,
        unit: '%',
        threshold: `${req.minShare * 100}..${req.maxShare * 100}`,
        ok: shareOk,
        nature: 'simulated',
        note: `${p.mirroredBytes} of ${p.sourceBytes} bytes (${p.mirroredPackets} of ${p.sourcePackets} packets) in ${p.seconds} s, ${p.direction}`,
      },
      {
        name: `${p.id}: copied after the session was removed`,
        label: { zh: `${p.id}：删除镜像后仍复制的比例`, en: `${p.id}: copied after the session was removed` },
        value: after === null ? null : Math.round(after * 10000) / 100,
        unit: '%',
        threshold: `<= ${req.maxAfterShare * 100}`,
        ok: afterOk,
        nature: 'simulated',
        note: `${p.afterBytes} bytes in ${p.seconds} s`,
      },
    );
    if (p.disagreements.length)
      unsure.push(`${p.id}: the kernel did not do what the twin says (${p.disagreements.join('; ')}): the probe shows nothing`);
    else if (p.sourceBytes < req.minSourceBytes)
      unsure.push(
        `${p.id}: ${p.sourceBytes} bytes through ${where}, too little traffic to show mirroring (at least ${req.minSourceBytes})`,
      );
    else {
      if (!shareOk)
        fails.push(
          `${p.id}: the analyzer received ${p.mirroredBytes} bytes for the ${p.sourceBytes} bytes ${where} carried (${Math.round((share ?? 0) * 1000) / 10} %, required ${req.minShare * 100}..${req.maxShare * 100} %)`,
        );
      if (!afterOk)
        fails.push(`${p.id}: the analyzer still received ${p.afterBytes} bytes in the ${p.seconds} s after the session was removed`);
    }
  }
  const manual = [
    {
      id: 'IGMP snooping',
      zh: 'IGMP Snooping',
      how: 'a multicast group joined and left on the delivered switch, its snooping table before and after',
    },
    {
      id: 'MAC address binding',
      zh: 'MAC 地址绑定',
      how: 'a MAC bound to a port on the delivered switch and a frame from another MAC on that port dropped',
    },
  ];
  for (const m of manual)
    figures.push({ name: m.id, label: { zh: m.zh, en: m.id }, value: null, unit: '', nature: 'simulated', note: `for a person: ${m.how}` });
  if (fails.length) return { ...base, status: 'FAIL', figures, reasons: fails };
  if (unsure.length) return { ...base, status: 'INCONCLUSIVE', figures, reasons: unsure };
  return {
    ...base,
    status: 'MANUAL',
    figures,
    reasons: [
      `port mirroring shown by the traffic it copied, on the switch twin bound to the run's links (simulated): ${probes.map((p) => `${p.mirroredBytes} of ${p.sourceBytes} bytes`).join(', ')}`,
      `IGMP snooping and MAC address binding are for a person to check on the delivered switch: ${manual.map((m) => `${m.id}: ${m.how}`).join('; ')}`,
    ],
  };
}
