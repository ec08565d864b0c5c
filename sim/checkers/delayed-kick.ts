// T5, as a pure function of the history. Two parts, judged apart and said so:
//  MEASURED on the real core (wall clock): I/O errors injected into a chunkserver's bay
//   - a burst: the disk is never marked damaged, is listed ok afterwards and the core
//     kept doing chunk I/O on it (still in service);
//   - persistent errors: the core ejects the disk (damaged) within maxEjectionSeconds and
//     only after at least minErrorsBeforeEjection errors; errors before ejection and the
//     time from the first error to the ejection are reported.
//  SIMULATED on the twins: the 12 V current at power-on with the node's spin-up policy
//   stays within ONE power supply's rating.
// FAIL if either part fails; INCONCLUSIVE if a part could not be shown and none failed.
import { eventsOf, type HistoryEvent } from '../history';
import { diskServing } from '../history-events';
import type { Figure, Verdict } from '../verdict';
import { foldDurability } from './durability';
import { processAround, restartText } from './process-identity';
import { num, r2 } from './numbers';

export interface DelayedKickThresholds {
  maxEjectionSeconds: number;
  minErrorsBeforeEjection: number;
}

export function checkDelayedKick(events: readonly HistoryEvent[], t: DelayedKickThresholds, scenario = 'delayedkick'): Verdict {
  const figures: Figure[] = [];
  const reasons: string[] = [];
  let fail = false;
  let unsure = false;
  const of = (kind: string, id: string) => events.filter((e) => e.kind === kind && e.id === id);

  // ---- delayed kick: measured on the real core ------------------------------------------
  const faults = events.filter((e) => e.kind === 'fault.start' && e.fault === 'io-errors');
  for (const f of faults) {
    const id = String(f.id);
    const where = `${String(f.node)} ${String(f.bay)}`;
    const injected = of('io.error.injected', id).sort((a, b) => Number(a.atWall) - Number(b.atWall));
    const damaged = of('core.disk.damaged', id)[0];
    const end = of('fault.end', id)[0];
    const views = of('core.disk', id);
    const seenError = views.some((v) => v.why !== 'before' && v.lastError !== null && v.lastError !== views[0]?.lastError);
    if (!end) {
      unsure = true;
      reasons.push(`${id} (${where}): the fault did not complete in this history`);
      continue;
    }
    // a storage process that died of the errors and came back fresh has tolerated nothing: its
    // restart forgets the error count, and the disk reads ok again
    const proc = processAround(events, id);
    if (!proc) {
      unsure = true;
      reasons.push(`${id} (${where}): the node's storage process was not recorded around the fault`);
    } else if (proc.restarted) {
      fail = true;
      reasons.push(`${id} (${where}): the node's storage process restarted during the I/O errors (${restartText(proc)})`);
    }
    if (f.mode === 'burst') {
      const count = num(f.count) ?? 0;
      const service = events.find((e) => e.kind === 'fault.effect' && e.id === id && e.service === 'after-burst');
      const opsAfter = num(service?.opsAfterBurst);
      const finalView = [...views].reverse().find((v) => v.why === 'after-observation');
      figures.push({
        name: `${id}: I/O errors injected in a burst on ${where}`,
        label: { zh: `${id}：${where} 突发注入的 I/O 错误数`, en: `${id}: I/O errors injected in a burst on ${where}` },
        value: injected.length,
        unit: 'errors',
        threshold: `= ${count}`,
        ok: injected.length === count,
        nature: 'measured',
        note: injected.map((e) => String(e.call)).join(', '),
      });
      figures.push({
        name: `${id}: disk ejected by the core after the burst`,
        label: { zh: `${id}：突发错误后被核心踢出的硬盘数`, en: `${id}: disk ejected by the core after the burst` },
        value: damaged ? 1 : 0,
        unit: 'disks',
        threshold: '= 0',
        ok: !damaged,
        nature: 'measured',
        note: damaged ? String(damaged.status) : 'never marked damaged',
      });
      figures.push({
        name: `${id}: chunk I/O calls the core made on the disk after the burst`,
        label: {
          zh: `${id}：突发错误后核心对该硬盘的数据块 I/O 调用次数`,
          en: `${id}: chunk I/O calls the core made on the disk after the burst`,
        },
        value: opsAfter,
        unit: 'calls',
        threshold: '> 0',
        ok: (opsAfter ?? 0) > 0,
        nature: 'measured',
        note: `core status after observation: ${String(finalView?.status ?? 'unknown')}; error seen by the core: ${seenError ? 'yes' : 'no'}`,
      });
      const span =
        injected.length > 1
          ? r2((Number(injected[injected.length - 1]!.atWall) - Number(injected[0]!.atWall)) / 1000)
          : injected.length
            ? 0
            : null;
      figures.push({
        name: `${id}: burst duration (first → last injected error), then watched in service`,
        label: {
          zh: `${id}：突发错误持续时间（首个 → 末个注入错误），其后在役观察`,
          en: `${id}: burst duration (first → last injected error), then watched in service`,
        },
        value: span,
        unit: 's',
        nature: 'measured',
        note: `watched ${String(service?.observedSeconds ?? '?')} s after the burst; the core's tolerance window counts errors over its whole period (MooseFS: HDD_ERROR_TOLERANCE_PERIOD, 600 s by default)`,
      });
      const chunksBefore = num(views.find((v) => v.why === 'before')?.chunks);
      figures.push({
        name: `${id}: chunks on the disk in the core's view, before → after the observation`,
        label: {
          zh: `${id}：核心视图中该硬盘上的数据块数（观察前 → 观察后）`,
          en: `${id}: chunks on the disk in the core's view, before → after the observation`,
        },
        value: num(finalView?.chunks),
        unit: 'chunks',
        nature: 'measured',
        note: `before the burst: ${chunksBefore ?? 'unknown'}`,
      });
      if (damaged) {
        fail = true;
        reasons.push(
          `${id}: the core ejected ${where} (${String(damaged.status)}) after a burst of ${injected.filter((e) => Number(e.atWall) <= Number(damaged.atWall)).length} I/O errors: transient errors kick the disk at once`,
        );
        continue;
      }
      if (injected.length < count) {
        unsure = true;
        reasons.push(`${id}: only ${injected.length} of ${count} burst errors were used up (${where} saw too little chunk I/O)`);
      }
      if (!finalView || !diskServing({ status: String(finalView.status), serving: finalView.serving as boolean | undefined })) {
        fail = true;
        reasons.push(`${id}: ${where} is '${String(finalView?.status ?? 'absent')}' after the burst, not ok`);
      } else if (!((opsAfter ?? 0) > 0)) {
        unsure = true;
        reasons.push(`${id}: ${where} stayed ok but the core did no chunk I/O on it after the burst (not shown in use)`);
      }
    } else {
      const first = num(injected[0]?.atWall);
      const at = num(damaged?.atWall);
      const before = at === null ? injected.length : injected.filter((e) => Number(e.atWall) <= at).length;
      const seconds = first !== null && at !== null ? r2((at - first) / 1000) : null;
      const lastBefore = at === null ? null : num([...injected].reverse().find((e) => Number(e.atWall) <= at)?.atWall);
      figures.push({
        name: `${id}: I/O errors before the core ejected ${where}`,
        label: { zh: `${id}：核心踢出 ${where} 前的 I/O 错误数`, en: `${id}: I/O errors before the core ejected ${where}` },
        value: at === null ? null : before,
        unit: 'errors',
        threshold: `>= ${t.minErrorsBeforeEjection}`,
        ok: at !== null && before >= t.minErrorsBeforeEjection,
        nature: 'measured',
        note: 'counted at the syscall boundary up to the first poll that saw the disk damaged',
      });
      figures.push({
        name: `${id}: first injected error → disk marked damaged`,
        label: { zh: `${id}：首个注入错误 → 硬盘标记为损坏`, en: `${id}: first injected error → disk marked damaged` },
        value: seconds,
        unit: 's',
        threshold: `<= ${t.maxEjectionSeconds}`,
        ok: seconds !== null && seconds <= t.maxEjectionSeconds,
        nature: 'measured',
        note: 'wall clock, mfscli polled every 0.3 s; the machine may be shared',
      });
      if (lastBefore !== null && at !== null)
        figures.push({
          name: `${id}: last error before ejection → marked damaged (the core's own delay)`,
          label: {
            zh: `${id}：踢盘前最后一个错误 → 标记为损坏（核心自身延迟）`,
            en: `${id}: last error before ejection → marked damaged (the core's own delay)`,
          },
          value: r2((at - lastBefore) / 1000),
          unit: 's',
          nature: 'measured',
        });
      const cleanup = events.find((e) => e.kind === 'fault.cleanup' && e.id === id);
      if (cleanup)
        figures.push({
          name: `${id}: blank replacement disk taken back`,
          label: { zh: `${id}：替换新空盘重新接纳`, en: `${id}: blank replacement disk taken back` },
          value: num(cleanup.coreAcceptedSeconds),
          unit: 's',
          nature: 'measured',
        });
      if (!injected.length) {
        unsure = true;
        reasons.push(`${id}: no error was injected (${where} saw no chunk I/O)`);
      } else if (at === null) {
        // the watch's end (its fault.effect) counted from the first error, the figure's own start
        const end = events.find((e) => e.kind === 'fault.effect' && e.id === id && e.ejected !== undefined)?.wall;
        const watched = first !== null && end !== undefined ? r2((end - first) / 1000) : null;
        if (watched !== null && watched > t.maxEjectionSeconds) {
          fail = true;
          reasons.push(
            `${id}: ${where} failed ${injected.length} chunk I/O calls and the core never ejected it (watched ${watched} s after the first error)`,
          );
        } else {
          unsure = true;
          reasons.push(
            `${id}: ${where} failed ${injected.length} chunk I/O calls, not ejected, but watched only ${watched ?? '?'} s after the first error (the bound is ${t.maxEjectionSeconds} s)`,
          );
        }
      } else {
        if (before < t.minErrorsBeforeEjection) {
          fail = true;
          reasons.push(`${id}: the core ejected ${where} after ${before} error(s): kicked at once`);
        }
        if (seconds !== null && seconds > t.maxEjectionSeconds) {
          fail = true;
          reasons.push(`${id}: the core took ${seconds} s to eject a failing disk (> ${t.maxEjectionSeconds} s)`);
        }
      }
    }
  }
  const bursts = faults.filter((f) => f.mode === 'burst').length;
  const persistents = faults.filter((f) => f.mode === 'persistent').length;
  if (!bursts) {
    unsure = true;
    reasons.push('delayed kick: no burst of I/O errors in this history (transient-error tolerance not shown)');
  }
  if (!persistents) {
    unsure = true;
    reasons.push('delayed kick: no persistent I/O errors in this history (ejection of a failing disk not shown)');
  }

  // ---- staggered spin-up: simulated on the twins -----------------------------------------
  const spin = eventsOf(events, 'twin.spinup');
  for (const s of spin) {
    const peak = num(s.peakAmps);
    const rating = num(s.psu12vAmps);
    const policy = s.policy as { groupSize?: number; groupDelayMs?: number } | undefined;
    const disks = num(s.disks) ?? 0;
    // 'supports staggered spin-up': a node that starts every disk together does not, even where the surge happens to fit
    const staggered = disks <= 1 || ((policy?.groupSize ?? disks) < disks && (policy?.groupDelayMs ?? 0) > 0);
    const ok = peak !== null && rating !== null && peak <= rating && staggered;
    figures.push({
      name: `${String(s.node)}: 12 V peak at power-on (${String(s.disks)} disks, groups of ${String(policy?.groupSize)} every ${Number(policy?.groupDelayMs ?? 0) / 1000} s)`,
      label: {
        zh: `${String(s.node)}：上电 12 V 峰值电流（${String(s.disks)} 块硬盘，每组 ${String(policy?.groupSize)} 块，间隔 ${Number(policy?.groupDelayMs ?? 0) / 1000} 秒）`,
        en: `${String(s.node)}: 12 V peak at power-on (${String(s.disks)} disks, groups of ${String(policy?.groupSize)} every ${Number(policy?.groupDelayMs ?? 0) / 1000} s)`,
      },
      value: peak,
      unit: 'A',
      threshold: `<= ${rating} (one PSU)`,
      ok,
      nature: 'simulated',
      note: `twin model (Seagate 12 V figures), acceleration 1, computed not slept; all disks at once would draw ${String(s.allAtOnceAmps)} A; largest safe group ${String(s.maxSafeGroupSize)}; all spinning after ${Number(s.readyAtMs) / 1000} s`,
    });
    if (!staggered) {
      fail = true;
      reasons.push(`${String(s.node)}: starts all ${disks} disks at once (no staggered spin-up)`);
    }
    if (peak === null || rating === null || peak > rating) {
      fail = true;
      reasons.push(
        `${String(s.node)}: power-on surge ${peak} A exceeds one PSU's 12 V rating ${rating} A (groups of ${String(policy?.groupSize)}; safe at most ${String(s.maxSafeGroupSize)})`,
      );
    }
  }
  if (!spin.length) {
    unsure = true;
    reasons.push('staggered spin-up: no power-on telemetry of the twins in this history');
  }

  const durability = foldDurability(events, figures, reasons);
  fail ||= durability.fail;
  unsure ||= durability.unsure;
  if (!fail && !unsure) {
    reasons.push(
      `${bursts} burst(s) tolerated and ${persistents} failing disk(s) ejected after several errors, on the real core (measured); power-on surge within one PSU on ${spin.length} node twin(s) (simulated)`,
    );
  }
  reasons.push(
    'measured on the real core: I/O-error bursts and ejection (wall clock); simulated on the twins: spin-up currents (acceleration 1)',
  );
  return {
    clause: 'T5',
    scenario,
    status: fail ? 'FAIL' : unsure ? 'INCONCLUSIVE' : 'PASS',
    figures,
    method: {
      zh: '【真实核心实测】在存储核心的数据服务进程中（MooseFS：mfschunkserver）以 LD_PRELOAD 系统调用包装对一块盘的数据块 I/O 注入 EIO：短时突发（如 2 次）后该盘须保持正常并继续被使用；持续错误时该盘须被判坏剔除，且不得在首个错误即剔除，记录剔除前错误数与耗时（墙钟）；剔除后按热插拔流程换入新盘。【孪生模型仿真】按各节点孪生的分组启动策略计算上电 12 V 电流，峰值不得超过单个电源额定值。',
      en: "MEASURED on the real core: EIO injected into one bay's chunk I/O inside the core's data server (MooseFS: the chunkserver) (an LD_PRELOAD syscall wrapper): after a short burst (e.g. 2 errors) the disk must stay ok and in use; under persistent errors the core must mark it damaged, not at the first error; errors before ejection and the time taken are reported (wall clock); the ejected disk is then replaced as in hot-plug. SIMULATED on the twins: the 12 V current at power-on with each node's staggered spin-up policy must stay within one PSU's rating.",
    },
    nature: spin.length && faults.length ? 'mixed' : spin.length ? 'simulated' : 'measured',
    reasons,
    evidence: [
      'history.jsonl#fault.start',
      'history.jsonl#io.error.injected',
      'history.jsonl#core.disk',
      'history.jsonl#core.disk.damaged',
      'history.jsonl#core.process',
      'history.jsonl#fault.effect',
      'history.jsonl#fault.cleanup',
      'history.jsonl#twin.spinup',
    ],
    ...(spin.length ? { accel: 1 } : {}),
  };
}
