// M7 bad-disk replacement from the history: the faulty-slot list is exactly the disks the
// written rules grade faulty, each with its physical position (rack, units, row, column);
// every faulty slot's locate LED went on through the BMC (HTTP readback AND the twin's LED),
// every faulty disk was replaced by a blank one that the REAL core lists ok, and the LEDs
// went off again.
import { eventsOf, firstOf, type HistoryEvent } from '../history';
import { diskServing } from '../history-events';
import type { Figure, Verdict } from '../verdict';
import { diskChecks, ruleGrade } from './disk-health';

export interface SlotServiceThresholds {
  /** longest a single replacement (pull + blank insert + the core taking it) may take */
  maxReplaceSeconds: number;
}

const key = (s: { node: string; slot: number }) => `${s.node}/${s.slot}`;

export function checkSlotService(events: readonly HistoryEvent[], t: SlotServiceThresholds, scenario = 'operations'): Verdict {
  const base = {
    clause: 'M7',
    scenario,
    method: {
      zh: '按厂商 BMC 的分级列出故障槽位（含机柜、U 位、行列）；经 BMC 的 HTTP 接口（Redfish LocationIndicatorActive）一键点亮各故障槽位定位灯，并回读接口与数字孪生的指示灯；随后在真实存储核心上批量更换：逐个拔出故障盘、插入新空盘，核心须将新盘列为 ok；最后熄灯。',
      en: "Faulty slots listed by the vendor BMC's grading (with rack, units, row, column); each faulty slot's locate LED lit in one go through the BMC over HTTP (Redfish LocationIndicatorActive), read back from the API and from the twin's LED; then a batch replacement on the real core: each faulty disk pulled and a blank one inserted, the core must list every new disk ok; LEDs off at the end.",
    },
    nature: 'mixed' as const,
    evidence: [
      'history.jsonl#m7.faulty-slots',
      'history.jsonl#m7.led',
      'history.jsonl#m7.replace',
      'history.jsonl#m7.replace.end',
      'history.jsonl#disk.check',
    ],
  };
  const list = firstOf(events, 'm7.faulty-slots');
  const deep = diskChecks(events).filter((c) => c.round === 'deep');
  if (!list || deep.length === 0)
    return { ...base, status: 'INCONCLUSIVE', figures: [], reasons: ['no faulty-slot list or no deep check in this history'] };
  const expected = new Set(deep.filter((c) => ruleGrade(c) === 'faulty').map(key));
  const listed = new Set(list.slots.map(key));
  const reasons: string[] = [];
  let fail = false;
  const figures: Figure[] = [];
  if (expected.size === 0)
    return {
      ...base,
      status: 'INCONCLUSIVE',
      figures: [],
      reasons: ['no disk graded faulty by the written rules (or none could be graded): nothing to light or replace'],
    };

  const notListed = [...expected].filter((k) => !listed.has(k));
  const wrongly = [...listed].filter((k) => !expected.has(k));
  if (notListed.length || wrongly.length) {
    fail = true;
    reasons.push(
      `faulty-slot list differs from the graded disks: missing ${notListed.join(', ') || '-'}, extra ${wrongly.join(', ') || '-'}`,
    );
  }
  const noPosition = list.slots.filter(
    (s) => !s.rack || !(Number(s.uFrom) > 0) || !(Number(s.row) > 0) || !(Number(s.column) > 0) || !s.label,
  );
  if (noPosition.length) {
    fail = true;
    reasons.push(`${noPosition.length} faulty slots without a full physical position (rack, U, row, column, label)`);
  }
  figures.push({
    name: 'faulty slots listed with their physical position',
    label: { zh: '列出物理位置的故障盘位', en: 'faulty slots listed with their physical position' },
    value: list.slots.length - noPosition.length,
    unit: 'slots',
    threshold: `= ${expected.size}`,
    ok: !notListed.length && !wrongly.length && !noPosition.length,
    nature: 'simulated',
  });

  const leds = eventsOf(events, 'm7.led');
  const lit = [...expected].filter((k) =>
    leds.some((l) => key(l) === k && l.on && l.httpStatus === 200 && l.readback === true && l.twinLed === true),
  );
  const unlit = [...expected].filter((k) => !lit.includes(k));
  figures.push({
    name: 'locate LEDs lit (API readback and twin)',
    label: { zh: '已点亮定位灯（API 回读与孪生体）', en: 'locate LEDs lit (API readback and twin)' },
    value: lit.length,
    unit: 'slots',
    threshold: `= ${expected.size}`,
    ok: unlit.length === 0,
    nature: 'simulated',
  });
  if (unlit.length) {
    fail = true;
    const l = leds.find((x) => key(x) === unlit[0] && x.on);
    reasons.push(
      `locate LED not lit for ${unlit.join(', ')}${l ? ` (BMC answered HTTP ${l.httpStatus}, readback ${l.readback}, twin LED ${l.twinLed})` : ''}`,
    );
  }

  const replaces = eventsOf(events, 'm7.replace');
  const end = firstOf(events, 'm7.replace.end');
  let slowest = 0;
  for (const k of expected) {
    const r = replaces.find((x) => key(x) === k);
    const bay = `bay${String(Number(k.split('/')[1])).padStart(2, '0')}`;
    const seen = end?.core.find((c) => `${c.node}/${Number(c.bay.slice(3))}` === k);
    const core = seen?.status ?? 'not listed';
    const serving = seen ? diskServing(seen) : false;
    if (!r) {
      fail = true;
      reasons.push(`${k}: not replaced`);
      continue;
    }
    slowest = Math.max(slowest, r.seconds);
    figures.push({
      name: `${k}: faulty disk out, blank disk in, core lists it ok`,
      label: { zh: `${k}：拔出故障盘、插入新空盘，核心列为正常`, en: `${k}: faulty disk out, blank disk in, core lists it ok` },
      value: r.inserted.coreAcceptedSeconds,
      unit: 's',
      nature: 'measured',
      ok: r.inserted.coreAcceptedSeconds !== null && serving,
      note: `${r.oldSerial} → ${r.newSerial}; ${bay} ${core}; whole swap ${r.seconds} s`,
    });
    if (!r.pulled.ok || !r.inserted.ok || !r.inserted.blank || r.newSerial === r.oldSerial) {
      fail = true;
      reasons.push(`${k}: replacement not done (${r.pulled.reason ?? r.inserted.reason ?? 'the same disk went back'})`);
    } else if (r.inserted.coreAcceptedSeconds === null || !serving) {
      fail = true;
      reasons.push(`${k}: the core did not take the new disk back (core says ${core})`);
    }
  }
  figures.push({
    name: 'longest single replacement (pull + blank insert + core ok)',
    label: { zh: '单次更换最长用时（拔盘 + 插入空盘 + 核心识别正常）', en: 'longest single replacement (pull + blank insert + core ok)' },
    value: slowest,
    unit: 's',
    threshold: `<= ${t.maxReplaceSeconds}`,
    ok: slowest <= t.maxReplaceSeconds,
    nature: 'measured',
  });
  if (slowest > t.maxReplaceSeconds) {
    fail = true;
    reasons.push(`a replacement took ${slowest} s`);
  }
  if (end)
    figures.push({
      name: 'whole batch replacement',
      label: { zh: '整批更换用时', en: 'whole batch replacement' },
      value: end.seconds,
      unit: 's',
      nature: 'measured',
      note: `${replaces.length} disks`,
    });
  const after = diskChecks(events).filter((c) => c.round === 'after-replacement');
  const badNew = after.filter((c) => ruleGrade(c) !== 'healthy');
  if (after.length < expected.size || badNew.length) {
    fail = true;
    reasons.push(`new disks not checked healthy after the replacement (${after.length} checked, ${badNew.length} not healthy)`);
  }
  const stillLit = [...expected].filter((k) => !leds.some((l) => key(l) === k && !l.on && l.readback === false && l.twinLed === false));
  if (stillLit.length) {
    fail = true;
    reasons.push(`locate LED not off again after the replacement: ${stillLit.join(', ')}`);
  }
  if (!fail)
    reasons.push(`${expected.size} faulty slots listed with positions, lit, replaced with blank disks the core took back, LEDs off`);
  return { ...base, status: fail ? 'FAIL' : 'PASS', figures, reasons };
}
