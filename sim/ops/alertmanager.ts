// Alertmanager from Debian (/usr/bin/prometheus-alertmanager) as a child process on
// loopback, clustering off. Its config routes by severity to the channels: DingTalk,
// WeChat Work and SMS through the project's relay, the web console directly (webhook
// JSON), e-mail over SMTP.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpsSpec, Severity } from '../plan/ops-spec';
import type { Channel } from '../outside/arrivals';
import { EMAIL_TEXT_TEMPLATE } from '../outside/alarm-format';
import { freePort, startProc, waitReady, type Proc } from './procs';
import { dur } from './prometheus';

export interface ChannelEndpoints {
  relay: string;
  webhook: string;
  smtp: { host: string; port: number };
}

/** The channels each severity actually reaches with this config (what ops.stack.up records). */
export function effectiveRoutes(spec: Pick<OpsSpec, 'routes' | 'severityRouting'>): Record<Severity, Channel[]> {
  if (spec.severityRouting !== false) return { critical: [...spec.routes.critical], warning: [...spec.routes.warning] };
  const all = [...new Set([...spec.routes.critical, ...spec.routes.warning])];
  return { critical: all, warning: [...all] };
}

export function alertmanagerConfig(
  spec: Pick<OpsSpec, 'grouping' | 'groupWaitSeconds' | 'groupIntervalSeconds' | 'repeatIntervalSeconds' | 'routes'> &
    Partial<Pick<OpsSpec, 'severityRouting'>>,
  ep: ChannelEndpoints,
) {
  const integration = (c: Channel) => {
    switch (c) {
      case 'dingtalk':
      case 'wecom':
      case 'sms':
        return { webhook_configs: [{ url: `${ep.relay}/relay/${c}`, send_resolved: true, max_alerts: 0 }] };
      case 'webhook':
        return { webhook_configs: [{ url: `${ep.webhook}/hooks/alerts`, send_resolved: true, max_alerts: 0 }] };
      case 'email':
        return {
          email_configs: [
            {
              to: 'duty-officer@example.org',
              from: 'storage-alarm@example.org',
              smarthost: `${ep.smtp.host}:${ep.smtp.port}`,
              hello: 'localhost',
              require_tls: false,
              send_resolved: true,
              text: EMAIL_TEXT_TEMPLATE,
              headers: { Subject: '[{{ .Status }}] {{ .CommonLabels.alertname }} {{ .CommonLabels.node }}' },
            },
          ],
        };
    }
  };
  const receiver = (name: string, channels: readonly Channel[]) => {
    const r: { name: string; webhook_configs?: unknown[]; email_configs?: unknown[] } = { name };
    for (const c of channels) {
      const i = integration(c) as { webhook_configs?: unknown[]; email_configs?: unknown[] };
      if (i.webhook_configs) r.webhook_configs = [...(r.webhook_configs ?? []), ...i.webhook_configs];
      if (i.email_configs) r.email_configs = [...(r.email_configs ?? []), ...i.email_configs];
    }
    return r;
  };
  const bySeverity = spec.severityRouting !== false;
  return {
    route: {
      receiver: 'unrouted',
      // the no-grouping control: every alert its own group, re-sent at every group interval
      group_by: spec.grouping ? ['alertname', 'node'] : ['...'],
      group_wait: dur(spec.groupWaitSeconds),
      group_interval: dur(spec.groupIntervalSeconds),
      repeat_interval: dur(spec.grouping ? spec.repeatIntervalSeconds : spec.groupIntervalSeconds),
      // the no-severity-routing control: one route for every severity, to every channel
      routes: bySeverity
        ? (['critical', 'warning'] as const).map((s) => ({ matchers: [`severity="${s}"`], receiver: s }))
        : [{ matchers: ['severity=~".+"'], receiver: 'everyone' }],
    },
    receivers: bySeverity
      ? [{ name: 'unrouted' }, receiver('critical', spec.routes.critical), receiver('warning', spec.routes.warning)]
      : [{ name: 'unrouted' }, receiver('everyone', effectiveRoutes({ routes: spec.routes, severityRouting: false }).critical)],
  };
}

export interface AmAlertState {
  fingerprint: string;
  labels: Record<string, string>;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[] };
}

export class Alertmanager {
  private constructor(
    readonly url: string,
    private readonly proc: Proc,
  ) {}

  static async start(o: { dir: string; config: unknown }): Promise<Alertmanager> {
    mkdirSync(join(o.dir, 'alertmanager-data'), { recursive: true });
    const port = await freePort();
    const configPath = join(o.dir, 'alertmanager.json');
    writeFileSync(configPath, JSON.stringify(o.config, null, 2));
    const proc = startProc(
      'alertmanager',
      'prometheus-alertmanager',
      [
        `--config.file=${configPath}`,
        `--storage.path=${join(o.dir, 'alertmanager-data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      join(o.dir, 'alertmanager.log'),
    );
    const am = new Alertmanager(`http://127.0.0.1:${port}`, proc);
    try {
      await waitReady(`${am.url}/-/ready`, 30_000, 'alertmanager');
    } catch (e) {
      await proc.stop();
      throw e;
    }
    return am;
  }

  get address(): string {
    return this.url.replace(/^http:\/\//, '');
  }

  async alerts(): Promise<AmAlertState[]> {
    const r = await fetch(`${this.url}/api/v2/alerts`, { signal: AbortSignal.timeout(5_000) });
    return (await r.json()) as AmAlertState[];
  }

  /** A maintenance window as a silence; returns its id. */
  async silence(matchers: Record<string, string>, seconds: number, comment: string): Promise<string> {
    const now = Date.now();
    const r = await fetch(`${this.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: Object.entries(matchers).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + seconds * 1000).toISOString(),
        createdBy: 'accept-harness',
        comment,
      }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!r.ok) throw new Error(`alertmanager refused the silence: ${r.status} ${await r.text()}`);
    return ((await r.json()) as { silenceID: string }).silenceID;
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  }

  stop(): Promise<void> {
    return this.proc.stop();
  }
}
