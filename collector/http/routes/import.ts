/**
 * POST /api/import (admin): events with their own times — history from another tool, off-site
 * touchpoints, the demo simulator. Same validation, enrichment and write-ahead log as live events.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { IMPORT_LIMITS } from '../../schema/event.js';
import type { Ingestor } from '../../ingest/ingest.js';
import { ApiError } from '../errors.js';
import { clientIp } from '../client-ip.js';

export function importRoutes(deps: { ingestor: Ingestor; trustProxy: boolean }) {
  const app = new Hono();
  app.post(
    '/api/import',
    bodyLimit({
      maxSize: IMPORT_LIMITS.maxBodyBytes,
      onError: () => {
        throw new ApiError(413, 'too_large', `body exceeds ${IMPORT_LIMITS.maxBodyBytes} bytes`);
      },
    }),
    async (c) => {
      const sender = { ip: clientIp(c, deps.trustProxy), userAgent: c.req.header('user-agent') ?? '' };
      return c.json(await deps.ingestor.import(await c.req.text(), sender), 202);
    },
  );
  return app;
}
