// S1 from the switch inventories in the history ('inventory.switch'), a pure function of the
// history: the GE copper ports and the 10GE optical ports each switch reports, counted against
// the contract. No inventory, one that could not be read or that lists no port: INCONCLUSIVE;
// a shortfall that ports of unknown medium or speed could make up: INCONCLUSIVE; any other: FAIL. A twin's
// ports are 'simulated', a delivered switch's 'measured'.
import type { HistoryEvent } from '../history';
import {
  SWITCH_INVENTORY_EVENT,
  switchInventoryEventSchema,
  type SwitchInventoryEvent,
  type SwitchPort,
  natureOfSource,
} from '../inventory-event';
import { combinedNature, type Figure, type Verdict } from '../verdict';
import { lastPerTarget } from './hardware-inventory';

export interface SwitchPortRequirements {
  /** copper ports at 1 Gb/s or more */
  geCopperPorts: number;
  /** optical ports at 10 Gb/s or more */
  tenGeOpticalPorts: number;
}

/** The last inventory per switch. */
export const switchInventoriesOf = (events: readonly HistoryEvent[]): SwitchInventoryEvent[] =>
  lastPerTarget(events, SWITCH_INVENTORY_EVENT, switchInventoryEventSchema);

const count = (ports: readonly SwitchPort[], medium: SwitchPort['medium'], minMbps: number) =>
  ports.filter((p) => p.medium === medium && p.speedMbps !== null && p.speedMbps >= minMbps).length;

export function checkSwitchPorts(events: readonly HistoryEvent[], req: SwitchPortRequirements, scenario = 'inventory'): Verdict {
  const invs = switchInventoriesOf(events);
  const nature = combinedNature(invs.map((i) => natureOfSource(i.source))) ?? 'simulated';
  const base = {
    clause: 'S1',
    scenario,
    nature,
    method: {
      zh: `从交换机管理接口（RESTCONF，OpenConfig 接口与部件模型）读取每个以太网端口的速率及其收发器/接口形态，写入历史记录（inventory.switch），统计速率不低于 1 Gbit/s 的电口（RJ45）与不低于 10 Gbit/s 的光口（SFP+ 等），对照合同：千兆电口 ≥${req.geCopperPorts} 个、万兆光口 ≥${req.tenGeOpticalPorts} 个。数字孪生交换机的读数为仿真，交付交换机的读数为实测。`,
      en: `Each Ethernet port's speed and connector are read from the switch's management interface (RESTCONF, OpenConfig interfaces and components) into the history (inventory.switch); copper (RJ45) ports at 1 Gb/s or more and optical (SFP+ and the like) ports at 10 Gb/s or more are counted against the contract: >= ${req.geCopperPorts} GE copper, >= ${req.tenGeOpticalPorts} 10GE optical. A twin switch's reading is simulated, a delivered switch's measured.`,
    },
    evidence: [`history.jsonl#${SWITCH_INVENTORY_EVENT}`, ...invs.map((i) => i.url)],
  };
  if (!invs.length) return { ...base, status: 'INCONCLUSIVE', figures: [], reasons: ['no switch inventory in this history: S1 not shown'] };
  const figures: Figure[] = [];
  const fails: string[] = [];
  const unsure: string[] = [];
  for (const inv of invs) {
    const fig = natureOfSource(inv.source);
    if (!inv.reachable) {
      unsure.push(`${inv.target}: the management interface at ${inv.url} could not be read (${inv.error ?? 'unreachable'}): S1 not shown`);
      continue;
    }
    if (!inv.ports.length) {
      unsure.push(`${inv.target}: the management interface at ${inv.url} answered with no Ethernet port: S1 not shown`);
      continue;
    }
    // ports whose medium or speed was not read may be the ones missing: they make a shortfall unsure, not a FAIL
    const unknown = inv.ports.filter((p) => p.medium === 'unknown' || p.speedMbps === null).length;
    const parts = [
      { id: 'GE copper ports', zh: '千兆电口数量', medium: 'copper' as const, minMbps: 1000, need: req.geCopperPorts },
      { id: '10GE optical ports', zh: '万兆光口数量', medium: 'optical' as const, minMbps: 10_000, need: req.tenGeOpticalPorts },
    ];
    for (const part of parts) {
      const value = count(inv.ports, part.medium, part.minMbps);
      const ok = value >= part.need;
      figures.push({
        name: `${inv.target}: ${part.id}`,
        label: { zh: `${inv.target}：${part.zh}`, en: `${inv.target}: ${part.id}` },
        value,
        unit: 'ports',
        threshold: `>= ${part.need}`,
        ok,
        nature: fig,
        note: `${part.medium} ports at >= ${part.minMbps} Mb/s of the ${inv.ports.length} Ethernet ports read${unknown ? `; ${unknown} of unknown medium or speed` : ''}`,
      });
      if (ok) continue;
      const line = `${inv.target}: ${value} ${part.id} (at >= ${part.minMbps} Mb/s), required >= ${part.need}`;
      if (value + unknown >= part.need)
        unsure.push(`${line}; ${unknown} port(s) of unknown medium or speed (not read${inv.error ? `: ${inv.error}` : ''}) may make it up`);
      else fails.push(line);
    }
  }
  const status = fails.length ? 'FAIL' : unsure.length ? 'INCONCLUSIVE' : 'PASS';
  const reasons = [...fails, ...unsure];
  if (status === 'PASS')
    reasons.unshift(
      `${invs.map((i) => i.target).join(', ')}: at least ${req.geCopperPorts} GE copper and ${req.tenGeOpticalPorts} 10GE optical ports${nature !== 'measured' ? ' (read from a digital twin, simulated)' : ''}`,
    );
  return { ...base, status, figures, reasons };
}
