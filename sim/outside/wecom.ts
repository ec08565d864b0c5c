// WeChat Work (企业微信) group robot: POST /cgi-bin/webhook/send?key=... with
// {msgtype:'text', text:{content}} (content at most 2048 bytes) or markdown.
import { http, HttpResponse } from 'msw';
import type { ArrivalSink, MockMode } from './arrivals';
import { serveHandlers, type HttpMock } from './http-mock';

export interface WeComOptions {
  key: string;
  mode: MockMode;
  record: ArrivalSink;
}

export function wecomHandlers(o: WeComOptions) {
  return [
    http.post('*/cgi-bin/webhook/send', async ({ request }) => {
      const wall = Date.now();
      const body = (await request.json().catch(() => null)) as {
        msgtype?: string;
        text?: { content?: string };
        markdown?: { content?: string };
      } | null;
      const text = body?.text?.content ?? body?.markdown?.content ?? '';
      const answer = (errcode: number, errmsg: string) => {
        o.record({
          channel: 'wecom',
          wall,
          accepted: errcode === 0,
          status: 200,
          ...(errcode ? { error: `${errcode} ${errmsg}` } : {}),
          text,
        });
        return HttpResponse.json({ errcode, errmsg });
      };
      if (o.mode === 'errors') {
        o.record({ channel: 'wecom', wall, accepted: false, status: 503, error: 'gateway answers 503 (negative control)', text });
        return new HttpResponse('service unavailable', { status: 503 });
      }
      if (new URL(request.url).searchParams.get('key') !== o.key) return answer(93000, 'invalid webhook url');
      if (!text) return answer(44004, 'empty content');
      if (Buffer.byteLength(text) > 2048) return answer(40058, 'content exceed max length 2048');
      return answer(0, 'ok');
    }),
  ];
}

export const startWeCom = (o: WeComOptions): Promise<HttpMock> => serveHandlers(wecomHandlers(o));
