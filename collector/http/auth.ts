/**
 * Reading data needs authentication; ingestion does not (it is write-only).
 * Admin requests carry `Authorization: Bearer <admin token>`.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

/** Compare digests so neither length nor content leaks through timing. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function requireAdmin(adminToken: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m || !tokenMatches(m[1]!.trim(), adminToken)) {
      throw new ApiError(401, 'unauthorized', 'this endpoint needs "Authorization: Bearer <admin token>"', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    await next();
  };
}
