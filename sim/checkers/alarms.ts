// M5 (remote alarms over every channel) and M6 (alarm noise reduction), as pure functions
// of the history: what was injected into the twins (alarm.inject/.repeat/.clear), what
// Prometheus and Alertmanager decided (ops.alert, ops.am.alert, ops.silence) and what
// arrived at each channel mock (outside.arrival, the text a person reads).
import { eventsOf, firstOf, lastOf, type HistoryEvent } from '../history';
import type { Figure, Verdict } from '../verdict';
import { parseAlarmLines, type AlarmLine } from '../outside/alarm-format';
import { r2 } from './numbers';

export type Severity = 'critical' | 'warning';

export interface AlarmThresholds {
  maxLatencySeconds: number;
  maxResolveSeconds: number;
  /** severity -> channels that must receive it (and no other) */
  routes: Record<Severity, readonly string[]>;
  /** the same unchanged alert may be re-sent once per repeat interval, not more */
  repeatIntervalSeconds: number;
}

const injects = (ev: readonly HistoryEvent[]) => eventsOf(ev, 'alarm.inject');
const arrivals = (ev: readonly HistoryEvent[]) => eventsOf(ev, 'outside.arrival').map((a) => ({ ...a, lines: parseAlarmLines(a.text) }));
type Arr = ReturnType<typeof arrivals>[number];
const about = (f: { node: string; slot: number }) => (l: AlarmLine) => l.node === f.node && l.slot === String(f.slot);

const METHOD_M5 = {
  zh: '经数字孪生注入硬盘故障（SMART 5 突增，模拟），由真实运维栈（Prometheus 抓取孪生与存储核心指标、告警规则、Alertmanager 按级别路由、项目中继签名转发）送达钉钉机器人、企业微信机器人、短信网关、Web 回调与 SMTP 邮箱的模拟端点（回环地址，记录到达时刻）；以挂钟时间测量从注入到各渠道收到含节点、槽位、级别消息的时延，以及更换硬盘后恢复通知的时延。',
  en: 'A disk fault is injected through a twin (SMART 5 jump, simulated); the real operations stack (Prometheus scraping the twins and the core, alert rules, Alertmanager routing by severity, the project relay signing for DingTalk) delivers to recording mocks of DingTalk, WeChat Work, an SMS gateway, a web webhook and an SMTP mailbox on loopback. Wall clock from the injection to each channel receiving a message naming node, slot and severity; then from the disk replacement to the resolution notice.',
};

/** The channels M5 names (web, e-mail, SMS, WeChat, DingTalk) and the mock that stands for
 *  each: the web one is the duty room's web console (Alertmanager's webhook JSON), WeChat is
 *  WeChat Work's group robot. M5 is judged against these, whatever a profile configures. */
export const CONTRACT_CHANNELS = [
  { channel: 'webhook', zh: 'Web', en: 'web' },
  { channel: 'email', zh: '邮件', en: 'e-mail' },
  { channel: 'sms', zh: '短信', en: 'SMS' },
  { channel: 'wecom', zh: '微信（企业微信）', en: 'WeChat (WeChat Work)' },
  { channel: 'dingtalk', zh: '钉钉', en: 'DingTalk' },
] as const;

export function checkM5(events: readonly HistoryEvent[], t: AlarmThresholds, scenario = 'alarms'): Verdict {
  const figures: Figure[] = [];
  const reasons: string[] = [];
  const base = {
    clause: 'M5',
    scenario,
    method: METHOD_M5,
    nature: 'mixed' as const,
    evidence: [
      'history.jsonl#alarm.inject',
      'history.jsonl#outside.arrival',
      'history.jsonl#alarm.clear',
      'ops/alertmanager.json',
      'ops/rules.json',
    ],
  };
  const done = (status: Verdict['status']): Verdict => ({ ...base, status, figures, reasons });
  const up = firstOf(events, 'ops.stack.up');
  if (!up) return done(inconclusive(reasons, 'no operations stack ran in this history (ops.stack.up)'));
  const fault = injects(events).find((i) => i.purpose.includes('M5'));
  if (!fault) return done(inconclusive(reasons, 'no M5 fault was injected (alarm.inject with purpose M5)'));
  const clear = events.find((e) => e.kind === 'alarm.clear' && e.id === fault.id);
  const arr = arrivals(events);
  // what the stack was configured with (recorded at start), else the profile's routes
  const configured: readonly string[] = up.routes?.[fault.severity] ?? t.routes[fault.severity];
  const contract: readonly string[] = CONTRACT_CHANNELS.map((c) => c.channel);
  const judged = [...contract, ...configured.filter((c) => !contract.includes(c))];
  const reached: string[] = [];
  const notConfigured: string[] = [];
  let failed = false;
  for (const ch of judged) {
    const isConfigured = configured.includes(ch);
    const mine = arr.filter((a) => a.channel === ch && a.arrivedWall >= fault.wall);
    const hit = mine.find(
      (a) => a.accepted && a.lines.some((l) => about(fault)(l) && l.status === 'firing' && l.severity === fault.severity),
    );
    const latency = hit ? (hit.arrivedWall - fault.wall) / 1000 : null;
    const ok = latency !== null && latency <= t.maxLatencySeconds;
    if (hit) reached.push(ch);
    figures.push({
      name: `alarm latency ${ch}`,
      label: { zh: `告警延迟（${ch}）`, en: `alarm latency ${ch}` },
      value: latency === null ? null : r2(latency),
      unit: 's',
      threshold: `<= ${t.maxLatencySeconds}`,
      ok,
      nature: 'measured',
      note:
        isConfigured || hit
          ? `${fault.node} slot ${fault.slot} ${fault.severity}: fault in the twin -> message accepted by the ${ch} endpoint`
          : `not configured for ${fault.severity} alarms in this stack: not shown`,
    });
    if (!hit && !isConfigured) {
      notConfigured.push(ch);
      continue;
    }
    if (!ok) {
      failed = true;
      const refused = mine.filter((a) => !a.accepted);
      const why = refused.length
        ? `; the endpoint refused ${refused.length} message(s): ${refused[0]!.error ?? refused[0]!.status}`
        : mine.length
          ? '; messages arrived but none names node, slot and severity'
          : '';
      reasons.push(
        latency === null
          ? `${ch}: 未送达 / no message naming ${fault.node} slot ${fault.slot} ${fault.severity} was accepted${why}`
          : `${ch}: ${r2(latency)} s > ${t.maxLatencySeconds} s`,
      );
    }
    if (clear) {
      const res = arr.find(
        (a) =>
          a.channel === ch && a.accepted && a.arrivedWall >= clear.wall && a.lines.some((l) => about(fault)(l) && l.status === 'resolved'),
      );
      const rl = res ? (res.arrivedWall - clear.wall) / 1000 : null;
      const rok = rl !== null && rl <= t.maxResolveSeconds;
      figures.push({
        name: `resolution latency ${ch}`,
        label: { zh: `恢复通知延迟（${ch}）`, en: `resolution latency ${ch}` },
        value: rl === null ? null : r2(rl),
        unit: 's',
        threshold: `<= ${t.maxResolveSeconds}`,
        ok: rok,
        nature: 'measured',
        note: 'disk replaced -> resolution notice accepted',
      });
      if (!rok) {
        failed = true;
        reasons.push(
          rl === null
            ? `${ch}: 无恢复通知 / no resolution notice after the repair`
            : `${ch}: resolution ${r2(rl)} s > ${t.maxResolveSeconds} s`,
        );
      }
    }
  }
  const name = (ch: string) => CONTRACT_CHANNELS.find((c) => c.channel === ch)?.en ?? ch;
  if (notConfigured.length) {
    reasons.push(
      `合同渠道未配置 / contract channel(s) ${notConfigured.map((c) => `${name(c)} (${c})`).join(', ')} not configured for ${fault.severity} alarms: remote alarms over them not shown`,
    );
  }
  if (reached.filter((c) => contract.includes(c)).length === 0) {
    reasons.push(`the alarm reached none of the contract's channels (${contract.join(', ')})`);
    return done('FAIL');
  }
  if (failed) return done('FAIL');
  if (notConfigured.length) return done('INCONCLUSIVE');
  if (!clear) return done(inconclusive(reasons, 'the fault was never repaired (alarm.clear): resolution notices not measured'));
  reasons.push(`all ${judged.length} channels (${judged.join(', ')}) received the alarm and its resolution within the bounds`);
  return done('PASS');
}

function inconclusive(reasons: string[], why: string): 'INCONCLUSIVE' {
  reasons.push(why);
  return 'INCONCLUSIVE';
}

const METHOD_M6 = {
  zh: '同一故障在告警持续期间反复上报（去重）；同一节点多块硬盘同时故障（合并）；维护窗口以 Alertmanager 静默实施并记录抑制（屏蔽）；严重与警告按级别路由到不同渠道（分类）；告警统计（统计）：Alertmanager 按集成统计的已送达通知数（总数减失败数）须等于各渠道实际收到的消息数，触发、抑制与各渠道消息数仅作信息列出。全部依据各渠道实际收到的消息判定。',
  en: 'The same fault re-reported while it lasts (de-duplication); several disks of one node failing at once (merging); a maintenance window applied as an Alertmanager silence, the suppression recorded (masking); critical and warning routed to different channels (classification); statistics: the notifications Alertmanager counts as delivered per integration (total minus failed) must equal the messages the channels actually accepted; counts of alerts fired, suppressed and messages per channel are listed as information. Judged from the messages the channels actually received.',
};

type Sub = { name: string; status: 'PASS' | 'FAIL' | 'INCONCLUSIVE'; reasons: string[] };

export function checkM6(events: readonly HistoryEvent[], t: AlarmThresholds, scenario = 'alarms'): Verdict {
  const figures: Figure[] = [];
  const base = {
    clause: 'M6',
    scenario,
    method: METHOD_M6,
    nature: 'mixed' as const,
    evidence: [
      'history.jsonl#alarm.inject',
      'history.jsonl#alarm.repeat',
      'history.jsonl#outside.arrival',
      'history.jsonl#ops.silence',
      'history.jsonl#ops.am.alert',
      'history.jsonl#ops.stats',
      'ops/alertmanager.json',
    ],
  };
  if (!events.some((e) => e.kind === 'ops.stack.up')) {
    return { ...base, status: 'INCONCLUSIVE', figures, reasons: ['no operations stack ran in this history (ops.stack.up)'] };
  }
  const arr = arrivals(events);
  const accepted = arr.filter((a) => a.accepted);
  const subs = [
    dedup(events, accepted, t, figures),
    merge(events, accepted, t, figures),
    mask(events, arr, figures),
    classify(events, accepted, t, figures),
    statistics(events, arr, figures),
  ];
  const status = subs.some((s) => s.status === 'FAIL') ? 'FAIL' : subs.some((s) => s.status === 'INCONCLUSIVE') ? 'INCONCLUSIVE' : 'PASS';
  return { ...base, status, figures, reasons: subs.flatMap((s) => s.reasons.map((r) => `${s.name}: ${r}`)) };
}

/** The same unchanged alert reaches a channel at most once per repeat interval. */
function dedup(events: readonly HistoryEvent[], accepted: Arr[], t: AlarmThresholds, figures: Figure[]): Sub {
  const name = '去重 de-duplication';
  const fault = injects(events).find((i) => i.purpose.includes('M6:dedup'));
  if (!fault) return { name, status: 'INCONCLUSIVE', reasons: ['no repeated fault in this history'] };
  const repeats = events.filter((e) => e.kind === 'alarm.repeat' && e.id === fault.id).length;
  if (repeats < 1) return { name, status: 'INCONCLUSIVE', reasons: ['the fault was reported only once: nothing to de-duplicate'] };
  const end = (events.find((e) => e.kind === 'alarm.clear' && e.id === fault.id) ?? events[events.length - 1]!).wall;
  const allowed = 1 + Math.floor((end - fault.wall) / 1000 / t.repeatIntervalSeconds);
  const reasons: string[] = [];
  let judged = 0;
  let failed = false;
  for (const ch of t.routes[fault.severity]) {
    const n = accepted.filter(
      (a) =>
        a.channel === ch &&
        a.arrivedWall >= fault.wall &&
        a.arrivedWall <= end &&
        a.lines.some((l) => about(fault)(l) && l.status === 'firing'),
    ).length;
    figures.push({
      name: `dedup messages ${ch}`,
      label: { zh: `去重后消息数（${ch}）`, en: `dedup messages ${ch}` },
      value: n,
      unit: 'messages',
      threshold: `<= ${allowed}`,
      ok: n <= allowed,
      nature: 'measured',
      note: `${1 + repeats} reports of ${fault.node} slot ${fault.slot} in ${r2((end - fault.wall) / 1000)} s`,
    });
    if (n === 0) continue;
    judged++;
    if (n > allowed) {
      failed = true;
      reasons.push(
        `${ch} received the same alarm ${n} times (${1 + repeats} reports), at most ${allowed} allowed (repeat interval ${t.repeatIntervalSeconds} s)`,
      );
    }
  }
  if (failed) return { name, status: 'FAIL', reasons };
  if (judged === 0) return { name, status: 'INCONCLUSIVE', reasons: ['no channel received the repeated alarm at all'] };
  return { name, status: 'PASS', reasons: [`${1 + repeats} reports -> at most ${allowed} message per channel`] };
}

/** Several faults of one node at once arrive as one message per channel, naming them all.
 *  Counted per channel: the messages it took until every fault of the batch was named (1 when
 *  merged), plus any later message naming the batch that brings nothing new (a re-send without
 *  change is noise). A later message that also brings a new alert or a resolution (the group
 *  updated: e.g. another disk of the node failed) is the group's next notification, not a split. */
function merge(events: readonly HistoryEvent[], accepted: Arr[], t: AlarmThresholds, figures: Figure[]): Sub {
  const name = '合并 merging';
  const batch = injects(events).filter((i) => i.purpose.includes('M6:merge'));
  if (batch.length < 2) return { name, status: 'INCONCLUSIVE', reasons: ['no batch of simultaneous faults in this history'] };
  const t0 = Math.min(...batch.map((b) => b.wall));
  const reasons: string[] = [];
  let failed = false;
  let judged = 0;
  const key = (l: AlarmLine) => `${l.alertname}|${l.node}|${l.slot}|${l.status}`;
  for (const ch of t.routes[batch[0]!.severity]) {
    const msgs = accepted.filter(
      (a) => a.channel === ch && a.arrivedWall >= t0 && a.lines.some((l) => l.status === 'firing' && batch.some((b) => about(b)(l))),
    );
    const seen = new Set<string>();
    const unnamed = new Set(batch.map((b) => b.id));
    let toAll = 0;
    let resent = 0;
    let updates = 0;
    for (const m of msgs) {
      const fresh = m.lines.some((l) => !seen.has(key(l)));
      for (const l of m.lines) seen.add(key(l));
      if (unnamed.size > 0) {
        toAll++;
        for (const b of batch) if (m.lines.some((l) => about(b)(l) && l.status === 'firing')) unnamed.delete(b.id);
      } else if (fresh) updates++;
      else resent++;
    }
    const counted = toAll + resent;
    figures.push({
      name: `merge messages ${ch}`,
      label: { zh: `合并后消息数（${ch}）`, en: `merge messages ${ch}` },
      value: counted,
      unit: 'messages',
      threshold: '== 1',
      ok: counted === 1 && unnamed.size === 0,
      nature: 'measured',
      note: `${batch.length} disks of ${batch[0]!.node} failing at once${updates ? `; ${updates} later group update(s) with a new alert not counted` : ''}`,
    });
    if (msgs.length === 0) continue;
    judged++;
    const named = batch.filter((b) => msgs[0]!.lines.some((l) => about(b)(l) && l.status === 'firing')).length;
    if (counted > 1 || unnamed.size > 0) {
      failed = true;
      const split = unnamed.size > 0 ? ` (${unnamed.size} never named)` : toAll > 1 ? '' : `, re-sent ${resent} time(s) without change`;
      reasons.push(`${ch}: ${batch.length} simultaneous faults arrived as ${counted} messages (the first names ${named})${split}`);
    }
  }
  if (failed) return { name, status: 'FAIL', reasons };
  if (judged === 0) return { name, status: 'INCONCLUSIVE', reasons: ['no channel received the batch of faults'] };
  return { name, status: 'PASS', reasons: [`${batch.length} faults -> one message per channel`] };
}

/** A fault inside a maintenance window notifies nobody, and the suppression is recorded. */
function mask(events: readonly HistoryEvent[], arr: Arr[], figures: Figure[]): Sub {
  const name = '屏蔽 masking';
  const masked = injects(events).filter((i) => i.masked);
  const window = firstOf(events, 'ops.maintenance');
  if (!masked.length || !window) return { name, status: 'INCONCLUSIVE', reasons: ['no fault inside a maintenance window in this history'] };
  const reasons: string[] = [];
  let failed = false;
  for (const f of masked) {
    const fired = events.some((e) => e.kind === 'ops.alert' && e.state === 'firing' && e.node === f.node && e.slot === String(f.slot));
    if (!fired)
      return {
        name,
        status: 'INCONCLUSIVE',
        reasons: [`the alert for ${f.node} slot ${f.slot} never fired in Prometheus: masking not shown`],
      };
    const leaked = arr.filter((a) => a.arrivedWall >= f.wall && a.lines.some((l) => about(f)(l) && l.status === 'firing'));
    const suppressed = events.find(
      (e) =>
        e.kind === 'ops.am.alert' &&
        e.state === 'suppressed' &&
        e.node === f.node &&
        e.slot === String(f.slot) &&
        Array.isArray(e.silencedBy) &&
        e.silencedBy.length > 0,
    );
    figures.push({
      name: 'masked alarm messages',
      label: { zh: '维护窗口内泄漏的告警消息', en: 'masked alarm messages' },
      value: leaked.length,
      unit: 'messages',
      threshold: '== 0',
      ok: leaked.length === 0,
      nature: 'measured',
      note: `${f.node} slot ${f.slot} in a maintenance window`,
    });
    figures.push({
      name: 'suppression recorded',
      label: { zh: '已记录告警抑制', en: 'suppression recorded' },
      value: suppressed ? 1 : 0,
      unit: '',
      threshold: '== 1',
      ok: !!suppressed,
      nature: 'measured',
      note: suppressed
        ? `silenced by ${(suppressed.silencedBy as string[]).join(', ')}`
        : 'Alertmanager never showed the alert as suppressed',
    });
    if (leaked.length) {
      failed = true;
      reasons.push(
        `${f.node} slot ${f.slot} is in a maintenance window but reached ${[...new Set(leaked.map((a) => a.channel))].join(', ')}`,
      );
    }
    if (!suppressed) {
      failed = true;
      reasons.push(`no suppression of ${f.node} slot ${f.slot} recorded (no silenced state in Alertmanager)`);
    }
  }
  return failed
    ? { name, status: 'FAIL', reasons }
    : { name, status: 'PASS', reasons: ['faults in the maintenance window suppressed, suppression recorded'] };
}

/** Each severity reaches exactly its channels. */
function classify(events: readonly HistoryEvent[], accepted: Arr[], t: AlarmThresholds, figures: Figure[]): Sub {
  const name = '分类 classification';
  const reasons: string[] = [];
  let failed = false;
  const misrouted = accepted.flatMap((a) =>
    a.lines
      .filter(
        (l) =>
          l.status === 'firing' && (l.severity === 'critical' || l.severity === 'warning') && !t.routes[l.severity].includes(a.channel),
      )
      .map((l) => `${l.severity} ${l.alertname} ${l.node}${l.slot ? ` slot ${l.slot}` : ''} at ${a.channel}`),
  );
  figures.push({
    name: 'misrouted alarm lines',
    label: { zh: '错误路由的告警', en: 'misrouted alarm lines' },
    value: misrouted.length,
    unit: 'lines',
    threshold: '== 0',
    ok: misrouted.length === 0,
    nature: 'measured',
  });
  if (misrouted.length) {
    failed = true;
    reasons.push(`routed to a channel not meant for its severity: ${[...new Set(misrouted)].slice(0, 5).join('; ')}`);
  }
  const warn = injects(events).find((i) => i.purpose.includes('M6:classification'));
  if (!warn)
    return failed
      ? { name, status: 'FAIL', reasons }
      : { name, status: 'INCONCLUSIVE', reasons: ['no warning-level fault in this history'] };
  for (const ch of t.routes[warn.severity]) {
    const got = accepted.some(
      (a) => a.channel === ch && a.arrivedWall >= warn.wall && a.lines.some((l) => about(warn)(l) && l.severity === warn.severity),
    );
    if (!got) {
      failed = true;
      reasons.push(`${warn.severity} fault ${warn.node} slot ${warn.slot} never reached ${ch}`);
    }
  }
  return failed
    ? { name, status: 'FAIL', reasons }
    : { name, status: 'PASS', reasons: [`critical -> ${t.routes.critical.join(', ')}; warning -> ${t.routes.warning.join(', ')}`] };
}

/** Alertmanager's integration for each channel: the robots and the SMS gateway through the
 *  relay and the web console are webhook_configs, e-mail is an email_config. */
const INTEGRATION: Record<string, 'webhook' | 'email'> = {
  dingtalk: 'webhook',
  wecom: 'webhook',
  sms: 'webhook',
  webhook: 'webhook',
  email: 'email',
};

/** Alarm statistics (告警统计分析). The counts of alerts fired, suppressed and messages per
 *  channel are information. The rule: the stack's own statistics account for every
 *  notification — for each Alertmanager integration, the notifications it counts as delivered
 *  (alertmanager_notifications_total − alertmanager_notifications_failed_total) equal the
 *  messages the channels actually accepted, counted up to the moment the counters were read.
 *  A statistic that claims deliveries nobody received (or misses some) FAILs. */
function statistics(events: readonly HistoryEvent[], arr: Arr[], figures: Figure[]): Sub {
  const name = '统计 statistics';
  const info = '（信息 / information, not judged）';
  const fired = new Set(events.filter((e) => e.kind === 'ops.alert' && e.state === 'firing').map((e) => JSON.stringify(e.labels)));
  const suppressed = new Set(events.filter((e) => e.kind === 'ops.am.alert' && e.state === 'suppressed').map((e) => e.fingerprint));
  const stats = lastOf(events, 'ops.stats');
  const bySeverity = (s: string) => [...fired].filter((l) => (JSON.parse(l) as Record<string, string>).severity === s).length;
  figures.push({
    name: 'alerts fired (critical)',
    label: { zh: '触发告警（严重）', en: 'alerts fired (critical)' },
    value: bySeverity('critical'),
    unit: 'alerts',
    nature: 'measured',
    note: info,
  });
  figures.push({
    name: 'alerts fired (warning)',
    label: { zh: '触发告警（警告）', en: 'alerts fired (warning)' },
    value: bySeverity('warning'),
    unit: 'alerts',
    nature: 'measured',
    note: info,
  });
  figures.push({
    name: 'alerts suppressed',
    label: { zh: '被抑制的告警', en: 'alerts suppressed' },
    value: suppressed.size,
    unit: 'alerts',
    nature: 'measured',
    note: info,
  });
  const channels = [...new Set(arr.map((a) => a.channel))].sort();
  for (const ch of channels) {
    const mine = arr.filter((a) => a.channel === ch);
    figures.push({
      name: `messages ${ch}`,
      label: { zh: `消息数（${ch}）`, en: `messages ${ch}` },
      value: mine.filter((a) => a.accepted).length,
      unit: 'messages',
      nature: 'measured',
      note: `${mine.filter((a) => !a.accepted).length} refused ${info}`,
    });
  }
  if (stats && typeof stats.prometheusAlertsSent === 'number') {
    const delivered = arr.filter((a) => a.accepted).length;
    figures.push({
      name: 'alert reports Prometheus -> Alertmanager',
      label: { zh: 'Prometheus → Alertmanager 告警上报次数', en: 'alert reports Prometheus -> Alertmanager' },
      value: stats.prometheusAlertsSent,
      unit: 'reports',
      nature: 'measured',
      note: `noise reduction: ${stats.prometheusAlertsSent} reports -> ${delivered} messages on ${channels.length} channels ${info}`,
    });
  }
  if (!stats || !Array.isArray(stats.amNotifications) || !Array.isArray(stats.amNotificationsFailed)) {
    return {
      name,
      status: 'INCONCLUSIVE',
      reasons: ["Alertmanager's notification counters were not read (ops.stats): the statistics cannot be reconciled with the channels"],
    };
  }
  const sum = (series: { labels: string; value: number }[], integration: string) =>
    series.filter((s) => s.labels.includes(`integration="${integration}"`)).reduce((a, s) => a + s.value, 0);
  const reasons: string[] = [];
  let failed = false;
  let any = 0;
  for (const integration of ['webhook', 'email'] as const) {
    const total = sum(stats.amNotifications, integration);
    const failedN = sum(stats.amNotificationsFailed, integration);
    const counted = total - failedN;
    const mine = arr.filter((a) => INTEGRATION[a.channel] === integration && a.arrivedWall <= stats.wall);
    const accepted = mine.filter((a) => a.accepted).length;
    any += total + mine.length;
    const ok = counted === accepted;
    const via = [...new Set(mine.map((a) => a.channel))].sort().join(', ') || 'none';
    figures.push({
      name: `notifications delivered ${integration}: Alertmanager vs channels`,
      label: {
        zh: `已送达通知数（${integration}）：Alertmanager 统计 vs 渠道实收`,
        en: `notifications delivered ${integration}: Alertmanager vs channels`,
      },
      value: counted,
      unit: 'notifications',
      threshold: `== ${accepted} (accepted at ${via})`,
      ok,
      nature: 'measured',
      note: `Alertmanager: ${total} notifications, ${failedN} failed; channels: ${accepted} accepted, ${mine.length - accepted} refused`,
    });
    if (!ok) {
      failed = true;
      reasons.push(
        `Alertmanager's statistics count ${counted} delivered ${integration} notifications (${total} − ${failedN} failed), the channels accepted ${accepted} (${via})`,
      );
    }
  }
  if (failed) {
    if (stats.settled === false)
      reasons.push('the counters were still moving when read (a notification in flight): the mismatch may be timing');
    return { name, status: stats.settled === false ? 'INCONCLUSIVE' : 'FAIL', reasons };
  }
  if (any === 0) return { name, status: 'INCONCLUSIVE', reasons: ['no notification at all: nothing to count'] };
  return {
    name,
    status: 'PASS',
    reasons: ["Alertmanager's notification counts equal the messages the channels accepted, per integration"],
  };
}
