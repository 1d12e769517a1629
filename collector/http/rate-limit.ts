/**
 * Per-IP budgets in a fixed one-minute window: requests on the public endpoint, and wrong
 * credentials (auth.ts). Coarse on purpose: it only has to stop one address flooding the log or
 * guessing the admin token, and it must cost next to nothing per request. Windows are dropped
 * wholesale when the minute turns.
 */
import ipaddr from 'ipaddr.js';

/** "::ffff:1.2.3.4": how a server listening on IPv6 sees an IPv4 client. */
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Whose budget a request spends: an IPv4 address, or the /64 network of an IPv6 address. One IPv6
 * client holds a whole /64 (every device picks its own addresses in it, privacy extensions rotate
 * them), so per address a single client could rotate past any limit — and grow the window's map
 * by an entry per request.
 */
export function budgetKey(ip: string): string {
  if (!ip.includes(':')) return ip; // IPv4 (or empty): the common case, no parsing
  const mapped = IPV4_MAPPED.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ipaddr.IPv6.isValid(ip)) return ip;
  const parts = ipaddr.IPv6.parse(ip).parts;
  return `${parts.slice(0, 4).map((p) => p.toString(16)).join(':')}::/64`;
}

export class RateLimiter {
  private window = 0;
  private counts = new Map<string, number>();

  constructor(private readonly perMinute: number) {}

  /** Counts a request; returns the seconds until the caller may retry, or 0 if it is allowed. */
  take(ip: string, now = Date.now()): number {
    if (this.perMinute <= 0) return 0;
    const key = budgetKey(ip);
    const n = this.count(key, now) + 1;
    this.counts.set(key, n);
    return n > this.perMinute ? this.untilNextWindow(now) : 0;
  }

  /** Without counting: the seconds until the caller may try again once its budget is spent, else 0. */
  spent(ip: string, now = Date.now()): number {
    if (this.perMinute <= 0) return 0;
    return this.count(budgetKey(ip), now) >= this.perMinute ? this.untilNextWindow(now) : 0;
  }

  private count(key: string, now: number): number {
    const w = Math.floor(now / 60_000);
    if (w !== this.window) {
      this.window = w;
      this.counts.clear();
    }
    return this.counts.get(key) ?? 0;
  }

  private untilNextWindow(now: number): number {
    return Math.ceil(((this.window + 1) * 60_000 - now) / 1000);
  }
}
