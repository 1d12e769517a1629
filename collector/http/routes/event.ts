/**
 * POST /api/event — public, write-only, CORS for any origin without credentials. The logic is
 * handleEvent(); server.ts also serves it natively, without Hono, for speed.
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { clientIp } from '../client-ip.js';
import { handleEvent, type EventDeps } from '../event-handler.js';
import { readBody } from '../read-body.js';

const PREFLIGHT = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
};

export function eventRoutes(deps: EventDeps & { trustedProxies: number }) {
  const app = new Hono();
  app.options('/api/event', (c) => c.body(null, 204, PREFLIGHT));
  app.post('/api/event', async (c) => {
    const reply = await handleEvent(deps, {
      ip: clientIp(c, deps.trustedProxies),
      userAgent: c.req.header('user-agent') ?? '',
      contentType: c.req.header('content-type'),
      readBody: (max, onTooLarge) => readBody(c, max, onTooLarge),
    });
    return c.json(reply.body, reply.status as ContentfulStatusCode, reply.headers);
  });
  return app;
}
