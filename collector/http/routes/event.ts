/** POST /api/event — public, write-only, CORS for any origin without credentials. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { LIMITS } from '../../schema/event.js';
import { ApiError } from '../errors.js';
import type { Ingestor } from '../../ingest/ingest.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter } from '../rate-limit.js';
import { clientIp } from '../client-ip.js';

export function eventRoutes(deps: { ingestor: Ingestor; limiter: RateLimiter; metrics: Metrics; trustProxy: boolean }) {
  const app = new Hono();
  app.use('/api/event', cors({ origin: '*', allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type'], maxAge: 86400 }));
  app.post(
    '/api/event',
    bodyLimit({
      maxSize: LIMITS.maxBodyBytes,
      onError: () => {
        deps.metrics.rejected.inc({ reason: 'too_large' });
        throw new ApiError(413, 'too_large', `body exceeds ${LIMITS.maxBodyBytes} bytes`);
      },
    }),
    async (c) => {
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
      const result = await deps.ingestor.ingest(await c.req.text(), { ip, userAgent: c.req.header('user-agent') ?? '' });
      return c.json(result, 202);
    },
  );
  return app;
}
