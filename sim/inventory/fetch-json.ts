// One bounded GET of a management interface's JSON (a BMC's Redfish, a switch's RESTCONF):
// 404 is 'absent', any other failure an 'error' with a line that says why; never throws.
import type { Json } from '../../devices/bmc/json';

export type Fetched = { ok: true; body: Json } | { ok: false; status: 'absent' | 'error'; http?: number; error: string };

export async function fetchJson(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<Fetched> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    if (res.status === 404) return { ok: false, status: 'absent', http: 404, error: 'HTTP 404' };
    if (!res.ok) return { ok: false, status: 'error', http: res.status, error: `HTTP ${res.status}` };
    const body: unknown = JSON.parse(text);
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return { ok: false, status: 'error', http: res.status, error: 'not a JSON object' };
    return { ok: true, body: body as Json };
  } catch (e) {
    const err = e as Error;
    const why =
      err.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : err instanceof SyntaxError
          ? 'not JSON'
          : `${err.message}${(err.cause as Error | undefined)?.message ? `: ${(err.cause as Error).message}` : ''}`;
    return { ok: false, status: 'error', error: why };
  }
}
