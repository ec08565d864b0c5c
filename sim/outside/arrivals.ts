// What an outside-world mock saw: one record per request, with the wall time it arrived
// and whether the gateway accepted it (a refused message never reached a person).
export type Channel = 'dingtalk' | 'wecom' | 'sms' | 'email' | 'webhook';
export const CHANNELS: readonly Channel[] = ['dingtalk', 'wecom', 'sms', 'email', 'webhook'];

export interface Arrival {
  channel: Channel;
  /** wall-clock epoch ms at which the request reached the mock */
  wall: number;
  accepted: boolean;
  /** HTTP status the mock answered (SMTP: 250 or the reply code) */
  status: number;
  /** the gateway's own error code/message when it refused (DingTalk errcode, ...) */
  error?: string;
  /** the message as the person would read it */
  text: string;
}

export type ArrivalSink = (a: Arrival) => void;

/** How a mock behaves: 'ok' like the real gateway, 'errors' answers every request with an error (negative control). */
export type MockMode = 'ok' | 'errors';
