// HTTP Basic authentication as a BMC asks for it: every resource but the service root
// (/redfish/v1, readable without a session by DMTF DSP0266) needs the account's user and
// password; a request without them gets 401 and a Redfish error body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

export interface BasicAuth {
  user: string;
  password: string;
}

const OPEN = new Set(['/redfish', '/redfish/v1']);

function matches(header: string | undefined, auth: BasicAuth): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const got = Buffer.from(header.slice(6), 'base64');
  const want = Buffer.from(`${auth.user}:${auth.password}`);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** true when the request may go on; otherwise the 401 answer has been sent */
export function admitted(req: IncomingMessage, res: ServerResponse, path: string, auth: BasicAuth | undefined): boolean {
  if (!auth || OPEN.has(path) || matches(req.headers.authorization, auth)) return true;
  const text = JSON.stringify({
    error: { code: 'Base.1.16.InsufficientPrivilege', message: 'authentication required (HTTP Basic)' },
  });
  res.writeHead(401, {
    'www-authenticate': 'Basic realm="BMC"',
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
  return false;
}
