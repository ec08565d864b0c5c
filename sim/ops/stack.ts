// The reference operations stack of a run: the outside world (recording mocks), the
// relay, the exporters, Alertmanager and Prometheus, all on 127.0.0.1 with free ports,
// configs and logs in the run folder. A watcher records what Prometheus and Alertmanager
// decide (alert states, suppressions) in the history; the mocks record every arrival.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OpsSpec } from '../plan/ops-spec';
import type { StorageCore } from '../core/adapter';
import type { HistoryWriter } from '../history';
import type { Rack } from '../topology/rack';
import type { LoadProgress } from '../workload/cameras';
import { sleep } from '../clock';
import type { Arrival, Channel } from '../outside/arrivals';
import { startDingTalk } from '../outside/dingtalk';
import { startWeCom } from '../outside/wecom';
import { startSms } from '../outside/sms';
import { startWebhook } from '../outside/webhook';
import { startSmtpSink } from '../outside/smtp-sink';
import { startRelay } from './relay';
import { coreMetrics, harnessMetrics, serveMetrics, twinMetrics, type CoreSnapshot } from './exporters';
import { alertRules } from './rules';
import { Alertmanager, alertmanagerConfig, effectiveRoutes } from './alertmanager';
import { Prometheus } from './prometheus';

export interface OpsContext {
  cluster: StorageCore;
  rack: Rack;
  history: HistoryWriter;
  /** the run folder: configs, logs and TSDB go under ops/ */
  outDir: string;
  log: (msg: string) => void;
  loadProgress: () => LoadProgress;
}

export interface OpsStack {
  spec: OpsSpec;
  prometheus: Prometheus;
  alertmanager: Alertmanager;
  /** arrivals so far (also in the history), for waiting */
  arrivals: Arrival[];
  stop(): Promise<void>;
}

export async function startOps(spec: OpsSpec, ctx: OpsContext): Promise<OpsStack> {
  const dir = join(ctx.outDir, 'ops');
  mkdirSync(dir, { recursive: true });
  const closers: (() => Promise<void>)[] = [];
  const arrivals: Arrival[] = [];
  const record = (a: Arrival) => {
    arrivals.push(a);
    const { wall: arrivedWall, ...rest } = a;
    ctx.history.append({ kind: 'outside.arrival', ...rest, arrivedWall });
  };
  const mode = (c: Channel) => spec.channelModes[c] ?? 'ok';
  let watcher: { stop(): Promise<void> } | undefined;
  const stop = async () => {
    await watcher?.stop();
    for (const c of closers.reverse()) await c().catch(() => undefined);
    closers.length = 0;
  };
  try {
    // secrets of the robots: per run, never real ones
    const secret = {
      dingtalkToken: `tok-${ctx.history.length}-${Date.now().toString(36)}`,
      dingtalkSecret: `SEC${Date.now().toString(16)}`,
      wecomKey: 'run-key',
      smsKey: 'run-sms-key',
    };
    const dingtalk = await startDingTalk({
      accessToken: secret.dingtalkToken,
      secret: secret.dingtalkSecret,
      mode: mode('dingtalk'),
      record,
    });
    closers.push(dingtalk.close);
    const wecom = await startWeCom({ key: secret.wecomKey, mode: mode('wecom'), record });
    closers.push(wecom.close);
    const sms = await startSms({ apiKey: secret.smsKey, mode: mode('sms'), record });
    closers.push(sms.close);
    const webhook = await startWebhook({ mode: mode('webhook'), record });
    closers.push(webhook.close);
    const smtp = await startSmtpSink({ mode: mode('email'), record });
    closers.push(smtp.close);
    const relay = await startRelay(
      {
        dingtalk: { url: dingtalk.url, accessToken: secret.dingtalkToken, secret: secret.dingtalkSecret },
        wecom: { url: wecom.url, key: secret.wecomKey },
        sms: { url: sms.url, apiKey: secret.smsKey, mobiles: ['13800000000'] },
      },
      (e) => ctx.history.append(e),
      { drop: spec.relayDrops ?? [] },
    );
    if (spec.relayDrops?.length)
      ctx.history.append({
        kind: 'control.defect',
        defect: 'relay-drops',
        where: `relay: answers Alertmanager 200 for ${spec.relayDrops.join(', ')} and forwards nothing`,
      });
    if (spec.severityRouting === false)
      ctx.history.append({
        kind: 'control.defect',
        defect: 'no-severity-routing',
        where: 'Alertmanager: one route, every severity to every channel',
      });
    closers.push(relay.close);

    // exporters: one per twin (its BMC/SMART agent), one for the core, one for the recording load
    const twinTargets: string[] = [];
    for (const [, n] of ctx.rack.nodes) {
      const s = await serveMetrics(() => twinMetrics(n.twin));
      closers.push(s.close);
      twinTargets.push(s.url);
    }
    const core = new CoreSnapshotter(ctx.cluster);
    core.start();
    closers.push(() => core.stop());
    const coreExporter = await serveMetrics(() => coreMetrics(core.snapshot));
    closers.push(coreExporter.close);
    const harness = await serveMetrics(() => harnessMetrics(ctx.loadProgress()));
    closers.push(harness.close);

    const amConfig = alertmanagerConfig(spec, { relay: relay.url, webhook: webhook.url, smtp });
    const alertmanager = await Alertmanager.start({ dir, config: amConfig });
    closers.push(() => alertmanager.stop());
    const rules = alertRules({
      capacityRule: spec.capacityRule,
      horizonSeconds: spec.capacity.horizonSeconds,
      windowSeconds: spec.capacity.windowSeconds,
    });
    const prometheus = await Prometheus.start({
      dir,
      scrapeSeconds: spec.scrapeSeconds,
      evaluationSeconds: spec.evaluationSeconds,
      targets: { twins: twinTargets, core: [coreExporter.url], harness: [harness.url] },
      rules,
      alertmanager: alertmanager.address,
    });
    closers.push(() => prometheus.stop());
    ctx.history.append({
      kind: 'ops.stack.up',
      prometheus: prometheus.url,
      alertmanager: alertmanager.url,
      scrapeSeconds: spec.scrapeSeconds,
      evaluationSeconds: spec.evaluationSeconds,
      groupWaitSeconds: spec.groupWaitSeconds,
      groupIntervalSeconds: spec.groupIntervalSeconds,
      repeatInterval: amConfig.route.repeat_interval,
      groupBy: amConfig.route.group_by,
      // what each severity reaches with this config (the profile's routes are what it should be)
      routes: effectiveRoutes(spec),
      severityRouting: spec.severityRouting !== false,
      relayDrops: spec.relayDrops ?? [],
      channelModes: spec.channelModes,
      rules: rules.groups[0]!.rules.map((r) => r.alert),
      files: ['ops/prometheus.json', 'ops/rules.json', 'ops/alertmanager.json', 'ops/prometheus.log', 'ops/alertmanager.log'],
    });
    ctx.log(
      `operations stack up: Prometheus ${prometheus.url}, Alertmanager ${alertmanager.url}, ${twinTargets.length} twin exporters, core exporter, relay, 5 channel mocks`,
    );
    watcher = watch(prometheus, alertmanager, ctx.history);
    return { spec, prometheus, alertmanager, arrivals, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** MooseFS's own view, asked once a second (not per scrape: mfscli is a process each time). */
class CoreSnapshotter {
  snapshot: CoreSnapshot = { nodes: [], chunks: null, masterUp: false };
  private readonly stopper = new AbortController();
  private loop: Promise<void> | null = null;
  constructor(private readonly cluster: StorageCore) {}
  start() {
    this.loop = (async () => {
      while (!this.stopper.signal.aborted) {
        const [nodes, chunks] = await Promise.allSettled([this.cluster.nodeStates(), this.cluster.chunkHealth()]);
        if (nodes.status === 'fulfilled') {
          const by = new Map(nodes.value.map((n) => [n.address, n]));
          this.snapshot = {
            masterUp: true,
            nodes: this.cluster.nodes.map((n) => {
              const s = by.get(n.address);
              return { node: n.name, up: !!s, chunks: s?.chunks ?? 0, usedBytes: s?.usedBytes ?? 0, totalBytes: s?.totalBytes ?? 0 };
            }),
            chunks: chunks.status === 'fulfilled' ? chunks.value : null,
          };
        } else this.snapshot = { nodes: [], chunks: null, masterUp: false };
        await sleep(1_000, this.stopper.signal).catch(() => undefined);
      }
    })();
  }
  async stop() {
    this.stopper.abort();
    await this.loop;
  }
}

const keyOf = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
const brief = (l: Record<string, string>) => ({
  alertname: l.alertname,
  node: l.node ?? null,
  slot: l.slot ?? null,
  severity: l.severity ?? null,
});

/** Records every change of an alert's state in Prometheus (pending, firing, resolved) and
 *  in Alertmanager (active, suppressed by a silence, resolved). */
function watch(prom: Prometheus, am: Alertmanager, history: HistoryWriter) {
  const stopper = new AbortController();
  const promState = new Map<string, { state: string; labels: Record<string, string> }>();
  const amState = new Map<string, { state: string; labels: Record<string, string> }>();
  const loop = (async () => {
    while (!stopper.signal.aborted) {
      try {
        const seen = new Set<string>();
        for (const a of await prom.alerts()) {
          const k = keyOf(a.labels);
          seen.add(k);
          if (promState.get(k)?.state !== a.state) {
            promState.set(k, { state: a.state, labels: a.labels });
            history.append({ kind: 'ops.alert', ...brief(a.labels), state: a.state, labels: a.labels, activeAt: a.activeAt });
          }
        }
        for (const [k, v] of promState) {
          if (seen.has(k)) continue;
          promState.delete(k);
          history.append({ kind: 'ops.alert', ...brief(v.labels), state: 'resolved', labels: v.labels });
        }
      } catch (e) {
        history.append({ kind: 'ops.watch.error', source: 'prometheus', error: (e as Error).message });
      }
      try {
        const seen = new Set<string>();
        for (const a of await am.alerts()) {
          seen.add(a.fingerprint);
          if (amState.get(a.fingerprint)?.state !== a.status.state) {
            amState.set(a.fingerprint, { state: a.status.state, labels: a.labels });
            history.append({
              kind: 'ops.am.alert',
              ...brief(a.labels),
              fingerprint: a.fingerprint,
              state: a.status.state,
              silencedBy: a.status.silencedBy,
              inhibitedBy: a.status.inhibitedBy,
            });
          }
        }
        for (const [k, v] of amState) {
          if (seen.has(k)) continue;
          amState.delete(k);
          history.append({ kind: 'ops.am.alert', ...brief(v.labels), fingerprint: k, state: 'resolved' });
        }
      } catch (e) {
        history.append({ kind: 'ops.watch.error', source: 'alertmanager', error: (e as Error).message });
      }
      await sleep(500, stopper.signal).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      stopper.abort();
      await loop;
    },
  };
}

/** Starts the stack, drives the alarm scenario under its watch, stops it (also on failure). */
export async function runOps(spec: OpsSpec, ctx: OpsContext, drive: (ops: OpsStack, ctx: OpsContext) => Promise<void>): Promise<void> {
  const ops = await startOps(spec, ctx);
  try {
    await drive(ops, ctx);
  } finally {
    await ops.stop();
    ctx.history.append({ kind: 'ops.stack.down' });
  }
}
