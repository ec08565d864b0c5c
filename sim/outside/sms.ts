// An SMS gateway of the kind a police data centre runs (短信网关): POST /sms/send with
// {mobiles:[...], content}. Alertmanager has no SMS receiver; the relay posts here.
import { http, HttpResponse } from 'msw';
import type { ArrivalSink, MockMode } from './arrivals';
import { serveHandlers, type HttpMock } from './http-mock';

export interface SmsOptions {
  apiKey: string;
  mode: MockMode;
  record: ArrivalSink;
  /** longest message the gateway takes (a few concatenated SMS) */
  maxChars?: number;
}

export function smsHandlers(o: SmsOptions) {
  return [
    http.post('*/sms/send', async ({ request }) => {
      const wall = Date.now();
      const body = (await request.json().catch(() => null)) as { mobiles?: string[]; content?: string } | null;
      const text = body?.content ?? '';
      const refuse = (status: number, error: string) => {
        o.record({ channel: 'sms', wall, accepted: false, status, error, text });
        return HttpResponse.json({ code: status, message: error }, { status });
      };
      if (o.mode === 'errors') return refuse(503, 'gateway answers 503 (negative control)');
      if (request.headers.get('x-api-key') !== o.apiKey) return refuse(401, 'bad api key');
      if (!body?.mobiles?.length || !text) return refuse(400, 'mobiles and content required');
      if ([...text].length > (o.maxChars ?? 1000)) return refuse(413, 'content too long');
      o.record({ channel: 'sms', wall, accepted: true, status: 200, text });
      return HttpResponse.json({ code: 0, message: 'queued', count: body.mobiles.length });
    }),
  ];
}

export const startSms = (o: SmsOptions): Promise<HttpMock> => serveHandlers(smsHandlers(o));
