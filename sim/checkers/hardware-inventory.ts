// T1, T2 and M1 from the Redfish inventories in the history ('inventory.redfish'), a pure
// function of the history: every required property is a figure with the value found,
// the threshold and the resources it came from. No inventory for the clause's role:
// INCONCLUSIVE; a service that could not be read: INCONCLUSIVE; a 'must' shortfall on a
// service that was read: FAIL. A twin's inventory is 'simulated', a real BMC's 'measured'.
import type { HistoryEvent } from '../history';
import {
  INVENTORY_EVENT,
  inventoryEventSchema,
  natureOfSource,
  type InventoryEvent,
  type ResourceRecord,
  type Scalar,
} from '../inventory-event';
import type { ClauseRequirements, Condition, Measure, Requirement } from '../inventory/requirement-schema';
import { combinedNature, type Figure, type Verdict } from '../verdict';
import { num } from './numbers';

interface Found {
  value: number | null;
  /** for an all-measure: how many resources it applied to */
  total?: number;
  urls: string[];
}

const holds = (props: Record<string, Scalar>, c: Condition): boolean => {
  const v = props[c.property];
  if (c.notEquals !== undefined && v === c.notEquals) return false;
  if (v === undefined) return c.equals === undefined && c.oneOf === undefined && c.atLeast === undefined;
  if (c.equals !== undefined && v !== c.equals) return false;
  if (c.oneOf !== undefined && !c.oneOf.includes(v)) return false;
  if (c.atLeast !== undefined && !(typeof v === 'number' && v >= c.atLeast)) return false;
  return true;
};
const all = (r: ResourceRecord, cs: readonly Condition[]) => cs.every((c) => holds(r.properties, c));
const urlsOf = (rs: readonly ResourceRecord[]) => rs.map((r) => r.url ?? r.via);

// a chassis's fans and supplies reached through the deprecated Thermal/Power resource and through
// ThermalSubsystem/PowerSubsystem are the same hardware: many BMCs serve both
const SUBSYSTEM = /^(.*)\.(ThermalSubsystem|Thermal|PowerSubsystem|Power)\[/;
const MODERN: Record<string, string> = { Thermal: 'ThermalSubsystem', Power: 'PowerSubsystem' };

/** The resources read, without the deprecated copies of members a chassis's subsystem also lists. */
export function withoutLegacyCopies(resources: readonly ResourceRecord[]): ResourceRecord[] {
  const read = resources.filter((r) => r.status === 'read' && !r.collection);
  const modern = new Set(
    read.flatMap((r) => {
      const m = SUBSYSTEM.exec(r.via);
      return m && m[2]!.endsWith('Subsystem') ? [`${r.kind} ${m[1]}.${m[2]}`] : [];
    }),
  );
  return read.filter((r) => {
    const m = SUBSYSTEM.exec(r.via);
    return !(m && MODERN[m[2]!] && modern.has(`${r.kind} ${m[1]}.${MODERN[m[2]!]}`));
  });
}

/** One measure over the resources read; value null when nothing of the kind carries it. */
export function evaluate(m: Measure, resources: readonly ResourceRecord[]): Found {
  const of = withoutLegacyCopies(resources).filter((r) => r.kind === m.resource);
  switch (m.of) {
    case 'sum': {
      const withIt = of.filter((r) => all(r, m.where) && num(r.properties[m.property]) !== null);
      if (!withIt.length) return { value: null, urls: [] };
      const total = withIt.reduce((s, r) => s + num(r.properties[m.property])! * m.scale, 0);
      return { value: Math.round(total * 1000) / 1000, urls: urlsOf(withIt) };
    }
    case 'count': {
      const hits = of.filter((r) => all(r, m.where));
      // nothing of the kind at all: not found, so the next alternative may answer
      return of.length ? { value: hits.length, urls: urlsOf(hits) } : { value: null, urls: [] };
    }
    case 'all': {
      const among = of.filter((r) => all(r, m.among));
      if (!among.length) return { value: null, total: 0, urls: [] };
      return { value: among.filter((r) => all(r, m.where)).length, total: among.length, urls: urlsOf(among) };
    }
    case 'spare': {
      const spares = of.flatMap((r) => {
        const max = num(r.properties[m.max]);
        const min = num(r.properties[m.minNeeded]);
        return max !== null && min !== null ? [{ r, spare: max - min }] : [];
      });
      if (!spares.length) return { value: null, urls: [] };
      const best = spares.reduce((a, b) => (b.spare > a.spare ? b : a));
      return { value: best.spare, urls: [best.r.url ?? best.r.via] };
    }
  }
}

/** The first alternative that yields a value. */
function measure(req: Requirement, resources: readonly ResourceRecord[]): Found & { measure: Measure } {
  for (const m of req.measures) {
    const f = evaluate(m, resources);
    if (f.value !== null) return { ...f, measure: m };
  }
  return { value: null, urls: [], measure: req.measures[0]! };
}

function met(req: Requirement, f: Found): boolean {
  if (f.value === null) return false;
  if (f.total !== undefined && !req.threshold) return f.total > 0 && f.value === f.total;
  const t = req.threshold!;
  return t.op === '>=' ? f.value >= t.value : f.value === t.value;
}

const thresholdText = (req: Requirement, f: Found) =>
  req.threshold ? `${req.threshold.op} ${req.threshold.value}` : `= all${f.total ? ` (${f.total})` : ''}`;
const shortList = (urls: readonly string[]) =>
  urls.length <= 4 ? urls.join(', ') : `${urls.slice(0, 3).join(', ')} … and ${urls.length - 3} more`;
const measureText = (m: Measure) =>
  m.of === 'spare' ? `${m.resource} ${m.max} - ${m.minNeeded}` : m.of === 'sum' ? `${m.resource} ${m.property}` : `${m.resource} resources`;

/** The readings of one kind that its schema accepts, the last one per target (a re-reading supersedes the earlier one). */
export function lastPerTarget<T extends { target: string }>(
  events: readonly HistoryEvent[],
  kind: string,
  schema: { safeParse(x: unknown): { success: true; data: T } | { success: false } },
): T[] {
  const byTarget = new Map<string, T>();
  for (const e of events) {
    if (e.kind !== kind) continue;
    const parsed = schema.safeParse(e);
    if (parsed.success) byTarget.set(parsed.data.target, parsed.data);
  }
  return [...byTarget.values()];
}

/** Inventories for a role, the last one per target. */
export const inventoriesOf = (events: readonly HistoryEvent[], role: InventoryEvent['role']): InventoryEvent[] =>
  lastPerTarget(events, INVENTORY_EVENT, inventoryEventSchema).filter((i) => i.role === role);

export function checkHardwareInventory(events: readonly HistoryEvent[], clause: ClauseRequirements, scenario = 'inventory'): Verdict {
  const invs = inventoriesOf(events, clause.role);
  const nature = combinedNature(invs.map((i) => natureOfSource(i.source))) ?? 'simulated';
  const base = {
    clause: clause.clause,
    scenario,
    nature,
    method: {
      zh: `从 BMC 的 Redfish 服务根 /redfish/v1 出发，沿 @odata.id 链接遍历系统、内存、处理器、存储与硬盘、机箱散热与电源、网口（每个请求有超时），清单写入历史记录（inventory.redfish），逐项对照合同要求：${clause.summary.zh}。数字孪生的清单为仿真，真实 BMC 的清单为实测。`,
      en: `The BMC's Redfish service is walked from /redfish/v1 by following @odata.id links (systems, memory, processors, storage and drives, chassis thermal and power, network interfaces; each request bounded by a timeout); the inventory is written to the history (inventory.redfish) and each contract requirement is checked against it: ${clause.summary.en}. A twin's inventory is simulated, a real BMC's measured.`,
    },
    evidence: [`history.jsonl#${INVENTORY_EVENT}`, ...invs.map((i) => i.url)],
  };
  if (!invs.length) {
    return {
      ...base,
      status: 'INCONCLUSIVE',
      figures: [],
      reasons: [`no Redfish inventory of a ${clause.role} in this history: ${clause.clause} not shown`],
    };
  }
  const figures: Figure[] = [];
  const fails: string[] = [];
  const unsure: string[] = [];
  const notes: string[] = [];
  for (const inv of invs) {
    const fig = natureOfSource(inv.source);
    const errors = inv.resources.filter((r) => r.status === 'error');
    for (const req of clause.requirements) {
      const name = `${inv.target}: ${req.label.en}`;
      const label = { zh: `${inv.target}：${req.label.zh}`, en: name };
      if (!inv.reachable) {
        figures.push({
          name,
          label,
          value: null,
          unit: req.unit,
          threshold: thresholdText(req, { value: null, urls: [] }),
          ok: false,
          nature: fig,
          note: `not read: ${inv.error ?? 'service unreachable'}`,
        });
        continue;
      }
      const f = measure(req, inv.resources);
      const ok = met(req, f);
      const from = f.urls.length
        ? `from ${shortList(f.urls)} (${measureText(f.measure)})`
        : `not found: no ${req.measures.map(measureText).join(' nor ')}`;
      figures.push({
        name,
        label,
        value: f.value,
        unit: req.unit,
        threshold: thresholdText(req, f),
        ok,
        nature: fig,
        note: [from, req.note].filter(Boolean).join('; '),
      });
      if (ok) continue;
      const found = f.value === null ? 'not found' : f.total !== undefined ? `${f.value} of ${f.total}` : `${f.value} ${req.unit}`;
      const line = `${inv.target}: ${req.label.zh} / ${req.label.en}: ${found}, required ${thresholdText(req, f)} ${req.unit} (${req.level}; ${from})`;
      if (req.level === 'should') notes.push(`should, not judged: ${line}`);
      else if (errors.length || inv.truncated)
        unsure.push(
          `${line}; but ${errors.length} resource(s) could not be read (${shortList(errors.map((e) => `${e.url ?? e.via}: ${e.error ?? ''}`))})${inv.truncated ? ' and the walk was truncated' : ''}, so the shortfall may be the reading's`,
        );
      else fails.push(line);
    }
    if (!inv.reachable)
      unsure.push(
        `${inv.target}: the Redfish service at ${inv.url} could not be read (${inv.error ?? 'unreachable'}): ${clause.clause} not shown`,
      );
  }
  const status = fails.length ? 'FAIL' : unsure.length ? 'INCONCLUSIVE' : 'PASS';
  const reasons = [...fails, ...unsure, ...notes];
  if (status === 'PASS')
    reasons.unshift(
      `${invs.map((i) => i.target).join(', ')}: every required property of ${clause.clause} found and met${nature !== 'measured' ? ' (read from a digital twin, simulated)' : ''}`,
    );
  return { ...base, status, figures, reasons };
}
