import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import ipaddr from 'ipaddr.js';

/**
 * The client's address, used for geo, rate limiting and the cookieless hash — never stored.
 * X-Forwarded-For is believed only behind proxies we were told to trust (WAYMARK_TRUST_PROXY),
 * otherwise anyone could pick their own address. And only the entries those proxies added: each
 * appends the address it saw (nginx's $proxy_add_x_forwarded_for, Traefik, load balancers), after
 * whatever the client sent itself, so the client's is the `proxies`-th entry from the right. The
 * first entry, believed before, let a sender make up a new address per request (past its rate
 * limit, and past the limit on guessing the admin token).
 */
export function pickClientIp(forwardedFor: string | undefined, remote: string | undefined, proxies: number): string {
  if (proxies > 0 && forwardedFor) {
    const hops = forwardedFor.split(',').map((a) => a.trim()).filter((a) => a !== '');
    // Fewer entries than proxies (a shorter chain this time): the furthest address any recorded.
    const ip = hops[Math.max(0, hops.length - proxies)];
    if (ip) return withoutPort(ip);
  }
  return remote ?? '';
}

/**
 * Some proxies (Azure's) write the client's port too: "203.0.113.5:51234", "[2001:db8::5]:443".
 * Kept, every connection of one client would be a new address: its own rate-limit budget, its
 * own cookieless visitor, and no country.
 */
function withoutPort(ip: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (v6) return v6[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(ip);
  return v4 ? v4[1]! : ip;
}

export function clientIp(c: Context, proxies: number): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined; // not served by node-server (e.g. app.request() in tests)
  }
  return pickClientIp(c.req.header('x-forwarded-for'), remote, proxies);
}

export function incomingIp(req: IncomingMessage, proxies: number): string {
  const fwd = req.headers['x-forwarded-for'];
  return pickClientIp(Array.isArray(fwd) ? fwd[0] : fwd, req.socket.remoteAddress, proxies);
}

/**
 * A loopback or private address: where a reverse proxy of the site owner's own usually connects
 * from. Such a peer sending X-Forwarded-For while WAYMARK_TRUST_PROXY is off is a misconfiguration
 * worth a word in the log (server.ts): every visitor then has the proxy's address.
 */
export function isPrivatePeer(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ['loopback', 'private', 'uniqueLocal', 'linkLocal'].includes(ipaddr.process(address).range());
}
