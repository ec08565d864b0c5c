// A generic web webhook (the duty room's web console): receives Alertmanager's own JSON
// (version 4) and shows one line per alert, as the console would.
import { http, HttpResponse } from 'msw';
import type { ArrivalSink, MockMode } from './arrivals';
import { serveHandlers, type HttpMock } from './http-mock';
import { alarmLine, type AlertmanagerPayload } from './alarm-format';

export interface WebhookOptions {
  mode: MockMode;
  record: ArrivalSink;
}

export function webhookHandlers(o: WebhookOptions) {
  return [
    http.post('*/hooks/alerts', async ({ request }) => {
      const wall = Date.now();
      const body = (await request.json().catch(() => null)) as AlertmanagerPayload | null;
      const text = body?.alerts ? body.alerts.map(alarmLine).join('\n') : '';
      if (o.mode === 'errors') {
        o.record({ channel: 'webhook', wall, accepted: false, status: 503, error: 'endpoint answers 503 (negative control)', text });
        return new HttpResponse('service unavailable', { status: 503 });
      }
      if (!body || body.version !== '4' || !Array.isArray(body.alerts)) {
        o.record({ channel: 'webhook', wall, accepted: false, status: 400, error: 'not an Alertmanager v4 payload', text });
        return new HttpResponse('bad payload', { status: 400 });
      }
      o.record({ channel: 'webhook', wall, accepted: true, status: 200, text });
      return HttpResponse.json({ ok: true });
    }),
  ];
}

export const startWebhook = (o: WebhookOptions): Promise<HttpMock> => serveHandlers(webhookHandlers(o));
