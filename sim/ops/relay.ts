// The project's own relay: Alertmanager posts its webhook JSON here; the robots and the
// SMS gateway cannot read that, so the relay renders the text (format.ts), signs the
// DingTalk request, and answers Alertmanager 502 when the gateway refused — so that
// Alertmanager retries and counts the failure (alertmanager_notifications_failed_total).
// (A maintained alternative: timonwong/prometheus-webhook-dingtalk; not packaged in Debian.)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dingtalkSign } from '../outside/dingtalk';
import { robotText, type AlertmanagerPayload } from '../outside/alarm-format';

export interface RelayTargets {
  dingtalk: { url: string; accessToken: string; secret: string };
  wecom: { url: string; key: string };
  sms: { url: string; apiKey: string; mobiles: string[] };
}

export interface Relay {
  url: string;
  close(): Promise<void>;
}

export type RelayRecord = (e: { kind: 'ops.relay'; channel: string; ok: boolean; status: number; detail?: string }) => void;

export function startRelay(t: RelayTargets, record: RelayRecord, o: { drop?: readonly string[] } = {}): Promise<Relay> {
  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const channel = (req.url ?? '').replace(/^\/relay\//, '').replace(/\?.*$/, '');
    let payload: AlertmanagerPayload;
    try {
      payload = JSON.parse(await readBody(req)) as AlertmanagerPayload;
    } catch {
      res.writeHead(400).end('not JSON');
      return;
    }
    const text = robotText(payload);
    if (o.drop?.includes(channel)) {
      // the relay-drops control: acknowledged to Alertmanager, never forwarded
      record({ kind: 'ops.relay', channel, ok: true, status: 200, detail: 'dropped (negative control)' });
      res.writeHead(200).end('');
      return;
    }
    let r: { ok: boolean; status: number; detail?: string };
    try {
      r = await forward(channel, text);
    } catch (e) {
      r = { ok: false, status: 0, detail: (e as Error).message };
    }
    record({ kind: 'ops.relay', channel, ...r });
    res.writeHead(r.ok ? 200 : 502).end(r.detail ?? '');
  }
  async function forward(channel: string, text: string): Promise<{ ok: boolean; status: number; detail?: string }> {
    if (channel === 'dingtalk') {
      const ts = Date.now();
      const q = new URLSearchParams({
        access_token: t.dingtalk.accessToken,
        timestamp: String(ts),
        sign: dingtalkSign(ts, t.dingtalk.secret),
      });
      return robotAnswer(await post(`${t.dingtalk.url}/robot/send?${q}`, { msgtype: 'text', text: { content: text } }));
    }
    if (channel === 'wecom')
      return robotAnswer(
        await post(`${t.wecom.url}/cgi-bin/webhook/send?key=${encodeURIComponent(t.wecom.key)}`, {
          msgtype: 'text',
          text: { content: text },
        }),
      );
    if (channel === 'sms') {
      const r = await post(`${t.sms.url}/sms/send`, { mobiles: t.sms.mobiles, content: text }, { 'x-api-key': t.sms.apiKey });
      return { ok: r.ok, status: r.status, detail: r.ok ? undefined : (await r.text()).slice(0, 200) };
    }
    return { ok: false, status: 404, detail: `no channel '${channel}'` };
  }
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });

/** The robots answer HTTP 200 with errcode; only errcode 0 means delivered. */
async function robotAnswer(r: Response): Promise<{ ok: boolean; status: number; detail?: string }> {
  if (!r.ok) return { ok: false, status: r.status, detail: (await r.text()).slice(0, 200) };
  const j = (await r.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
  return j.errcode === 0
    ? { ok: true, status: r.status }
    : { ok: false, status: r.status, detail: `errcode ${j.errcode} ${j.errmsg ?? ''}` };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
