// The operations stack's pure parts and the channel mocks as real loopback servers.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageNodeTwin, inventoryFor } from '../../devices';
import type { Arrival } from '../outside/arrivals';
import { dingtalkSign, startDingTalk } from '../outside/dingtalk';
import { startSms } from '../outside/sms';
import { startWeCom } from '../outside/wecom';
import { startWebhook } from '../outside/webhook';
import { decodeQuotedPrintable, mailText } from '../outside/smtp-sink';
import { alertmanagerConfig, effectiveRoutes } from './alertmanager';
import { coreMetrics, twinMetrics } from './exporters';
import { alarmLine, parseAlarmLines, robotText, type AlertmanagerPayload } from '../outside/alarm-format';
import { startRelay } from './relay';
import { alertRules } from './rules';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const payload = (status: 'firing' | 'resolved'): AlertmanagerPayload => ({
  version: '4',
  groupKey: 'g',
  status,
  receiver: 'critical',
  groupLabels: {},
  commonLabels: { severity: 'critical' },
  alerts: [
    {
      status,
      labels: { alertname: 'DiskFaulty', node: 'node1', slot: '3', severity: 'critical' },
      annotations: { summary: '硬盘故障' },
      startsAt: '',
      endsAt: '',
      fingerprint: 'f',
    },
  ],
});

describe('alarm message format', () => {
  it('property: every line names node, slot, severity and state and parses back', () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
    fc.assert(
      fc.property(
        token,
        fc.option(fc.integer({ min: 0, max: 47 }), { nil: undefined }),
        fc.constantFrom('critical', 'warning'),
        fc.constantFrom('firing', 'resolved'),
        fc.string(),
        (node, slot, severity, status, summary) => {
          const labels: Record<string, string> = {
            alertname: 'DiskFaulty',
            node,
            severity,
            ...(slot === undefined ? {} : { slot: String(slot) }),
          };
          const [l] = parseAlarmLines(
            alarmLine({ status: status as 'firing', labels, annotations: { summary: summary.replace(/\[/g, '') } }),
          );
          expect(l).toEqual({ severity, alertname: 'DiskFaulty', node, slot: slot === undefined ? null : String(slot), status });
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });
  it('robot text has a bilingual head and one line per alert', () => {
    const t = robotText(payload('firing'));
    expect(t).toMatch(/^【存储告警 严重】1 条告警/);
    expect(parseAlarmLines(t)).toHaveLength(1);
  });
  it('decodes a quoted-printable e-mail text part', () => {
    expect(decodeQuotedPrintable('[critical] DiskFaulty node:node1 slot:3 status:firing =E7=A1=AC=E7=9B=98=\n=E6=95=85=E9=9A=9C')).toBe(
      '[critical] DiskFaulty node:node1 slot:3 status:firing 硬盘故障',
    );
    const raw =
      'Subject: [firing] DiskFaulty node1\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n[critical] DiskFaulty node:node1 slot:3 status:firing x=3Dy\r\n--b--\r\n';
    expect(parseAlarmLines(mailText(raw))[0]?.slot).toBe('3');
  });
});

describe('exporters', () => {
  const twin = () => new StorageNodeTwin({ id: 'node1', seed: 's', inventory: inventoryFor('SN-24A') });
  it('a twin disk with SMART 5 over the faulty threshold is grade 2, sub-healthy 1', () => {
    const t = twin();
    expect(twinMetrics(t)).toMatch(/twin_disk_health_grade\{node="node1",slot="3",serial="[^"]+"\} 0/);
    t.bay(3).disk!.c.reallocated = 250;
    t.bay(8).disk!.c.reallocated = 5;
    const text = twinMetrics(t);
    expect(text).toMatch(/twin_disk_health_grade\{node="node1",slot="3",serial="[^"]+"\} 2/);
    expect(text).toMatch(/twin_disk_health_grade\{node="node1",slot="8",serial="[^"]+"\} 1/);
    expect(text).toMatch(/twin_slot_state\{node="node1",slot="3",state="present"\} 1/);
  });
  it('the core exporter gives free bytes of the registered nodes only and marks a missing node down', () => {
    const text = coreMetrics({
      masterUp: true,
      chunks: null,
      nodes: [
        { node: 'node1', up: true, chunks: 3, usedBytes: 100, totalBytes: 1000 },
        { node: 'node2', up: false, chunks: 0, usedBytes: 0, totalBytes: 0 },
      ],
    });
    expect(text).toMatch(/mfs_cluster_free_bytes\{\} 900/);
    expect(text).toMatch(/mfs_chunkserver_up\{node="node2"\} 0/);
  });
});

describe('rules and Alertmanager config', () => {
  it('the capacity rule uses predict_linear with the profile look-ahead, and is absent in the control', () => {
    const on = alertRules({ capacityRule: true, horizonSeconds: 60, windowSeconds: 20 }).groups[0]!.rules;
    expect(on.find((r) => r.alert === 'CapacityExhaustionPredicted')?.expr).toBe(
      'predict_linear(mfs_cluster_free_bytes[20s], 60) < 0 and mfs_cluster_total_bytes > 0',
    );
    expect(alertRules({ capacityRule: false, horizonSeconds: 60, windowSeconds: 20 }).groups[0]!.rules.map((r) => r.alert)).not.toContain(
      'CapacityExhaustionPredicted',
    );
  });
  const spec = {
    groupWaitSeconds: 2,
    groupIntervalSeconds: 5,
    repeatIntervalSeconds: 3600,
    routes: { critical: ['dingtalk', 'wecom', 'sms', 'email', 'webhook'] as const, warning: ['dingtalk', 'email'] as const },
  };
  const ep = { relay: 'http://127.0.0.1:1', webhook: 'http://127.0.0.1:2', smtp: { host: '127.0.0.1', port: 3 } };
  it('groups by alert and node, routes by severity, every channel on loopback', () => {
    const c = alertmanagerConfig(
      { ...spec, grouping: true, routes: { critical: [...spec.routes.critical], warning: [...spec.routes.warning] } },
      ep,
    );
    expect(c.route.group_by).toEqual(['alertname', 'node']);
    expect(c.route.repeat_interval).toBe('3600000ms');
    const warning = c.receivers.find((r) => r.name === 'warning') as { webhook_configs?: { url: string }[]; email_configs?: unknown[] };
    expect(warning.webhook_configs?.map((w) => w.url)).toEqual(['http://127.0.0.1:1/relay/dingtalk']);
    expect(warning.email_configs).toHaveLength(1);
    expect(JSON.stringify(c)).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });
  it('the no-severity-routing control: one route for every severity, to every channel (a warning reaches the SMS pager)', () => {
    const c = alertmanagerConfig(
      {
        ...spec,
        grouping: true,
        severityRouting: false,
        routes: { critical: [...spec.routes.critical], warning: [...spec.routes.warning] },
      },
      ep,
    );
    expect(c.route.routes).toEqual([{ matchers: ['severity=~".+"'], receiver: 'everyone' }]);
    const everyone = c.receivers.find((r) => r.name === 'everyone') as { webhook_configs?: { url: string }[]; email_configs?: unknown[] };
    expect(everyone.webhook_configs?.map((w) => w.url.replace(/.*\//, '')).sort()).toEqual(['alerts', 'dingtalk', 'sms', 'wecom']);
    expect(
      effectiveRoutes({ routes: { critical: [...spec.routes.critical], warning: [...spec.routes.warning] }, severityRouting: false })
        .warning,
    ).toContain('sms');
    expect(
      effectiveRoutes({ routes: { critical: [...spec.routes.critical], warning: [...spec.routes.warning] }, severityRouting: true })
        .warning,
    ).toEqual(['dingtalk', 'email']);
  });
  it('the no-grouping control: every alert its own group, re-sent every group interval', () => {
    const c = alertmanagerConfig(
      { ...spec, grouping: false, routes: { critical: [...spec.routes.critical], warning: [...spec.routes.warning] } },
      ep,
    );
    expect(c.route.group_by).toEqual(['...']);
    expect(c.route.repeat_interval).toBe('5000ms');
  });
});

describe('channel mocks and relay (real HTTP on loopback)', () => {
  async function stack(modes: { sms?: 'ok' | 'errors' } = {}, drop: string[] = []) {
    const got: Arrival[] = [];
    const record = (a: Arrival) => got.push(a);
    const dt = await startDingTalk({ accessToken: 't', secret: 'SECx', mode: 'ok', record, perMinute: 2 });
    const wc = await startWeCom({ key: 'k', mode: 'ok', record });
    const sms = await startSms({ apiKey: 'a', mode: modes.sms ?? 'ok', record });
    const relayLog: { channel: string; ok: boolean }[] = [];
    const relay = await startRelay(
      {
        dingtalk: { url: dt.url, accessToken: 't', secret: 'SECx' },
        wecom: { url: wc.url, key: 'k' },
        sms: { url: sms.url, apiKey: 'a', mobiles: ['13800000000'] },
      },
      (e) => relayLog.push(e),
      { drop },
    );
    closers.push(dt.close, wc.close, sms.close, relay.close);
    const post = (ch: string, p: AlertmanagerPayload) => fetch(`${relay.url}/relay/${ch}`, { method: 'POST', body: JSON.stringify(p) });
    return { got, relayLog, post, dt };
  }
  it('DingTalk accepts a correctly signed message and refuses a wrong signature', async () => {
    const { got, dt } = await stack();
    const ts = Date.now();
    const ok = await fetch(`${dt.url}/robot/send?access_token=t&timestamp=${ts}&sign=${encodeURIComponent(dingtalkSign(ts, 'SECx'))}`, {
      method: 'POST',
      body: JSON.stringify({ msgtype: 'text', text: { content: 'hi' } }),
    });
    expect(await ok.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    const bad = await fetch(`${dt.url}/robot/send?access_token=t&timestamp=${ts}&sign=${encodeURIComponent(dingtalkSign(ts, 'other'))}`, {
      method: 'POST',
      body: JSON.stringify({ msgtype: 'text', text: { content: 'hi' } }),
    });
    expect(((await bad.json()) as { errcode: number }).errcode).toBe(310000);
    expect(got.map((a) => a.accepted)).toEqual([true, false]);
  });
  it('the relay delivers to DingTalk, WeChat Work and SMS; DingTalk throttles beyond its per-minute limit', async () => {
    const { got, post } = await stack();
    for (const ch of ['dingtalk', 'wecom', 'sms']) expect((await post(ch, payload('firing'))).status).toBe(200);
    expect(
      got
        .filter((a) => a.accepted)
        .map((a) => a.channel)
        .sort(),
    ).toEqual(['dingtalk', 'sms', 'wecom']);
    expect(parseAlarmLines(got[0]!.text)[0]).toMatchObject({ node: 'node1', slot: '3', severity: 'critical' });
    expect((await post('dingtalk', payload('resolved'))).status).toBe(200);
    expect((await post('dingtalk', payload('firing'))).status).toBe(502); // third within a minute, limit 2
  });
  it('a gateway answering errors makes the relay answer 502 (Alertmanager retries and counts it)', async () => {
    const { got, post, relayLog } = await stack({ sms: 'errors' });
    expect((await post('sms', payload('firing'))).status).toBe(502);
    expect(got[0]).toMatchObject({ channel: 'sms', accepted: false, status: 503 });
    expect(relayLog[0]).toMatchObject({ channel: 'sms', ok: false });
  });
  it('the relay-drops control: Alertmanager is answered 200 and nothing reaches DingTalk', async () => {
    const { got, post, relayLog } = await stack({}, ['dingtalk']);
    expect((await post('dingtalk', payload('firing'))).status).toBe(200);
    expect((await post('wecom', payload('firing'))).status).toBe(200);
    expect(got.map((a) => a.channel)).toEqual(['wecom']);
    expect(relayLog[0]).toMatchObject({ channel: 'dingtalk', ok: true, detail: 'dropped (negative control)' });
  });
  it('the web webhook takes only Alertmanager v4 JSON', async () => {
    const got: Arrival[] = [];
    const w = await startWebhook({ mode: 'ok', record: (a) => got.push(a) });
    closers.push(w.close);
    expect((await fetch(`${w.url}/hooks/alerts`, { method: 'POST', body: JSON.stringify(payload('firing')) })).status).toBe(200);
    expect((await fetch(`${w.url}/hooks/alerts`, { method: 'POST', body: JSON.stringify({ hello: 1 }) })).status).toBe(400);
    expect(got.map((a) => a.accepted)).toEqual([true, false]);
  });
});
