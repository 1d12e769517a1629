/**
 * POST /api/event — public, write-only, CORS for any origin without credentials.
 * This is the hot path: no middleware (see read-body.ts), CORS headers set by hand.
 */
import { Hono } from 'hono';
import { LIMITS } from '../../schema/event.js';
import { ApiError } from '../errors.js';
import type { Ingestor } from '../../ingest/ingest.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter } from '../rate-limit.js';
import { clientIp } from '../client-ip.js';
import { readBody } from '../read-body.js';

const PREFLIGHT = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
};

export function eventRoutes(deps: {
  ingestor: Ingestor;
  limiter: RateLimiter;
  metrics: Metrics;
  trustProxy: boolean;
  draining?: () => boolean;
}) {
  const app = new Hono();
  app.options('/api/event', (c) => c.body(null, 204, PREFLIGHT));
  app.post('/api/event', async (c) => {
    // Set first: error replies (from the app's one error handler) must be readable cross-origin too.
    c.header('Access-Control-Allow-Origin', '*');
    if (deps.draining?.()) throw new ApiError(503, 'shutting_down', 'server is shutting down', undefined, { 'Retry-After': '5' });
    const ip = clientIp(c, deps.trustProxy);
    const retryAfter = deps.limiter.take(ip);
    if (retryAfter > 0) {
      deps.metrics.rejected.inc({ reason: 'rate_limited' });
      throw new ApiError(429, 'rate_limited', 'too many requests from this address', undefined, {
        'Retry-After': String(retryAfter),
      });
    }
    const type = (c.req.header('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
    if (type !== 'text/plain' && type !== 'application/json') {
      deps.metrics.rejected.inc({ reason: 'unsupported_media_type' });
      throw new ApiError(415, 'unsupported_media_type', 'send JSON as text/plain or application/json');
    }
    const body = await readBody(c, LIMITS.maxBodyBytes, () => deps.metrics.rejected.inc({ reason: 'too_large' }));
    const result = await deps.ingestor.ingest(body, { ip, userAgent: c.req.header('user-agent') ?? '' });
    return c.json(result, 202);
  });
  return app;
}
