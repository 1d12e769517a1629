/**
 * POST /api/import (admin): events with their own times — history from another tool, off-site
 * touchpoints, the demo simulator. Same validation, enrichment and write-ahead log as live events.
 */
import { Hono } from 'hono';
import { IMPORT_LIMITS } from '../../schema/event.js';
import type { Ingestor } from '../../ingest/ingest.js';
import { readBody } from '../read-body.js';

export function importRoutes(deps: { ingestor: Ingestor }) {
  const app = new Hono();
  app.post('/api/import', async (c) => {
    const body = await readBody(c, IMPORT_LIMITS.maxBodyBytes, () => {});
    return c.json(await deps.ingestor.import(body), 202);
  });
  return app;
}
