// DingTalk custom robot (自定义机器人): POST /robot/send?access_token=..&timestamp=..&sign=..
// with {msgtype:'text', text:{content}}. Security by signature: base64(HmacSHA256(key=secret,
// timestamp + "\n" + secret)), URL-encoded; the timestamp must be within one hour. The real
// robot answers HTTP 200 with errcode 0, or an errcode (310000 sign/keyword, 300001 token,
// 130101 more than 20 messages a minute).
import { createHmac } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import type { ArrivalSink, MockMode } from './arrivals';
import { serveHandlers, type HttpMock } from './http-mock';

export const dingtalkSign = (timestampMs: number, secret: string) =>
  createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');

export interface DingTalkOptions {
  accessToken: string;
  secret: string;
  mode: MockMode;
  record: ArrivalSink;
  /** messages per minute before the robot throttles (DingTalk: 20) */
  perMinute?: number;
}

export function dingtalkHandlers(o: DingTalkOptions) {
  const sent: number[] = [];
  return [
    http.post('*/robot/send', async ({ request }) => {
      const wall = Date.now();
      const url = new URL(request.url);
      const body = (await request.json().catch(() => null)) as {
        msgtype?: string;
        text?: { content?: string };
        markdown?: { text?: string };
      } | null;
      const text = body?.text?.content ?? body?.markdown?.text ?? '';
      const answer = (errcode: number, errmsg: string) => {
        o.record({
          channel: 'dingtalk',
          wall,
          accepted: errcode === 0,
          status: 200,
          ...(errcode ? { error: `${errcode} ${errmsg}` } : {}),
          text,
        });
        return HttpResponse.json({ errcode, errmsg });
      };
      if (o.mode === 'errors') {
        o.record({ channel: 'dingtalk', wall, accepted: false, status: 503, error: 'gateway answers 503 (negative control)', text });
        return new HttpResponse('service unavailable', { status: 503 });
      }
      if (url.searchParams.get('access_token') !== o.accessToken) return answer(300001, 'token is not exist');
      const ts = Number(url.searchParams.get('timestamp'));
      const sign = url.searchParams.get('sign') ?? '';
      if (!Number.isFinite(ts) || Math.abs(wall - ts) > 3_600_000 || sign !== dingtalkSign(ts, o.secret))
        return answer(310000, 'sign not match');
      if (!body || !['text', 'markdown'].includes(body.msgtype ?? '') || !text) return answer(40035, 'missing parameter');
      while (sent.length && sent[0]! < wall - 60_000) sent.shift();
      if (sent.length >= (o.perMinute ?? 20)) return answer(130101, 'send too fast, exceed 20 times per minute');
      sent.push(wall);
      return answer(0, 'ok');
    }),
  ];
}

export const startDingTalk = (o: DingTalkOptions): Promise<HttpMock> => serveHandlers(dingtalkHandlers(o));
