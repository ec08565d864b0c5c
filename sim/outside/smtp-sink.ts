// A real SMTP server on loopback (smtp-server) that takes every message and records its
// text part. Alertmanager's email_configs speaks SMTP to it (require_tls: false: loopback).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { ArrivalSink, MockMode } from './arrivals';

export interface SmtpSink {
  host: string;
  port: number;
  close(): Promise<void>;
}

export function startSmtpSink(o: { mode: MockMode; record: ArrivalSink }): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const wall = Date.now();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const text = mailText(Buffer.concat(chunks).toString('utf8'));
        if (o.mode === 'errors') {
          o.record({ channel: 'email', wall, accepted: false, status: 451, error: 'mailbox unavailable (negative control)', text });
          const err = new Error('451 mailbox temporarily unavailable') as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        o.record({ channel: 'email', wall, accepted: true, status: 250, text });
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({ host: '127.0.0.1', port, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

/** The subject and the decoded text/plain part of a MIME message (quoted-printable or base64). */
export function mailText(raw: string): string {
  const subject = raw.match(/^Subject: (.*)$/im)?.[1] ?? '';
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  const plain = parts.find((p) => /^Content-Type: text\/plain/im.test(p)) ?? raw;
  const split = plain.search(/\r?\n\r?\n/);
  const headers = split >= 0 ? plain.slice(0, split) : '';
  let body = split >= 0 ? plain.slice(split).trim() : plain;
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) body = decodeQuotedPrintable(body);
  else if (/Content-Transfer-Encoding: base64/i.test(headers)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return `${subject}\n${body}`.replace(/\r\n/g, '\n');
}

export function decodeQuotedPrintable(s: string): string {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const m = soft[i] === '=' ? soft.slice(i + 1, i + 3).match(/^[0-9A-F]{2}$/i) : null;
    if (m) {
      bytes.push(parseInt(m[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
