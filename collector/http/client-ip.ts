import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The client's address, used for geo, rate limiting and the cookieless hash — never stored.
 * X-Forwarded-For is believed only behind a proxy we were told to trust (WAYMARK_TRUST_PROXY),
 * otherwise anyone could pick their own address.
 */
export function pickClientIp(forwardedFor: string | undefined, remote: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const first = forwardedFor?.split(',')[0]?.trim();
    if (first) return first;
  }
  return remote ?? '';
}

export function clientIp(c: Context, trustProxy: boolean): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined; // not served by node-server (e.g. app.request() in tests)
  }
  return pickClientIp(c.req.header('x-forwarded-for'), remote, trustProxy);
}

export function incomingIp(req: IncomingMessage, trustProxy: boolean): string {
  const fwd = req.headers['x-forwarded-for'];
  return pickClientIp(Array.isArray(fwd) ? fwd[0] : fwd, req.socket.remoteAddress, trustProxy);
}
