// The one line per alert that every channel carries, so that the person on duty (and the
// checkers, who read only what arrived) see node, slot, severity and state:
//   [critical] DiskFaulty node:node1 slot:3 status:firing 硬盘故障 / disk faulty ...
// The relay renders it for the robots and the SMS gateway, Alertmanager's email template
// renders the same line (EMAIL_TEXT_TEMPLATE), the web console renders it from the JSON.
// It sits with the outside world's shapes (Alertmanager's webhook body): the gateway mocks, the relay and the
// checkers share it without reaching up.

/** Alertmanager's webhook body (version 4). */
export interface AlertmanagerPayload {
  version: string;
  groupKey: string;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  alerts: AmAlert[];
}

export interface AmAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
}

export interface AlarmLine {
  severity: string;
  alertname: string;
  node: string;
  slot: string | null;
  status: 'firing' | 'resolved';
}

export function alarmLine(a: Pick<AmAlert, 'status' | 'labels' | 'annotations'>): string {
  const l = a.labels;
  const slot = l.slot !== undefined && l.slot !== '' ? ` slot:${l.slot}` : '';
  return `[${l.severity ?? 'none'}] ${l.alertname ?? '?'} node:${l.node ?? '-'}${slot} status:${a.status} ${a.annotations.summary ?? ''}`.trimEnd();
}

const LINE = /\[(\w[\w-]*)\] (\w+) node:(\S+)(?: slot:(\S+))? status:(firing|resolved)/g;

export function parseAlarmLines(text: string): AlarmLine[] {
  return [...text.matchAll(LINE)].map((m) => ({
    severity: m[1]!,
    alertname: m[2]!,
    node: m[3]!,
    slot: m[4] ?? null,
    status: m[5] as 'firing' | 'resolved',
  }));
}

const SEVERITY_ZH: Record<string, string> = { critical: '严重', warning: '警告', info: '提示' };

/** The robots' and the SMS gateway's text: a bilingual head line, then one line per alert. */
export function robotText(p: AlertmanagerPayload): string {
  const firing = p.alerts.filter((a) => a.status === 'firing').length;
  const resolved = p.alerts.length - firing;
  const sev = p.commonLabels.severity;
  const head = `【存储告警 ${sev ? (SEVERITY_ZH[sev] ?? sev) : ''}】${firing} 条告警 / firing, ${resolved} 条恢复 / resolved`;
  return [head, ...p.alerts.map(alarmLine)].join('\n');
}

/** Alertmanager email_configs 'text' (Go template) giving the same lines. */
export const EMAIL_TEXT_TEMPLATE =
  '{{ range .Alerts }}[{{ .Labels.severity }}] {{ .Labels.alertname }} node:{{ .Labels.node }}{{ if .Labels.slot }} slot:{{ .Labels.slot }}{{ end }} status:{{ .Status }} {{ .Annotations.summary }}\n{{ end }}';
