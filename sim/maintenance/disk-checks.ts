// T11: one round of disk checks over the rack, through each node's BMC over HTTP (the
// vendor API), recorded in the history as 'disk.check' events with the raw values read, so
// a checker can recompute grades and find missing attributes from the history alone.
import { diskCheck, type CheckKind, type SmartReading } from '../../devices/disk/health-check';
import type { HistoryWriter } from '../history';
import { mapLimit } from '../exec';
import type { Rack } from '../topology/rack';
import { BmcClient } from './bmc-client';

export interface CheckRoundResult {
  checked: number;
  faulty: { node: string; slot: number }[];
}

export async function checkRound(
  rack: Rack,
  history: HistoryWriter,
  o: { round: string; check: CheckKind; slots?: Map<string, number[]>; urlOf?: (node: string) => string },
): Promise<CheckRoundResult> {
  const faulty: { node: string; slot: number }[] = [];
  let checked = 0;
  for (const [name, n] of rack.nodes) {
    const bmc = new BmcClient(o.urlOf?.(name) ?? n.bmc.url, name);
    const slots = o.slots ? (o.slots.get(name) ?? []) : n.twin.bays.map((b) => b.slot);
    await mapLimit(slots, 4, async (slot) => {
      const smart = await bmc.smartctl(slot);
      if (smart.status === 404) return; // an empty or pulled bay: no drive to check
      if (smart.status !== 200) throw new Error(`${name} slot ${slot}: BMC answered HTTP ${smart.status} for SMART data`);
      const rec = diskCheck(smart.body as SmartReading, o.check);
      // the deep check also reads the vendor's own grading of the drive
      const drive = o.check === 'deep' ? await bmc.drive(slot) : null;
      checked++;
      history.append({
        kind: 'disk.check',
        round: o.round,
        node: name,
        slot,
        twinVirtualMs: n.twin.virtualNowMs,
        ...rec,
        ...(drive ? { reportedGrade: drive.Oem?.Twin?.HealthGrade ?? null, reportedHealth: drive.Status?.Health ?? null } : {}),
      });
      if ((drive?.Oem?.Twin?.HealthGrade ?? rec.grade) === 'faulty') faulty.push({ node: name, slot });
    });
  }
  faulty.sort((a, b) => a.node.localeCompare(b.node) || a.slot - b.slot);
  return { checked, faulty };
}
