// Prometheus from Debian (/usr/bin/prometheus) as a child process on loopback, its config
// and rule file in the run folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startProc, waitReady, type Proc } from './procs';

export const dur = (seconds: number) => `${Math.round(seconds * 1000)}ms`;

export interface PrometheusOptions {
  dir: string;
  scrapeSeconds: number;
  evaluationSeconds: number;
  /** job -> host:port targets */
  targets: Record<string, string[]>;
  rules: unknown;
  alertmanager: string;
}

export function prometheusConfig(o: Omit<PrometheusOptions, 'dir' | 'rules'> & { rulesPath: string; self: string }) {
  return {
    global: { scrape_interval: dur(o.scrapeSeconds), scrape_timeout: dur(o.scrapeSeconds), evaluation_interval: dur(o.evaluationSeconds) },
    rule_files: [o.rulesPath],
    alerting: { alertmanagers: [{ api_version: 'v2', static_configs: [{ targets: [o.alertmanager] }] }] },
    scrape_configs: [
      ...Object.entries(o.targets).map(([job, targets]) => ({ job_name: job, static_configs: [{ targets }] })),
      { job_name: 'prometheus', static_configs: [{ targets: [o.self] }] },
      { job_name: 'alertmanager', static_configs: [{ targets: [o.alertmanager] }] },
    ],
  };
}

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

export class Prometheus {
  private constructor(
    readonly url: string,
    private readonly proc: Proc,
  ) {}

  static async start(o: PrometheusOptions): Promise<Prometheus> {
    mkdirSync(join(o.dir, 'prometheus-data'), { recursive: true });
    const port = await freePort();
    const self = `127.0.0.1:${port}`;
    const rulesPath = join(o.dir, 'rules.json');
    const configPath = join(o.dir, 'prometheus.json');
    writeFileSync(rulesPath, JSON.stringify(o.rules, null, 2));
    writeFileSync(configPath, JSON.stringify(prometheusConfig({ ...o, rulesPath, self }), null, 2));
    const proc = startProc(
      'prometheus',
      'prometheus',
      [
        `--config.file=${configPath}`,
        `--storage.tsdb.path=${join(o.dir, 'prometheus-data')}`,
        `--web.listen-address=${self}`,
        // re-send firing alerts to Alertmanager every second (default 1 m): repeats reach the de-duplication
        '--rules.alert.resend-delay=1s',
        '--storage.tsdb.retention.time=1d',
      ],
      join(o.dir, 'prometheus.log'),
    );
    const p = new Prometheus(`http://${self}`, proc);
    try {
      await waitReady(`${p.url}/-/ready`, 30_000, 'prometheus');
    } catch (e) {
      await proc.stop();
      throw e;
    }
    return p;
  }

  async alerts(): Promise<PromAlert[]> {
    const r = await fetch(`${this.url}/api/v1/alerts`, { signal: AbortSignal.timeout(5_000) });
    return ((await r.json()) as { data: { alerts: PromAlert[] } }).data.alerts;
  }

  async query(q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const r = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(q)}`, { signal: AbortSignal.timeout(5_000) });
    return ((await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
  }

  /** scrape targets that are up, of all */
  async targetsUp(): Promise<{ up: number; all: number }> {
    const r = await this.query('up');
    return { up: r.filter((x) => x.value[1] === '1').length, all: r.length };
  }

  stop(): Promise<void> {
    return this.proc.stop();
  }
}
