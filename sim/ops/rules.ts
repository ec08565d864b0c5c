// The alert rules of the reference stack (Prometheus rule file, written as JSON = YAML).
// Severity decides the route (classification); node and slot are labels so that every
// message names them.
export interface RuleOptions {
  capacityRule: boolean;
  horizonSeconds: number;
  windowSeconds: number;
}

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function alertRules(o: RuleOptions): { groups: { name: string; rules: Rule[] }[] } {
  const rules: Rule[] = [
    {
      alert: 'DiskFaulty',
      expr: 'twin_disk_health_grade == 2',
      labels: { severity: 'critical' },
      annotations: { summary: '硬盘故障 / disk faulty (SMART grade faulty), serial {{ $labels.serial }}' },
    },
    {
      alert: 'DiskSubHealthy',
      expr: 'twin_disk_health_grade == 1',
      labels: { severity: 'warning' },
      annotations: { summary: '硬盘亚健康 / disk sub-healthy (SMART grade), serial {{ $labels.serial }}' },
    },
    {
      alert: 'DiskHot',
      expr: 'twin_disk_temperature_celsius >= 55',
      labels: { severity: 'warning' },
      annotations: { summary: '硬盘温度过高 / disk temperature {{ $value }} °C' },
    },
    {
      alert: 'FanFailed',
      expr: 'twin_fan_ok == 0',
      labels: { severity: 'warning' },
      annotations: { summary: '风扇故障 / fan {{ $labels.fan }} failed' },
    },
    {
      alert: 'PsuFailed',
      expr: 'twin_psu_ok == 0',
      labels: { severity: 'critical' },
      annotations: { summary: '电源故障 / power supply {{ $labels.psu }} failed' },
    },
    {
      alert: 'NodeDown',
      expr: 'mfs_chunkserver_up == 0',
      for: '5s',
      labels: { severity: 'critical' },
      annotations: { summary: '存储节点离线 / storage node not registered with the master' },
    },
    {
      alert: 'RecordingGaps',
      expr: 'increase(harness_recording_gaps_total[30s]) > 0',
      labels: { severity: 'critical', node: 'cluster' },
      annotations: { summary: '录像断点 / recording gaps: segments dropped or failed in the last 30 s' },
    },
  ];
  if (o.capacityRule) {
    rules.push({
      alert: 'CapacityExhaustionPredicted',
      expr: `predict_linear(mfs_cluster_free_bytes[${o.windowSeconds}s], ${o.horizonSeconds}) < 0 and mfs_cluster_total_bytes > 0`,
      labels: { severity: 'warning', node: 'cluster' },
      annotations: { summary: `容量趋势预警 / capacity predicted exhausted within ${o.horizonSeconds} s, plan expansion` },
    });
  }
  return { groups: [{ name: 'storage', rules }] };
}
