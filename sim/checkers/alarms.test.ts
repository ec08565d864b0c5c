import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import { alarmLine } from '../outside/alarm-format';
import { checkM5, checkM6, type AlarmThresholds } from './alarms';

const ALL = ['dingtalk', 'wecom', 'sms', 'email', 'webhook'] as const;
const T: AlarmThresholds = {
  maxLatencySeconds: 30,
  maxResolveSeconds: 60,
  routes: { critical: [...ALL], warning: ['dingtalk', 'wecom', 'email', 'webhook'] },
  repeatIntervalSeconds: 3600,
};

type Fault = { node: string; slot: number; severity: 'critical' | 'warning'; alertname: string };
const line = (f: Fault, status: 'firing' | 'resolved') =>
  alarmLine({
    status,
    labels: { alertname: f.alertname, node: f.node, slot: String(f.slot), severity: f.severity },
    annotations: { summary: 'x' },
  });

interface Breakage {
  refuse?: string;
  latencyS?: number;
  noResolve?: boolean;
  noClear?: boolean;
  /** the M5 fault re-sent every this many seconds (no de-duplication) */
  resendEveryS?: number;
  /** the merge batch arrives split into this many messages */
  mergeMessages?: number;
  maskLeaks?: boolean;
  noSuppression?: boolean;
  warningToSms?: boolean;
  mergeSize?: number;
  /** the stack sends critical alarms only to these channels (a profile configuring fewer than the contract's five) */
  criticalTo?: string[];
  /** Alertmanager's counters claim this many more delivered webhook notifications than arrived (a relay that drops) */
  phantomWebhook?: number;
  /** no Alertmanager counters in ops.stats */
  noCounters?: boolean;
  /** the counters were still moving when read */
  unsettled?: boolean;
}

/** A history as the alarm scenario writes it; options break it as a stack can be broken. */
export function alarmHistory(o: Breakage = {}): HistoryEvent[] {
  const ev: HistoryEvent[] = [];
  const at = (wall: number, body: Record<string, unknown>) =>
    ev.push({ i: ev.length, wall, mono: wall, virt: wall, kind: String(body.kind), ...body } as HistoryEvent);
  const arrive = (wall: number, channel: string, text: string) => {
    const refused = o.refuse === channel;
    at(wall, {
      kind: 'outside.arrival',
      channel,
      accepted: !refused,
      status: refused ? 503 : 200,
      ...(refused ? { error: 'gateway answers 503' } : {}),
      text,
      arrivedWall: wall,
    });
  };
  at(0, { kind: 'run.start' });
  const critical = o.criticalTo ?? [...ALL];
  at(10, { kind: 'ops.stack.up', routes: { ...T.routes, critical } });
  const m5: Fault = { node: 'node1', slot: 3, severity: 'critical', alertname: 'DiskFaulty' };
  const lat = (o.latencyS ?? 2.5) * 1000;
  at(1000, { kind: 'ops.maintenance', matchers: { node: 'node2', slot: '20' }, applied: !o.maskLeaks });
  at(1000, { kind: 'alarm.inject', id: 'm5', ...m5, purpose: ['M5', 'M6:dedup'], masked: false });
  for (let r = 1; r <= 10; r++) at(1000 + r * 2000, { kind: 'alarm.repeat', id: 'm5', n: r });
  const sends = o.resendEveryS
    ? Array.from({ length: Math.floor(20 / o.resendEveryS) + 1 }, (_, k) => 1000 + lat + k * o.resendEveryS! * 1000)
    : [1000 + lat];
  for (const s of sends) for (const ch of critical) arrive(s, ch, line(m5, 'firing'));
  const warn: Fault = { node: 'node1', slot: 8, severity: 'warning', alertname: 'DiskSubHealthy' };
  at(3000, { kind: 'alarm.inject', id: 'classify', ...warn, purpose: ['M6:classification'], masked: false });
  for (const ch of o.warningToSms ? ALL : T.routes.warning) arrive(5000, ch, line(warn, 'firing'));
  const k = o.mergeSize ?? 3;
  const batch: Fault[] = Array.from({ length: k }, (_, i) => ({
    node: 'node2',
    slot: 12 + i,
    severity: 'critical',
    alertname: 'DiskFaulty',
  }));
  for (const [i, b] of batch.entries()) at(5000, { kind: 'alarm.inject', id: `merge-${i}`, ...b, purpose: ['M6:merge'], masked: false });
  const parts = Math.min(o.mergeMessages ?? 1, k);
  for (let p = 0; p < parts; p++) {
    const mine = batch.filter((_, i) => i % parts === p);
    for (const ch of ALL) arrive(8000 + p * 5000, ch, mine.map((b) => line(b, 'firing')).join('\n'));
  }
  const masked: Fault = { node: 'node2', slot: 20, severity: 'critical', alertname: 'DiskFaulty' };
  if (!o.maskLeaks) at(1000, { kind: 'ops.silence', id: 'sil-1', matchers: { node: 'node2', slot: '20' } });
  at(7000, { kind: 'alarm.inject', id: 'mask', ...masked, purpose: ['M6:mask'], masked: true });
  at(8000, {
    kind: 'ops.alert',
    alertname: 'DiskFaulty',
    node: 'node2',
    slot: '20',
    severity: 'critical',
    state: 'firing',
    labels: { alertname: 'DiskFaulty', node: 'node2', slot: '20', severity: 'critical' },
  });
  if (o.maskLeaks) for (const ch of ALL) arrive(10_000, ch, line(masked, 'firing'));
  else if (!o.noSuppression)
    at(8100, {
      kind: 'ops.am.alert',
      alertname: 'DiskFaulty',
      node: 'node2',
      slot: '20',
      severity: 'critical',
      fingerprint: 'f20',
      state: 'suppressed',
      silencedBy: ['sil-1'],
    });
  if (!o.noClear) {
    at(22_000, { kind: 'alarm.clear', id: 'm5', node: 'node1', slot: 3 });
    if (!o.noResolve) for (const ch of critical) arrive(24_000, ch, line(m5, 'resolved'));
  }
  // Alertmanager's own counters, as a faithful stack reports them: one notification per accepted message
  const acceptedBy = (integration: string) =>
    ev.filter((e) => e.kind === 'outside.arrival' && e.accepted && (e.channel === 'email') === (integration === 'email')).length;
  const refusedBy = (integration: string) =>
    ev.filter((e) => e.kind === 'outside.arrival' && !e.accepted && (e.channel === 'email') === (integration === 'email')).length;
  const counters = o.noCounters
    ? {}
    : {
        amNotifications: [
          { labels: 'integration="webhook"', value: acceptedBy('webhook') + refusedBy('webhook') + (o.phantomWebhook ?? 0) },
          { labels: 'integration="email"', value: acceptedBy('email') + refusedBy('email') },
          { labels: 'integration="slack"', value: 0 },
        ],
        amNotificationsFailed: [
          { labels: 'integration="webhook"', value: refusedBy('webhook') },
          { labels: 'integration="email"', value: refusedBy('email') },
        ],
        settled: !o.unsettled,
      };
  at(30_000, { kind: 'ops.stats', prometheusAlertsSent: 120, ...counters });
  return ev.sort((a, b) => a.wall - b.wall);
}

describe('M5 remote alarms', () => {
  it('PASSes when every channel gets node, slot and severity within the bound, and the resolution', () => {
    const v = checkM5(alarmHistory(), T);
    expect(v.status, v.reasons.join('; ')).toBe('PASS');
    expect(v.figures.find((f) => f.name === 'alarm latency sms')?.value).toBe(2.5);
    expect(v.figures.filter((f) => f.name.startsWith('alarm latency'))).toHaveLength(5);
  });
  it('FAILs when a channel answers errors (the control)', () => {
    const v = checkM5(alarmHistory({ refuse: 'sms' }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/sms.*refused/);
  });
  it('FAILs when the message is later than the bound', () => {
    expect(checkM5(alarmHistory({ latencyS: 31 }), T).status).toBe('FAIL');
  });
  it('FAILs without a resolution notice', () => {
    const v = checkM5(alarmHistory({ noResolve: true }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/resolution/);
  });
  it('FAILs when the message does not name the slot', () => {
    const ev = alarmHistory().map((e) => (e.kind === 'outside.arrival' ? { ...e, text: String(e.text).replace(/ slot:3/g, '') } : e));
    expect(checkM5(ev, T).status).toBe('FAIL');
  });
  it('judges the five contract channels even when the stack routes critical alarms to one: INCONCLUSIVE naming the others, never PASS', () => {
    const v = checkM5(alarmHistory({ criticalTo: ['dingtalk'] }), { ...T, routes: { critical: ['dingtalk'], warning: ['dingtalk'] } });
    expect(v.status).toBe('INCONCLUSIVE');
    expect(v.reasons.join(' ')).toMatch(
      /contract channel\(s\) web \(webhook\), e-mail \(email\), SMS \(sms\), WeChat \(WeChat Work\) \(wecom\) not configured for critical alarms/,
    );
    expect(
      v.figures
        .filter((f) => f.name.startsWith('alarm latency'))
        .map((f) => f.name.replace('alarm latency ', ''))
        .sort(),
    ).toEqual(['dingtalk', 'email', 'sms', 'webhook', 'wecom']);
    expect(v.figures.find((f) => f.name === 'alarm latency sms')).toMatchObject({ value: null, ok: false });
  });
  it('FAILs when no contract channel is reached at all', () => {
    const none = alarmHistory({ criticalTo: [] });
    const v = checkM5(none, T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/reached none of the contract's channels/);
    // also when the one configured channel refuses everything
    const refused = checkM5(alarmHistory({ criticalTo: ['sms'], refuse: 'sms' }), T);
    expect(refused.status).toBe('FAIL');
    expect(refused.reasons.join(' ')).toMatch(/reached none/);
  });
  it('a configured contract channel that never receives FAILs even when the others do', () => {
    const ev = alarmHistory().filter((e) => !(e.kind === 'outside.arrival' && e.channel === 'wecom'));
    const v = checkM5(ev, T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/wecom: 未送达/);
  });
  it('is INCONCLUSIVE without a stack or without a fault, never PASS', () => {
    expect(
      checkM5(
        alarmHistory().filter((e) => e.kind !== 'ops.stack.up'),
        T,
      ).status,
    ).toBe('INCONCLUSIVE');
    expect(
      checkM5(
        alarmHistory().filter((e) => e.kind !== 'alarm.inject'),
        T,
      ).status,
    ).toBe('INCONCLUSIVE');
    expect(checkM5(alarmHistory({ noClear: true }), T).status).toBe('INCONCLUSIVE');
  });
  it('property: PASS exactly when every channel latency is within the bound', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 60, noNaN: true }), (latencyS) => {
        const v = checkM5(alarmHistory({ latencyS }), T);
        expect(v.status).toBe(latencyS <= T.maxLatencySeconds ? 'PASS' : 'FAIL');
      }),
      { seed: 5, numRuns: 60 },
    );
  });
});

describe('M6 alarm noise reduction', () => {
  it('PASSes on a de-duplicated, merged, masked, classified history', () => {
    const v = checkM6(alarmHistory(), T);
    expect(v.status, v.reasons.join('; ')).toBe('PASS');
    expect(v.figures.find((f) => f.name === 'alert reports Prometheus -> Alertmanager')?.value).toBe(120);
  });
  it('FAILs de-duplication when the same fault is re-sent every group interval (no-grouping control)', () => {
    const v = checkM6(alarmHistory({ resendEveryS: 5 }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/de-duplication: .* received the same alarm \d+ times/);
  });
  it("FAILs merging when one node's simultaneous faults arrive as several messages", () => {
    const v = checkM6(alarmHistory({ mergeMessages: 3 }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/merging: .*3 simultaneous faults arrived as 3 messages/);
  });
  it('merging: a later group update that brings a new alert of the node is not a split; a re-send without change is', () => {
    const base = alarmHistory();
    const at = 9000;
    const batchLines = [12, 13, 14].map((slot) => line({ node: 'node2', slot, severity: 'critical', alertname: 'DiskFaulty' }, 'firing'));
    const newcomer = line({ node: 'node2', slot: 21, severity: 'critical', alertname: 'DiskFaulty' }, 'firing');
    const extra = (text: string): HistoryEvent[] =>
      ALL.map((channel, k) => ({
        i: 1000 + k,
        wall: at,
        mono: at,
        virt: at,
        kind: 'outside.arrival',
        channel,
        accepted: true,
        status: 200,
        text,
        arrivedWall: at,
      }));
    const updated = [...base, ...extra([...batchLines, newcomer].join('\n'))].sort((a, b) => a.wall - b.wall);
    // (the added arrivals have no Alertmanager counters behind them: statistics FAILs, merging must not)
    const v = checkM6(updated, T);
    expect(v.reasons.join(' ')).toMatch(/merging: 3 faults -> one message per channel/);
    expect(v.figures.find((f) => f.name === 'merge messages sms')).toMatchObject({ value: 1, ok: true });
    expect(v.figures.find((f) => f.name === 'merge messages sms')?.note).toMatch(/1 later group update/);
    const resent = [...base, ...extra(batchLines.join('\n'))].sort((a, b) => a.wall - b.wall);
    const r = checkM6(resent, T);
    expect(r.status).toBe('FAIL');
    expect(r.reasons.join(' ')).toMatch(
      /merging: sms: 3 simultaneous faults arrived as 2 messages \(the first names 3\), re-sent 1 time\(s\) without change/,
    );
  });
  it('FAILs masking when a fault in the maintenance window is notified', () => {
    const v = checkM6(alarmHistory({ maskLeaks: true }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/masking: .*maintenance window but reached/);
  });
  it('FAILs masking when the suppression is not recorded', () => {
    const v = checkM6(alarmHistory({ noSuppression: true }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/no suppression/);
  });
  it('FAILs classification when a warning reaches the SMS pager', () => {
    const v = checkM6(alarmHistory({ warningToSms: true }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(/classification: .*warning DiskSubHealthy node1 slot 8 at sms/);
  });
  it('FAILs classification when every severity goes to every channel (the no-severity-routing control)', () => {
    const v = checkM6(alarmHistory({ warningToSms: true }), T);
    expect(v.reasons.join(' ')).toMatch(/classification: routed to a channel not meant for its severity/);
  });
  it("statistics: PASS when Alertmanager's delivered counts equal what the channels accepted", () => {
    const v = checkM6(alarmHistory(), T);
    const f = v.figures.find((x) => x.name === 'notifications delivered webhook: Alertmanager vs channels');
    expect(f?.ok).toBe(true);
    expect(f?.value).toBeGreaterThan(0);
    // the information figures carry no threshold: they cannot count towards PASS
    for (const name of ['alerts fired (critical)', 'alerts suppressed', 'messages sms', 'alert reports Prometheus -> Alertmanager'])
      expect(v.figures.find((x) => x.name === name)?.threshold, name).toBeUndefined();
  });
  it('statistics: FAILs when Alertmanager counts deliveries the channels never received (the relay-drops control)', () => {
    const v = checkM6(alarmHistory({ phantomWebhook: 3 }), T);
    expect(v.status).toBe('FAIL');
    expect(v.reasons.join(' ')).toMatch(
      /statistics: Alertmanager's statistics count \d+ delivered webhook notifications .* the channels accepted \d+/,
    );
  });
  it('statistics: failed notifications are not deliveries (a refusing channel still reconciles)', () => {
    const v = checkM6(alarmHistory({ refuse: 'sms' }), T);
    expect(v.reasons.join(' ')).toMatch(/statistics: Alertmanager's notification counts equal the messages the channels accepted/);
    expect(v.figures.find((x) => x.name === 'notifications delivered webhook: Alertmanager vs channels')?.note).toMatch(/[1-9]\d* failed/);
  });
  it('statistics: INCONCLUSIVE, not PASS, without the counters or while they still moved', () => {
    expect(checkM6(alarmHistory({ noCounters: true }), T).status).toBe('INCONCLUSIVE');
    const moving = checkM6(alarmHistory({ phantomWebhook: 1, unsettled: true }), T);
    expect(moving.status).toBe('INCONCLUSIVE');
    expect(moving.reasons.join(' ')).toMatch(/still moving/);
  });
  it('property: de-duplication PASSes iff each channel got the repeated alarm at most once per repeat interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 21 }), fc.integer({ min: 5, max: 3600 }), (resendEveryS, repeatIntervalSeconds) => {
        const ev = alarmHistory({ resendEveryS });
        // sent 2.5 s after the fault, then every resendEveryS, counted until the repair at 21 s
        const messages = Array.from({ length: Math.floor(20 / resendEveryS) + 1 }, (_, k) => 2.5 + k * resendEveryS).filter(
          (t) => t <= 21,
        ).length;
        const allowed = 1 + Math.floor(21 / repeatIntervalSeconds);
        const v = checkM6(ev, { ...T, repeatIntervalSeconds });
        expect(v.status).toBe(messages <= allowed ? 'PASS' : 'FAIL');
      }),
      { seed: 6, numRuns: 80 },
    );
  });
  it('property: a batch of k simultaneous faults PASSes merging iff it arrives as one message', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 8 }), (mergeSize, mergeMessages) => {
        const v = checkM6(alarmHistory({ mergeSize, mergeMessages }), T);
        expect(v.status).toBe(Math.min(mergeMessages, mergeSize) === 1 ? 'PASS' : 'FAIL');
      }),
      { seed: 7, numRuns: 60 },
    );
  });
  it('property: shuffling arrival order within equal timestamps does not change the verdict', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (maskLeaks, warningToSms, split) => {
        const ev = alarmHistory({ maskLeaks, warningToSms, mergeMessages: split ? 2 : 1 });
        const reversed = [...ev].reverse().sort((a, b) => a.wall - b.wall);
        expect(checkM6(reversed, T).status).toBe(checkM6(ev, T).status);
        expect(checkM6(ev, T).status).toBe(maskLeaks || warningToSms || split ? 'FAIL' : 'PASS');
      }),
      { seed: 8, numRuns: 20 },
    );
  });
});
