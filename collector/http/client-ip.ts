import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The client's address, used for geo, rate limiting and the cookieless hash — never stored.
 * X-Forwarded-For is believed only behind a proxy we were told to trust (WAYMARK_TRUST_PROXY),
 * otherwise anyone could pick their own address.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? '';
  } catch {
    return ''; // not served by node-server (e.g. app.request() in tests)
  }
}
