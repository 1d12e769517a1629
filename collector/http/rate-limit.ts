/**
 * Per-IP request budget on the public endpoint: a fixed one-minute window per client IP.
 * Coarse on purpose: it only has to stop one address flooding the log, and it must cost
 * next to nothing per request. Windows are dropped wholesale when the minute turns.
 */
export class RateLimiter {
  private window = 0;
  private counts = new Map<string, number>();

  constructor(private readonly perMinute: number) {}

  /** Seconds until the caller may retry, or 0 if the request is allowed. */
  take(ip: string, now = Date.now()): number {
    if (this.perMinute <= 0) return 0;
    const w = Math.floor(now / 60_000);
    if (w !== this.window) {
      this.window = w;
      this.counts.clear();
    }
    const n = (this.counts.get(ip) ?? 0) + 1;
    this.counts.set(ip, n);
    return n > this.perMinute ? Math.ceil(((w + 1) * 60_000 - now) / 1000) : 0;
  }
}
